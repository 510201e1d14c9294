"""What the programme owes its members: points outstanding, their value, what expires soon, breakage.

A member's outstanding points are their unexpired lots less what they owe, never below zero
(an overdraft offline is a debt the next lots pay, not a negative liability); pending lots
count (they will become spendable), and the part spendable now is reported beside. Summed
over members that is Σ lots − Σ over the few members who owe of min(their lots, their debt):
one pass over the ledger without grouping, then a small one over the debtors (the open-debts
index), rather than grouping a million entries by member.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import Integer, and_, case, func, literal_column, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnClause

from pos_app.core.ledger import EntryKind, add_months
from sync.server.models import LedgerEntry, Member
from sync.server.reports import rate

# A literal, not a parameter: the planners match it to the partial indexes (remaining > 0, outstanding > 0).
ZERO: ColumnClause[int] = literal_column("0", Integer)


class Expiring(BaseModel):
    start: date  # [start, end) in the report's zone
    end: date
    points: int
    value: int | None


class Liability(BaseModel):
    as_of: datetime
    point_value: int | None  # minor units per point; None when the program does not set it
    points_outstanding: int  # unexpired lots less debts, per member (never below zero), pending ones too
    points_spendable: int  # the part members can spend now: the sum of their spendable balances
    value: int | None  # points_outstanding at point_value, minor units
    expiring: list[Expiring]  # the next three months, month by month
    breakage_bp: int | None  # of the points whose lots reached their expiry in the last 12 months
    breakage_issued: int
    breakage_expired: int


def owed(session: Session, now: datetime, zone: ZoneInfo, store: str | None,
         point_value: int | None) -> Liability:
    months = [add_months(now, n) for n in range(4)]
    since = add_months(now, -12)
    e = LedgerEntry
    scope = [e.member_id.in_(select(Member.id).where(Member.store_id == store))] if store else []
    unexpired = and_(e.remaining > ZERO, e.expires_at > now)
    spendable_now = and_(unexpired, e.available_at <= now)
    due = and_(e.points > ZERO, e.expires_at >= since, e.expires_at < now)
    buckets = [and_(e.remaining > ZERO, e.expires_at >= lo, e.expires_at < hi)
               for lo, hi in itertools.pairwise(months)]
    row = session.execute(select(
        _sum(unexpired, e.remaining), _sum(spendable_now, e.remaining),
        *(_sum(bucket, e.remaining) for bucket in buckets),
        _sum(due, e.points), _sum(due, e.remaining)).where(*scope)).one()
    lots, spendable, *expiring_points, due_issued, due_left = (int(v) for v in row)
    covered_lots, covered_spendable = _debts(session, now, scope)
    outstanding, can_spend = lots - covered_lots, spendable - covered_spendable
    expired = _expired(session, since, now, store) + due_left
    return Liability(
        as_of=now, point_value=point_value, points_outstanding=outstanding, points_spendable=can_spend,
        value=outstanding * point_value if point_value else None,
        expiring=[Expiring(start=lo.astimezone(zone).date(), end=hi.astimezone(zone).date(), points=points,
                           value=points * point_value if point_value else None)
                  for (lo, hi), points in zip(itertools.pairwise(months), expiring_points, strict=True)],
        breakage_bp=rate(expired, due_issued), breakage_issued=due_issued, breakage_expired=expired)


def _sum(condition: Any, value: Any) -> Any:
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def _debts(session: Session, now: datetime, scope: list[Any]) -> tuple[int, int]:
    """Over the members who owe: Σ min(unexpired lots, debt) and Σ min(spendable lots, debt)."""
    e = LedgerEntry
    debtors = select(e.member_id).where(e.outstanding > ZERO, *scope)
    unexpired = and_(e.remaining > ZERO, e.expires_at > now)
    per_member = (select(_sum(unexpired, e.remaining).label("lots"),
                         _sum(and_(unexpired, e.available_at <= now), e.remaining).label("spendable"),
                         func.coalesce(func.sum(e.outstanding), 0).label("debt"))
                  .where(e.member_id.in_(debtors))
                  .group_by(e.member_id).subquery())
    c = per_member.c
    row = session.execute(select(_smaller(c.lots, c.debt), _smaller(c.spendable, c.debt))).one()
    return int(row[0]), int(row[1])


def _smaller(a: Any, b: Any) -> Any:
    """Σ min(a, b) over the rows (min of two columns is spelled differently by each database)."""
    return _sum(a < b, a) + _sum(a >= b, b)


def _expired(session: Session, since: datetime, now: datetime, store: str | None) -> int:
    """Points the expiry entries took back from lots whose date fell in [since, now)."""
    lot, e = aliased(LedgerEntry), LedgerEntry
    scope = [lot.member_id.in_(select(Member.id).where(Member.store_id == store))] if store else []
    taken = session.scalar(select(func.coalesce(func.sum(-e.points), 0)).join(lot, lot.id == e.reverses)
                           .where(e.kind == EntryKind.EXPIRE, lot.points > ZERO, lot.expires_at >= since,
                                  lot.expires_at < now, *scope))
    return int(taken or 0)
