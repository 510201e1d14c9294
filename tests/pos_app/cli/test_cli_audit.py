"""`tessera-pos audit`: the audit trail for a manager's PIN only, filtered, as text, CSV or JSON; a
cashier's PIN is refused (exit 1, not_a_manager) and the log files hold no PIN or full card number."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from pos_app.core import cards
from pos_app.core.errors import Code
from pos_app.store import audit
from tests.pos_app.cli.runner import ANA, BAD_CHECK_DIGIT, CASHIER_PIN, MANAGER_PIN, MARCO, cli, cli_many

NEW_PIN = "2468"


def acts(data: Path) -> None:
    """One correction, one wrong PIN, one new cashier and a cashier's PIN for a manager act."""
    cli(data, "member", "adjust", ANA, "--points", "-30", "--reason", "broken mug", "--manager-pin",
        MANAGER_PIN, "--json").ok()
    assert cli(data, "member", "adjust", MARCO, "--points", "5", "--reason", "x", "--manager-pin", "0000",
               "--json").error_json(1)["code"] == Code.WRONG_PIN
    cli(data, "cashier", "add", "maria", "--name", "Maria", "--pin", NEW_PIN, "--manager-pin", MANAGER_PIN,
        "--json").ok()
    assert cli(data, "cashier", "disable", "maria", "--manager-pin", CASHIER_PIN,
               "--json").error_json(1)["code"] == Code.NOT_A_MANAGER


def test_a_manager_reads_the_trail_as_json(data: Path) -> None:
    acts(data)
    rows = cli(data, "audit", "--manager-pin", MANAGER_PIN, "--json").ok()
    kinds = [r["kind"] for r in rows]
    assert kinds[-7:] == ["manager_pin", "adjust", "manager_pin.failed", "manager_pin", "cashier.set",
                          "manager_pin.refused", "manager_pin"]  # the acts, then this look
    [adjusted] = [r for r in rows if r["kind"] == "adjust" and r["detail"].get("reason") == "broken mug"]
    assert (adjusted["cashier_id"], adjusted["cashier_name"], adjusted["card"]) == (
        "manager", "Demo Manager", cards.masked(ANA))
    assert adjusted["member_id"] and adjusted["detail"]["points"] == -30
    [failed] = [r for r in rows if r["kind"] == "manager_pin.failed"]
    assert failed["cashier_id"] is None
    [refused] = [r for r in rows if r["kind"] == "manager_pin.refused"]
    assert refused["cashier_id"] == "cashier"
    assert rows[-1]["kind"] == "manager_pin"  # this look itself, by the manager


def test_filters_and_formats(data: Path) -> None:
    acts(data)
    today = date.today().isoformat()
    by_kind, by_member, by_cashier, by_day, other_day, as_csv, as_text = cli_many(
        data,
        ["audit", "--kind", "cashier", "--manager-pin", MANAGER_PIN, "--json"],
        ["audit", "--member", ANA, "--kind", "adjust", "--manager-pin", MANAGER_PIN, "--format", "json"],
        ["audit", "--cashier", "cashier", "--manager-pin", MANAGER_PIN, "--json"],
        ["audit", "--date", today, "--kind", "adjust", "--manager-pin", MANAGER_PIN, "--json"],
        ["audit", "--date", "2001-01-01", "--manager-pin", MANAGER_PIN, "--json"],
        ["audit", "--member", "0018", "--kind", "adjust", "--manager-pin", MANAGER_PIN, "--format", "csv"],
        ["audit", "--kind", "adjust", "--manager-pin", MANAGER_PIN])
    assert {r["kind"] for r in by_kind.ok()} <= {k for k in audit.KINDS if k.startswith("cashier.")}
    assert {r["detail"]["cashier"] for r in by_kind.ok()} >= {"maria"}
    member_rows = by_member.ok()
    assert member_rows and {r["card"] for r in member_rows} == {cards.masked(ANA)}
    assert [r["kind"] for r in by_cashier.ok()] == ["manager_pin.refused"]
    assert "broken mug" in [r["detail"].get("reason") for r in by_day.ok()]
    assert other_day.ok() == []
    assert as_csv.code == 0
    table = list(csv.reader(io.StringIO(as_csv.out)))
    assert table[0] == list(audit.CSV_HEADER)
    assert [row[4] for row in table[1:]] == ["adjust"] * (len(table) - 1) and len(table) > 1
    assert all(row[6] == cards.masked(ANA) for row in table[1:])
    assert as_text.code == 0 and "broken mug" in as_text.out and "Demo Manager" in as_text.out


def test_a_cashier_is_refused_with_the_contracts_exit_code(data: Path) -> None:
    by_cashier, human, no_pin = cli_many(
        data, ["audit", "--manager-pin", CASHIER_PIN, "--json"], ["audit", "--manager-pin", CASHIER_PIN],
        ["audit", "--json"])
    assert by_cashier.error_json(1)["code"] == Code.NOT_A_MANAGER
    human.refused(1, "manager")
    assert no_pin.error_json(2)["code"] == Code.MANAGER_PIN_REQUIRED
    assert cli(data, "audit", "--manager-pin", "0000", "--json").error_json(1)["code"] == Code.WRONG_PIN


def test_bad_filters_are_usage_errors_before_the_pin(data: Path) -> None:
    bad_kind, bad_card, bad_date, bad_format = cli_many(
        data, ["audit", "--kind", "nope", "--manager-pin", "0000", "--json"],
        ["audit", "--member", BAD_CHECK_DIGIT, "--manager-pin", "0000", "--json"],
        ["audit", "--date", "2026-13-01", "--manager-pin", MANAGER_PIN, "--json"],
        ["audit", "--format", "xml", "--manager-pin", MANAGER_PIN, "--json"])
    assert bad_kind.error_json(2)["code"] == "usage"
    assert bad_card.error_json(1)["code"] == "bad_check_digit"  # as every command refuses it
    assert bad_date.error_json(2)["code"] == "usage"
    assert bad_format.error_json(2)["code"] == "usage"
    rows = cli(data, "audit", "--kind", "manager_pin.failed", "--manager-pin", MANAGER_PIN, "--json").ok()
    assert rows == []  # the refused filters cost no PIN attempt


def test_the_help_lists_the_options() -> None:
    text = cli(None, "audit", "--help").out
    for option in ("--date", "--cashier", "--kind", "--member", "--format", "--manager-pin"):
        assert option in text


def test_logs_and_rows_hold_no_pin_or_full_card(data: Path) -> None:
    acts(data)
    cli(data, "cashier", "reset", "maria", "--pin", "3579", "--manager-pin", MANAGER_PIN, "--json").ok()
    out = cli(data, "audit", "--manager-pin", MANAGER_PIN, "--format", "csv").out
    lines = [line for p in (data / "logs").glob("*") for line in p.read_text(encoding="utf-8").splitlines()]
    assert lines
    logged = "\n".join(line.split(" ", 2)[-1] for line in lines)  # the messages, without their time
    for text in (out, logged):
        assert not re.search(r"\d{13}", text)
        for pin in (MANAGER_PIN, CASHIER_PIN, NEW_PIN, "3579", "0000"):
            assert not re.search(rf"(?<!\d){pin}(?!\d)", text), pin
