"""Daily figures from the ledger: indexed range sums, so a closing takes milliseconds.

A terminal reports what happened at that terminal only: its own entries, never
the rows mirroring the server's lots (``terminal_id`` "server"; every other row of
the local ledger was written here, including before the terminal registered and
took the server's terminal id); its own sales, refunds and redemptions; the members
enrolled at this till (its enroll ops), not members mirrored from the server. A
refund counts on the day of the refund. Where the server applied one of this
terminal's entries with other points (an expiry of a lot another till or the server
had already expired, a reversal recomputed from the server's sale), the figure is
the server's; an op the server rejected counts for nothing, a sale it applied as
a ``duplicate_receipt`` (another till's receipt) is no sale of this till, and a
pending refund (queued offline for a receipt this till did not know) counts once
the server applied it, with the amount and points the server refunded. So the
terminals' reports of a day add up to the server's report of their store.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_, select
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
    told = server_outcomes(session, start, end)
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
        OutboxOp.kind == OpKind.ENROLL, OutboxOp.status != "rejected", OutboxOp.created_at >= start,
        OutboxOp.created_at < end)) or 0
    negative = session.scalar(select(func.count()).select_from(Member).where(Member.balance < 0)) or 0
    for kind, points in told.points.items():
        fix[kind] += points
    sales_count, sales_sum = int(sales_count) + told.sales, int(sales_sum) + told.sales_amount
    refund_count, refund_sum = int(refund_count) + told.refunds, int(refund_sum) + told.refunded_amount
    redemptions = int(redemptions) + told.redemptions
    return {
        "transactions": sales_count + refund_count + redemptions,
        "sales": sales_count,
        "refunds": refund_count,
        "redemptions": redemptions,
        "sales_amount": sales_sum - refund_sum,
        "gross_sales_amount": sales_sum,
        "refunded_amount": refund_sum,
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


@dataclass
class Outcomes:
    """What the server's answers change in the figures of this terminal's own rows (signed deltas)."""

    sales: int = 0
    sales_amount: int = 0
    refunds: int = 0
    refunded_amount: int = 0
    redemptions: int = 0
    points: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # entry kind -> points


def server_outcomes(session: Session, start: datetime, end: datetime) -> Outcomes:
    """The ops made in [start, end) whose answer changes what the local rows say happened: rejected ones
    (the local rows of a sale, refund or redemption the server never applied), sales applied as a
    ``duplicate_receipt`` (the store's sale is another till's), applied pending refunds (no local rows)."""
    told = Outcomes()
    ops = session.execute(select(OutboxOp.kind, OutboxOp.status, OutboxOp.payload, OutboxOp.result).where(
        OutboxOp.created_at >= start, OutboxOp.created_at < end,
        or_(OutboxOp.status == "rejected",
            (OutboxOp.kind == OpKind.SALE) & OutboxOp.result.like('%"duplicate_receipt"%'),
            (OutboxOp.kind == OpKind.REFUND) & OutboxOp.payload.like('%"pending": true%'))))
    for kind, status, payload, result in ops:
        try:
            op, answer = json.loads(payload or "{}"), json.loads(result or "{}")
            if status == "rejected":
                _count_rejected(session, told, kind, op)
            elif status in APPLIED and kind == OpKind.SALE and answer.get("conflict") == "duplicate_receipt":
                told.sales -= 1
                told.sales_amount -= int(op.get("amount") or 0)
            elif status in APPLIED and kind == OpKind.REFUND and op.get("pending"):
                _count_pending_refund(session, told, op, answer)
        except (ValueError, TypeError, AttributeError):
            continue  # an op or answer this terminal cannot read changes nothing it reports
    return told


def _count_rejected(session: Session, told: Outcomes, kind: str, op: dict[str, Any]) -> None:
    """Take back what this terminal's rows of a rejected op count (a pending refund wrote none)."""
    if kind == OpKind.REFUND and op.get("pending"):
        return
    entries = [str(e["id"]) for e in op.get("entries") or []]
    local = list(session.execute(select(LedgerEntry.kind, LedgerEntry.points).where(
        LedgerEntry.id.in_(entries), LedgerEntry.terminal_id != SERVER_TERMINAL))) if entries else []
    for entry_kind, points in local:
        told.points[entry_kind] -= int(points)
    if kind == OpKind.SALE and local:
        told.sales -= 1
        told.sales_amount -= int(op.get("amount") or 0)
    elif kind == OpKind.REFUND:
        told.refunds -= 1
        told.refunded_amount -= int(op.get("amount") or 0)
    elif kind == OpKind.REDEEM and local:
        told.redemptions -= 1


def _count_pending_refund(session: Session, told: Outcomes, op: dict[str, Any],
                          answer: dict[str, Any]) -> None:
    """A pending refund the server applied: its amount, and the reversals the server wrote for it."""
    adjusted = {str(k): int(v) for k, v in (answer.get("adjusted") or {}).items()}
    # The server's reversal ids: rows of them here are the mirror's copies of the server's lots (no figure).
    known = set(session.scalars(select(LedgerEntry.id).where(
        LedgerEntry.id.in_(list(adjusted)), LedgerEntry.terminal_id != SERVER_TERMINAL)))
    told.refunds += 1
    told.refunded_amount += int(op.get("amount") or answer.get("refunded_amount") or 0)
    told.points[EntryKind.REVERSE] += sum(v for k, v in adjusted.items() if k not in known)
