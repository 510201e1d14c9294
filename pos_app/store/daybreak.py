"""The daily report's breakdowns: by reward, by cashier, by hour of the shop's clock, and a 30-day trend.

The names and meanings are the server's store-day breakdowns (``sync.protocol`` RewardLine, CashierLine,
HourLine; ``sync.server.reports.Breakdowns``), so a screen can show this terminal next to its whole store:

- ``by_reward``: the day's redemptions per reward and the points they cost; a voided voucher's redemption
  is not counted (its redeem entry and the void's reversal stay in the day's ``points_redeemed`` and
  ``points_reversed``, as on the server);
- ``by_cashier``: per entry's ``cashier_id`` ("" when none): sales (earn entries), their gross amount,
  points issued (earn and bonus entries, an enrollment's bonus included), redemptions and their points;
- ``by_hour``: 24 lines (local hours 0-23) of sales, gross amount and the points the sales earned;
- ``trend``: the 30 days ending on the day, per day points issued and redeemed and visits (sales and
  redemptions), each day the very figures of its own daily report.

They follow pos_app.store.reports: this terminal's own entries only (never the ``server`` mirror rows), and
what the server's answers change: an entry the server applied with other points counts with the server's
points, a rejected op's entries count for nothing, a sale applied as a ``duplicate_receipt`` is no sale of
this till (its points are what the server gave it). Every query is a range of the indexed
``ledger_entries.created_at`` (vouchers joined by their unique ``entry_id``), grouped in SQL; the day's
hours and days are cut at the shop's wall-clock boundaries, so a DST day has its 23 or 25 hours too.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from pos_app.base.clock import shop_time, wall_clock
from pos_app.core.ledger import EntryKind
from pos_app.core.ops import OpKind
from pos_app.store.mirror import SERVER_TERMINAL
from pos_app.store.models import LedgerEntry, OutboxOp, Voucher
from pos_app.store.reports import APPLIED

TREND_DAYS = 30
ISSUED = (EntryKind.EARN, EntryKind.BONUS)
VOID = "void"


def hour_bounds(day: date, zone: ZoneInfo | None = None) -> list[datetime]:
    """25 instants: the start of each local hour 0-23 of ``day`` and the next midnight.

    A DST change makes the skipped hour empty (spring) or the repeated one two UTC hours long (autumn).
    """
    bounds = [wall_clock(day, zone, h) for h in range(24)] + [wall_clock(day + timedelta(days=1), zone)]
    for h in range(23, 0, -1):
        if shop_time(bounds[h], zone).replace(tzinfo=None) != datetime(day.year, day.month, day.day, h):
            bounds[h] = bounds[h + 1]  # a wall-clock hour that does not exist that day
    for i in range(1, len(bounds)):
        bounds[i] = max(bounds[i], bounds[i - 1])
    return bounds


def day_bounds(last: date, zone: ZoneInfo | None = None, days: int = TREND_DAYS) -> list[datetime]:
    """``days`` + 1 local midnights: the starts of the days ending with ``last``, and the end of ``last``."""
    first = last - timedelta(days=days - 1)
    return [wall_clock(first + timedelta(days=i), zone) for i in range(days + 1)]


def _bucket(column: Any, bounds: Sequence[datetime]) -> Any:
    """The index of the [bounds[i], bounds[i+1]) range holding ``column`` (rows are filtered to the span)."""
    return case(*[(column < bound, i) for i, bound in enumerate(bounds[1:])], else_=len(bounds) - 2)


def _sum(value: Any) -> Any:
    return func.coalesce(func.sum(value), 0)


@dataclass
class Change:
    """What one server answer says of one of this terminal's entries."""

    entry_id: str
    at: datetime  # the op's time: its day and hour
    op_kind: str
    rejected: bool = False  # the entry counts for nothing (with its sale or redemption)
    server_points: int | None = None  # the points the server applied it with
    not_a_sale: int = 0  # an applied duplicate_receipt sale's amount: the store's sale is another till's


@dataclass(frozen=True)
class EntryInfo:
    kind: str
    points: int  # as stored now (a correction already applied here leaves nothing to fix)
    cashier: str
    receipt: str | None
    amount: int  # an earn entry's: its sale's amount
    reward: str | None  # a redemption's, unless its voucher was voided


def _changes(session: Session, start: datetime, end: datetime) -> Iterator[Change]:
    """The ops made in [start, end) whose answers change what their local entries count."""
    ops = session.execute(select(OutboxOp.kind, OutboxOp.status, OutboxOp.payload, OutboxOp.result,
                                 OutboxOp.created_at).where(
        OutboxOp.created_at >= start, OutboxOp.created_at < end,
        or_(OutboxOp.status == "rejected",
            OutboxOp.status.in_(APPLIED) & OutboxOp.result.like('%"adjusted":{"%'),
            (OutboxOp.kind == OpKind.SALE) & OutboxOp.result.like('%"duplicate_receipt"%'))))
    for kind, status, payload, result, at in ops:
        try:
            op, answer = json.loads(payload or "{}"), json.loads(result or "{}")
            entries = [(str(e["id"]), str(e.get("kind"))) for e in op.get("entries") or []]
            if status == "rejected":
                yield from (Change(entry_id, at, kind, rejected=True) for entry_id, _k in entries)
            elif status in APPLIED:
                ids = {entry_id for entry_id, _k in entries}
                for entry_id, points in (answer.get("adjusted") or {}).items():
                    if str(entry_id) in ids:
                        yield Change(str(entry_id), at, kind, server_points=int(points))
                if kind == OpKind.SALE and answer.get("conflict") == "duplicate_receipt":
                    earn = next((e for e, k in entries if k == EntryKind.EARN), None)
                    if earn is not None:
                        yield Change(earn, at, kind, not_a_sale=int(op.get("amount") or 0))
        except (ValueError, TypeError, AttributeError, KeyError):
            continue  # an op or answer this terminal cannot read changes nothing it reports


def _entries(session: Session, ids: Sequence[str]) -> dict[str, EntryInfo]:
    """This terminal's own entries among ``ids`` (primary-key lookups), with a redemption's reward."""
    found: dict[str, EntryInfo] = {}
    for part in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        rows = session.execute(
            select(LedgerEntry.id, LedgerEntry.kind, LedgerEntry.points, LedgerEntry.cashier_id,
                   LedgerEntry.receipt, LedgerEntry.amount, Voucher.reward_id, Voucher.state)
            .outerjoin(Voucher, Voucher.entry_id == LedgerEntry.id)
            .where(LedgerEntry.id.in_(part), LedgerEntry.terminal_id != SERVER_TERMINAL))
        for entry_id, kind, points, cashier, receipt, amount, reward, state in rows:
            found[entry_id] = EntryInfo(kind, int(points), cashier or "", receipt, int(amount or 0),
                                        reward if state != VOID else None)
    return found


class DayBreakdowns:
    """Collects the four breakdowns of [start, end), the trend over the 30 days ending there."""

    def __init__(self, day: date, start: datetime, end: datetime, zone: ZoneInfo | None = None) -> None:
        self.day, self.start, self.end = day, start, end
        self.hours = hour_bounds(day, zone)
        self.days = day_bounds(day, zone)
        self.hours[0], self.hours[-1], self.days[-1] = start, end, end  # the report's own day, exactly
        self.rewards: dict[str, list[int]] = {}
        self.cashiers: dict[str, list[int]] = {}
        self.by_hour = [[0, 0, 0] for _ in range(24)]
        self.trend = [[0, 0, 0] for _ in range(TREND_DAYS)]

    def collect(self, session: Session) -> dict[str, Any]:
        self._rewards(session)
        self._cashiers(session)
        self._hours(session)
        self._trend(session)
        self._apply(session)
        return self.lines()

    def _rewards(self, session: Session) -> None:
        e = LedgerEntry
        for reward, count, points in session.execute(
                select(Voucher.reward_id, func.count(), _sum(-e.points))
                .join(Voucher, Voucher.entry_id == e.id)
                .where(e.terminal_id != SERVER_TERMINAL, e.created_at >= self.start, e.created_at < self.end,
                       e.kind == EntryKind.REDEEM, Voucher.state != VOID)
                .group_by(Voucher.reward_id)):
            _add(self.rewards, reward, (int(count), int(points)))

    def _cashiers(self, session: Session) -> None:
        e = LedgerEntry
        is_earn, is_redeem = e.kind == EntryKind.EARN, e.kind == EntryKind.REDEEM
        for cashier, *values in session.execute(select(
                e.cashier_id, _sum(case((is_earn, 1), else_=0)), _sum(case((is_earn, e.amount), else_=0)),
                _sum(case((e.kind.in_(ISSUED), e.points), else_=0)),
                _sum(case((is_redeem, 1), else_=0)), _sum(case((is_redeem, -e.points), else_=0)))
                .where(e.terminal_id != SERVER_TERMINAL, e.created_at >= self.start, e.created_at < self.end)
                .group_by(e.cashier_id)):
            _add(self.cashiers, cashier or "", tuple(int(v) for v in values))

    def _hours(self, session: Session) -> None:
        e = LedgerEntry
        is_earn = e.kind == EntryKind.EARN
        bucket = _bucket(e.created_at, self.hours)
        for hour, *values in session.execute(
                select(bucket, _sum(case((is_earn, 1), else_=0)), _sum(case((is_earn, e.amount), else_=0)),
                       _sum(e.points))
                .where(e.terminal_id != SERVER_TERMINAL, e.created_at >= self.start, e.created_at < self.end,
                       e.kind.in_(ISSUED), e.receipt.is_not(None))  # a sale's earn and birthday bonus
                .group_by(bucket)):
            _add_line(self.by_hour[int(hour)], values)

    def _trend(self, session: Session) -> None:
        e = LedgerEntry
        bucket = _bucket(e.created_at, self.days)
        for index, *values in session.execute(
                select(bucket, _sum(case((e.kind.in_(ISSUED), e.points), else_=0)),
                       _sum(case((e.kind == EntryKind.REDEEM, -e.points), else_=0)),
                       _sum(case((e.kind.in_((EntryKind.EARN, EntryKind.REDEEM)), 1), else_=0)))
                .where(e.terminal_id != SERVER_TERMINAL, e.created_at >= self.days[0],
                       e.created_at < self.end, e.kind.in_((*ISSUED, EntryKind.REDEEM)))
                .group_by(bucket)):
            _add_line(self.trend[int(index)], values)

    def _apply(self, session: Session) -> None:
        """Add what the server's answers to the ops of these 30 days change."""
        changes = list(_changes(session, self.days[0], self.end))
        if not changes:
            return
        known = _entries(session, list(dict.fromkeys(c.entry_id for c in changes)))
        for change in changes:
            entry = known.get(change.entry_id)
            if entry is None:
                continue  # a row the mirror holds (the server's), or no row here: nothing this till counted
            points = (-entry.points if change.rejected
                      else change.server_points - entry.points if change.server_points is not None else 0)
            is_sale = entry.kind == EntryKind.EARN and change.op_kind == OpKind.SALE
            sales = -1 if is_sale and (change.rejected or change.not_a_sale) else 0
            amount = -entry.amount if sales else 0
            redemptions = -1 if change.rejected and entry.kind == EntryKind.REDEEM else 0
            issued = points if entry.kind in ISSUED else 0
            redeemed = -points if entry.kind == EntryKind.REDEEM else 0
            _add_line(self.trend[bisect_right(self.days, change.at) - 1],
                      (issued, redeemed, sales + redemptions))
            if not self.start <= change.at < self.end:
                continue
            _add(self.cashiers, entry.cashier, (sales, amount, issued, redemptions, redeemed))
            if entry.receipt is not None and entry.kind in ISSUED:
                _add_line(self.by_hour[bisect_right(self.hours, change.at) - 1],
                          (sales, amount, issued))
            if entry.kind == EntryKind.REDEEM and entry.reward is not None:
                _add(self.rewards, entry.reward, (redemptions, redeemed))

    def lines(self) -> dict[str, Any]:
        first = self.day - timedelta(days=TREND_DAYS - 1)
        return {
            "by_reward": [{"reward": r, "redemptions": n, "points": p}
                          for r, (n, p) in sorted(self.rewards.items(), key=lambda kv: (-kv[1][0], kv[0]))
                          if n or p],
            "by_cashier": [{"cashier": c, "sales": v[0], "sales_amount": v[1], "points_issued": v[2],
                            "redemptions": v[3], "points_redeemed": v[4]}
                           for c, v in sorted(self.cashiers.items()) if any(v)],
            "by_hour": [{"hour": h, "sales": v[0], "sales_amount": v[1], "points_issued": v[2]}
                        for h, v in enumerate(self.by_hour)],
            "trend": [{"date": (first + timedelta(days=i)).isoformat(), "points_issued": v[0],
                       "points_redeemed": v[1], "visits": v[2]} for i, v in enumerate(self.trend)],
        }


def _add(lines: dict[str, list[int]], key: str, values: Sequence[int]) -> None:
    _add_line(lines.setdefault(key, [0] * len(values)), values)


def _add_line(line: list[int], values: Sequence[Any]) -> None:
    for i, value in enumerate(values):
        line[i] += int(value)


def breakdowns(session: Session, day: date, start: datetime, end: datetime,
               zone: ZoneInfo | None = None) -> dict[str, Any]:
    """``by_reward``, ``by_cashier``, ``by_hour`` (24 lines) and ``trend`` (30 days) of the report of ``day``
    ([start, end) in UTC, the shop's wall-clock day in ``zone``; None: this machine's)."""
    return DayBreakdowns(day, start, end, zone).collect(session)
