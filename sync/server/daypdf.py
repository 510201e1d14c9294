"""A store's day (``reports.daily``) as the terminal's one-page PDF, for the HQ console.

The page is ``pos_app.base.dailypdf``, the layout the terminal prints, so a manager reads the same page
whether it came from the till or from HQ. That layout reads the terminal's report shape; the server's
day has the same figures and breakdowns under the same names (``reports`` follows the terminal's
``store.daybreak``), so the mapping only names whose day it is (the whole store, or the whole chain),
the currency of the active program, and the 30-day trend the terminal's report carries and the
server's JSON day does not.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from pos_app.base import dailypdf
from pos_app.core.ledger import EntryKind
from pos_app.core.money import Currency, format_amount
from sync.server import programs, reports
from sync.server.models import LedgerEntry, Store

TREND_DAYS = 30  # as the terminal's trend (store.daybreak.TREND_DAYS)
ISSUED = (EntryKind.EARN, EntryKind.BONUS)  # what reports.store_day counts as points issued
PAPERS = tuple(dailypdf.PAPERS)


def layout_report(report: dict[str, Any], currency: Currency | None,
                  trend: list[dict[str, Any]]) -> dict[str, Any]:
    """The server's day (``DailyReport`` as JSON data) in the shape the terminal's layout reads."""
    store = report.get("store")
    shaped = {k: v for k, v in report.items() if k != "store"}
    return {**shaped, "store_id": store or "all stores", "scope": "whole store" if store else "whole chain",
            "currency": currency.code if currency else "", "trend": trend}


def trend(session: Session, day: date, store_id: str | None) -> list[dict[str, Any]]:
    """Points issued and redeemed on each of the 30 days ending on ``day``, each day in its store's zone:
    per day the same sums as that day's ``reports.daily`` (the chain adds up each store's own days).

    One grouped query per zone; a day is a CASE bucket of the indexed ``created_at``, cut at local
    midnights, so a DST day has its 23 or 25 hours. (The terminal's trend also counts visits; the page
    does not draw them, so they are not computed here.)
    """
    first = day - timedelta(days=TREND_DAYS - 1)
    lines = [[0, 0] for _ in range(TREND_DAYS)]
    e = LedgerEntry
    for key, ids in _zones(session, store_id).items():
        zone = ZoneInfo(key)
        bounds = [reports.day_bounds(first + timedelta(days=i), zone)[0] for i in range(TREND_DAYS)]
        bounds.append(reports.day_bounds(day, zone)[1])
        bucket = case(*[(e.created_at < bound, i) for i, bound in enumerate(bounds[1:])],
                      else_=TREND_DAYS - 1)
        for index, issued, redeemed in session.execute(
                select(bucket, func.coalesce(func.sum(case((e.kind.in_(ISSUED), e.points), else_=0)), 0),
                       func.coalesce(func.sum(case((e.kind == EntryKind.REDEEM, -e.points), else_=0)), 0))
                .where(e.store_id.in_(ids), e.created_at >= bounds[0], e.created_at < bounds[-1],
                       e.kind.in_((*ISSUED, EntryKind.REDEEM)))
                .group_by(bucket)):
            line = lines[int(index)]
            line[0], line[1] = line[0] + int(issued), line[1] + int(redeemed)
    return [{"date": (first + timedelta(days=i)).isoformat(), "points_issued": v[0], "points_redeemed": v[1]}
            for i, v in enumerate(lines)]


def _zones(session: Session, store_id: str | None) -> dict[str, list[str]]:
    """The stores of the report by zone (as ``reports.daily`` groups them): one store, or every store."""
    query = select(Store.id, Store.tz).order_by(Store.id)
    if store_id is not None:
        query = query.where(Store.id == store_id)
    rows: list[tuple[str, str | None]] = [(store, tz) for store, tz in session.execute(query)]
    if not rows and store_id is not None:
        rows = [(store_id, None)]  # a store the server does not know: an empty day, in UTC as reports.daily
    by_zone: dict[str, list[str]] = {}
    for store, tz in rows:
        by_zone.setdefault(reports.store_zone(tz).key, []).append(store)
    return by_zone


def store_day_pdf(session: Session, day: date, store_id: str | None, paper: str = "a4") -> bytes:
    """The store's (None: the chain's) day as the terminal's PDF page; ``paper``: one of PAPERS."""
    report = reports.daily(session, day, store_id).model_dump(mode="json")
    program = programs.active(session)
    cur = program.currency if program is not None else None

    def amount(minor: int) -> str:
        # No program loaded yet: no currency to place the decimal point by, so the minor units as they are.
        return format_amount(minor, cur) if cur is not None else str(minor)

    return dailypdf.daily_pdf(layout_report(report, cur, trend(session, day, store_id)), amount, paper)
