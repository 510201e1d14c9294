"""Manager acts through `tessera-pos`: `member adjust` and `cashier add/reset/disable` need a manager's PIN
(`--manager-pin`), counted against the sign-in lockout; the audit log names the manager."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pos_app.core.errors import Code, DomainError
from pos_app.terminal import Terminal
from tests.pos_app.cli.runner import CASHIER_PIN, GIULIA, MANAGER_PIN, cli, cli_many

WRONG_PIN = "0000"


def audit(data: Path, prefix: str = "") -> list[tuple[str | None, str, dict[str, object]]]:
    conn = sqlite3.connect(data / "terminal.db")
    try:
        rows = conn.execute("SELECT actor, action, detail FROM audit_log WHERE action LIKE ? ORDER BY id",
                            (prefix + "%",)).fetchall()
    finally:
        conn.close()
    return [(actor, action, json.loads(detail)) for actor, action, detail in rows]


def adjust(pin: str, points: str = "25") -> list[str]:
    return ["member", "adjust", GIULIA, "--points", points, "--reason", "goodwill", "--manager-pin", pin,
            "--json"]


# --- member adjust ------------------------------------------------------------------------------------------


def test_adjust_with_a_manager_pin_is_audited_with_the_manager(data: Path) -> None:
    result = cli(data, *adjust(MANAGER_PIN)).ok()
    assert (result["points"], result["balance"]) == (25, 75)
    assert cli(data, "member", "show", GIULIA, "--json").ok()["balance"] == 75
    [row] = audit(data, "adjust")[-1:]
    assert row == ("manager", "adjust", {"card": "*********0056", "points": 25, "reason": "goodwill"})


def test_adjust_refusals(data: Path) -> None:
    cashier, missing, old_option = cli_many(
        data, adjust(CASHIER_PIN),
        ["member", "adjust", GIULIA, "--points", "5", "--reason", "x", "--json"],
        ["member", "adjust", GIULIA, "--points", "5", "--reason", "x", "--manager", "manager", "--json"])
    assert cashier.error_json(1)["code"] == Code.NOT_A_MANAGER
    assert missing.error_json(2)["code"] == Code.MANAGER_PIN_REQUIRED  # stdin is no terminal: nothing to ask
    old_option.refused(2, "--manager")  # removed: a manager id alone approves nothing
    assert cli(data, "member", "show", GIULIA, "--json").ok()["balance"] == 50
    assert all(detail.get("reason") != "x" for _actor, _action, detail in audit(data, "adjust"))


def test_five_wrong_pins_lock_the_pad_for_manager_acts_and_sign_in(data: Path) -> None:
    wrong = cli_many(data, *[adjust(WRONG_PIN)] * 4)  # each counts once (one write lock at a time)
    assert [run.error_json(1)["code"] for run in wrong] == [Code.WRONG_PIN] * 4
    locked = cli(data, "cashier", "add", "x", "--name", "X", "--pin", "8642", "--manager-pin", WRONG_PIN,
                 "--json").error_json(1)
    assert (locked["code"], locked["params"]) == (Code.PIN_PAD_LOCKED, {"seconds": 60})
    waiting = cli(data, *adjust(MANAGER_PIN)).error_json(1)  # even the right PIN waits
    assert waiting["code"] == Code.PIN_LOCKED and 0 < waiting["params"]["seconds"] <= 60
    human = cli(data, *adjust(MANAGER_PIN)[:-1])
    human.refused(1, "too many wrong PINs")
    terminal = Terminal(data)  # the window's sign-in is behind the same lock
    try:
        with pytest.raises(DomainError) as caught:
            terminal.sign_in(CASHIER_PIN)
        assert caught.value.code is Code.PIN_LOCKED
    finally:
        terminal.close()
    assert cli(data, "member", "show", GIULIA, "--json").ok()["balance"] == 50
    assert [action for _a, action, _d in audit(data, "manager_pin")] == ["manager_pin.failed"] * 5


# --- cashier add / reset / disable --------------------------------------------------------------------------


def test_cashier_add_reset_disable_with_a_manager_pin(data: Path) -> None:
    seeded = len(audit(data, "cashier."))  # init --demo added its two cashiers
    added = cli(data, "cashier", "add", "maria", "--name", "Maria", "--pin", "2468", "--manager-pin",
                MANAGER_PIN, "--json").ok()
    assert added == {"id": "maria", "name": "Maria", "role": "cashier"}
    reset = cli(data, "cashier", "reset", "maria", "--pin", "3579", "--manager-pin", MANAGER_PIN,
                "--json").ok()
    assert reset == {"id": "maria", "name": "Maria", "role": "cashier", "active": True}
    by_maria = cli(data, *adjust("3579"))
    assert by_maria.error_json(1)["code"] == Code.NOT_A_MANAGER  # her new PIN works, and is no manager's
    disabled = cli(data, "cashier", "disable", "maria", "--manager-pin", MANAGER_PIN, "--json")
    assert disabled.ok() == {"id": "maria", "name": "Maria", "role": "cashier", "active": False}
    assert cli(data, *adjust("3579")).error_json(1)["code"] == Code.WRONG_PIN  # disabled: unknown PIN
    assert audit(data, "cashier.")[seeded:] == [
        ("manager", "cashier.set", {"cashier": "maria", "role": "cashier"}),
        ("manager", "cashier.reset", {"cashier": "maria"}),
        ("manager", "cashier.disable", {"cashier": "maria"})]


def test_cashier_refusals(data: Path) -> None:
    seeded = audit(data, "cashier.")
    by_cashier, no_pin, unknown, last, bad_pin = cli_many(
        data,
        ["cashier", "add", "x", "--name", "X", "--pin", "8642", "--manager-pin", CASHIER_PIN, "--json"],
        ["cashier", "reset", "cashier", "--pin", "8642", "--json"],
        ["cashier", "disable", "nobody", "--manager-pin", MANAGER_PIN, "--json"],
        ["cashier", "disable", "manager", "--manager-pin", MANAGER_PIN, "--json"],
        ["cashier", "reset", "cashier", "--pin", "12", "--manager-pin", MANAGER_PIN, "--json"])
    assert by_cashier.error_json(1)["code"] == Code.NOT_A_MANAGER
    assert no_pin.error_json(2)["code"] == Code.MANAGER_PIN_REQUIRED
    assert unknown.error_json(1) == {"code": "unknown_cashier", "message": "no cashier nobody",
                                     "params": {"cashier": "nobody"}}
    assert last.error_json(1)["code"] == Code.LAST_MANAGER
    assert bad_pin.error_json(2)["code"] == Code.PIN_FORMAT
    assert audit(data, "cashier.") == seeded


def test_the_first_manager_of_a_terminal_needs_no_approval(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    cli(data, "init", "--json").ok()
    cashier_first = cli(data, "cashier", "add", "ion", "--name", "Ion", "--pin", "1357", "--json")
    assert cashier_first.error_json(1)["code"] == Code.NO_MANAGER_YET
    boss = cli(data, "cashier", "add", "boss", "--name", "Boss", "--pin", "4242", "--role", "manager",
               "--json").ok()
    assert boss == {"id": "boss", "name": "Boss", "role": "manager"}
    second, approved = cli_many(
        data, ["cashier", "add", "eve", "--name", "Eve", "--pin", "5050", "--role", "manager", "--json"],
        ["cashier", "add", "ion", "--name", "Ion", "--pin", "1357", "--manager-pin", "4242", "--json"])
    assert second.error_json(2)["code"] == Code.MANAGER_PIN_REQUIRED  # there is a manager now
    assert approved.ok()["role"] == "cashier"
    assert audit(data, "cashier.") == [(None, "cashier.set", {"cashier": "boss", "role": "manager"}),
                                       ("boss", "cashier.set", {"cashier": "ion", "role": "cashier"})]


def test_the_help_says_how_to_add_the_first_manager() -> None:
    text = cli(None, "cashier", "add", "--help").out
    assert "--manager-pin" in text and "first manager" in " ".join(text.split())


# --- the balance a command answers is the one `member show` prints next ------------------------------------


def test_adjust_and_refund_answer_the_balance_member_show_prints_after_expiry(data: Path) -> None:
    year_ago = datetime.now(UTC) - timedelta(days=400)
    terminal = Terminal(data, clock=lambda: year_ago)
    try:
        corrected = terminal.enroll("Old Points").card
        refunded = terminal.enroll("Old Sale").card
        terminal.sale(corrected, 10000, "OLD-1")
        terminal.sale(refunded, 10000, "OLD-2")
    finally:
        terminal.close()
    adjusted, refund = cli_many(
        data, ["member", "adjust", corrected, "--points", "-10", "--reason", "fix",
               "--manager-pin", MANAGER_PIN, "--json"],
        ["refund", "--receipt", "old-2", "--amount", "50.00", "--json"])
    shown = cli_many(data, ["member", "show", corrected, "--json"], ["member", "show", refunded, "--json"])
    assert adjusted.ok()["balance"] == shown[0].ok()["balance"] == -10
    assert refund.ok()["balance"] == shown[1].ok()["balance"]
    assert refund.ok()["receipt"] == "OLD-2"
