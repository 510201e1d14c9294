"""Sync agent pieces that need no server: backoff, and the member mirror (rebase on server state)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.store import mirror, syncstore
from pos_app.store.models import Allocation, LedgerEntry, Member, OutboxOp
from pos_app.sync_agent import Backoff, NotRegistered, SyncAgent, backoff_delay
from tests.clocks import FakeClock


def test_backoff_grows_exponentially_with_jitter_up_to_five_minutes() -> None:
    assert backoff_delay(0, lambda: 0.5) == 0
    lows = [backoff_delay(n, lambda: 0.0) for n in range(1, 12)]
    highs = [backoff_delay(n, lambda: 1.0) for n in range(1, 12)]
    assert lows[:4] == [1.0, 2.0, 4.0, 8.0] and highs[:4] == [2.0, 4.0, 8.0, 16.0]
    assert max(highs) == 300.0 and max(lows) == 150.0
    assert backoff_delay(10_000, lambda: 1.0) == 300.0


def test_backoff_schedule_follows_the_clock() -> None:
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    backoff = Backoff(lambda: now[0], lambda: 1.0)
    assert backoff.ready()
    assert backoff.failed() == 2.0 and not backoff.ready()
    now[0] += timedelta(seconds=2)
    assert backoff.ready()
    assert backoff.failed() == 4.0
    backoff.succeeded()
    assert backoff.ready() and backoff.failures == 0


@pytest.mark.allow_log("tessera.sync", "sync failed: this terminal is not registered")
def test_an_unregistered_terminal_reports_instead_of_raising(tmp_path: Path, clock: FakeClock) -> None:
    from pos_app.terminal import initialize

    initialize(tmp_path / "t", clock=clock)
    agent = SyncAgent(tmp_path / "t", clock=clock)
    try:
        result = agent.sync_once()
        assert not result.ok and "not registered" in (result.error or "")
        with pytest.raises(NotRegistered):
            agent.client()
    finally:
        agent.close()


def _lot(entry_id: str, remaining: int, expires: datetime, created: datetime) -> mirror.ServerLot:
    return mirror.ServerLot(entry_id, "earn", remaining, remaining, created, expires, created)


def _state(member: Member, balance: int, lots: list[mirror.ServerLot]) -> mirror.ServerMember:
    return mirror.ServerMember(
        id=member.id, card=member.card, name=member.name, phone=None, email=None, birthday=None,
        marketing_consent=False, store_id="demo", created_at=member.created_at, blocked=False,
        balance=balance, last_birthday_bonus_year=None, lots=tuple(lots), debts=())


def _ledger_sum(session: Session, member_id: str) -> int:
    return int(session.scalar(select(func.sum(LedgerEntry.points)).where(LedgerEntry.member_id == member_id)))


def test_rebase_keeps_unacknowledged_entries_on_top_of_the_server_state(tmp_path: Path,
                                                                         clock: FakeClock) -> None:
    from pos_app.terminal import Terminal, initialize

    initialize(tmp_path / "t", clock=clock)
    terminal = Terminal(tmp_path / "t", clock=clock)
    try:
        card = terminal.enroll("Mirror Test").card  # +50 bonus, not yet acknowledged
        now = clock()
        with terminal.db.transaction() as session:
            member = session.scalar(select(Member).where(Member.card == card))
            state = _state(member, 300, [
                _lot("01900000-0000-7000-8000-00000000aaaa", 100, datetime(2027, 1, 1, tzinfo=UTC), now),
                _lot("01900000-0000-7000-8000-00000000bbbb", 200, datetime(2027, 6, 1, tzinfo=UTC), now)])
            mirror.apply_members(session, [state], now)
        view = terminal.member(card)
        assert view.balance == 300 + 50 and view.spendable == 350

        redeemed = terminal.redeem(card, "5off")  # 250: oldest expiry first, across server lots
        assert redeemed.balance == 100
        with terminal.db.reader() as session:
            member = session.scalar(select(Member).where(Member.card == card))
            taken = {a.lot_id[-4:]: a.points for a in session.scalars(
                select(Allocation).where(Allocation.debit_id == redeemed.entry_id))}
            assert taken == {"aaaa": 100, "bbbb": 150}
            assert _ledger_sum(session, member.id) == member.balance == 100

        with terminal.db.transaction() as session:  # the server answers, then reports its new state
            ops = list(session.scalars(select(OutboxOp)))
            syncstore.record_answers(session, [(op.seq, "applied", None, "{}") for op in ops], now)
            member = session.scalar(select(Member).where(Member.card == card))
            bonus = session.scalar(select(LedgerEntry).where(LedgerEntry.member_id == member.id,
                                                             LedgerEntry.kind == "bonus"))
            state = _state(member, 100, [
                _lot("01900000-0000-7000-8000-00000000bbbb", 50, datetime(2027, 6, 1, tzinfo=UTC), now),
                _lot(bonus.id, 50, bonus.expires_at, now)])
            mirror.apply_members(session, [state], now)
        with terminal.db.reader() as session:
            member = session.scalar(select(Member).where(Member.card == card))
            assert member.balance == member.server_balance == 100
            assert _ledger_sum(session, member.id) == 100
            assert session.get(LedgerEntry, "01900000-0000-7000-8000-00000000aaaa").remaining == 0
        assert terminal.status()["pending_ops"] == 0
    finally:
        terminal.close()
