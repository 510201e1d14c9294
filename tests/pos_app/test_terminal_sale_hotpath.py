"""The sale's hot path (plain SQL, pos_app.store.salepath) writes exactly the rows the ORM path wrote.

Expectations are computed through the pure core (MemberLedger, quote_earn, tiers) from the same
starting state, for the hard case: a member with due expiries, two outstanding debts (paid oldest
first), a birthday bonus and a tier earned from local and server-side spend. The rows are read
back through the ORM models, so their storage (datetimes above all) must be what the ORM reads.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import select

from pos_app.core import cards
from pos_app.core.errors import DomainError, MemberBlocked, UnknownCard
from pos_app.core.ledger import Debt, Lot, MemberLedger, add_months
from pos_app.core.program import quote_earn
from pos_app.core.receipts import receipt_key
from pos_app.store import db as store_db
from pos_app.store import mirror, queries, salepath, syncstore
from pos_app.store.models import Allocation, LedgerEntry, Member, OutboxOp, Sale
from pos_app.terminal import Terminal, new_id
from tests.clocks import FakeClock

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # the clock fixture's start (tests/conftest.py)

SQL_TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$")  # how SQLAlchemy stores DateTime on SQLite
DUE_A, DUE_B, OPEN = "01900000-0000-7000-8000-0000000000a1", "01900000-0000-7000-8000-0000000000a2", \
    "01900000-0000-7000-8000-0000000000a3"
# Inserted in this order (rowid order): the older debt has the larger id, so id order would pay the wrong one.
OLD_DEBT, NEW_DEBT = "01900000-0000-7000-8000-0000000000d9", "01900000-0000-7000-8000-0000000000d1"


def _server_state(member: Member, now: datetime) -> mirror.ServerMember:
    def lot(entry_id: str, remaining: int, available: datetime, expires: datetime) -> mirror.ServerLot:
        return mirror.ServerLot(entry_id, "earn", remaining + 7, remaining, available, expires, available)

    lots = (lot(DUE_B, 5, now - timedelta(days=300), now - timedelta(hours=1)),
            lot(OPEN, 40, now - timedelta(days=10), now + timedelta(days=100)),
            lot(DUE_A, 30, now - timedelta(days=400), now - timedelta(days=2)))
    debts = (mirror.ServerDebt(OLD_DEBT, "redeem", -25, 25, now - timedelta(days=20)),
             mirror.ServerDebt(NEW_DEBT, "redeem", -10, 10, now - timedelta(days=5)))
    return mirror.ServerMember(
        id=member.id, card=member.card, name=member.name, phone=None, email=None, birthday=member.birthday,
        marketing_consent=False, store_id="demo", created_at=member.created_at, blocked=False,
        balance=30 + 5 + 40 - 25 - 10, last_birthday_bonus_year=2025, lots=lots, debts=debts,
        spend=(mirror.ServerSpend(now - timedelta(days=200), 15_000),
               mirror.ServerSpend(now - timedelta(days=30), 25_000)))


def _member_with_debts_and_due_lots(terminal: Terminal, clock: FakeClock) -> str:
    """Enrolled and sold to in October; then a pull brings due lots, an open lot and two debts."""
    clock.now = START - timedelta(days=40)
    card = terminal.enroll("Hot Path", birthday=date(1990, 11, 3)).card
    terminal.sale(card, 20_000, "OCT-1")  # 200.00 of local qualifying spend, no birthday bonus in October
    clock.now = START
    with terminal.db.transaction() as session:
        syncstore.record_answers(session, [(op.seq, "applied", None, "{}")
                                           for op in session.scalars(select(OutboxOp))], START)
        member = session.scalars(select(Member).where(Member.card == card)).one()
        mirror.apply_members(session, [_server_state(member, START)], START)
    return card


def test_the_hot_path_writes_what_the_core_computes(plain: Terminal, clock: FakeClock) -> None:
    card = _member_with_debts_and_due_lots(plain, clock)
    program, now = plain.program, START
    with plain.db.reader() as session:
        member = session.scalars(select(Member).where(Member.card == card)).one()
        open_rows = list(session.scalars(select(LedgerEntry).where(LedgerEntry.member_id == member.id)
                                         .order_by(LedgerEntry.id)))
        seq_before = syncstore.last_seq(session)
        last_allocation = select(Allocation.id).order_by(Allocation.id.desc()).limit(1)
        allocations_before = session.scalar(last_allocation) or 0
    assert {r.id: (r.remaining, r.outstanding) for r in open_rows if r.remaining or r.outstanding} == {
        DUE_A: (30, 0), DUE_B: (5, 0), OPEN: (40, 0), OLD_DEBT: (0, 25), NEW_DEBT: (0, 10)}

    # --- what the pure core says (MemberBook's order: lots and debts as stored, debts oldest first)
    ledger = MemberLedger.load(
        [Lot(r.id, r.points, r.remaining, r.available_at, r.expires_at) for r in open_rows  # type: ignore[arg-type]
         if r.remaining > 0],
        [Debt(OLD_DEBT, 25), Debt(NEW_DEBT, 10)])
    due = ledger.due_expiries(now)
    assert [lot.entry_id for lot in due] == [DUE_A, DUE_B]
    expected_expired = [(lot.entry_id, -lot.remaining) for lot in due]
    # (debit, lot, points) with the new entries by name until their ids are known
    expected_allocations = [(a.debit_id, a.lot_id, a.points) for a in
                            (ledger.expire(f"expire-of-{lot.entry_id}", lot) for lot in due)]
    local = plain.local_time(now)
    tier = program.tier_for_spend(40_000 + 20_000)
    assert tier.id == "silver"
    quote = quote_earn(program, 2_000, tier, local)
    available, expires = now + timedelta(days=program.pending_days), add_months(now, program.expiry_months)
    for name, points in (("earn", quote.points), ("bonus", program.birthday_bonus)):
        expected_allocations += [(a.debit_id, a.lot_id, a.points)
                                 for a in ledger.credit(name, points, available, expires)]
    assert expected_allocations[2:] == [(OLD_DEBT, "earn", 25), (NEW_DEBT, "bonus", 10)]  # oldest debt first
    remaining = {lot.entry_id: lot.remaining for lot in ledger.lots}

    # --- the sale
    result = plain.sale(card, 2_000, " HOT-1 ", "cashier-7")
    assert (result.receipt, result.duplicate) == ("HOT-1", False)
    assert result.points_earned == quote.points + program.birthday_bonus
    assert result.balance == ledger.balance

    with plain.db.reader() as session:
        member = session.scalars(select(Member).where(Member.card == card)).one()
        assert (member.balance, member.last_birthday_bonus_year) == (ledger.balance, local.year)
        new = {e.kind: e for e in session.scalars(select(LedgerEntry).where(
            LedgerEntry.member_id == member.id, LedgerEntry.created_at == now))}
        expired = sorted(session.scalars(select(LedgerEntry).where(
            LedgerEntry.member_id == member.id, LedgerEntry.kind == "expire")), key=lambda e: e.id)
        earn, bonus = new["earn"], new["bonus"]
        assert [(e.reverses, e.points) for e in expired] == expected_expired
        common = dict(store_id=plain.store_id, terminal_id=plain.terminal_id, rules_version=program.version,
                      created_at=now, recorded_at=None, acked=False)
        for e in expired:
            assert _fields(e, common) and (e.kind, e.cashier_id, e.receipt, e.amount, e.reason) == (
                "expire", None, None, None, "points expired")
            assert (e.remaining, e.outstanding, e.available_at, e.expires_at) == (0, 0, None, None)
        assert _fields(earn, common) and (earn.kind, earn.points, earn.cashier_id, earn.receipt, earn.amount,
                                          earn.reason, earn.reverses) == (
            "earn", quote.points, "cashier-7", "HOT-1", 2_000, None, None)
        assert _fields(bonus, common) and (bonus.kind, bonus.points, bonus.cashier_id, bonus.receipt,
                                           bonus.amount, bonus.reason) == (
            "bonus", program.birthday_bonus, "cashier-7", "HOT-1", None, "birthday bonus")
        for lot, name in ((earn, "earn"), (bonus, "bonus")):
            assert (lot.remaining, lot.outstanding, lot.available_at, lot.expires_at) == (
                remaining.get(name, 0), 0, available, expires)
        rows = {r.id: (r.remaining, r.outstanding) for r in session.scalars(
            select(LedgerEntry).where(LedgerEntry.id.in_([DUE_A, DUE_B, OPEN, OLD_DEBT, NEW_DEBT])))}
        assert rows == {DUE_A: (0, 0), DUE_B: (0, 0), OPEN: (40, 0), OLD_DEBT: (0, 0), NEW_DEBT: (0, 0)}

        ids = {"earn": earn.id, "bonus": bonus.id, **{f"expire-of-{e.reverses}": e.id for e in expired}}
        made = [(a.debit_id, a.lot_id, a.points) for a in session.scalars(
            select(Allocation).where(Allocation.id > allocations_before).order_by(Allocation.id))]
        assert made == [(ids.get(debit, debit), ids.get(lot, lot), points)
                        for debit, lot, points in expected_allocations]

        sale = session.get_one(Sale, "HOT-1")
        assert (sale.member_id, sale.amount, sale.refunded_amount, sale.points_earned, sale.earn_entry_id,
                sale.bonus_entry_id, sale.cashier_id, sale.created_at) == (
            member.id, 2_000, 0, result.points_earned, earn.id, bonus.id, "cashier-7", now)

        ops = list(session.scalars(select(OutboxOp).where(OutboxOp.seq > seq_before).order_by(OutboxOp.seq)))
        assert [(op.kind, op.member_id, op.status, op.attempts, op.created_at, op.result, op.acked_at)
                for op in ops] == [(kind, member.id, "pending", 0, now, None, None)
                                   for kind in ("expire", "sale")]
        expire_body, sale_body = (json.loads(op.payload) for op in ops)
        head = {"program_version": program.version, "local_time": local.isoformat(), "member_card": card}
        assert expire_body == {**head, "entries": [queries.entry_dict(e) for e in expired]}
        assert sale_body == {**head, "receipt": "HOT-1", "amount": 2_000, "currency": program.currency.code,
                             "tier": "silver",
                             "entries": [queries.entry_dict(earn), queries.entry_dict(bonus)]}
        assert syncstore.entry_ids(ops[1].payload) == [earn.id, bonus.id]

    conn = sqlite3.connect(plain.db.path)  # stored as the ORM stores them: naive UTC text with microseconds
    try:
        stored = conn.execute("SELECT created_at, available_at, expires_at FROM ledger_entries WHERE id = ?",
                              (earn.id,)).fetchone()
        assert all(SQL_TIME.match(value) for value in stored), stored
        assert stored[0] == now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    finally:
        conn.close()

    # the same receipt again: the first result; anything else on it is refused
    again = plain.sale(card, 2_000, "HOT-1")
    assert (again.duplicate, again.entry_id, again.points_earned, again.balance) == (
        True, earn.id, result.points_earned, result.balance)
    with pytest.raises(DomainError, match="already used"):
        plain.sale(card, 2_001, "HOT-1")


def _fields(entry: LedgerEntry, expected: dict[str, Any]) -> bool:
    assert {k: getattr(entry, k) for k in expected} == expected
    return True


def test_the_common_sale_is_six_statements(plain: Terminal) -> None:
    card = plain.enroll("Common Case").card
    plain.sale(card, 1_000, "C-1")
    traced: list[str] = []
    hot = plain.db.raw_writer()  # this thread's kept write connection: trace it
    hot.set_trace_callback(traced.append)
    try:
        result = plain.sale(card, 2_500, "C-2")
    finally:
        hot.set_trace_callback(None)
    assert result.points_earned == 25
    verbs = [" ".join(s.split()[:3]).upper() for s in traced]
    assert verbs == ["BEGIN IMMEDIATE", "SELECT M.ID, M.CARD,", "INSERT INTO LEDGER_ENTRIES",
                     "INSERT INTO SALES", "INSERT INTO OUTBOX", "UPDATE MEMBERS SET", "COMMIT"]


def test_refusals_write_nothing(plain: Terminal, clock: FakeClock) -> None:
    card = plain.enroll("Refused").card
    with pytest.raises(UnknownCard):
        body = f"{cards.ISSUER_PREFIX}{9_999_999:010d}"
        plain.sale(body + cards.check_digit(body), 1_000, "X-1")  # a valid card number nobody holds
    with plain.db.transaction() as session:
        session.scalars(select(Member).where(Member.card == card)).one().blocked = True
    with pytest.raises(MemberBlocked):
        plain.sale(card, 1_000, "X-2")
    with plain.db.reader() as session:
        assert session.scalar(select(Sale.receipt)) is None
        assert [op.kind for op in session.scalars(select(OutboxOp))] == ["enroll"]


def test_member_view_does_not_count_lots_past_their_date(plain: Terminal, clock: FakeClock) -> None:
    card = plain.enroll("Expired View").card  # 50 points expiring in 12 months
    plain.sale(card, 10_000, "V-1")  # 100 more, same expiry
    clock.now = add_months(START, 12)
    view = plain.member(card)
    assert (view.balance, view.spendable) == (0, 0)  # before the expire job ran
    assert plain.expire_due() == 150
    assert plain.member(card).balance == 0


def test_daily_backup_is_named_by_the_day_it_checks(open_terminal: Callable[..., Terminal],
                                                    plain_template: Path, clock: FakeClock) -> None:
    terminal = open_terminal(plain_template)
    clock.now = datetime(2031, 5, 6, 23, 0, tzinfo=UTC)  # far from the real date
    made = terminal.daily_backup()
    assert made is not None and made.name.startswith("terminal-20310506T") and made.name.endswith("-daily.db")
    assert terminal.daily_backup() is None  # the same (fake) day: no second backup
    clock.advance(hours=2)
    assert terminal.daily_backup() is not None
    assert len(list((terminal.db.path.parent / "backups").glob("terminal-*-daily.db"))) == 2
    assert store_db.daily_backup(terminal.db.path, "20310507") is None



def test_a_burst_of_commits_checkpoints_before_the_delay(tmp_path: Path) -> None:
    path = tmp_path / "burst.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    checkpointer = store_db.Checkpointer(path, delay=60.0, burst=3)
    try:
        for _ in range(3):
            checkpointer.notify()
        deadline = datetime.now(UTC) + timedelta(seconds=10)
        while checkpointer.checkpoints == 0 and datetime.now(UTC) < deadline:
            threading.Event().wait(0.01)
        assert checkpointer.checkpoints == 1  # long before the 60 s delay
    finally:
        checkpointer.close()


@pytest.mark.parametrize("at", [datetime(2026, 11, 18, 10, 0, tzinfo=UTC), datetime(1, 1, 1, tzinfo=UTC),
                                datetime(2026, 3, 29, 2, 30, 5, 7, tzinfo=timezone(timedelta(hours=3)))])
def test_hot_path_datetimes_are_the_orm_columns_own(at: datetime) -> None:
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    column = LedgerEntry.__table__.c.created_at.type.dialect_impl(dialect)  # type: ignore[attr-defined]
    to_text, from_text = column.bind_processor(dialect), column.result_processor(dialect, None)
    assert salepath.to_db(at) == to_text(at)
    assert salepath.from_db(to_text(at)) == from_text(to_text(at)) == at
    assert salepath.from_db("2026-11-18 10:00:00") == from_text("2026-11-18 10:00:00")  # no fraction stored


@pytest.mark.parametrize("stored", ["2026-11-18 10:00:00.123456", "2026-11-18 10:00:00",
                                    "0001-01-01 00:00:00.000000", "9999-12-31 23:59:59.999999", None])
def test_open_rows_read_the_stored_dates_as_from_db(stored: str | None) -> None:
    """OPEN_ROWS appends "+00:00" to the stored text in SQL; open_rows reads it as from_db reads the text."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE TABLE ledger_entries (id TEXT, member_id TEXT, points INT, remaining INT,"
                     " outstanding INT, available_at TEXT, expires_at TEXT)")
        conn.execute("CREATE TABLE members (id TEXT)")
        conn.execute("INSERT INTO members VALUES ('m')")
        remaining, outstanding = (0, 4) if stored is None else (5, 0)  # a debt has no dates
        conn.executemany("INSERT INTO ledger_entries VALUES (?, 'm', 5, ?, ?, ?, ?)",
                         [("b", remaining, outstanding, stored, stored), ("a", 1, 0, START_TEXT, START_TEXT),
                          ("closed", 0, 0, stored, stored)])
        (aggregate,) = conn.execute(f"SELECT {salepath.OPEN_ROWS} FROM members m").fetchone()
    finally:
        conn.close()
    rows = salepath.open_rows(aggregate)
    assert rows == [("b", 5, remaining, outstanding, salepath.from_db(stored), salepath.from_db(stored)),
                    ("a", 5, 1, 0, START, START)]  # rowid order, the closed row left out
    assert all(d is None or d.tzinfo is UTC for row in rows for d in row[4:])
    assert salepath.open_rows(None) == []


START_TEXT = START.strftime("%Y-%m-%d %H:%M:%S.%f")


@given(st.text(max_size=80) | st.text(st.characters(max_codepoint=127), max_size=80))
@example("B-3f2a1b9c-0001")
@example("Ab\tC")
@example("AB\x7fc")
@example("a b")
def test_the_receipt_key_shortcut_is_the_receipt_key(text: str) -> None:
    assert salepath.key_of(text) == receipt_key(text)


def test_new_ids_are_uuid7_text_and_increase() -> None:
    before = datetime.now(UTC)
    ids = [new_id() for _ in range(2_000)]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # a millisecond used is bumped, as uuid6 does
    for text in ids[:50]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text and parsed.version == 7 and parsed.variant == uuid.RFC_4122
    first_ms = uuid.UUID(ids[0]).int >> 80
    assert abs(first_ms - before.timestamp() * 1000) < 5_000
    assert len({uuid.UUID(t).int & ((1 << 62) - 1) for t in ids}) == len(ids)  # the random bits vary


def test_a_failed_sale_rolls_back_and_the_kept_connection_goes_on(plain: Terminal) -> None:
    card = plain.enroll("Rolled Back").card
    hot = plain.db.raw_writer()
    # a connection's own temp trigger: the sale's last INSERT fails after the entry and sale rows are written
    hot.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.outbox WHEN NEW.kind = 'sale'"
                " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    with pytest.raises(sqlite3.IntegrityError, match="refused by the test"):
        plain.sale(card, 1_000, "RB-1")
    assert not hot.in_transaction
    with plain.db.reader() as session:
        assert session.scalar(select(Sale.receipt)) is None
        assert session.scalars(select(LedgerEntry.kind)).all() == ["bonus"]  # the enrollment bonus alone
    hot.execute("DROP TRIGGER refuse")
    assert plain.sale(card, 1_000, "RB-1").points_earned == 10  # the same connection, the same receipt
    assert plain.db.raw_writer() is hot


def test_each_thread_sells_on_its_own_kept_connection(plain: Terminal,
                                                      check_books: Callable[[Terminal], None]) -> None:
    cards_ = [plain.enroll(f"Thread {n}").card for n in range(2)]
    used: dict[int, sqlite3.Connection] = {}
    errors: list[BaseException] = []

    def sell(n: int) -> None:
        try:
            for i in range(25):
                plain.sale(cards_[n], 1_000 + i, f"T{n}-{i}")
            used[n] = plain.db.raw_writer()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=sell, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert used[0] is not used[1]
    with plain.db.reader() as session:
        assert len(session.scalars(select(Sale.receipt)).all()) == 50
    check_books(plain)


def test_the_kept_connection_closes_with_the_database(plain: Terminal) -> None:
    card = plain.enroll("Closed").card
    plain.sale(card, 1_000, "CL-1")
    hot = plain.db.raw_writer()
    plain.db.close()
    with pytest.raises(sqlite3.ProgrammingError):
        hot.execute("SELECT 1")
    reopened = store_db.Database(plain.db.path)
    try:
        assert reopened.raw_writer() is not hot
    finally:
        reopened.close()
