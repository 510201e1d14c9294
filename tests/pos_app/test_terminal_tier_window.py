"""The terminal's tier from dated spend: local sales plus the other terminals' spend by sale time.

A pull leaves the member's spend at other terminals as rows (member_spend, migration 0005); every tier
the terminal computes (sale, quote, member view, rewards, redemption) counts a row while its time is
inside the rolling window, the same instant-by-instant rule as the server (sync/server/rules.py):
``window_start(now) <= at``. So the tier ages offline instead of staying at the last pull's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from pos_app.core.errors import Code, RewardNotAllowed
from pos_app.core.tiers import QUALIFYING_WINDOW
from pos_app.store import mirror
from pos_app.store.db import alembic_config, make_engine
from pos_app.store.models import Member, MemberSpend, OutboxOp
from pos_app.terminal import Terminal, initialize
from tests.clocks import FakeClock

ANA = "2900000000018"
GOLD, SILVER = 200_000, 50_000  # the demo program's thresholds, in cents


def _pull(terminal: Terminal, card: str, spend: Sequence[tuple[datetime, int]], now: datetime,
          points: int = 0) -> None:
    """What a pull does to the member: the server's state, with ``spend`` made at other terminals and
    one open lot of ``points``."""
    lots = (mirror.ServerLot("01900000-0000-7000-8000-00000000e001", "earn", points, points,
                             now - timedelta(days=1), now + timedelta(days=300), now - timedelta(days=1)),
            ) if points else ()
    with terminal.db.transaction() as session:
        member = session.scalars(select(Member).where(Member.card == card)).one()
        state = mirror.ServerMember(
            id=member.id, card=member.card, name=member.name, phone=None, email=None, birthday=None,
            marketing_consent=False, store_id=member.store_id, created_at=member.created_at, blocked=False,
            balance=points, last_birthday_bonus_year=None, lots=lots,
            spend=tuple(mirror.ServerSpend(at, amount) for at, amount in spend))
        mirror.apply_members(session, [state], now)


def _member_card(terminal: Terminal) -> str:
    return terminal.enroll("Tier Window").card


def _rows(terminal: Terminal) -> list[tuple[datetime, int]]:
    with terminal.db.reader() as session:
        return [(r.at, r.amount) for r in session.scalars(select(MemberSpend).order_by(MemberSpend.at))]


def test_spend_elsewhere_counts_until_the_instant_it_leaves_the_window(plain: Terminal,
                                                                       clock: FakeClock) -> None:
    card = _member_card(plain)
    sold_at = clock.now - timedelta(days=100)
    _pull(plain, card, [(sold_at, GOLD)], clock.now)
    assert plain.member(card).tier == "gold"
    clock.now = sold_at + QUALIFYING_WINDOW  # the window's first instant still holds it (start <= at)
    assert plain.member(card).tier == "gold"
    clock.now = sold_at + QUALIFYING_WINDOW + timedelta(microseconds=1)
    assert plain.member(card).tier == "bronze"
    assert plain.member(card).tier_status.spend == 0


def test_each_dated_row_leaves_on_its_own_date(plain: Terminal, clock: FakeClock) -> None:
    card = _member_card(plain)
    start = clock.now
    _pull(plain, card, [(start - timedelta(days=300), GOLD - SILVER), (start - timedelta(days=10), SILVER)],
          start)
    view = plain.member(card)
    assert (view.tier, view.tier_status.spend) == ("gold", GOLD)
    clock.now = start + timedelta(days=66)  # the older row is out (300 + 66 > 365), the newer one in
    view = plain.member(card)
    assert (view.tier, view.tier_status.spend) == ("silver", SILVER)
    clock.now = start + timedelta(days=356)
    assert plain.member(card).tier == "bronze"


def test_local_sales_and_spend_elsewhere_add_up_and_age_separately(plain: Terminal, clock: FakeClock) -> None:
    card = _member_card(plain)
    start = clock.now
    _pull(plain, card, [(start - timedelta(days=200), GOLD - 30_000)], start)
    assert plain.member(card).tier == "silver"
    plain.sale(card, 30_000, "LOCAL-1")  # local sale, today: gold with the spend elsewhere
    assert plain.member(card).tier == "gold"
    clock.now = start + timedelta(days=166)  # the spend elsewhere has left; the local sale has not
    view = plain.member(card)
    assert (view.tier, view.tier_status.spend) == ("bronze", 30_000)


def test_sale_quote_and_rewards_use_the_same_aged_tier(plain: Terminal, clock: FakeClock) -> None:
    card = _member_card(plain)
    start = clock.now
    _pull(plain, card, [(start - timedelta(days=360), GOLD)], start, points=1_000)
    assert plain.quote(card, 10_000).tier_id == "gold"
    assert {e.reward.id: e.code for e in plain.rewards_for(card)}["spa"] is Code.REWARD_POINTS  # tier: fine
    plain.redeem(card, "10pct")  # silver and up
    plain.sale(card, 10_000, "GOLD-1")
    clock.now = start + timedelta(days=6)  # the gold spend left the window yesterday
    assert plain.quote(card, 10_000).tier_id == "bronze"
    assert {e.reward.id: e.code for e in plain.rewards_for(card)}["spa"] is Code.REWARD_TIER
    with pytest.raises(RewardNotAllowed) as refused:
        plain.redeem(card, "10pct")
    assert refused.value.code is Code.REWARD_TIER
    result = plain.sale(card, 10_000, "BRONZE-1")
    assert result.points_earned == plain.quote(card, 10_000).points == 100
    with plain.db.reader() as session:
        tiers = {json.loads(op.payload)["receipt"]: json.loads(op.payload)["tier"]
                 for op in session.scalars(select(OutboxOp).where(OutboxOp.kind == "sale"))}
    assert tiers == {"GOLD-1": "gold", "BRONZE-1": "bronze"}


def test_a_pull_replaces_the_members_dated_spend(plain: Terminal, clock: FakeClock) -> None:
    card, other = _member_card(plain), plain.enroll("Someone Else").card
    start = clock.now
    _pull(plain, other, [(start - timedelta(days=5), 1_000)], start)
    _pull(plain, card, [(start - timedelta(days=30), GOLD), (start - timedelta(days=3), 500)], start)
    assert len(_rows(plain)) == 3
    _pull(plain, card, [(start - timedelta(days=3), 500)], start)  # refunded elsewhere since
    assert _rows(plain) == [(start - timedelta(days=5), 1_000), (start - timedelta(days=3), 500)]
    assert plain.member(card).tier_status.spend == 500
    assert plain.member(other).tier_status.spend == 1_000


def test_an_upgraded_terminal_keeps_its_tiers_until_a_year_after_its_last_pull(tmp_path: Path,
                                                                                clock: FakeClock) -> None:
    """0005 moves base_spend (the spend elsewhere of the last pull) to one row dated at that pull."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    path = data / "terminal.db"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0004")
    engine.dispose()
    pulled = clock.now - timedelta(days=20)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO members (id, card, name, marketing_consent, store_id, created_at, blocked,"
                     " balance, base_spend, server_balance, server_synced_at) VALUES ('m1', ?, 'Old Member',"
                     " 0, 'demo', '2025-01-01 10:00:00.000000', 0, 0, ?, 0, ?)",
                     (ANA, SILVER, pulled.replace(tzinfo=None).isoformat(" ", "microseconds")))
    conn.close()
    initialize(data, clock=clock)
    terminal = Terminal(data, clock=clock)
    try:
        assert _rows(terminal) == [(pulled, SILVER)]
        with terminal.db.reader() as session:
            assert session.scalar(select(Member.base_spend)) == 0
        assert terminal.member(ANA).tier == "silver"
        clock.now = pulled + QUALIFYING_WINDOW - timedelta(seconds=1)
        assert terminal.member(ANA).tier == "silver"
        clock.now = pulled + QUALIFYING_WINDOW + timedelta(seconds=1)
        assert terminal.member(ANA).tier == "bronze"
    finally:
        terminal.close()


def test_the_migration_goes_back_to_base_spend(tmp_path: Path, clock: FakeClock) -> None:
    data = tmp_path / "data"
    initialize(data, clock=clock)
    terminal = Terminal(data, clock=clock)
    try:
        card = _member_card(terminal)
        _pull(terminal, card, [(clock.now - timedelta(days=9), 700), (clock.now - timedelta(days=2), 300)],
              clock.now)
    finally:
        terminal.close()
    engine = make_engine(data / "terminal.db")
    try:
        command.downgrade(alembic_config(engine), "0004")
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT base_spend FROM members WHERE card = ?", (card,)).scalar() \
                == 1_000
            assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'member_spend'") \
                .scalar() is None
    finally:
        engine.dispose()


def test_datetimes_round_trip_as_aware_utc(plain: Terminal, clock: FakeClock) -> None:
    card = _member_card(plain)
    at = datetime(2026, 6, 1, 12, 30, 15, 123456, tzinfo=UTC)
    _pull(plain, card, [(at, 42)], clock.now)
    assert _rows(plain) == [(at, 42)]
