"""The programme's health and what it owes its members, from the authoritative ledger.

HQ's questions first: who still comes (active in the last 30 and 90 days, churned after the
program's ``churn_days``), how often (repeat visits), what they spend (average basket), how
much of what was issued comes back (redemption rate) or dies (breakage), and the liability: the
points members hold that have not expired, at the program's ``point_value``.

Every figure is set-based SQL over the server's tables, a few statements per report whatever
the chain's size, on SQLite and PostgreSQL alike. A visit is a sale or a redemption (an earn or
redeem entry). Rates are integers in basis points (1/100 of a percent): no floats. The period is
whole days: in the store's zone for one store, in UTC for the chain. The liability is today's,
whatever the period: lots carry what is left of them, not their history, so the liability of a
past date is not kept.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from pos_app.core.errors import Code, DomainError
from pos_app.core.ledger import EntryKind
from sync.server import liability, scan
from sync.server.models import LedgerEntry, Member, Redemption, Sale, Store, Voucher
from sync.server.programs import active
from sync.server.reports import day_bounds, hour_bucket, rate, store_zone

MAX_DAYS = 366
DEFAULT_DAYS = 30
VISITS = (EntryKind.EARN, EntryKind.REDEEM)
TOP_REWARDS = 10


class RewardCount(BaseModel):
    reward: str
    redemptions: int
    points: int


class WeekEnrollments(BaseModel):
    store: str
    week: date  # the Monday the week starts on, in the store's zone
    enrollments: int


class HealthReport(BaseModel):
    store: str | None
    start: date
    end: date  # the last day of the period, included
    zone: str
    currency: str | None
    members: int
    active_30_days: int
    active_90_days: int
    churn_days: int
    churned: int  # enrolled before the churn window and no visit in it
    visitors: int  # members with a sale in the period
    repeat_visitors: int  # ... with two or more
    repeat_visit_rate_bp: int | None
    sales: int
    average_basket: int | None  # minor units, net of refunds
    points_issued: int
    points_redeemed: int
    redemption_rate_bp: int | None
    enrollments: int
    enrollments_by_week: list[WeekEnrollments]
    top_rewards: list[RewardCount]
    liability: liability.Liability


@dataclass(frozen=True)
class Scope:
    store: str | None
    zone: ZoneInfo
    start: datetime  # the period's first instant
    end: datetime  # the instant after the period
    as_of: datetime  # the end, or now if earlier: what "the last 30 days" end at
    now: datetime  # the liability's instant


def health(session: Session, store: str | None, start: date | None, end: date | None,
           now: datetime) -> HealthReport:
    scope = _scope(session, store, start, end, now)
    program = active(session, now)
    churn_days = program.churn_days if program else 90
    point_value = program.point_value if program and program.point_value else None
    sales = _sales(session, scope)
    ledger = _ledger(session, scope)
    weeks = _enrollments(session, scope)
    return HealthReport(
        store=store, start=scope.start.astimezone(scope.zone).date(),
        end=(scope.end.astimezone(scope.zone) - timedelta(days=1)).date(), zone=str(scope.zone.key),
        currency=program.currency.code if program else None, members=_count_members(session, scope),
        active_30_days=ledger["active_30"], active_90_days=ledger["active_90"], churn_days=churn_days,
        churned=_churned(session, scope, churn_days), visitors=sales["visitors"],
        repeat_visitors=sales["repeat"], repeat_visit_rate_bp=rate(sales["repeat"], sales["visitors"]),
        sales=sales["count"], average_basket=sales["amount"] // sales["count"] if sales["count"] else None,
        points_issued=ledger["issued"], points_redeemed=ledger["redeemed"],
        redemption_rate_bp=rate(ledger["redeemed"], ledger["issued"]),
        enrollments=sum(w.enrollments for w in weeks), enrollments_by_week=weeks,
        top_rewards=_top_rewards(session, scope),
        liability=liability.owed(session, scope.now, scope.zone, scope.store, point_value))


def check_period(session: Session, store: str | None, start: date | None, end: date | None,
                 now: datetime) -> None:
    """Refuse what ``health`` would refuse (an unknown store, a period backwards or too long) before
    its figures are asked for behind a page."""
    _scope(session, store, start, end, now)


def _scope(session: Session, store: str | None, start: date | None, end: date | None,
           now: datetime) -> Scope:
    if store is not None:
        found = session.execute(select(Store.tz).where(Store.id == store)).first()
        if found is None:
            raise DomainError(Code.UNKNOWN_STORE, store=store)
        zone = store_zone(found[0])
    else:
        zone = ZoneInfo("UTC")
    today = now.astimezone(zone).date()
    last = end or today
    first = start or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last or (last - first).days >= MAX_DAYS:
        raise DomainError(Code.REPORT_PERIOD, start=first.isoformat(), end=last.isoformat())
    begin, _ = day_bounds(first, zone)
    _, after = day_bounds(last, zone)
    return Scope(store, zone, begin, after, min(after, now.astimezone(UTC)), now.astimezone(UTC))


def _count_members(session: Session, scope: Scope) -> int:
    query = select(func.count()).select_from(Member).where(Member.created_at < scope.end)
    if scope.store:
        query = query.where(Member.store_id == scope.store)
    return int(session.scalar(query) or 0)


def _in_store(column: Any, scope: Scope) -> list[ColumnElement[bool]]:
    return [column == scope.store] if scope.store else []


def _ledger(session: Session, scope: Scope) -> dict[str, int]:
    """One pass over the entries of the period and the 90 days before its end."""
    e = LedgerEntry
    a30, a90 = scope.as_of - timedelta(days=30), scope.as_of - timedelta(days=90)
    first = min(scope.start, a90)
    period = and_(e.created_at >= scope.start, e.created_at < scope.end)
    visit = e.kind.in_(VISITS)

    def active_since(since: datetime) -> Any:
        return func.count(func.distinct(case((and_(visit, e.created_at >= since), e.member_id))))

    def points(*kinds: str) -> Any:
        return func.coalesce(func.sum(case((and_(period, e.kind.in_(kinds)), e.points), else_=0)), 0)

    row = session.execute(select(
        active_since(a30), active_since(a90),
        points(EntryKind.EARN, EntryKind.BONUS), points(EntryKind.REDEEM),
    ).where(scan.time_range(session, e.created_at, first, scope.end), *_in_store(e.store_id, scope))).one()
    # A voided voucher's redemption gave its points back: it is not a redemption of the period.
    # (The voucher's time is its redemption's: the few vouchers are read, not the ledger.)
    v = Voucher
    voided = session.scalar(select(func.coalesce(func.sum(v.cost), 0)).where(
        v.state == "void", v.created_at >= scope.start, v.created_at < scope.end,
        *_in_store(v.store_id, scope)))
    return {"active_30": int(row[0]), "active_90": int(row[1]), "issued": int(row[2]),
            "redeemed": -int(row[3]) - int(voided or 0)}


def _churned(session: Session, scope: Scope, churn_days: int) -> int:
    """Members enrolled before the churn window with no visit in it (the window ends at as_of)."""
    cut = scope.as_of - timedelta(days=churn_days)
    e = LedgerEntry
    visited = exists().where(e.member_id == Member.id, e.kind.in_(VISITS), e.created_at >= cut,
                             e.created_at < scope.as_of)
    query = select(func.count()).select_from(Member).where(Member.created_at < cut, ~visited,
                                                           *_in_store(Member.store_id, scope))
    return int(session.scalar(query) or 0)


def _sales(session: Session, scope: Scope) -> dict[str, int]:
    """Visitors, repeat visitors, sales and their net amount in the period, from one grouped pass."""
    s = Sale
    per_member = (select(func.count().label("n"), func.sum(s.amount - s.refunded_amount).label("net"))
                  .where(s.created_at >= scope.start, s.created_at < scope.end, *_in_store(s.store_id, scope))
                  .group_by(s.member_id).subquery())
    row = session.execute(select(
        func.count(), func.coalesce(func.sum(case((per_member.c.n >= 2, 1), else_=0)), 0),
        func.coalesce(func.sum(per_member.c.n), 0), func.coalesce(func.sum(per_member.c.net), 0))).one()
    return {"visitors": int(row[0]), "repeat": int(row[1]), "count": int(row[2]), "amount": int(row[3])}


def _top_rewards(session: Session, scope: Scope) -> list[RewardCount]:
    r, e = Redemption, LedgerEntry
    not_voided = or_(Voucher.state.is_(None), Voucher.state != "void")
    count = func.count()
    rows = session.execute(
        select(r.reward_id, count, func.coalesce(func.sum(-e.points), 0))
        .join(e, e.id == r.entry_id).outerjoin(Voucher, Voucher.entry_id == r.entry_id)
        .where(not_voided, r.created_at >= scope.start, r.created_at < scope.end,
               *_in_store(r.store_id, scope))
        .group_by(r.reward_id).order_by(count.desc(), r.reward_id).limit(TOP_REWARDS))
    return [RewardCount(reward=reward, redemptions=int(n), points=int(p)) for reward, n, p in rows]


def _enrollments(session: Session, scope: Scope) -> list[WeekEnrollments]:
    """Enrollments per store and week, each store's weeks in its own zone.

    The database counts per store and UTC hour; the hours are then placed in the store's week
    (a zone whose offset is not whole hours would place a half hour at a week's edge a week off).
    """
    bucket = hour_bucket(session, Member.created_at)
    rows = session.execute(
        select(Member.store_id, Store.tz, bucket, func.count()).join(Store, Store.id == Member.store_id)
        .where(Member.created_at >= scope.start, Member.created_at < scope.end,
               *_in_store(Member.store_id, scope))
        .group_by(Member.store_id, Store.tz, bucket))
    weeks: dict[tuple[str, date], int] = {}
    for store, tz, hour, count in rows:
        zone = scope.zone if scope.store else store_zone(tz)
        local = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC).astimezone(zone).date()
        key = (store, local - timedelta(days=local.weekday()))
        weeks[key] = weeks.get(key, 0) + int(count)
    return [WeekEnrollments(store=store, week=week, enrollments=n)
            for (store, week), n in sorted(weeks.items())]


def health_csv(report: HealthReport) -> str:
    """The report as CSV: a header, then one (figure, value) line each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("figure", "value"))
    writer.writerows(csv_rows(report))
    return buffer.getvalue()


def csv_rows(report: HealthReport) -> list[tuple[str, str]]:
    """The report as (figure, value) lines: the breakdowns as dotted names."""
    data = report.model_dump(mode="json")
    liability = data.pop("liability")
    weeks, rewards = data.pop("enrollments_by_week"), data.pop("top_rewards")
    expiring = liability.pop("expiring")
    rows = [(k, "" if v is None else str(v)) for k, v in data.items()]
    rows += [(f"liability.{k}", "" if v is None else str(v)) for k, v in liability.items()]
    rows += [(f"liability.expiring.{x['start']}.points", str(x["points"])) for x in expiring]
    rows += [(f"enrollments.{w['store']}.{w['week']}", str(w["enrollments"])) for w in weeks]
    rows += [(f"rewards.{r['reward']}.redemptions", str(r["redemptions"])) for r in rewards]
    return rows
