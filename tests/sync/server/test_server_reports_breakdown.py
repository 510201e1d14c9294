"""The server's store day by reward, by cashier and by hour of the store's clock, counted by hand."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import pytest

from sync.server import reports
from sync.server.cli import _daily_report
from sync.server.db import ServerDB
from tests.sync.server.handledger import two_stores

DAY = date(2026, 6, 10)  # in Bucharest (UTC+3): 2026-06-09 21:00 to 2026-06-10 21:00 UTC


@pytest.fixture
def db(db_url: str) -> Iterator[ServerDB]:
    server = ServerDB(db_url)
    server.migrate()
    with server.write() as session:
        book = two_stores(session)
        book.member("a1", "A", "2026-01-10 09:00")
        book.member("b1", "B", "2026-01-10 09:00")
        book.sale("a1", "A", "2026-06-09 21:30", 2_000, 20, cashier="ioana")  # 00:30 on June 10 in Bucharest
        book.sale("a1", "A", "2026-06-10 07:10", 5_000, 50, cashier="ioana")  # 10:10
        book.sale("a1", "A", "2026-06-10 07:50", 1_000, 10, cashier="mihai")  # 10:50
        book.sale("a1", "A", "2026-06-10 21:05", 9_000, 90, cashier="mihai")  # 00:05 on June 11: not this day
        book.redeem("a1", "A", "2026-06-10 08:00", "coffee", 30, cashier="mihai")
        book.redeem("a1", "A", "2026-06-10 08:30", "coffee", 30, cashier="mihai", voided=True)
        book.redeem("a1", "A", "2026-06-10 09:00", "tote", 50, cashier="ioana")
        book.sale("b1", "B", "2026-06-10 10:15", 4_000, 40, cashier="ana")  # 10:15 in UTC
    yield server
    server.dispose()


def test_one_store_day_by_reward_cashier_and_hour(db: ServerDB) -> None:
    with db.read() as session:
        day = reports.daily(session, DAY, "A")
    assert (day.sales, day.sales_amount, day.points_issued) == (3, 8_000, 80)
    rewards = [(r.reward, r.redemptions, r.points) for r in day.by_reward]
    assert rewards == [("coffee", 1, 30), ("tote", 1, 50)]
    cashiers = {c.cashier: (c.sales, c.sales_amount, c.points_issued, c.redemptions, c.points_redeemed)
                for c in day.by_cashier}
    # the voided coffee is no redemption of the rewards' breakdown, but the cashier did ring it
    assert cashiers == {"ioana": (2, 7_000, 70, 1, 50), "mihai": (1, 1_000, 10, 2, 60)}
    hours = {h.hour: (h.sales, h.sales_amount, h.points_issued) for h in day.by_hour if h.sales}
    assert [h.hour for h in day.by_hour] == list(range(24))
    assert hours == {0: (1, 2_000, 20), 10: (2, 6_000, 60)}
    assert sum(h.sales for h in day.by_hour) == day.sales


def test_the_chain_adds_up_each_store_own_hours(db: ServerDB) -> None:
    with db.read() as session:
        chain = reports.daily(session, DAY, None)
    hours = {h.hour: h.sales for h in chain.by_hour if h.sales}
    assert hours == {0: 1, 10: 3} and chain.sales == 4
    assert {c.cashier for c in chain.by_cashier} == {"ana", "ioana", "mihai"}


def test_csv_has_the_figures_then_each_breakdown(db: ServerDB) -> None:
    class Args:
        date, store = DAY, "A"

    text = _daily_report(Args(), db, as_csv=True)  # type: ignore[arg-type]
    figures, rewards, cashiers, hours = text.split("\n\n")
    assert dict(next(csv.DictReader(io.StringIO(figures))))["sales"] == "3"
    assert [r["reward"] for r in csv.DictReader(io.StringIO(rewards))] == ["coffee", "tote"]
    by_cashier = {r["cashier"]: r["sales"] for r in csv.DictReader(io.StringIO(cashiers))}
    assert by_cashier == {"ioana": "2", "mihai": "1"}
    assert len(list(csv.DictReader(io.StringIO(hours)))) == 24
