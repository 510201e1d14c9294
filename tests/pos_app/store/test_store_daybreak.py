"""The daily report's breakdowns (pos_app.store.daybreak) against sales, redemptions, a void and a refund made
through the real use cases, two cashiers and none, around the shop's midnight (Europe/Bucharest)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, update

from pos_app.base.clock import day_span
from pos_app.store import daybreak, syncstore
from pos_app.store.models import LedgerEntry, OutboxOp, Sale
from pos_app.terminal import Terminal
from tests.clocks import FakeClock

DAY = date(2026, 11, 18)  # a Wednesday outside every promotion; Bucharest is UTC+2 then


pytestmark = pytest.mark.usefixtures("bucharest")


def at(clock: FakeClock, month: int, day: int, hour: int, minute: int) -> None:
    clock.now = datetime(2026, month, day, hour, minute, tzinfo=UTC)


def zero_hour(hour: int) -> dict[str, int]:
    return {"hour": hour, "sales": 0, "sales_amount": 0, "points_issued": 0}


def a_day(plain: Terminal, clock: FakeClock) -> dict[str, Any]:
    """Members enrolled three days before, a sale 5 minutes before the day and 5 after its start, one at
    noon, one 5 minutes before its end and one 5 after; three redemptions (one voided), a refund."""
    at(clock, 11, 15, 10, 0)
    ana = plain.enroll("Ana Day", cashier="maria").card  # 50 bonus points each, 3 days before
    marco = plain.enroll("Marco Day").card
    at(clock, 11, 17, 21, 55)  # 23:55 the day before
    eve = plain.sale(ana, 1000, "R-EVE", cashier="maria")
    at(clock, 11, 17, 22, 5)  # 00:05 on the day
    midnight = plain.sale(ana, 20000, "R-MIDNIGHT", cashier="maria")
    at(clock, 11, 18, 10, 0)  # 12:00
    noon = plain.sale(marco, 15000, "R-NOON", cashier="ion")
    at(clock, 11, 18, 10, 30)
    first = plain.redeem(ana, "coffee", cashier="maria")
    at(clock, 11, 18, 10, 45)
    second = plain.redeem(ana, "coffee", cashier="ion")
    at(clock, 11, 18, 11, 0)
    voided = plain.redeem(marco, "coffee", cashier="ion")
    at(clock, 11, 18, 11, 5)
    plain.void_voucher(voided.voucher, "manager")
    at(clock, 11, 18, 12, 0)
    refund = plain.refund("R-NOON", 5000, cashier="ion")
    at(clock, 11, 18, 21, 55)  # 23:55 on the day, no cashier
    late = plain.sale(marco, 5000, "R-LATE")
    at(clock, 11, 18, 22, 5)  # 00:05 the day after
    plain.sale(marco, 3000, "R-NEXT", cashier="ion")
    return {"eve": eve, "midnight": midnight, "noon": noon, "late": late, "redeemed": (first, second, voided),
            "refund": refund}


def test_breakdowns_of_a_day(plain: Terminal, clock: FakeClock) -> None:
    made = a_day(plain, clock)
    midnight, noon, late = made["midnight"], made["noon"], made["late"]
    first, second, voided = made["redeemed"]
    report = plain.daily_report(DAY)
    assert (midnight.points_earned, noon.points_earned, late.points_earned) == (200, 150, 50)
    assert (report["sales"], report["redemptions"], report["refunds"]) == (3, 3, 1)
    assert report["points_issued"] == midnight.points_earned + noon.points_earned + late.points_earned
    assert report["points_redeemed"] == first.points_spent + second.points_spent + voided.points_spent
    # the voided voucher's redemption is no reward handed over
    assert report["by_reward"] == [{"reward": "coffee", "redemptions": 2,
                                    "points": first.points_spent + second.points_spent}]
    # per cashier as the server counts them: gross sales, every redemption entry (the voided one too)
    assert report["by_cashier"] == [
        {"cashier": "", "sales": 1, "sales_amount": 5000, "points_issued": late.points_earned,
         "redemptions": 0, "points_redeemed": 0},
        {"cashier": "ion", "sales": 1, "sales_amount": 15000, "points_issued": noon.points_earned,
         "redemptions": 2, "points_redeemed": second.points_spent + voided.points_spent},
        {"cashier": "maria", "sales": 1, "sales_amount": 20000, "points_issued": midnight.points_earned,
         "redemptions": 1, "points_redeemed": first.points_spent},
    ]
    assert sum(c["points_issued"] for c in report["by_cashier"]) == report["points_issued"]
    assert sum(c["points_redeemed"] for c in report["by_cashier"]) == report["points_redeemed"]
    assert sum(c["sales_amount"] for c in report["by_cashier"]) == report["gross_sales_amount"]
    # the shop's hours: 00:05 is hour 0 of the day, 23:55 hour 23; the sales of 23:55 and 00:05 around the
    # day belong to the days before and after
    hours = {h: zero_hour(h) for h in range(24)}
    hours[0] = {"hour": 0, "sales": 1, "sales_amount": 20000, "points_issued": midnight.points_earned}
    hours[12] = {"hour": 12, "sales": 1, "sales_amount": 15000, "points_issued": noon.points_earned}
    hours[23] = {"hour": 23, "sales": 1, "sales_amount": 5000, "points_issued": late.points_earned}
    assert report["by_hour"] == list(hours.values())
    # 30 days ending on the day, each its own daily figures
    trend = report["trend"]
    assert [d["date"] for d in trend] == [(DAY - timedelta(days=29 - i)).isoformat() for i in range(30)]
    by_date = {d["date"]: d for d in trend}
    assert by_date["2026-11-18"] == {"date": "2026-11-18", "points_issued": report["points_issued"],
                                     "points_redeemed": report["points_redeemed"],
                                     "visits": report["sales"] + report["redemptions"]}
    assert by_date["2026-11-17"] == {"date": "2026-11-17", "points_issued": made["eve"].points_earned,
                                     "points_redeemed": 0, "visits": 1}
    assert by_date["2026-11-15"] == {"date": "2026-11-15", "points_issued": 100, "points_redeemed": 0,
                                     "visits": 0}  # two enrollment bonuses
    assert sum(d["visits"] for d in trend) == 7 and sum(d["points_issued"] for d in trend) == 510
    for day in ("2026-11-15", "2026-11-17"):
        figures = plain.daily_report(date.fromisoformat(day))
        assert (figures["points_issued"], figures["sales"] + figures["redemptions"]) == (
            by_date[day]["points_issued"], by_date[day]["visits"])
    # the next day: its own hour 0, the day in its trend
    after = plain.daily_report(DAY + timedelta(days=1))
    assert after["by_hour"][0] == {"hour": 0, "sales": 1, "sales_amount": 3000, "points_issued": 30}
    assert after["trend"][-2] == by_date["2026-11-18"] and after["by_reward"] == []
    # provisional while ops wait to be sent
    assert report["provisional"] is True and report["pending_ops"] > 0
    with plain.db.transaction() as session:
        session.execute(update(OutboxOp).values(status="applied", result='{"status": "applied"}'))
    settled = plain.daily_report(DAY)
    assert (settled["provisional"], settled["pending_ops"]) == (False, 0)
    assert {k: settled[k] for k in daybreak.DayBreakdowns(DAY, *_bounds()).lines()} == {
        k: report[k] for k in ("by_reward", "by_cashier", "by_hour", "trend")}


def _bounds() -> tuple[datetime, datetime]:
    return day_span(DAY, None)


def _answer(plain: Terminal, receipt: str, status: str, answer: dict[str, Any]) -> None:
    """Record the server's answer to the sale op of ``receipt`` as the sync agent does."""
    with plain.db.transaction() as session:
        seq = session.scalar(select(OutboxOp.seq).where(OutboxOp.kind == "sale",
                                                        OutboxOp.payload.like(f'%"receipt": "{receipt}"%')))
        assert seq is not None
        result = json.dumps(answer)
        if status == "applied":
            syncstore.apply_corrections(session, [result])
        reason = "rejected" if status == "rejected" else None
        syncstore.record_answers(session, [(seq, status, reason, result)],
                                 datetime(2026, 11, 18, 23, 0, tzinfo=UTC))


def _earn_id(plain: Terminal, receipt: str) -> str:
    with plain.db.reader() as session:
        entry = session.scalar(select(Sale.earn_entry_id).where(Sale.receipt == receipt))
    assert entry is not None
    return entry


def test_breakdowns_follow_the_servers_answers(plain: Terminal, clock: FakeClock) -> None:
    """A rejected sale counts for nothing, one applied with other points counts the server's points (once,
    also after the correction was written here), a duplicate_receipt sale is another till's sale."""
    a_day(plain, clock)
    before = plain.daily_report(DAY)
    _answer(plain, "R-MIDNIGHT", "rejected", {"status": "rejected", "reason": "blocked"})
    _answer(plain, "R-NOON", "applied", {"status": "applied", "adjusted": {_earn_id(plain, "R-NOON"): 300}})
    _answer(plain, "R-LATE", "applied", {"status": "applied", "conflict": "duplicate_receipt",
                                         "adjusted": {_earn_id(plain, "R-LATE"): 0}})
    with plain.db.reader() as session:  # the agent wrote the server's points into the local rows
        assert session.get_one(LedgerEntry, _earn_id(plain, "R-NOON")).points == 300
    report = plain.daily_report(DAY)
    assert (report["sales"], report["points_issued"]) == (1, 300)
    assert report["by_cashier"] == [
        {"cashier": "ion", "sales": 1, "sales_amount": 15000, "points_issued": 300, "redemptions": 2,
         "points_redeemed": 200},
        {"cashier": "maria", "sales": 0, "sales_amount": 0, "points_issued": 0, "redemptions": 1,
         "points_redeemed": 100},
    ]
    assert report["by_hour"][0] == zero_hour(0) and report["by_hour"][23] == zero_hour(23)
    assert report["by_hour"][12] == {"hour": 12, "sales": 1, "sales_amount": 15000, "points_issued": 300}
    assert report["by_reward"] == before["by_reward"]
    assert report["trend"][-1] == {"date": DAY.isoformat(), "points_issued": 300, "points_redeemed": 300,
                                   "visits": 4}
    assert report["trend"][:-1] == before["trend"][:-1]


def test_hours_of_a_dst_day(plain: Terminal, clock: FakeClock) -> None:
    """25 October 2026: 03:00-04:00 happens twice in Bucharest (both in hour 3); 29 March has no hour 3."""
    autumn = daybreak.hour_bounds(date(2026, 10, 25))
    assert autumn[3:5] == [datetime(2026, 10, 25, 0, 0, tzinfo=UTC), datetime(2026, 10, 25, 2, 0, tzinfo=UTC)]
    spring = daybreak.hour_bounds(date(2026, 3, 29))
    assert spring[3] == spring[4] and spring[-1] - spring[0] == timedelta(hours=23)
    card = plain.enroll("Night Owl").card
    points = 0
    for n, minute in enumerate((30, 90)):  # 03:30 summer time, then 03:30 winter time
        clock.now = datetime(2026, 10, 25, 0, 0, tzinfo=UTC) + timedelta(minutes=minute)
        points += plain.sale(card, 1000, f"R-DST-{n}").points_earned
    hours = plain.daily_report(date(2026, 10, 25))["by_hour"]
    assert hours[3] == {"hour": 3, "sales": 2, "sales_amount": 2000, "points_issued": points}
    assert sum(h["sales"] for h in hours) == 2 and len(hours) == 24


def test_breakdown_queries_read_indexed_ranges(plain: Terminal, clock: FakeClock) -> None:
    a_day(plain, clock)
    statements: list[tuple[str, Any]] = []
    with plain.db.reader() as session:
        bind = session.connection()

        def capture(_conn: Any, _cursor: Any, statement: str, params: Any, *_rest: Any) -> None:
            statements.append((statement, params))

        event.listen(bind, "before_cursor_execute", capture)
        try:
            daybreak.breakdowns(session, DAY, *_bounds())
        finally:
            event.remove(bind, "before_cursor_execute", capture)
        grouped = [(s, p) for s, p in statements if "GROUP BY" in s]
        assert len(grouped) == 4
        for statement, params in grouped:
            plan = [row[-1] for row in session.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, params)]
            assert any("ix_ledger_entries_created_at" in step for step in plan), plan
            assert not any(step.startswith("SCAN") for step in plan), plan
