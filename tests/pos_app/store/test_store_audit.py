"""The audit trail (pos_app.store.audit, migration 0007): every manager act and every wrong PIN leaves
exactly one row with who, when, what and the member; the table is append-only (SQLite aborts UPDATE
and DELETE); a row commits or rolls back with its act; no PIN, code or full card number is kept."""

from __future__ import annotations

import ast
import csv
import inspect
import io
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import delete, text, update

from pos_app.config import Options
from pos_app.core import cards
from pos_app.core.errors import Code, DomainError
from pos_app.store import audit
from pos_app.store.db import alembic_config, head_revision, make_engine
from pos_app.store.models import AuditLog
from pos_app.terminal import Terminal
from tests.clocks import FakeClock

ANA, MARCO = "2900000000018", "2900000000025"
CASHIER_PIN, MANAGER_PIN = "1111", "9999"  # the demo's
NEW_PIN = "2468"
FULL_CARD = re.compile(r"\d{13}")


def new_rows(terminal: Terminal, act: Callable[[], Any]) -> list[audit.AuditRow]:
    """The rows ``act`` appended."""
    before = {row.id for row in terminal.audit_trail()}
    act()
    return [row for row in terminal.audit_trail() if row.id not in before]


def only(terminal: Terminal, act: Callable[[], Any]) -> audit.AuditRow:
    rows = new_rows(terminal, act)
    assert len(rows) == 1, [(r.kind, r.detail) for r in rows]
    return rows[0]


def _id(terminal: Terminal, card: str) -> str:
    with terminal.db.raw_reader() as conn:
        return str(conn.execute("SELECT id FROM members WHERE card = ?", (card,)).fetchone()[0])


def assert_clean(rows: list[audit.AuditRow], *secrets: str) -> None:
    """No row holds a full card number or any of ``secrets`` (PINs, codes) in any column."""
    for row in rows:
        everything = " ".join(str(v) for v in row.as_dict().values())
        assert not FULL_CARD.search(everything), everything
        for secret in secrets:
            assert secret not in everything, (secret, everything)


# --- one row per act, with who, what and the member ----------------------------------------------------


def test_a_correction_names_the_manager_and_the_member(demo: Terminal, clock: FakeClock) -> None:
    row = only(demo, lambda: demo.adjust(ANA, -30, "broken mug", "manager"))
    assert (row.kind, row.cashier_id, row.cashier_name) == ("adjust", "manager", "Demo Manager")
    assert (row.member_id, row.card) == (_id(demo, ANA), cards.masked(ANA))
    assert row.detail == {"card": cards.masked(ANA), "points": -30, "reason": "broken mug"}
    assert row.at == clock.now


def test_a_void_names_the_manager_the_member_and_no_voucher_code(demo: Terminal) -> None:
    redeemed = demo.redeem(ANA, "coffee", "cashier")
    row = only(demo, lambda: demo.void_voucher(redeemed.voucher, "manager"))
    assert (row.kind, row.cashier_id, row.member_id, row.card) == ("voucher.void", "manager", _id(demo, ANA),
                                                                    cards.masked(ANA))
    assert row.detail["points"] == 100
    assert row.detail["voucher"] == cards.masked(redeemed.voucher) != redeemed.voucher
    assert_clean([row], redeemed.voucher)


def test_cashier_changes_one_row_each(demo: Terminal) -> None:
    added = only(demo, lambda: demo.add_cashier("maria", "Maria", NEW_PIN, "cashier", "manager"))
    assert (added.kind, added.cashier_id, added.cashier_name, added.detail) == (
        "cashier.set", "manager", "Demo Manager", {"cashier": "maria", "role": "cashier"})
    promoted = only(demo, lambda: demo.add_cashier("maria", "Maria", NEW_PIN, "manager", "manager"))
    assert (promoted.kind, promoted.detail) == ("cashier.role",
                                                {"cashier": "maria", "role": "manager", "was": "cashier"})
    reset = only(demo, lambda: demo.reset_pin("maria", "3579", "manager"))
    assert (reset.kind, reset.detail) == ("cashier.reset", {"cashier": "maria"})
    disabled = only(demo, lambda: demo.disable_cashier("maria", "manager"))
    assert (disabled.kind, disabled.cashier_id, disabled.detail) == ("cashier.disable", "manager",
                                                                     {"cashier": "maria"})
    assert all(r.member_id is None and r.card is None for r in (added, promoted, reset, disabled))
    assert_clean([added, promoted, reset, disabled], NEW_PIN, "3579")


def test_a_settings_change_is_one_row_with_what_changed(demo: Terminal) -> None:
    options = Options.load(demo.data_dir)
    new = Options(**{**options.__dict__, "language": "it", "idle_lock_seconds": 600,
                     "camera": "rtsp://user:secret@cam.local/1"})
    row = only(demo, lambda: demo.save_settings(new, "manager"))
    assert (row.kind, row.cashier_id, row.cashier_name) == ("settings.change", "manager", "Demo Manager")
    assert row.detail == {"language": " -> it", "idle_lock_seconds": "300 -> 600", "camera": "changed"}
    assert Options.load(demo.data_dir).language == "it"
    assert_clean([row], "secret")


def test_a_restore_is_recorded_in_the_restored_database(demo: Terminal) -> None:
    backup = demo.back_up()
    demo.adjust(ANA, 5, "after the backup", "manager")  # lost with the restore: the backup has no row
    demo.restore_backup(backup, MANAGER_PIN)
    rows = demo.audit_trail(kind="restore")
    assert [(r.kind, r.cashier_id, r.cashier_name, r.detail["backup"]) for r in rows] == [
        ("restore", "manager", "Demo Manager", backup.name)]
    assert not [r for r in demo.audit_trail(kind="adjust") if r.detail.get("reason") == "after the backup"]


def test_a_wrong_pin_leaves_a_sign_in_failure_and_a_cashier_pin_a_refusal(demo: Terminal) -> None:
    def wrong() -> None:
        with pytest.raises(DomainError) as caught:
            demo.sign_in("0000")
        assert caught.value.code is Code.WRONG_PIN

    failed = only(demo, wrong)
    assert (failed.kind, failed.cashier_id, failed.cashier_name, failed.member_id) == (
        "sign_in.failed", None, None, None)

    def cashier_as_manager() -> None:
        with pytest.raises(DomainError):
            demo.authorize_manager(CASHIER_PIN)

    refused = only(demo, cashier_as_manager)
    assert (refused.kind, refused.cashier_id) == ("manager_pin.refused", "cashier")
    assert {failed.kind, refused.kind} <= audit.FAILURES
    assert_clean([failed, refused], "0000", CASHIER_PIN)


# --- append-only --------------------------------------------------------------------------------------------


def test_update_and_delete_are_refused_by_the_database(demo: Terminal) -> None:
    demo.adjust(ANA, 1, "one", "manager")
    conn = sqlite3.connect(demo.db.path)
    try:
        for sql in ("UPDATE audit_log SET actor = 'someone else'", "UPDATE audit_log SET detail = '{}'",
                    "DELETE FROM audit_log", "DELETE FROM audit_log WHERE action = 'adjust'"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                conn.execute(sql)
            conn.rollback()
    finally:
        conn.close()
    with pytest.raises(Exception, match="append-only"), demo.db.transaction() as session:
        session.execute(update(AuditLog).values(action="nothing"))
    with pytest.raises(Exception, match="append-only"), demo.db.transaction() as session:
        session.execute(delete(AuditLog))
    assert [r.detail["reason"] for r in demo.audit_trail(kind="adjust")][-1] == "one"


def test_the_module_has_no_way_to_change_or_remove_a_row() -> None:
    tree = ast.parse(inspect.getsource(audit))
    docstrings = {id(body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and (body := node.body)
                  and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
        n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert not names & {"update", "delete", "merge", "execute"}  # no SQL but select and add
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
               and id(n) not in docstrings]
    assert not [t for t in strings if re.search(r"\b(UPDATE|DELETE|DROP)\b", t, re.IGNORECASE)]
    public = {name for name, value in vars(audit).items() if inspect.isfunction(value)
              and value.__module__ == audit.__name__ and not name.startswith("_")}
    assert public == {"clean", "record", "known_kind", "query", "csv_text"}


# --- the same transaction as the act ----------------------------------------------------------------------


def test_a_rolled_back_act_leaves_no_row(demo: Terminal, monkeypatch: pytest.MonkeyPatch) -> None:
    real = audit.record

    def record_then_fail(*args: Any, **kwargs: Any) -> None:
        real(*args, **kwargs)
        raise RuntimeError("the act fails after its row was added")

    before = demo.audit_trail()
    balance = demo.member(ANA).balance
    monkeypatch.setattr(audit, "record", record_then_fail)
    with pytest.raises(RuntimeError):
        demo.adjust(ANA, 50, "never happened", "manager")
    with pytest.raises(RuntimeError):
        demo.disable_cashier("cashier", "manager")
    monkeypatch.undo()
    assert demo.audit_trail() == before
    assert demo.member(ANA).balance == balance
    assert demo.sign_in(CASHIER_PIN).id == "cashier"  # not disabled

    def disable_the_last_manager() -> None:
        with pytest.raises(DomainError):
            demo.disable_cashier("manager", "manager")

    assert new_rows(demo, disable_the_last_manager) == []  # refused: nothing recorded


def test_a_settings_file_that_cannot_be_written_leaves_no_row(demo: Terminal,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(self: Options, data_dir: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Options, "save", full_disk)
    before = demo.audit_trail()
    with pytest.raises(OSError):
        demo.save_settings(Options(language="ro"), "manager")
    assert demo.audit_trail() == before


@pytest.fixture
def no_inserts(demo: Terminal) -> Iterator[None]:
    conn = sqlite3.connect(demo.db.path)
    conn.execute("CREATE TRIGGER test_no_audit BEFORE INSERT ON audit_log"
                 " BEGIN SELECT RAISE(ABORT, 'audit write failed'); END")
    conn.commit()
    yield
    conn.execute("DROP TRIGGER test_no_audit")
    conn.commit()
    conn.close()


def test_an_audit_write_that_fails_rolls_the_act_back(demo: Terminal, no_inserts: None) -> None:
    balance = demo.member(ANA).balance
    with demo.db.reader() as session:
        entries = session.scalar(text("SELECT count(*) FROM ledger_entries"))
        ops = session.scalar(text("SELECT count(*) FROM outbox"))
    with pytest.raises(Exception, match="audit write failed"):
        demo.adjust(ANA, 50, "no trail, no act", "manager")
    with pytest.raises(Exception, match="audit write failed"):
        demo.add_cashier("maria", "Maria", NEW_PIN, "cashier", "manager")
    assert demo.member(ANA).balance == balance
    with demo.db.reader() as session:
        assert session.scalar(text("SELECT count(*) FROM ledger_entries")) == entries
        assert session.scalar(text("SELECT count(*) FROM outbox")) == ops
        assert session.scalar(text("SELECT count(*) FROM cashiers WHERE id = 'maria'")) == 0


# --- filters and CSV ----------------------------------------------------------------------------------


def test_filters_by_day_cashier_kind_and_member(demo: Terminal, clock: FakeClock) -> None:
    demo.add_cashier("boss2", "Second Boss", NEW_PIN, "manager", "manager")
    first_day = clock.now.astimezone().date()
    demo.adjust(ANA, 10, "day one", "manager")
    clock.advance(days=1)
    demo.adjust(MARCO, 20, "day two", "boss2")
    demo.adjust(ANA, 30, "day two too", "boss2")
    second_day = clock.now.astimezone().date()

    def reasons(**filters: Any) -> list[str]:
        return [r.detail.get("reason", r.kind) for r in demo.audit_trail(kind="adjust", **filters)
                if r.detail.get("reason", "").startswith("day")]

    assert reasons(day=first_day) == ["day one"]
    assert reasons(day=second_day) == ["day two", "day two too"]
    assert reasons(cashier="boss2") == ["day two", "day two too"]
    assert reasons(card=ANA) == ["day one", "day two too"]
    assert reasons(card="0025") == ["day two"]  # the last digits of the card
    assert reasons(card=MARCO, day=first_day) == []
    assert [r.kind for r in demo.audit_trail(kind="cashier", cashier="manager")][-1:] == ["cashier.set"]
    cashier_kinds = {k for k in audit.KINDS if k.startswith("cashier.")}
    assert {r.kind for r in demo.audit_trail(kind="cashier")} <= cashier_kinds
    assert demo.audit_trail(kind="cash") == []  # a group is a whole word before the dot
    with pytest.raises(DomainError):
        demo.sign_in("0000")
    demo.sign_in(CASHIER_PIN)
    assert {r.kind for r in demo.audit_trail(kind="sign_in")} == {"sign_in"}  # a kind is exact
    assert [r.kind for r in demo.audit_trail(kind="sign_in.failed")] == ["sign_in.failed"]
    newest = demo.audit_trail(kind="adjust", limit=2)
    assert [r.detail["reason"] for r in newest] == ["day two", "day two too"]
    with pytest.raises(Exception) as caught:
        demo.audit_trail(card="2900000000019")  # a wrong check digit
    assert getattr(caught.value, "code", None) is not None


def test_csv_export_has_the_shop_time_and_no_full_card(demo: Terminal, clock: FakeClock) -> None:
    demo.adjust(ANA, -30, f"customer said card {ANA}", "manager")
    rows = demo.audit_trail(card=ANA, kind="adjust")
    table = list(csv.reader(io.StringIO(demo.audit_csv(rows))))
    assert table[0] == list(audit.CSV_HEADER)
    last = dict(zip(table[0], table[-1], strict=True))
    assert last["time_utc"] == clock.now.isoformat(timespec="seconds")
    assert last["time"] == clock.now.astimezone().isoformat(timespec="seconds")
    assert (last["cashier_id"], last["cashier_name"], last["kind"]) == ("manager", "Demo Manager", "adjust")
    assert last["card"] == cards.masked(ANA)
    assert f"reason=customer said card {cards.masked(ANA)}" in last["detail"]  # typed numbers masked too
    assert ANA not in demo.audit_csv(demo.audit_trail())


def test_no_row_holds_a_pin_or_a_full_card(demo: Terminal) -> None:
    demo.adjust(ANA, 5, "fix", "manager")
    demo.add_cashier("maria", "Maria", NEW_PIN, "cashier", "manager")
    demo.reset_pin("maria", "3579", "manager")
    with pytest.raises(DomainError):
        demo.sign_in("8080")
    demo.enroll("Nina Nou", phone="+40721555099", cashier="cashier")
    assert_clean(demo.audit_trail(), NEW_PIN, "3579", "8080")
    with sqlite3.connect(demo.db.path) as conn:
        dumped = "\n".join(str(r) for r in conn.execute("SELECT * FROM audit_log"))
    assert not FULL_CARD.search(dumped) and NEW_PIN not in dumped and "8080" not in dumped


def test_clean_drops_secret_keys_and_masks_numbers() -> None:
    assert audit.clean({"pin": "1234", "manager_pin": "9999", "token": "t", "code": "ABCD1234",
                        "card": ANA, "voucher": "T1-00000042", "reason": f"x {ANA} y",
                        "default_country_code": "+40", "nested": {"pin_hash": "h", "n": 1}}) == {
        "card": cards.masked(ANA), "voucher": cards.masked("T1-00000042"),
        "reason": f"x {cards.masked(ANA)} y", "default_country_code": "+40", "nested": {"n": 1}}


# --- the migration ------------------------------------------------------------------------------------


def test_the_migration_upgrades_and_downgrades_with_the_rows(demo: Terminal, tmp_path: Path) -> None:
    assert head_revision() == "0007"
    demo.adjust(ANA, 7, "kept across the downgrade", "manager")
    count = len(demo.audit_trail())
    demo.close()
    copy = tmp_path / "copy.db"
    src, dst = sqlite3.connect(demo.db.path), sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    engine = make_engine(copy)
    try:
        command.downgrade(alembic_config(engine), "0006")
        conn = sqlite3.connect(copy)
        columns = [r[1] for r in conn.execute("PRAGMA table_info(audit_log)")]
        triggers = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
        assert columns == ["id", "at", "actor", "action", "detail"] and triggers == []
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone() == (count,)
        conn.close()
        command.upgrade(alembic_config(engine), "head")
    finally:
        engine.dispose()
    conn = sqlite3.connect(copy)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert names == {"audit_log_no_update", "audit_log_no_delete"}
        # an upgraded old row got its cashier's name and the masked card its detail named
        row = conn.execute("SELECT actor_name, card FROM audit_log"
                           " WHERE detail LIKE '%kept across%'").fetchone()
        assert row == ("Demo Manager", cards.masked(ANA))
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM audit_log")
    finally:
        conn.close()
