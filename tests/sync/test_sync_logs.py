"""The terminal's log after a whole day's flow holds no secret: no token, no registration code, no PIN,
no full card number (all but the last four digits masked), and it is owner-only."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from tests.sync.conftest import LiveServer
from tests.sync.test_sync_cli_lookup import run_cli

ANA = "2900000000018"  # a demo member (pos_app.demo_data)
MANAGER_PIN = "9999"
NEW_PIN = "73591"


def ok(data: Path, *args: str) -> dict[str, object]:
    done = run_cli(data, *args, "--json")
    assert done.returncode == 0, (args, done.stderr)
    return json.loads(done.stdout) if done.stdout.strip() else {}


# A demo till joining the demo server: its demo members are the server's already (conflicts are expected).
@pytest.mark.allow_log("tessera.server", "conflict ")
def test_a_full_flow_logs_no_token_code_pin_or_card(server: LiveServer, tmp_path: Path) -> None:
    data = tmp_path / "till"
    code = str(server.new_code(name="logs")["code"])
    ok(data, "init", "--demo")
    ok(data, "register", "--server", server.url, "--code", code)
    ok(data, "cashier", "add", "lena", "--name", "Lena", "--pin", NEW_PIN, "--manager-pin", MANAGER_PIN)
    ok(data, "sale", "--card", ANA, "--amount", "25.00", "--receipt", "LOG-1")
    redeemed = ok(data, "redeem", "--card", ANA, "--reward", "coffee")
    enrolled = ok(data, "member", "enroll", "--name", "Log Member", "--email", "log@example.org")
    ok(data, "sync")
    ok(data, "card", "print", str(enrolled["card"]), "--out", str(tmp_path / "card.pdf"))
    assert run_cli(data, "cashier", "add", "x", "--name", "X", "--pin", "86420", "--manager-pin",
                   "00000").returncode != 0  # a wrong PIN: refused, and logged without the PIN

    logs = data / "logs" / "tessera.log"
    text = logs.read_text(encoding="utf-8")
    assert "register" in text.lower() and "pull" in text.lower()  # the flow was logged at all
    token = (data / "terminal.token").read_text().strip()
    for secret in (token, code, code.replace("-", ""), NEW_PIN, "86420", "00000", MANAGER_PIN):
        assert secret not in text, secret
    cards = {ANA, str(enrolled["card"])}
    assert not [c for c in cards if c in text]
    assert not re.search(r"\b\d{12,19}\b", text)  # nothing card-like at all
    voucher = str(redeemed["voucher"])
    assert voucher and voucher not in text  # a voucher code is a bearer secret too
    assert stat.S_IMODE(logs.stat().st_mode) == 0o600
    assert stat.S_IMODE(logs.parent.stat().st_mode) == 0o700
