"""Terminal use cases over time: expiry, daily reports, cashier PINs, status, cache rebuild."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from pos_app.core.errors import DomainError, InvalidInput
from pos_app.core.ledger import add_months
from pos_app.store.models import LedgerEntry, Member, OutboxOp
from pos_app.terminal import Terminal, initialize
from tests.clocks import FakeClock

Books = Callable[[Terminal], None]


def today(terminal: Terminal) -> date:
    return terminal.local_time(terminal.clock()).date()


def test_lots_expire_after_twelve_months(plain: Terminal, clock: FakeClock, check_books: Books) -> None:
    start = clock.now
    card = plain.enroll("Expiring Member").card  # 50 bonus points, expiring in 12 months
    plain.sale(card, 10000, "R-1")  # 100 points, same expiry
    clock.now = add_months(start, 6)
    plain.sale(card, 5000, "R-2")  # 50 points, expiring 6 months later
    clock.now = add_months(start, 12) - timedelta(seconds=1)
    assert plain.expire_due() == 0
    clock.now = add_months(start, 12)
    assert plain.expire_due() == 150
    assert plain.expire_due() == 0  # nothing twice
    view = plain.member(card)
    assert (view.balance, view.spendable) == (50, 50)
    with plain.db.reader() as session:
        expired = list(session.scalars(select(LedgerEntry).where(LedgerEntry.kind == "expire")))
        lots = {e.id: e for e in session.scalars(select(LedgerEntry)
                                                 .where(LedgerEntry.kind.in_(("earn", "bonus"))))}
        ops = [json.loads(op.payload)
               for op in session.scalars(select(OutboxOp).where(OutboxOp.kind == "expire"))]
    assert sorted(e.points for e in expired) == [-100, -50]
    assert all(e.reverses in lots and lots[e.reverses].remaining == 0 for e in expired)
    assert len(ops) == 1 and len(ops[0]["entries"]) == 2
    report = plain.daily_report(today(plain))
    assert report["points_expired"] == 150
    assert report["points_issued"] == 0
    check_books(plain)
    # a sale expires the member's due lots in its own transaction
    clock.now = add_months(start, 18)
    result = plain.sale(card, 1000, "R-3")
    assert (result.points_earned, result.balance) == (10, 10)
    assert plain.daily_report(today(plain))["points_expired"] == 50
    check_books(plain)


def test_expiry_across_all_members(demo: Terminal, clock: FakeClock, check_books: Books) -> None:
    total = sum(demo.member(c).balance for c in ("2900000000018", "2900000000025", "2900000000032",
                                                 "2900000000049", "2900000000056"))
    clock.advance(days=400)
    assert demo.expire_due() == total
    assert demo.daily_report(today(demo))["points_expired"] == total
    check_books(demo)


def test_daily_report_figures(plain: Terminal, clock: FakeClock) -> None:
    a = plain.enroll("Report A").card
    b = plain.enroll("Report B").card
    plain.sale(a, 10000, "R-a")
    plain.sale(b, 2000, "R-b")
    plain.refund("R-a", 1000)
    plain.redeem(a, "coffee")
    plain.adjust(b, 30, "welcome gift", "manager")
    plain.adjust(a, -5, "correction", "manager")
    report = plain.daily_report(today(plain))
    expected = {
        "date": "2026-11-18", "currency": "EUR", "transactions": 4, "sales": 2, "refunds": 1,
        "redemptions": 1, "sales_amount": 11000, "gross_sales_amount": 12000, "refunded_amount": 1000,
        "points_issued": 50 + 50 + 100 + 20, "points_reversed": 10, "points_redeemed": 100,
        "points_expired": 0, "points_adjusted": 25, "enrollments": 2, "members_negative": 0, "pending_ops": 8,
    }
    assert {k: report[k] for k in expected} == expected
    assert report["terminal_id"] == plain.terminal_id and report["store_id"] == "local"
    other_day = plain.daily_report(today(plain) + timedelta(days=1))
    assert (other_day["transactions"], other_day["points_issued"], other_day["enrollments"]) == (0, 0, 0)
    assert other_day["pending_ops"] == 8  # pending ops are a current figure, not a daily one
    assert plain.daily_report(today(plain) - timedelta(days=1))["sales"] == 0


def test_rebuilding_the_cache_from_the_ledger(demo: Terminal, check_books: Books) -> None:
    """The cached balance is only a cache: a wrong one is rebuilt from the ledger."""
    demo.sale("2900000000018", 5000, "R-c")
    with demo.db.reader() as session:
        cached = {card: balance for card, balance in session.execute(select(Member.card, Member.balance))}
    assert demo.rebuild_balances() == 0
    with demo.db.transaction() as session:
        session.execute(update(Member).where(Member.card.in_(("2900000000018", "2900000000025")))
                        .values(balance=12345))
    assert demo.rebuild_balances() == 2
    with demo.db.reader() as session:
        assert {card: balance
                for card, balance in session.execute(select(Member.card, Member.balance))} == cached
    check_books(demo)


# --- cashiers -----------------------------------------------------------------------------------------------


def test_cashier_pins_and_lockout(demo: Terminal, clock: FakeClock) -> None:
    assert demo.sign_in("1111").id == "cashier"
    assert demo.sign_in("9999").role == "manager"
    demo.add_cashier("maria", "Maria", "2468")
    assert demo.sign_in("2468").name == "Maria"
    with pytest.raises(InvalidInput, match="another cashier already uses this PIN"):
        demo.add_cashier("dup", "Dup", "1111")
    with pytest.raises(InvalidInput, match="4 to 6 digits"):
        demo.add_cashier("short", "Short", "12")
    with pytest.raises(InvalidInput, match="role"):
        demo.add_cashier("boss", "Boss", "135790", role="owner")
    for _ in range(4):
        with pytest.raises(DomainError, match="wrong PIN"):
            demo.sign_in("0000")
    with pytest.raises(DomainError, match="locked for 60 s"):
        demo.sign_in("0000")
    with pytest.raises(DomainError, match="try again in"):
        demo.sign_in("1111")  # even the right PIN waits
    clock.advance(seconds=61)
    assert demo.sign_in("1111").id == "cashier"


def test_status_of_a_fresh_terminal(plain: Terminal) -> None:
    status = plain.status()
    assert status["online"] is False
    assert (status["pending_ops"], status["rejected_ops"], status["last_sync_at"]) == (0, 0, None)
    assert status["store_id"] == "local" and len(status["terminal_id"]) == 36
    assert status["program_version"] == 1
    plain.enroll("Someone")
    assert plain.status()["pending_ops"] == 1


def test_terminal_refuses_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="run `tessera-pos init` first"):
        Terminal(tmp_path / "nowhere")


def test_initialize_twice_keeps_identity_and_data(tmp_path: Path, clock: FakeClock) -> None:
    data = tmp_path / "data"
    assert initialize(data, clock=clock) is True
    terminal = Terminal(data, clock=clock)
    card = terminal.enroll("Kept").card
    terminal_id = terminal.terminal_id
    terminal.close()
    assert initialize(data, clock=clock) is False
    again = Terminal(data, clock=clock)
    try:
        assert again.terminal_id == terminal_id
        assert again.member(card).balance == 50
    finally:
        again.close()
