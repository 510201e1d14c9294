"""Daily figures per store (or all stores) from the authoritative ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pos_app.core.ledger import ADJUST, BONUS, EARN, EXPIRE, REDEEM, REVERSE
from sync.protocol import DailyReport
from sync.server.models import Conflict, LedgerEntry, Member, Op, Sale, Terminal


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The day in the server's local time zone, as UTC instants."""
    start = datetime(day.year, day.month, day.day).astimezone().astimezone(UTC)
    end = (datetime(day.year, day.month, day.day) + timedelta(days=1)).astimezone().astimezone(UTC)
    return start, end


def daily(session: Session, day: date, store_id: str | None) -> DailyReport:
    start, end = day_bounds(day)

    def points_of(*kinds: str) -> Any:
        return func.coalesce(func.sum(case((LedgerEntry.kind.in_(kinds), LedgerEntry.points), else_=0)), 0)

    def count_of(kind: str) -> Any:
        return func.coalesce(func.sum(case((LedgerEntry.kind == kind, 1), else_=0)), 0)

    ledger = select(points_of(EARN, BONUS), points_of(REDEEM), points_of(EXPIRE), points_of(ADJUST),
                    points_of(REVERSE), count_of(REDEEM)).where(LedgerEntry.created_at >= start,
                                                                LedgerEntry.created_at < end)
    sales = select(func.count(), func.coalesce(func.sum(Sale.amount - Sale.refunded_amount), 0)).where(
        Sale.created_at >= start, Sale.created_at < end)
    refunds = select(func.count()).select_from(Op).join(Terminal, Terminal.id == Op.terminal_id).where(
        Op.kind == "refund", Op.status == "applied", Op.created_at >= start, Op.created_at < end)
    enrolled = select(func.count()).select_from(Member).where(
        Member.created_at >= start, Member.created_at < end)
    conflicts = select(func.count()).select_from(Conflict).where(Conflict.at >= start, Conflict.at < end)
    if store_id is not None:
        ledger = ledger.where(LedgerEntry.store_id == store_id)
        sales = sales.where(Sale.store_id == store_id)
        refunds = refunds.where(Terminal.store_id == store_id)
        enrolled = enrolled.where(Member.store_id == store_id)
        conflicts = conflicts.where(Conflict.store_id == store_id)
    issued, redeemed, expired, adjusted, reversed_, redemptions = session.execute(ledger).one()
    sales_count, sales_amount = session.execute(sales).one()
    refund_count = int(session.scalar(refunds) or 0)
    return DailyReport(
        date=day, store=store_id, transactions=int(sales_count) + refund_count + int(redemptions),
        sales=int(sales_count), refunds=refund_count, redemptions=int(redemptions),
        sales_amount=int(sales_amount), points_issued=int(issued), points_reversed=-int(reversed_),
        points_redeemed=-int(redeemed), points_expired=-int(expired), points_adjusted=int(adjusted),
        enrollments=int(session.scalar(enrolled) or 0), conflicts=int(session.scalar(conflicts) or 0))
