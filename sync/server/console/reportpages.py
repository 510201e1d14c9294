"""The console's reports: a store's day with its breakdowns and hour chart, as a page, as CSV and as the
terminal's one-page PDF (``sync.server.daypdf``).

A store manager's reports are of their store; HQ picks a store or the whole chain (each store's day in
its own zone, as `tessera-server report daily` gives it).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from pos_app.core.money import format_amount
from sync.server import insight, programs, reports, web
from sync.server.console.charts import bars
from sync.server.console.users import User
from sync.server.db import ServerDB

FIRST, LAST = date(2000, 1, 1), date(2199, 12, 31)


def asked(request: Request, user: User, today: date) -> tuple[date, str | None] | None:
    """The day and store a request names (a store manager's own store); None for a bad date or a store
    this user may not see."""
    text = request.query_params.get("date", "")
    try:
        day = date.fromisoformat(text) if text else today
    except ValueError:
        return None
    store = request.query_params.get("store") or None
    if user.scope is not None:
        store = store or user.scope
    if not FIRST <= day <= LAST or (store is not None and not user.may_see(store)):
        return None
    return day, store


def day_values(db: ServerDB, day: date, store: str | None, title: str) -> dict[str, Any]:
    with db.read() as session:
        report = reports.daily(session, day, store).model_dump(mode="json")
        money = money_of(session)
    hours = report["by_hour"]
    labels = [f"{h['hour']:02d}" for h in hours]
    chart = bars([h["sales"] for h in hours], labels, title, every=3) if hours else ""
    return {"report": report, "chart": chart, "day": day.isoformat(), "store": store or "", "money": money}


def period_asked(request: Request, user: User) -> tuple[date | None, date | None, str | None] | None:
    """The period (from, to; None: the report's defaults) and store a request names; None if unusable."""
    days: list[date | None] = []
    for name in ("from", "to"):
        text = request.query_params.get(name, "")
        try:
            days.append(date.fromisoformat(text) if text else None)
        except ValueError:
            return None
    store = request.query_params.get("store") or None
    if user.scope is not None:
        store = store or user.scope
    if store is not None and not user.may_see(store):
        return None
    return days[0], days[1], store


def period(db: ServerDB, start: date | None, end: date | None, store: str | None,
           now: datetime) -> insight.HealthReport:
    with db.read() as session:
        return insight.health(session, store, start, end, now)


def period_csv(report: insight.HealthReport) -> Response:
    name = f"tessera-health-{report.store or 'chain'}-{report.start}-{report.end}.csv"
    return Response(insight.health_csv(report), media_type="text/csv; charset=utf-8",
                    headers={**web.HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


def money_of(session: Session) -> Callable[[int], str]:
    """How the pages write an amount in minor units: in the active program's currency ("42.50 EUR")."""
    program = programs.active(session)

    def money(minor: int) -> str:
        return f"{format_amount(minor, program.currency)} {program.currency.code}" if program else str(minor)

    return money


def day_csv(db: ServerDB, day: date, store: str | None) -> Response:
    with db.read() as session:
        report = reports.daily(session, day, store).model_dump(mode="json")
    name = f"tessera-{store or 'chain'}-{day.isoformat()}.csv"
    return Response(reports.daily_csv(report), media_type="text/csv; charset=utf-8",
                    headers={**web.HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


def day_pdf(db: ServerDB, day: date, store: str | None, paper: str) -> Response | None:
    """The day as the PDF the terminal prints (``paper``: a4 or letter); None for a paper we do not have."""
    from sync.server import daypdf  # reportlab loads only when a PDF is asked for, not with every worker

    if paper not in daypdf.PAPERS:
        return None
    with db.read() as session:
        pdf = daypdf.store_day_pdf(session, day, store, paper)
    name = f"tessera-{store or 'chain'}-{day.isoformat()}.pdf"
    return Response(pdf, media_type="application/pdf",
                    headers={**web.HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})
