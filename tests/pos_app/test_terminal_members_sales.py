"""Terminal use cases: enrollment, member lookup and sales, on the FakeClock."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from pos_app.config import Options
from pos_app.core.errors import (
    BadCheckDigit,
    DomainError,
    DuplicateMember,
    InvalidInput,
    MemberBlocked,
    UnknownCard,
)
from pos_app.store.models import AuditLog, LedgerEntry, Member, OutboxOp, Sale
from pos_app.terminal import Terminal
from tests.clocks import FakeClock

ANA, MARCO, KIM, ELENA, GIULIA = (
    "2900000000018", "2900000000025", "2900000000032", "2900000000049", "2900000000056")
UNKNOWN_VALID = "2900000000063"  # a valid EAN-13 nobody holds

Books = Callable[[Terminal], None]


def entries(terminal: Terminal, card: str, **where: Any) -> list[LedgerEntry]:
    with terminal.db.reader() as session:
        member_id = session.scalar(select(Member.id).where(Member.card == card))
        query = select(LedgerEntry).where(LedgerEntry.member_id == member_id).order_by(LedgerEntry.created_at,
                                                                                     LedgerEntry.id)
        for key, value in where.items():
            query = query.where(getattr(LedgerEntry, key) == value)
        return list(session.scalars(query))


def outbox(terminal: Terminal, kind: str | None = None) -> list[dict[str, Any]]:
    with terminal.db.reader() as session:
        query = select(OutboxOp).order_by(OutboxOp.seq)
        if kind:
            query = query.where(OutboxOp.kind == kind)
        return [{"kind": op.kind, "member_id": op.member_id, **json.loads(op.payload)}
                for op in session.scalars(query)]


# --- enrollment -----------------------------------------------------------------------------------------


def test_enroll_gives_the_bonus_and_writes_one_outbox_op(plain: Terminal, check_books: Books) -> None:
    result = plain.enroll("  Ioana   Marin ", phone="+40 722 333 444", email="Ioana@Example.ORG")
    assert result.name == "Ioana Marin"
    assert result.points == 50
    assert len(result.card) == 13 and result.card.startswith("29")
    view = plain.member(result.card)
    assert (view.name, view.phone, view.email, view.balance, view.spendable, view.tier) == (
        "Ioana Marin", "+40722333444", "ioana@example.org", 50, 50, "bronze")  # e-mails case-folded (issue 9)
    assert view.pending_ops == 1
    [bonus] = entries(plain, result.card)
    assert (bonus.kind, bonus.points, bonus.reason, bonus.remaining) == ("bonus", 50, "enrollment bonus", 50)
    [op] = outbox(plain, "enroll")
    assert op["member"]["card"] == result.card
    assert [e["id"] for e in op["entries"]] == [bonus.id]
    with plain.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(AuditLog)
                              .where(AuditLog.action == "enroll")) == 1
    check_books(plain)


def test_enroll_with_a_given_card(plain: Terminal) -> None:
    assert plain.enroll("Card Holder", card="2900-0000-0001-8").card == ANA
    with pytest.raises(DuplicateMember, match=r"\*+0018 already belongs"):
        plain.enroll("Someone Else", card=ANA)
    with pytest.raises(BadCheckDigit):
        plain.enroll("Typo", card="2900000000019")


@pytest.mark.parametrize(
    ("phone", "email"),
    [("+40 721 000 001", None), ("0040721000001", None),
     (None, "ANA@EXAMPLE.ORG"), (None, " ana@example.org ")],
)
def test_duplicates_by_phone_or_email_are_refused_naming_the_existing_card(
        demo: Terminal, phone: str | None, email: str | None) -> None:
    with demo.db.reader() as session:
        before = session.scalar(select(func.count()).select_from(Member))
    with pytest.raises(DuplicateMember) as caught:
        demo.enroll("Ana Again", phone=phone, email=email)
    assert ANA in caught.value.message
    assert "Ana Popescu" in caught.value.message
    with demo.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == before


def test_enroll_rejects_bad_contact_details(plain: Terminal) -> None:
    with pytest.raises(InvalidInput, match="needs a name"):
        plain.enroll("   ")
    with pytest.raises(InvalidInput, match="phone"):
        plain.enroll("Bad Phone", phone="07x21")
    with pytest.raises(InvalidInput, match="e-mail"):
        plain.enroll("Bad Mail", email="not-an-address")
    assert outbox(plain) == []


def test_phone_is_normalised_with_the_configured_country_code(open_terminal: Callable[..., Terminal],
                                                              plain_template: Path, clock: FakeClock) -> None:
    first = open_terminal(plain_template)
    Options(default_country_code="+40").save(first.data_dir)
    terminal = Terminal(first.data_dir, clock=clock)
    try:
        card = terminal.enroll("Local Number", phone="0722 555 123").card
        assert terminal.member(card).phone == "+40722555123"
        assert terminal.member("0722-555-123").card == card
        assert terminal.member("+40 722 555 123").card == card
        with pytest.raises(DuplicateMember, match=card):
            terminal.enroll("Same Phone", phone="+40722555123")
    finally:
        terminal.close()


def test_member_lookup_by_card_and_phone_and_its_errors(demo: Terminal) -> None:
    assert demo.member("+40721000001").card == ANA
    assert demo.member(" 2900 0000 0001 8 ").card == ANA
    with pytest.raises(UnknownCard):
        demo.member(UNKNOWN_VALID)
    with pytest.raises(BadCheckDigit):
        demo.member("2900000000019")
    with pytest.raises(UnknownCard, match="phone"):
        demo.member("+40799999999")
    with pytest.raises(InvalidInput, match="neither a card number nor a phone"):
        demo.member("hello")


def test_search(demo: Terminal) -> None:
    assert [m.card for m in demo.search("popescu")] == [ANA]
    assert {m.card for m in demo.search("example.org")} == {ANA, MARCO, KIM, GIULIA}
    assert [m.card for m in demo.search("721000004")] == [ELENA]
    assert demo.search("x") == []


def test_demo_members_start_in_their_tiers(demo: Terminal) -> None:
    assert demo.member(ANA).tier == "bronze"
    assert demo.member(MARCO).tier == "silver"
    assert demo.member(ELENA).tier == "gold"
    assert demo.member(ANA).tier_status.missing == 50000


# --- sales --------------------------------------------------------------------------------------------------


def test_sale_earns_points_in_one_transaction_with_its_outbox_op(demo: Terminal, check_books: Books) -> None:
    before = demo.member(ANA).balance
    result = demo.sale(ANA, 2599, "R-1", cashier="cashier")
    assert (result.points_earned, result.balance, result.receipt, result.duplicate) == (
        25, before + 25, "R-1", False)
    [earn] = entries(demo, ANA, receipt="R-1")
    assert (earn.id, earn.kind, earn.points, earn.amount, earn.rules_version, earn.cashier_id) == (
        result.entry_id, "earn", 25, 2599, 1, "cashier")
    assert earn.remaining == 25
    assert earn.expires_at is not None and earn.expires_at.year == 2027
    [op] = [op for op in outbox(demo, "sale") if op["receipt"] == "R-1"]
    assert (op["amount"], op["currency"], op["tier"], op["member_card"]) == (2599, "EUR", "bronze", ANA)
    assert [e["id"] for e in op["entries"]] == [earn.id]
    with demo.db.reader() as session:
        sale = session.get_one(Sale, "R-1")
        assert (sale.amount, sale.points_earned, sale.earn_entry_id, sale.refunded_amount) == (
            2599, 25, earn.id, 0)
    assert demo.member(ANA).balance == before + 25
    check_books(demo)


def test_tier_multipliers(demo: Terminal) -> None:
    assert demo.sale(MARCO, 10000, "R-silver").points_earned == 125
    assert demo.sale(ELENA, 10000, "R-gold").points_earned == 150
    assert demo.sale(ANA, 10000, "R-bronze").points_earned == 100


def test_spending_moves_a_member_up_a_tier_for_the_next_sale(demo: Terminal) -> None:
    assert demo.sale(ANA, 50000, "R-big").points_earned == 500  # earned at bronze
    assert demo.member(ANA).tier == "silver"
    assert demo.sale(ANA, 10000, "R-next").points_earned == 125


def test_quote_matches_the_sale(demo: Terminal) -> None:
    quote = demo.quote(MARCO, 4321)
    assert (quote.points, quote.tier_id, quote.promotion_id) == (54, "silver", None)
    assert demo.sale(MARCO, 4321, "R-q").points_earned == quote.points


def test_weekend_promotion(demo: Terminal, clock: FakeClock) -> None:
    clock.advance(days=3)  # Saturday 21 November
    assert demo.quote(ANA, 5000).promotion_id == "weekend"
    assert demo.sale(ANA, 5000, "R-sat").points_earned == 100
    clock.advance(days=2)  # Monday
    assert demo.sale(ANA, 5000, "R-mon").points_earned == 50


def test_black_friday_beats_the_weekend_and_the_cap_holds(demo: Terminal, clock: FakeClock) -> None:
    clock.advance(days=10)  # Saturday 28 November, inside the Black Friday window
    assert demo.sale(ANA, 5000, "R-bf").points_earned == 150
    # gold x1.5, x3: 10,000.00 would earn 45,000; the cap is 5,000 a transaction
    assert demo.sale(ELENA, 1_000_000, "R-cap").points_earned == 5000


def test_a_basket_below_the_minimum_is_recorded_but_earns_nothing(demo: Terminal, check_books: Books) -> None:
    before = demo.member(ANA).balance
    result = demo.sale(ANA, 99, "R-small")
    assert (result.points_earned, result.balance) == (0, before)
    [earn] = entries(demo, ANA, receipt="R-small")
    assert (earn.points, earn.remaining, earn.amount) == (0, 0, 99)
    assert len([op for op in outbox(demo, "sale") if op["receipt"] == "R-small"]) == 1
    check_books(demo)


def test_birthday_bonus_once_a_year(demo: Terminal, clock: FakeClock, check_books: Books) -> None:
    first = demo.sale(KIM, 2000, "R-bday-1")  # Kim's birthday is in November
    assert first.points_earned == 20 + 100
    bonus = entries(demo, KIM, receipt="R-bday-1", kind="bonus")
    assert [(e.points, e.reason) for e in bonus] == [(100, "birthday bonus")]
    assert demo.sale(KIM, 2000, "R-bday-2").points_earned == 20
    assert demo.sale(ANA, 2000, "R-ana").points_earned == 20  # March birthday
    clock.now = clock.now.replace(year=2027)
    assert demo.sale(KIM, 2000, "R-bday-3").points_earned == 120
    check_books(demo)


def test_the_same_receipt_returns_the_first_result(demo: Terminal, check_books: Books) -> None:
    first = demo.sale(ANA, 4000, "R-dup")
    n_entries, n_ops = len(entries(demo, ANA)), len(outbox(demo))
    again = demo.sale(ANA, 4000, " R-dup ")
    assert again.duplicate
    assert (again.entry_id, again.points_earned, again.balance, again.receipt) == (
        first.entry_id, first.points_earned, first.balance, "R-dup")
    assert (len(entries(demo, ANA)), len(outbox(demo))) == (n_entries, n_ops)
    with pytest.raises(DomainError, match="already used for another sale"):
        demo.sale(ANA, 4001, "R-dup")
    with pytest.raises(DomainError, match="already used for another sale"):
        demo.sale(MARCO, 4000, "R-dup")
    assert demo.member(ANA).balance == first.balance
    check_books(demo)


def test_receipts_are_generated_when_omitted(demo: Terminal) -> None:
    first = demo.sale(ANA, 1000)
    second = demo.sale(ANA, 1000)
    assert first.receipt != second.receipt
    assert first.receipt.endswith("-20261118-0001") and second.receipt.endswith("-0002")


@pytest.mark.parametrize("amount", [0, -100])
def test_sale_amount_must_be_positive(demo: Terminal, amount: int) -> None:
    with pytest.raises(InvalidInput, match="more than zero"):
        demo.sale(ANA, amount, "R-zero")


def test_bad_receipts_and_cards(demo: Terminal) -> None:
    with pytest.raises(InvalidInput, match="1 to 64"):
        demo.sale(ANA, 1000, "R" * 65)
    with pytest.raises(UnknownCard):
        demo.sale(UNKNOWN_VALID, 1000, "R-u")
    with pytest.raises(BadCheckDigit):
        demo.sale("2900000000019", 1000, "R-b")
    with pytest.raises(InvalidInput):
        demo.sale("29000", 1000, "R-m")
    with demo.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Sale).where(Sale.receipt.like("R-%"))) == 0


def test_a_blocked_member_cannot_earn(demo: Terminal) -> None:
    with demo.db.transaction() as session:
        session.execute(update(Member).where(Member.card == ANA).values(blocked=True))
    with pytest.raises(MemberBlocked):
        demo.sale(ANA, 1000, "R-blocked")
    assert demo.member(ANA).blocked


def test_lookup_views_agree_with_the_ledger(demo: Terminal, clock: FakeClock) -> None:
    demo.sale(ANA, 1000, "R-v")
    view = demo.member(ANA)
    assert view.balance == sum(e.points for e in entries(demo, ANA))
    assert view.spendable == view.balance
    assert view.pending == 0
    clock.advance(days=320)  # 4 Oct 2027: the enrollment bonus (9 Oct 2026) expires within 30 days
    soon = demo.member(ANA)
    assert soon.expiring_soon == 50
    clock.advance(days=10)  # expired: neither spendable nor in the balance, even before the expiry job runs
    late = demo.member(ANA)
    assert late.spendable == late.balance == soon.balance - 50
    visits = demo.recent_visits(ANA, limit=2)
    assert len(visits) == 2 and visits[0].created_at >= visits[1].created_at


def test_birthday_on_enrollment_is_kept(plain: Terminal, clock: FakeClock) -> None:
    card = plain.enroll("Nov Baby", birthday=date(2000, 11, 30)).card
    assert plain.sale(card, 1000, "R-nb").points_earned == 110
    clock.advance(days=13)  # December: no bonus
    card2 = plain.enroll("Dec Baby", birthday=date(2000, 12, 1)).card
    assert plain.sale(card2, 1000, "R-db").points_earned == 110
    assert plain.sale(card2, 1000, "R-db2", cashier=None).points_earned == 10
