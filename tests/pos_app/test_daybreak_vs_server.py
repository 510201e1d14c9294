"""The tills' breakdowns add up to the server's store-day breakdowns (sync.server.reports.Breakdowns): same
names, same meanings, so the manager screen can show "this terminal" beside "whole store".

A real server (tests/sync/conftest.py) and two real terminals on one moved clock, in Bucharest: two
cashiers and none, a voided voucher, a refund, a receipt rung on both tills, sales around midnight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from sync.server import reports
from tests.clocks import FakeClock
from tests.sync import conftest as sync_fixtures
from tests.sync.conftest import LiveServer, Node, assert_converged, demo_server

# The live server's fixtures of tests/sync, used here as they are.
db_url, proxy, make_node = sync_fixtures.db_url, sync_fixtures.proxy, sync_fixtures.make_node

START = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # 10:00 of a Wednesday in Bucharest: no promotion
DAY = date(2026, 11, 18)
KEYS = {"by_reward": ("reward",), "by_cashier": ("cashier",), "by_hour": ("hour",)}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def server(db_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[LiveServer]:
    """The live server on the moved clock; the demo members were imported a month before START."""
    yield from demo_server(LiveServer, db_url, tmp_path, clock, START - timedelta(days=30))


pytestmark = pytest.mark.usefixtures("bucharest")


def summed(nodes: list[Node], day: date, name: str) -> list[dict[str, Any]]:
    """The tills' lines of one breakdown added up by key (a line of zeros is no line, as on the server)."""
    key = KEYS[name][0]
    lines: dict[Any, dict[str, Any]] = {}
    for node in nodes:
        for line in node.terminal.daily_report(day)[name]:
            total = lines.setdefault(line[key], dict.fromkeys(line, 0) | {key: line[key]})
            for field, value in line.items():
                if field != key:
                    total[field] += value
    kept = [v for v in lines.values() if name == "by_hour" or any(x for f, x in v.items() if f != key)]
    return sorted(kept, key=lambda v: v[key])


def server_lines(server: LiveServer, day: date, name: str) -> list[dict[str, Any]]:
    with server.db.read() as session:
        lines = reports.daily(session, day, "demo").model_dump(mode="json")[name]
    return sorted(lines, key=lambda v: v[KEYS[name][0]])


def ring(one: Node, two: Node, server: LiveServer, clock: FakeClock, *, duplicate: bool) -> None:
    one.terminal.add_cashier("manager", "Manager", "9999", "manager")  # the server learns who approves
    ana = one.terminal.enroll("Ana Store", cashier="maria").card
    bogdan = two.terminal.enroll("Bogdan Store").card
    one.terminal.sale(ana, 30000, "A-1", cashier="maria")
    two.terminal.sale(bogdan, 20000, "B-1", cashier="ion")
    assert_converged(server, [one, two])
    one.terminal.redeem(ana, "coffee", cashier="maria")
    voided = two.terminal.redeem(bogdan, "coffee", cashier="ion")
    two.terminal.void_voucher(voided.voucher, "manager")
    two.terminal.redeem(ana, "coffee", cashier="ion")  # a member of the other till
    one.terminal.refund("A-1", 10000, cashier="maria")
    if duplicate:
        one.terminal.sale(ana, 2000, "SAME", cashier="maria")
        two.terminal.sale(ana, 2000, "same", cashier="ion")  # offline: the store's sale is the first till's
    clock.now = datetime(2026, 11, 18, 21, 55, tzinfo=UTC)  # 23:55 in the store
    one.terminal.sale(ana, 4000, "A-LATE")
    clock.now = datetime(2026, 11, 18, 22, 5, tzinfo=UTC)  # 00:05 of the next day
    two.terminal.sale(bogdan, 5000, "B-NEXT", cashier="ion")
    assert_converged(server, [one, two])


def test_tills_breakdowns_add_up_to_the_stores(server: LiveServer, make_node: Callable[..., Node],
                                               clock: FakeClock) -> None:
    one, two = make_node("t1", clock=clock), make_node("t2", clock=clock)
    ring(one, two, server, clock, duplicate=False)
    for day in (DAY, DAY + timedelta(days=1)):
        for name in KEYS:
            assert summed([one, two], day, name) == server_lines(server, day, name), (day, name)
    assert server_lines(server, DAY, "by_reward") == [{"reward": "coffee", "redemptions": 2, "points": 200}]
    assert {c["cashier"] for c in server_lines(server, DAY, "by_cashier")} == {"", "ion", "maria"}
    assert server_lines(server, DAY + timedelta(days=1), "by_hour")[0]["sales"] == 1
    settled = one.terminal.daily_report(DAY)
    assert settled["provisional"] is False
    assert settled["trend"][-1]["visits"] == settled["sales"] + settled["redemptions"]


@pytest.mark.allow_log("tessera.server", "conflict duplicate_receipt")
def test_a_receipt_rung_on_two_tills_is_one_sale_by_cashier(
        server: LiveServer, make_node: Callable[..., Node], clock: FakeClock) -> None:
    """The second till's sale of a store receipt is no sale (the daily ``sales`` of both ends agree)."""
    one, two = make_node("t1", clock=clock), make_node("t2", clock=clock)
    ring(one, two, server, clock, duplicate=True)
    with server.db.read() as session:
        store_day = reports.daily(session, DAY, "demo")
    tills = summed([one, two], DAY, "by_cashier")
    assert sum(c["sales"] for c in tills) == store_day.sales
    assert sum(c["sales_amount"] for c in tills) == sum(h.sales_amount for h in store_day.by_hour)
    for name in ("by_reward", "by_hour"):
        assert summed([one, two], DAY, name) == server_lines(server, DAY, name), name
    ion = next(c for c in two.terminal.daily_report(DAY)["by_cashier"] if c["cashier"] == "ion")
    assert (ion["sales"], ion["sales_amount"]) == (1, 20000)  # B-1 only, not "same"


@pytest.mark.allow_log("tessera.server", "conflict duplicate_receipt")
def test_server_by_cashier_counts_store_sales_once(
        server: LiveServer, make_node: Callable[..., Node], clock: FakeClock) -> None:
    one, two = make_node("t1", clock=clock), make_node("t2", clock=clock)
    ring(one, two, server, clock, duplicate=True)
    assert summed([one, two], DAY, "by_cashier") == server_lines(server, DAY, "by_cashier")
