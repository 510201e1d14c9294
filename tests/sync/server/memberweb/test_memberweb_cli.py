"""`tessera-server member login-code` and `serve --code-sender`: the shop's and the operator's side."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from sync.server.memberweb import senders
from sync.server.memberweb.login import IssuedCode
from tests.sync.server.conftest import Cli

ANA = "2900000000018"
SENT: list[IssuedCode] = []


def gateway(issued: IssuedCode) -> None:
    """An operator's sender, as --code-sender names it."""
    SENT.append(issued)


def test_login_code_prints_a_six_digit_code_good_for_ten_minutes(cli: Cli) -> None:
    code, out, _ = cli("member", "login-code", ANA, "--json")
    answer = json.loads(out)
    assert code == 0 and answer["card"] == ANA and len(answer["code"]) == 6 and answer["code"].isdigit()
    left = datetime.fromisoformat(answer["expires_at"]) - datetime.now(UTC)
    assert timedelta(minutes=9) < left <= timedelta(minutes=10)
    code, out, _ = cli("member", "login-code", ANA)
    assert code == 0 and out.splitlines()[0].isdigit() and "once, until" in out


def test_login_code_for_no_member_or_a_mistyped_card_is_one_line(cli: Cli) -> None:
    code, out, err = cli("member", "login-code", "2900000009905")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    code, _, err = cli("member", "login-code", "2900000009996")
    assert code != 0 and "check digit" in err and "Traceback" not in err


def test_a_named_sender_gets_the_code_and_a_wrong_name_is_refused_in_one_line(cli: Cli) -> None:
    sender = senders.load(f"{__name__}:gateway")
    issued = IssuedCode("m", ANA, "Ana", None, None, "123456", datetime.now(UTC))
    sender(issued)
    assert SENT[-1] is issued
    for bad in ("nocolon", "no.such.module:x", f"{__name__}:missing", f"{__name__}:ANA"):
        with pytest.raises(Exception) as refused:
            senders.load(bad)
        assert refused.value.code.value == "code_sender"  # type: ignore[attr-defined]
    code, _, err = cli("serve", "--port", "1", "--code-sender", "no.such.module:send")
    assert code == 2 and err.strip().count("\n") == 0 and "code sender" in err


def test_serve_help_names_the_sender_option() -> None:
    out = subprocess.run([sys.executable, "-m", "sync.server.cli", "serve", "--help"], capture_output=True,
                         text=True, check=True).stdout
    assert "--code-sender" in out
