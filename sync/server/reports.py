"""Daily figures per store (or all stores) from the authoritative ledger.

A store's day is midnight to midnight in the store's IANA time zone (``stores.tz``);
the report of all stores adds up each store's own day. Each figure counts what
happened that day once: a refund on the day of the refund (not subtracted from the
day of the sale), every expire entry once (a terminal's expiry of a lot the server
had already expired was recorded as zero points), so the day's figures of a store's
terminals add up to the store's.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pos_app.core.ledger import EntryKind
from pos_app.core.ops import OpKind
from sync.protocol import DailyReport
from sync.server.models import Conflict, LedgerEntry, Member, Op, Sale, Store, Terminal

FIGURES = ("transactions", "sales", "refunds", "redemptions", "sales_amount", "points_issued",
           "points_reversed", "points_redeemed", "points_expired", "points_adjusted", "enrollments",
           "conflicts")


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


def daily(session: Session, day: date, store_id: str | None) -> DailyReport:
    if store_id is not None:
        zone = store_zone(session.scalar(select(Store.tz).where(Store.id == store_id)))
        figures = store_day(session, store_id, *day_bounds(day, zone))
    else:
        figures = dict.fromkeys(FIGURES, 0)
        for store, tz in session.execute(select(Store.id, Store.tz).order_by(Store.id)):
            for name, value in store_day(session, store, *day_bounds(day, store_zone(tz))).items():
                figures[name] += value
    return DailyReport(date=day, store=store_id, **figures)


def store_day(session: Session, store_id: str, start: datetime, end: datetime) -> dict[str, int]:
    """One store's figures for what happened in [start, end)."""

    def points_of(*kinds: str) -> Any:
        return func.coalesce(func.sum(case((LedgerEntry.kind.in_(kinds), LedgerEntry.points), else_=0)), 0)

    def count_of(kind: str) -> Any:
        return func.coalesce(func.sum(case((LedgerEntry.kind == kind, 1), else_=0)), 0)

    ledger = select(points_of(EntryKind.EARN, EntryKind.BONUS), points_of(EntryKind.REDEEM),
                    points_of(EntryKind.EXPIRE), points_of(EntryKind.ADJUST), points_of(EntryKind.REVERSE),
                    count_of(EntryKind.REDEEM)).where(
        LedgerEntry.store_id == store_id, LedgerEntry.created_at >= start, LedgerEntry.created_at < end)
    issued, redeemed, expired, adjusted, reversed_, redemptions = session.execute(ledger).one()
    sales_count, gross = session.execute(select(func.count(), func.coalesce(func.sum(Sale.amount), 0)).where(
        Sale.store_id == store_id, Sale.created_at >= start, Sale.created_at < end)).one()
    refund_count, refunded = _refunds(session, store_id, start, end)
    enrolled = session.scalar(select(func.count()).select_from(Member).where(
        Member.store_id == store_id, Member.created_at >= start, Member.created_at < end)) or 0
    conflicts = session.scalar(select(func.count()).select_from(Conflict).where(
        Conflict.store_id == store_id, Conflict.at >= start, Conflict.at < end)) or 0
    return {
        "transactions": int(sales_count) + refund_count + int(redemptions), "sales": int(sales_count),
        "refunds": refund_count, "redemptions": int(redemptions), "sales_amount": int(gross) - refunded,
        "points_issued": int(issued), "points_reversed": -int(reversed_), "points_redeemed": -int(redeemed),
        "points_expired": -int(expired), "points_adjusted": int(adjusted), "enrollments": int(enrolled),
        "conflicts": int(conflicts)}


def _refunds(session: Session, store_id: str, start: datetime, end: datetime) -> tuple[int, int]:
    """Refunds the store's terminals made in [start, end): how many, and the amount (the server checked it
    fits the sale before applying the op)."""
    payloads = session.scalars(select(Op.payload).join(Terminal, Terminal.id == Op.terminal_id).where(
        Terminal.store_id == store_id, Op.kind == OpKind.REFUND, Op.status == "applied",
        Op.created_at >= start, Op.created_at < end))
    count = amount = 0
    for payload in payloads:
        count += 1
        try:
            amount += int(json.loads(payload).get("amount") or 0)
        except (ValueError, TypeError, AttributeError):
            continue  # an applied refund always carries its amount; a damaged row must not break the report
    return count, amount
