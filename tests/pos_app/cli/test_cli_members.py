"""`tessera-pos` members and sales commands through real subprocesses: their JSON, exit codes and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_app.core.vouchers import looks_like_voucher
from tests.pos_app.cli.runner import (
    ANA,
    BAD_CHECK_DIGIT,
    ELENA,
    GIULIA,
    MANAGER_PIN,
    UNKNOWN_VALID,
    cli,
    cli_many,
)

# --- commands -----------------------------------------------------------------------------------------------


def test_init_creates_then_migrates(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert cli(target, "init", "--json").ok() == {"data_dir": str(target), "created": True, "demo": False}
    assert (target / "terminal.db").stat().st_mode & 0o777 == 0o600
    again, rewards = cli_many(target, ["init", "--json"], ["rewards", "--json"])
    assert again.ok()["created"] is False
    assert {r["id"] for r in rewards.ok()} == {"coffee", "5off", "10pct", "tote", "spa"}


def test_member_enroll_show_search(data: Path) -> None:
    enrolled = cli(data, "member", "enroll", "--name", "Cli Member", "--phone", "+40 733 111 222",
                   "--email", "cli@example.org", "--birthday", "1999-05-05", "--json").ok()
    assert enrolled["name"] == "Cli Member" and len(enrolled["card"]) == 13 and enrolled["points"] == 50
    shown, by_phone, found, duplicate = cli_many(
        data, ["member", "show", enrolled["card"], "--json"], ["member", "show", "+40733111222", "--json"],
        ["member", "search", "Cli Mem", "--json"],
        ["member", "enroll", "--name", "Copy", "--phone", "+40733111222", "--json"])
    view = shown.ok()
    assert {k: view[k] for k in ("card", "name", "tier", "balance", "pending_ops", "phone", "email")} == {
        "card": enrolled["card"], "name": "Cli Member", "tier": "bronze", "balance": 50, "pending_ops": 1,
        "phone": "+40733111222", "email": "cli@example.org"}
    assert by_phone.ok()["card"] == enrolled["card"]
    assert [m["card"] for m in found.ok()] == [enrolled["card"]]
    duplicate.refused(1, enrolled["card"], "already a member")


def test_sale_redeem_refund_round_trip(data: Path) -> None:
    before = 370  # Ana's demo balance: 50 enrollment bonus + 320 opening balance
    sale = cli(data, "sale", "--card", ANA, "--amount", "40.00", "--receipt", "CLI-1", "--cashier", "cashier",
               "--json").ok()
    assert sale["points_earned"] >= 40 and sale["balance"] == before + sale["points_earned"]
    assert sale["receipt"] == "CLI-1" and sale["duplicate"] is False and sale["entry_id"]
    repeat = cli(data, "sale", "--card", ANA, "--amount", "40", "--receipt", "CLI-1", "--json").ok()
    assert repeat["duplicate"] is True and repeat["balance"] == sale["balance"]
    redeem = cli(data, "redeem", "--card", ANA, "--reward", "coffee", "--json").ok()
    assert (redeem["points_spent"], redeem["balance"], redeem["reward"]) == (
        100, sale["balance"] - 100, "coffee")
    assert looks_like_voucher(redeem["voucher"]) and redeem["entry_id"]  # issue 9: checked voucher codes
    part = cli(data, "refund", "--receipt", "CLI-1", "--amount", "10.00", "--json").ok()
    assert part["refunded_amount"] == 1000
    rest = cli(data, "refund", "--receipt", "CLI-1", "--json").ok()
    assert rest["refunded_amount"] == 3000
    assert part["points_reversed"] + rest["points_reversed"] == sale["points_earned"]
    assert rest["balance"] == before - 100
    again = cli(data, "refund", "--receipt", "CLI-1", "--json")
    again.refused(1, "already fully refunded")


def test_adjust_status_expire_rewards_cashier(data: Path) -> None:
    adjust = cli(data, "member", "adjust", GIULIA, "--points", "25", "--reason", "welcome",
                 "--manager-pin", MANAGER_PIN, "--json").ok()
    assert (adjust["points"], adjust["balance"]) == (25, 75) and adjust["entry_id"]
    status, expire, rewards, cashier, no_reason, human = cli_many(
        data, ["status", "--json"], ["expire", "--json"], ["rewards", "--json"],
        ["cashier", "add", "maria", "--name", "Maria", "--pin", "2468", "--manager-pin", MANAGER_PIN,
         "--json"],
        ["member", "adjust", GIULIA, "--points", "5", "--reason", "  ", "--manager-pin", MANAGER_PIN,
         "--json"],
        ["member", "show", GIULIA])
    state = status.ok()
    assert {"online", "pending_ops", "last_sync_at", "terminal_id", "store_id"} <= set(state)
    assert state["store_id"] == "demo" and state["online"] is False and state["pending_ops"] > 0
    assert expire.ok() == {"points_expired": 0}
    catalog = rewards.ok()
    assert all({"id", "name", "cost", "kind"} <= set(r) for r in catalog)
    assert {r["id"]: r["cost"] for r in catalog}["spa"] == 5000
    assert cashier.ok() == {"id": "maria", "name": "Maria", "role": "cashier"}
    no_reason.refused(2, "needs a reason")
    # without --json: human lines, not JSON
    assert human.code == 0 and "name: Giulia Bianchi" in human.out and "balance: 75" in human.out
    with pytest.raises(json.JSONDecodeError):
        json.loads(human.out)


# --- refusals: exit 1, one line on stderr -------------------------------------------------------------------


def test_domain_refusals_exit_1_with_the_reason(data: Path) -> None:
    runs = cli_many(
        data,
        ["sale", "--card", UNKNOWN_VALID, "--amount", "5", "--receipt", "X-1", "--json"],
        ["sale", "--card", BAD_CHECK_DIGIT, "--amount", "5", "--receipt", "X-2", "--json"],
        ["redeem", "--card", GIULIA, "--reward", "coffee", "--json"],
        ["redeem", "--card", ANA, "--reward", "10pct", "--json"],
        ["redeem", "--card", ANA, "--reward", "no-such-reward", "--json"],
        ["refund", "--receipt", "NO-SUCH-RECEIPT", "--json"],
        ["refund", "--receipt", "DEMO-0025-1", "--amount", "300.01", "--json"],
        ["member", "adjust", UNKNOWN_VALID, "--points", "5", "--reason", "x", "--manager-pin", MANAGER_PIN,
         "--json"],
        ["sale", "--card", ANA, "--amount", "99.00", "--receipt", "DEMO-0025-1", "--json"],
    )
    expected = [
        ("no member has card",), ("check digit",), ("needs 100 points, 50 available",),
        ("needs Silver tier",),
        ("no reward 'no-such-reward'",), ("no sale has receipt",), ("larger than what is left",),
        ("no member has card",), ("already used for another sale",),
    ]
    for run, words in zip(runs, expected, strict=True):
        line = run.refused(1, *words)
        assert UNKNOWN_VALID not in line  # card numbers are masked in messages


def test_per_member_limit_refusal(data: Path) -> None:
    cli(data, "redeem", "--card", ELENA, "--reward", "tote", "--json").ok()
    cli(data, "redeem", "--card", ELENA, "--reward", "tote", "--json").refused(1, "1 time(s) per member")


# --- bad usage and bad input: exit 2 ------------------------------------------------------------------------


def test_malformed_arguments_and_amounts_exit_2(data: Path) -> None:
    runs = cli_many(
        data,
        ["sale", "--amount", "5", "--json"],  # missing --card
        ["sale", "--card", ANA, "--amount", "12,50", "--receipt", "B-1", "--json"],
        ["sale", "--card", ANA, "--amount", "1e3", "--receipt", "B-3", "--json"],
        ["sale", "--card", ANA, "--amount=-5", "--receipt", "B-4", "--json"],
        ["sale", "--card", ANA, "--amount", "0", "--receipt", "B-6", "--json"],
        ["sale", "--card", "12345", "--amount", "5", "--receipt", "B-7", "--json"],
        ["refund", "--receipt", "DEMO-0025-1", "--amount", "abc", "--json"],
        ["member", "adjust", ANA, "--points", "ten", "--reason", "x", "--manager-pin", MANAGER_PIN, "--json"],
        ["member", "enroll", "--name", "Bad Mail", "--email", "nope", "--json"],
        ["member", "show", "hello", "--json"],
        ["report", "daily", "--date", "2026-13-01", "--json"],
        ["report", "daily", "--format", "xml"],
        ["no-such-command"],
        ["cashier", "add", "x", "--name", "X", "--pin", "12", "--manager-pin", MANAGER_PIN, "--json"],
    )
    for run in runs:
        run.refused(2)
    assert "invalid amount" in runs[1].err
    with_sale = cli(data, "member", "show", ANA, "--json").ok()
    assert with_sale["balance"] == 370  # nothing above changed the member


def test_commands_on_a_missing_database_exit_2(tmp_path: Path) -> None:
    cli(tmp_path / "nothing", "status", "--json").refused(2, "tessera-pos init")
