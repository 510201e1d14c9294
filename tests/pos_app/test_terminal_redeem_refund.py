"""Terminal use cases: redemptions, refunds and manager adjustments."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from pos_app.core import vouchers
from pos_app.core.errors import (
    DomainError,
    InvalidInput,
    NotEnoughPoints,
    OfflineLimitReached,
    RefundTooLarge,
    RewardNotAllowed,
    UnknownCard,
    UnknownReceipt,
)
from pos_app.core.program import parse_program
from pos_app.store import identity, programs
from pos_app.store.book import MemberBook
from pos_app.store.models import AuditLog, LedgerEntry, Member, OutboxOp, Refund, Sale, Voucher
from pos_app.terminal import Terminal
from tests.clocks import FakeClock

ANA, MARCO, KIM, ELENA, GIULIA = (
    "2900000000018", "2900000000025", "2900000000032", "2900000000049", "2900000000056")

Books = Callable[[Terminal], None]


def install_program(terminal: Terminal, text: str) -> None:
    with terminal.db.transaction() as session:
        assert programs.install(session, parse_program(text), terminal.clock())
    terminal.reload_program()


def demo_program_v2(**changes: str) -> str:
    from pos_app.demo_data import program_text

    text = program_text().replace("version = 1\n", "version = 2\n", 1)
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def count(terminal: Terminal, model: Any, *where: Any) -> int:
    with terminal.db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# --- redeem -------------------------------------------------------------------------------------------------


def test_redeem_spends_points_and_issues_a_voucher(demo: Terminal, check_books: Books) -> None:
    before = demo.member(ANA).balance
    result = demo.redeem(ANA, "coffee", cashier="cashier")
    assert (result.points_spent, result.balance, result.reward_id, result.reward_name) == (
        100, before - 100, "coffee", "Free coffee")
    # Issue 9 made vouchers real: the code is the terminal's prefix, its counter and a check character.
    assert vouchers.normalize(result.voucher) == result.voucher
    assert result.voucher.startswith(vouchers.prefix(demo.terminal_id) + "-")
    with demo.db.reader() as session:
        voucher = session.get_one(Voucher, result.voucher)
        assert (voucher.entry_id, voucher.reward_id, voucher.cost) == (result.entry_id, "coffee", 100)
        entry = session.get_one(LedgerEntry, result.entry_id)
        assert (entry.kind, entry.points, entry.reason) == ("redeem", -100, "reward coffee")
        [op] = session.scalars(select(OutboxOp).where(OutboxOp.kind == "redeem")).all()
        assert json.loads(op.payload)["voucher"] == result.voucher
    assert demo.member(ANA).balance == before - 100
    check_books(demo)


def test_tier_rule(demo: Terminal) -> None:
    with pytest.raises(RewardNotAllowed, match="needs Silver tier"):
        demo.redeem(ANA, "10pct")
    assert demo.redeem(MARCO, "10pct").points_spent == 400
    with pytest.raises(RewardNotAllowed, match="needs Gold tier"):
        demo.redeem(MARCO, "spa")


def test_per_member_limit(demo: Terminal) -> None:
    demo.redeem(ELENA, "tote")
    balance = demo.member(ELENA).balance
    with pytest.raises(RewardNotAllowed, match="1 time"):
        demo.redeem(ELENA, "tote")
    assert demo.member(ELENA).balance == balance
    assert demo.redeem(MARCO, "tote").points_spent == 800  # the limit is per member


def test_not_enough_points(demo: Terminal, check_books: Books) -> None:
    with pytest.raises(NotEnoughPoints, match="needs 100 points, 50 available"):
        demo.redeem(GIULIA, "coffee")
    assert demo.member(GIULIA).balance == 50
    assert count(demo, Voucher) == 0
    assert count(demo, LedgerEntry, LedgerEntry.kind == "redeem") == 0
    check_books(demo)


def test_unknown_reward_and_unknown_card(demo: Terminal) -> None:
    with pytest.raises(RewardNotAllowed, match="no reward 'nope'"):
        demo.redeem(ANA, "nope")
    with pytest.raises(UnknownCard):
        demo.redeem("2900000000063", "coffee")


def test_reward_window(demo: Terminal, clock: FakeClock) -> None:
    install_program(demo, demo_program_v2(**{
        'item = "coffee"\n': 'item = "coffee"\nstarts = 2026-12-01\nends = 2026-12-25\n'}))
    assert demo.program.version == 2
    with pytest.raises(RewardNotAllowed, match="not available at this time"):
        demo.redeem(ANA, "coffee")
    clock.advance(days=13)  # 1 December
    assert demo.redeem(ANA, "coffee").points_spent == 100
    clock.advance(days=24)  # 25 December: the window has closed
    with pytest.raises(RewardNotAllowed, match="not available"):
        demo.redeem(ANA, "coffee")


def test_rewards_for_lists_every_reward_with_its_verdict(demo: Terminal) -> None:
    verdicts = {v.reward.id: v for v in demo.rewards_for(ANA)}
    assert set(verdicts) == {r.id for r in demo.catalog()}
    assert verdicts["coffee"].allowed
    assert not verdicts["10pct"].allowed and "Silver" in verdicts["10pct"].reason
    assert not verdicts["spa"].allowed


def test_offline_daily_limit_applies_once_a_server_is_configured(demo: Terminal, clock: FakeClock) -> None:
    for _ in range(5):  # no server: no offline limit
        demo.redeem(ELENA, "5off")
    with demo.db.transaction() as session:
        identity.put(session, "server_url", "https://loyalty.example.org")
        session.execute(update(LedgerEntry).values(acked=True))  # the earlier ones reached the server
    for _ in range(4):  # 4 x 250 = the 1000-point daily limit
        demo.redeem(ELENA, "5off")
    balance = demo.member(ELENA).balance
    with pytest.raises(OfflineLimitReached, match="0 of 1000 points left"):
        demo.redeem(ELENA, "5off")
    assert demo.member(ELENA).balance == balance
    assert demo.redeem(MARCO, "5off").points_spent == 250  # per member
    clock.advance(days=1)
    assert demo.redeem(ELENA, "5off").points_spent == 250  # a new day
    with demo.db.transaction() as session:
        session.execute(update(LedgerEntry).values(acked=True))
    for _ in range(3):
        demo.redeem(ELENA, "5off")


def test_pending_points_are_not_spendable_until_they_mature(plain: Terminal, clock: FakeClock,
                                                            check_books: Books) -> None:
    install_program(plain, demo_program_v2(**{"pending_days = 0 ": "pending_days = 14 "}))
    card = plain.enroll("Patient Member").card
    assert plain.sale(card, 10000, "R-p").points_earned == 100
    view = plain.member(card)
    assert (view.balance, view.pending, view.spendable) == (150, 150, 0)
    with pytest.raises(NotEnoughPoints):
        plain.redeem(card, "coffee")
    clock.advance(days=14)
    view = plain.member(card)
    assert (view.balance, view.pending, view.spendable) == (150, 0, 150)
    assert plain.redeem(card, "coffee").balance == 50
    check_books(plain)


# --- refunds ------------------------------------------------------------------------------------------------


def test_full_refund_reverses_exactly_the_earned_points(demo: Terminal, check_books: Books) -> None:
    before = demo.member(ANA).balance
    demo.sale(ANA, 10000, "R-full")
    result = demo.refund("R-full", cashier="cashier")
    assert (result.receipt, result.refunded_amount, result.points_reversed, result.balance) == (
        "R-full", 10000, 100, before)
    [rev] = [e for e in _entries(demo, ANA) if e.kind == "reverse"]
    with demo.db.reader() as session:
        sale = session.get_one(Sale, "R-full")
        assert sale.refunded_amount == 10000
        assert (rev.points, rev.reverses, rev.receipt) == (-100, sale.earn_entry_id, "R-full")
        [refund] = session.scalars(select(Refund)).all()
        assert (refund.amount, refund.points_reversed, refund.entry_id) == (10000, 100, rev.id)
    assert count(demo, OutboxOp, OutboxOp.kind == "refund") == 1
    check_books(demo)


def test_refunding_twice_beyond_the_sale_is_refused(demo: Terminal) -> None:
    demo.sale(ANA, 10000, "R-twice")
    demo.refund("R-twice")
    balance = demo.member(ANA).balance
    with pytest.raises(RefundTooLarge, match="already fully refunded"):
        demo.refund("R-twice")
    with pytest.raises(RefundTooLarge):
        demo.refund("R-twice", 1)
    assert demo.member(ANA).balance == balance
    assert count(demo, Refund) == 1


def test_several_partial_refunds_add_up_exactly(demo: Terminal, check_books: Books) -> None:
    before = demo.member(ANA).balance
    assert demo.sale(ANA, 10000, "R-part").points_earned == 100
    parts = [demo.refund("R-part", amount) for amount in (3333, 3333, 1, 3333)]
    # cumulative rounding: 33.33% -> 33, 66.66% -> 66, 66.67% -> 66, 100% -> 100
    assert [p.points_reversed for p in parts] == [33, 33, 0, 34]
    assert sum(p.points_reversed for p in parts) == 100
    assert parts[-1].balance == before
    with demo.db.reader() as session:
        assert session.get_one(Sale, "R-part").refunded_amount == 10000
    check_books(demo)


def test_a_partial_refund_is_proportional_and_over_refund_is_refused(demo: Terminal) -> None:
    demo.sale(ANA, 10000, "R-prop")
    assert demo.refund("R-prop", 2500).points_reversed == 25
    with pytest.raises(RefundTooLarge, match="larger than what is left"):
        demo.refund("R-prop", 7501)
    assert demo.refund("R-prop").refunded_amount == 7500  # the whole remainder
    with demo.db.reader() as session:
        assert session.get_one(Sale, "R-prop").refunded_amount == 10000


def test_refund_refusals(demo: Terminal) -> None:
    with pytest.raises(UnknownReceipt, match="no sale has receipt"):
        demo.refund("R-nothing")
    demo.sale(ANA, 1000, "R-r")
    with pytest.raises(InvalidInput, match="more than zero"):
        demo.refund("R-r", 0)
    with pytest.raises(RefundTooLarge):
        demo.refund("R-r", 1001)
    assert count(demo, Refund) == 0
    assert count(demo, OutboxOp, OutboxOp.kind == "refund") == 0


def test_refund_lowers_qualifying_spend(demo: Terminal) -> None:
    demo.sale(ANA, 50000, "R-tier")
    assert demo.member(ANA).tier == "silver"
    demo.refund("R-tier", 100)
    assert demo.member(ANA).tier == "bronze"


def test_full_refund_takes_back_the_birthday_bonus_partial_does_not(demo: Terminal) -> None:
    before = demo.member(KIM).balance
    assert demo.sale(KIM, 1000, "R-kim").points_earned == 110
    assert demo.refund("R-kim", 500).points_reversed == 5
    assert demo.refund("R-kim").points_reversed == 5 + 100
    assert demo.member(KIM).balance == before


@pytest.mark.allow_log("tessera.terminal", "with a negative balance")
def test_refund_after_the_points_were_spent_drives_the_balance_negative(demo: Terminal,
                                                                          check_books: Books) -> None:
    assert demo.member(GIULIA).balance == 50
    demo.sale(GIULIA, 30000, "R-neg")
    assert demo.redeem(GIULIA, "5off").balance == 100
    result = demo.refund("R-neg")
    assert (result.points_reversed, result.balance) == (300, -200)
    view = demo.member(GIULIA)
    assert (view.balance, view.spendable) == (-200, 0)
    check_books(demo)
    report = demo.daily_report(demo.local_time(demo.clock()).date())
    assert report["members_negative"] == 1
    with pytest.raises(NotEnoughPoints):
        demo.redeem(GIULIA, "coffee")
    # the next earn pays the debt first
    assert demo.sale(GIULIA, 15000, "R-after").balance == -50
    assert demo.member(GIULIA).spendable == 0
    assert demo.sale(GIULIA, 10000, "R-after-2").balance == 50
    assert demo.member(GIULIA).spendable == 50
    check_books(demo)


def test_a_reversal_cannot_be_reversed(demo: Terminal) -> None:
    demo.sale(ANA, 10000, "R-rr")
    demo.refund("R-rr", 5000)
    [rev] = [e for e in _entries(demo, ANA) if e.kind == "reverse"]
    with demo.db.transaction() as session, pytest.raises(DomainError, match="cannot be reversed"):
        member = session.get_one(Member, rev.member_id)
        terminal_reverse = demo._reverse  # the one path that writes reversing entries
        terminal_reverse(MemberBook(session, member), session.get_one(LedgerEntry, rev.id), 50, demo.clock(),
                         None, "R-rr")
    assert len([e for e in _entries(demo, ANA) if e.kind == "reverse"]) == 1


def _entries(terminal: Terminal, card: str) -> list[LedgerEntry]:
    with terminal.db.reader() as session:
        member = session.scalars(select(Member).where(Member.card == card)).one()
        return list(session.scalars(select(LedgerEntry).where(LedgerEntry.member_id == member.id)))


# --- adjust -------------------------------------------------------------------------------------------------


def test_adjust_needs_a_reason_and_is_audited(demo: Terminal, check_books: Books) -> None:
    before = demo.member(ANA).balance
    with pytest.raises(InvalidInput, match="needs a reason"):
        demo.adjust(ANA, 10, "   ", "manager")
    with pytest.raises(InvalidInput, match="non-zero"):
        demo.adjust(ANA, 0, "nothing", "manager")
    result = demo.adjust(ANA, 40, "  goodwill: broken machine ", "manager")
    assert (result.points, result.balance) == (40, before + 40)
    with demo.db.reader() as session:
        entry = session.get_one(LedgerEntry, result.entry_id)
        assert (entry.kind, entry.points, entry.reason, entry.cashier_id) == (
            "adjust", 40, "goodwill: broken machine", "manager")
        audits = session.scalars(select(AuditLog).where(AuditLog.action == "adjust")).all()
        details = [json.loads(a.detail) for a in audits]
        assert {"points": 40, "reason": "goodwill: broken machine"}.items() <= details[-1].items()
        assert audits[-1].actor == "manager"
        assert ANA not in audits[-1].detail  # masked card only
    assert demo.adjust(ANA, -(before + 100), "fraud correction", "manager").balance == -60
    assert demo.member(ANA).balance == -60
    check_books(demo)


def test_adjust_unknown_card(demo: Terminal) -> None:
    with pytest.raises(UnknownCard):
        demo.adjust("2900000000063", 10, "why", "manager")


def test_redeem_expires_due_lots_first(plain: Terminal, clock: FakeClock) -> None:
    card = plain.enroll("Old Points").card
    plain.sale(card, 10000, "R-old")
    clock.now += timedelta(days=366)
    with pytest.raises(NotEnoughPoints, match="0 available"):
        plain.redeem(card, "coffee")
    with plain.db.reader() as session:  # the refusal rolled back the expiry too
        member = session.scalars(select(Member).where(Member.card == card)).one()
        assert member.balance == 150
        assert session.scalar(select(func.count()).select_from(LedgerEntry)
                              .where(LedgerEntry.kind == "expire")) == 0
    assert plain.member(card).balance == 0  # what the view shows: those points are past their date
