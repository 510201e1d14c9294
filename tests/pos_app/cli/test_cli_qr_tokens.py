"""`member show TOKEN`: a phone's QR token opens the member once, spelled one way only, restart or not."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

from pos_app.core import qrtoken
from tests.pos_app.cli.runner import MARCO, cli

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def token_now(card: str = MARCO) -> str:
    return qrtoken.sign(card, datetime.now(UTC), qrtoken.demo_private_key(), qrtoken.DEMO_KEY_ID)


def other_low_bits(token: str) -> str:
    """The same signature bytes with the unused low bits of the last base64 character changed."""
    last = B64.index(token[-1])
    return token[:-1] + B64[last ^ 0b1111]  # a 64-byte signature leaves 4 unused bits in the last character


def test_a_token_opens_the_member_once_across_restarts(data: Path) -> None:
    token = token_now()
    shown = cli(data, "member", "show", token, "--json").ok()
    assert shown["card"] == MARCO
    again = cli(data, "member", "show", token, "--json")  # a new process: the guard is in the database
    assert again.error_json(1)["code"] == "qr_replayed"


def test_other_spellings_of_one_token_are_refused_not_replayed(data: Path) -> None:
    token = token_now()
    padded, low_bits = token + "==", other_low_bits(token)
    lenient = [base64.urlsafe_b64decode(t.rsplit(".", 1)[1] + "==") for t in (token, low_bits)]
    assert low_bits != token and lenient[0] == lenient[1]  # one signature, two spellings
    for variant in (padded, low_bits):
        run = cli(data, "member", "show", variant, "--json")
        assert run.error_json(1)["code"] == "qr_malformed", variant
    assert cli(data, "member", "show", token, "--json").ok()["card"] == MARCO  # the real one still works once


def test_a_forged_or_expired_token_is_refused(data: Path) -> None:
    demo_key = qrtoken.demo_private_key()
    old = qrtoken.sign(MARCO, datetime(2026, 1, 1, tzinfo=UTC), demo_key, qrtoken.DEMO_KEY_ID)
    forged = qrtoken.sign(MARCO, datetime.now(UTC), qrtoken.generate_private_key(), qrtoken.DEMO_KEY_ID)
    assert cli(data, "member", "show", old, "--json").error_json(1)["code"] == "qr_expired"
    assert cli(data, "member", "show", forged, "--json").error_json(1)["code"] == "qr_forged"
