"""A scan's card look-up runs as plain SQL (pos_app.store.salepath: MEMBER_BY_CARD, VIEW) on the read
engine's DBAPI connection, without ORM objects: it finds what the ORM found, the same way (a merged
card's alias included), and the member view and the quote fail the way they did."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import select

from pos_app.core import cards
from pos_app.core.errors import BadCheckDigit, Code, InvalidInput, MemberBlocked, UnknownCard
from pos_app.core.tiers import status, window_start
from pos_app.results import MemberView
from pos_app.store import mirror, queries, salepath
from pos_app.store.book import MemberBook
from pos_app.store.models import Member
from pos_app.terminal import Terminal
from tests.clocks import FakeClock
from tests.pos_app.test_terminal_sale_hotpath import _member_with_debts_and_due_lots

DEMO_CARDS = ("2900000000018", "2900000000025", "2900000000032", "2900000000049", "2900000000056")
NOBODY = "2900000000063"  # a valid card number no member holds


def _orm_facts(terminal: Terminal, card: str) -> tuple[object, ...] | None:
    """What the ORM path read for a card: the member's columns, open rows, tier spend and pending ops."""
    now = terminal.clock()
    with terminal.db.reader() as session:
        member = queries.member_by_card(session, card)
        if member is None and (kept := mirror.alias_target(session, card)) is not None:
            member = queries.member_by_card(session, kept)
        if member is None:
            return None
        rows = sorted((r.id, r.points, r.remaining, r.outstanding, r.available_at, r.expires_at)
                      for r in MemberBook(session, member).rows.values())
        return ((member.id, member.card, member.name, member.phone, member.email, member.blocked,
                 member.balance), rows, queries.spend_since(session, member.id, window_start(now)),
                queries.pending_ops(session, member.id))


def _plain_facts(terminal: Terminal, card: str) -> tuple[object, ...] | None:
    with terminal.db.raw_reader() as conn:
        holder = salepath.card_holder(conn, card)
        facts = salepath.view_facts(conn, card, window_start(terminal.clock()))
        spend = salepath.spend_of(conn, holder.id, window_start(terminal.clock())) if holder else None
    if facts is None:
        assert holder is None
        return None
    assert holder == facts.holder and spend == facts.window_spend
    h = facts.holder
    return ((h.id, h.card, h.name, h.phone, h.email, h.blocked, h.balance), sorted(facts.open_rows),
            facts.window_spend, facts.pending_ops)


def _orm_view(terminal: Terminal, card: str) -> MemberView:
    """The member view as the ORM path built it (before the scan's plain look-up)."""
    now = terminal.clock()
    with terminal.db.reader() as session:
        member = queries.member_by_card(session, card)
        assert member is not None
        ledger = MemberBook(session, member).ledger
        summary = ledger.summary(now)
        balance = summary.balance - sum(lot.remaining for lot in ledger.due_expiries(now))
        tier = status(terminal.program, queries.spend_since(session, member.id, window_start(now)))
        return MemberView(member.card, member.name, member.phone, member.email, tier.tier.id, tier.tier.name,
                          tier, balance, summary.spendable, summary.pending, summary.expiring_soon,
                          queries.pending_ops(session, member.id), member.blocked)


def _alias(terminal: Terminal, merged: str, kept: str) -> None:
    """HQ merged the member of ``merged`` into ``kept``'s (as mirror.fold_aliases leaves it)."""
    conn = sqlite3.connect(terminal.db.path)
    with conn:
        conn.execute("INSERT INTO sync_state (key, value) VALUES (?, ?)", (mirror.alias_key(merged), kept))
    conn.close()


def test_the_plain_look_ups_read_what_the_orm_read(demo: Terminal) -> None:
    demo.sale(DEMO_CARDS[0], 12_345, "LOOK-1")
    demo.redeem(DEMO_CARDS[1], "coffee")
    demo.refund("DEMO-0025-1", 1000)
    _alias(demo, NOBODY, DEMO_CARDS[2])
    for card in (*DEMO_CARDS, NOBODY, "2900000000070"):
        orm = _orm_facts(demo, card)
        assert _plain_facts(demo, card) == orm
    for card in DEMO_CARDS:
        assert demo.member(card) == _orm_view(demo, card)
    assert _plain_facts(demo, NOBODY) is not None and _plain_facts(demo, "2900000000070") is None


def test_a_member_with_debts_and_due_lots_reads_alike(plain: Terminal, clock: FakeClock) -> None:
    card = _member_with_debts_and_due_lots(plain, clock)
    orm = _orm_facts(plain, card)
    assert orm is not None and len(orm[1]) == 5  # three lots (two due) and two debts
    assert _plain_facts(plain, card) == orm
    view = plain.member(card)
    assert view == _orm_view(plain, card)
    assert view.balance == 40 - 25 - 10  # the due lots no longer count


def test_a_merged_card_opens_the_kept_member(demo: Terminal) -> None:
    kept = DEMO_CARDS[3]
    _alias(demo, NOBODY, kept)
    assert demo.member(NOBODY) == demo.member(kept)
    assert demo.quote(NOBODY, 5_000) == demo.quote(kept, 5_000)
    assert demo.sale(NOBODY, 5_000, "MERGED-1").balance == demo.member(kept).balance


def test_unknown_and_malformed_cards_fail_as_before(demo: Terminal) -> None:
    for call in (demo.member, lambda c: demo.quote(c, 5_000)):
        with pytest.raises(UnknownCard) as unknown:
            call(NOBODY)
        assert unknown.value.code is Code.UNKNOWN_CARD
        assert unknown.value.params == {"card": cards.masked(NOBODY)}
        with pytest.raises(BadCheckDigit):
            call("2900000000019")
    with pytest.raises(InvalidInput) as short:
        demo.quote("12", 5_000)
    assert short.value.code is Code.CARD_LENGTH
    with pytest.raises(InvalidInput) as neither:
        demo.member("12")
    assert neither.value.code is Code.NOT_CARD_OR_PHONE


def test_a_blocked_member_is_shown_blocked_and_quoted_but_not_sold_to(demo: Terminal) -> None:
    card = DEMO_CARDS[4]
    with demo.db.transaction() as session:
        session.scalars(select(Member).where(Member.card == card)).one().blocked = True
    assert demo.member(card).blocked is True
    assert demo.quote(card, 5_000).points > 0
    with pytest.raises(MemberBlocked):
        demo.sale(card, 5_000, "BLOCKED-1")


def test_the_view_counts_only_the_members_pending_ops(demo: Terminal, clock: FakeClock) -> None:
    before = {card: demo.member(card).pending_ops for card in DEMO_CARDS}
    demo.sale(DEMO_CARDS[0], 1_000, "PEND-1")
    clock.now += timedelta(minutes=1)
    demo.sale(DEMO_CARDS[0], 1_000, "PEND-2")
    after = {card: demo.member(card).pending_ops for card in DEMO_CARDS}
    assert after == {**before, DEMO_CARDS[0]: before[DEMO_CARDS[0]] + 2}
