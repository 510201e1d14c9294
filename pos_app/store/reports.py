"""Daily figures from the ledger: indexed range sums, so a closing takes milliseconds.

A terminal reports what happened at that terminal only: its own entries, never
the rows mirroring the server's lots (``terminal_id`` "server"; every other row of
the local ledger was written here, including before the terminal registered and
took the server's terminal id); its own sales, refunds and redemptions; the members
enrolled at this till (its enroll ops), not members mirrored from the server. A
refund counts on the day of the refund. Where the server applied one of this
terminal's entries with other points (an expiry of a lot another till or the server
had already expired, a reversal recomputed from the server's sale), the figure is
the server's, so the terminals' reports of a day add up to the server's report of
their store.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pos_app.core.ledger import EntryKind
from pos_app.core.ops import OpKind
from pos_app.store.mirror import SERVER_TERMINAL
from pos_app.store.models import LedgerEntry, Member, OutboxOp, Refund, Sale, Voucher

APPLIED = ("applied", "duplicate")


def daily(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    """Figures for what this terminal did in [start, end)."""

    def points_of(*kinds: str) -> Any:
        return func.coalesce(func.sum(case((LedgerEntry.kind.in_(kinds), LedgerEntry.points), else_=0)), 0)

    mine = LedgerEntry.terminal_id != SERVER_TERMINAL
    own = (mine, LedgerEntry.created_at >= start, LedgerEntry.created_at < end)
    issued, redeemed, expired, adjusted, reversed_ = session.execute(select(
        points_of(EntryKind.EARN, EntryKind.BONUS), points_of(EntryKind.REDEEM), points_of(EntryKind.EXPIRE),
        points_of(EntryKind.ADJUST), points_of(EntryKind.REVERSE)).where(*own)).one()
    fix = server_corrections(session, start, end)
    sales_count, sales_sum = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.amount), 0))
        .join(LedgerEntry, LedgerEntry.id == Sale.earn_entry_id)
        .where(mine, Sale.created_at >= start, Sale.created_at < end)).one()
    refund_count, refund_sum = session.execute(
        select(func.count(), func.coalesce(func.sum(Refund.amount), 0))
        .where(Refund.created_at >= start, Refund.created_at < end)).one()
    redemptions = session.scalar(select(func.count()).select_from(Voucher)
                                 .join(LedgerEntry, LedgerEntry.id == Voucher.entry_id)
                                 .where(mine, Voucher.created_at >= start, Voucher.created_at < end)) or 0
    enrollments = session.scalar(select(func.count()).select_from(OutboxOp).where(
        OutboxOp.kind == OpKind.ENROLL, OutboxOp.created_at >= start, OutboxOp.created_at < end)) or 0
    negative = session.scalar(select(func.count()).select_from(Member).where(Member.balance < 0)) or 0
    return {
        "transactions": int(sales_count) + int(refund_count) + int(redemptions),
        "sales": int(sales_count),
        "refunds": int(refund_count),
        "redemptions": int(redemptions),
        "sales_amount": int(sales_sum) - int(refund_sum),
        "gross_sales_amount": int(sales_sum),
        "refunded_amount": int(refund_sum),
        "points_issued": int(issued) + fix[EntryKind.EARN] + fix[EntryKind.BONUS],
        "points_reversed": -int(reversed_) - fix[EntryKind.REVERSE],
        "points_redeemed": -int(redeemed) - fix[EntryKind.REDEEM],
        "points_expired": -int(expired) - fix[EntryKind.EXPIRE],
        "points_adjusted": int(adjusted) + fix[EntryKind.ADJUST],
        "enrollments": int(enrollments),
        "members_negative": int(negative),
    }


def server_corrections(session: Session, start: datetime, end: datetime) -> dict[str, int]:
    """Per entry kind: the points the server applied minus the points this terminal wrote, for the entries
    of ops made in [start, end) that the server answered with other points (``adjusted``)."""
    changes: dict[str, int] = {}
    answers = session.scalars(select(OutboxOp.result).where(
        OutboxOp.created_at >= start, OutboxOp.created_at < end, OutboxOp.status.in_(APPLIED),
        OutboxOp.result.like('%"adjusted":{"%')))
    for result in answers:
        try:
            adjusted = json.loads(result or "{}").get("adjusted") or {}
            changes.update({str(k): int(v) for k, v in adjusted.items()})
        except (ValueError, TypeError, AttributeError):
            continue  # an answer this terminal cannot read changes nothing it reports
    fix: dict[str, int] = defaultdict(int)
    if not changes:
        return fix
    ids = list(changes)
    for part in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        for entry_id, kind, points in session.execute(
                select(LedgerEntry.id, LedgerEntry.kind, LedgerEntry.points).where(
                    LedgerEntry.id.in_(part), LedgerEntry.terminal_id != SERVER_TERMINAL)):
            fix[kind] += changes[entry_id] - int(points)
    return fix
