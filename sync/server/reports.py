"""Daily figures per store (or all stores) from the authoritative ledger.

A store's day is midnight to midnight in the store's IANA time zone (``stores.tz``);
the report of all stores adds up each store's own day. Each figure counts what
happened that day once: a refund on the day of the refund (not subtracted from the
day of the sale), every expire entry once (a terminal's expiry of a lot the server
had already expired was recorded as zero points), so the day's figures of a store's
terminals add up to the store's. The day is also broken down by reward, by cashier and by
hour of the store's clock (the chain's hours add up each store's own hours).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import String, case, func, literal, or_, select
from sqlalchemy.orm import Session

from pos_app.base.csvtables import tables_csv
from pos_app.core.ledger import EntryKind
from pos_app.core.ops import OpKind
from sync.protocol import CashierLine, DailyReport, HourLine, RewardLine
from sync.server.models import (
    Conflict,
    LedgerEntry,
    Member,
    Op,
    Redemption,
    Sale,
    Store,
    Terminal,
    Voucher,
)

FIGURES = ("transactions", "sales", "refunds", "redemptions", "sales_amount", "points_issued",
           "points_reversed", "points_redeemed", "points_expired", "points_adjusted", "enrollments",
           "conflicts")


BASIS = 10_000  # rates in basis points: no floats


def rate(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in basis points, rounded half up; None when there is no whole."""
    return (part * BASIS * 2 + whole) // (whole * 2) if whole > 0 else None


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The day in ``zone``, as UTC instants (a day of 23 or 25 hours when the clocks change)."""
    following = day + timedelta(days=1)
    return (datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC),
            datetime(following.year, following.month, following.day, tzinfo=zone).astimezone(UTC))


def store_zone(name: str | None) -> ZoneInfo:
    """A store's zone; one this machine's zone database does not know reads as UTC rather than failing."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


def daily_csv(report: dict[str, Any]) -> str:
    """A daily report (as JSON data) as CSV: the day's figures in one row, then each breakdown as its own
    table after a blank line."""
    figures = {k: v for k, v in report.items() if not isinstance(v, list)}
    return tables_csv([[figures], *(v for v in report.values() if isinstance(v, list))])


def daily(session: Session, day: date, store_id: str | None) -> DailyReport:
    stores: list[tuple[str, str | None]]
    if store_id is not None:
        stores = [(store_id, session.scalar(select(Store.tz).where(Store.id == store_id)))]
    else:
        stores = [(store, tz) for store, tz in session.execute(select(Store.id, Store.tz).order_by(Store.id))]
    figures: dict[str, int] = dict.fromkeys(FIGURES, 0)
    split = Breakdowns()
    by_zone: dict[str, list[str]] = {}
    for store, tz in stores:  # stores in one zone share the day's bounds: one set of queries for them all
        by_zone.setdefault(store_zone(tz).key, []).append(store)
    for key, ids in by_zone.items():
        zone = ZoneInfo(key)
        start, end = day_bounds(day, zone)
        for name, value in store_day(session, ids, start, end).items():
            figures[name] += value
        split.add(session, ids, start, end, zone)
    return DailyReport.model_validate({"date": day, "store": store_id, **figures, **split.lines()})


class Breakdowns:
    """The day by reward, by cashier and by hour of the store's clock, added up over stores."""

    def __init__(self) -> None:
        self.rewards: dict[str, list[int]] = {}
        self.cashiers: dict[str, list[int]] = {}
        self.hours = [[0, 0, 0] for _ in range(24)]

    def add(self, session: Session, store_ids: Sequence[str], start: datetime, end: datetime,
            zone: ZoneInfo) -> None:
        e = LedgerEntry
        in_day = (e.store_id.in_(store_ids), e.created_at >= start, e.created_at < end)
        not_voided = or_(Voucher.state.is_(None), Voucher.state != "void")
        for reward, count, points in session.execute(
                select(Redemption.reward_id, func.count(), func.coalesce(func.sum(-e.points), 0))
                .join(e, e.id == Redemption.entry_id)
                .outerjoin(Voucher, Voucher.entry_id == Redemption.entry_id)
                .where(not_voided, *in_day).group_by(Redemption.reward_id)):
            _add(self.rewards, reward, (int(count), int(points)))
        # Sales from the store's sales (a receipt another till earned already is none), by their earn entry's
        # cashier; points and redemptions from the day's entries.
        for cashier, count, amount in session.execute(
                select(e.cashier_id, func.count(), _sum(Sale.amount)).join(e, e.id == Sale.earn_entry_id)
                .where(Sale.store_id.in_(store_ids), Sale.created_at >= start, Sale.created_at < end)
                .group_by(e.cashier_id)):
            _add(self.cashiers, cashier or "", (int(count), int(amount), 0, 0, 0))
        is_redeem = e.kind == EntryKind.REDEEM
        for cashier, *values in session.execute(select(
                e.cashier_id, _sum(case((e.kind.in_((EntryKind.EARN, EntryKind.BONUS)), e.points), else_=0)),
                _sum(case((is_redeem, 1), else_=0)), _sum(case((is_redeem, -e.points), else_=0)))
                .where(*in_day).group_by(e.cashier_id)):
            _add(self.cashiers, cashier or "", (0, 0, *(int(v) for v in values)))
        bucket = hour_bucket(session, Sale.created_at)
        for hour, count, amount, points in session.execute(
                select(bucket, func.count(), _sum(Sale.amount), _sum(Sale.points_earned))
                .where(Sale.store_id.in_(store_ids), Sale.created_at >= start, Sale.created_at < end)
                .group_by(bucket)):
            local = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC).astimezone(zone).hour
            line = self.hours[local]
            line[0], line[1], line[2] = line[0] + int(count), line[1] + int(amount), line[2] + int(points)

    def lines(self) -> dict[str, list[Any]]:
        return {
            "by_reward": [RewardLine(reward=r, redemptions=n, points=p)
                          for r, (n, p) in sorted(self.rewards.items(), key=lambda kv: (-kv[1][0], kv[0]))],
            "by_cashier": [CashierLine(cashier=c, sales=v[0], sales_amount=v[1], points_issued=v[2],
                                       redemptions=v[3], points_redeemed=v[4])
                           for c, v in sorted(self.cashiers.items()) if any(v)],
            "by_hour": [HourLine(hour=h, sales=v[0], sales_amount=v[1], points_issued=v[2])
                        for h, v in enumerate(self.hours)]}


def _sum(value: Any) -> Any:
    return func.coalesce(func.sum(value), 0)


def _add(lines: dict[str, list[int]], key: str, values: tuple[int, ...]) -> None:
    line = lines.setdefault(key, [0] * len(values))
    for i, value in enumerate(values):
        line[i] += value


def hour_bucket(session: Session, column: Any) -> Any:
    """A stored UTC time cut to its hour, as text 'YYYY-MM-DD HH' (SQLite stores that text itself).

    A zone whose offset is not whole hours places a half hour in the neighbouring hour.
    """
    if session.get_bind().dialect.name == "sqlite":
        return func.substr(column, 1, 13, type_=String)
    return func.to_char(func.date_trunc("hour", column), literal("YYYY-MM-DD HH24"), type_=String)


def store_day(session: Session, store_ids: Sequence[str], start: datetime, end: datetime) -> dict[str, int]:
    """The stores' figures (added up) for what happened in [start, end)."""

    def points_of(*kinds: str) -> Any:
        return func.coalesce(func.sum(case((LedgerEntry.kind.in_(kinds), LedgerEntry.points), else_=0)), 0)

    def count_of(kind: str) -> Any:
        return func.coalesce(func.sum(case((LedgerEntry.kind == kind, 1), else_=0)), 0)

    ledger = select(points_of(EntryKind.EARN, EntryKind.BONUS), points_of(EntryKind.REDEEM),
                    points_of(EntryKind.EXPIRE), points_of(EntryKind.ADJUST), points_of(EntryKind.REVERSE),
                    count_of(EntryKind.REDEEM)).where(
        LedgerEntry.store_id.in_(store_ids), LedgerEntry.created_at >= start, LedgerEntry.created_at < end)
    issued, redeemed, expired, adjusted, reversed_, redemptions = session.execute(ledger).one()
    sales_count, gross = session.execute(select(func.count(), func.coalesce(func.sum(Sale.amount), 0)).where(
        Sale.store_id.in_(store_ids), Sale.created_at >= start, Sale.created_at < end)).one()
    refund_count, refunded = _refunds(session, store_ids, start, end)
    enrolled = session.scalar(select(func.count()).select_from(Member).where(
        Member.store_id.in_(store_ids), Member.created_at >= start, Member.created_at < end)) or 0
    conflicts = session.scalar(select(func.count()).select_from(Conflict).where(
        Conflict.store_id.in_(store_ids), Conflict.at >= start, Conflict.at < end)) or 0
    return {
        "transactions": int(sales_count) + refund_count + int(redemptions), "sales": int(sales_count),
        "refunds": refund_count, "redemptions": int(redemptions), "sales_amount": int(gross) - refunded,
        "points_issued": int(issued), "points_reversed": -int(reversed_), "points_redeemed": -int(redeemed),
        "points_expired": -int(expired), "points_adjusted": int(adjusted), "enrollments": int(enrolled),
        "conflicts": int(conflicts)}


def _refunds(session: Session, store_ids: Sequence[str], start: datetime, end: datetime) -> tuple[int, int]:
    """Refunds the store's terminals made in [start, end): how many, and the amount (the server checked it
    fits the sale before applying the op)."""
    payloads = session.scalars(select(Op.payload).join(Terminal, Terminal.id == Op.terminal_id).where(
        Terminal.store_id.in_(store_ids), Op.kind == OpKind.REFUND, Op.status == "applied",
        Op.created_at >= start, Op.created_at < end))
    count = amount = 0
    for payload in payloads:
        count += 1
        try:
            amount += int(json.loads(payload).get("amount") or 0)
        except (ValueError, TypeError, AttributeError):
            continue  # an applied refund always carries its amount; a damaged row must not break the report
    return count, amount
