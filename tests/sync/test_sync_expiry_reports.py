"""Expiry on the server and reports that agree (issue 9, items 2 and 9): a real server, real terminals.

Server and terminals read one moved clock (tests/clocks.py). The server's own expiry
runs as ``expiry.expire_due`` directly, or as `serve`'s background task on an app
started with its lifespan.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sqlalchemy import select

from sync.server import expiry
from sync.server.models import LedgerEntry, Member
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer, Node, assert_converged, demo_server, wait_until

# A Wednesday morning in Bucharest (the demo store's zone): no promotion, 1 point per euro.
START = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)
COMMON = ("transactions", "sales", "refunds", "redemptions", "sales_amount", "points_issued",
          "points_reversed", "points_redeemed", "points_expired", "points_adjusted", "enrollments")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def server(db_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[LiveServer]:
    """The live server on the moved clock; the demo members were imported a month before START."""
    yield from demo_server(LiveServer, db_url, tmp_path, clock, START - timedelta(days=30))


@pytest.fixture(params=["Europe/Bucharest", "UTC"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The tills' machines run in the store's zone, or in UTC: their days are the store's days either way
    (the zone comes from the server at registration)."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


class ExpiringServer:
    """The app with its lifespan on (as `tessera-server serve` runs it): the expiry task runs."""

    def __init__(self, live: LiveServer, every: float) -> None:
        from sync.server.app import create_app
        from tests.sync.conftest import free_port

        app = create_app(live.db, live.data_dir, clock=live.clock, expire_every=every)
        config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning",
                                access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-expiring", daemon=True)

    def __enter__(self) -> ExpiringServer:
        self.thread.start()
        wait_until(lambda: self.server.started, what="server start")
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        assert not self.thread.is_alive(), "the server did not stop"


def member_of(server: LiveServer, card: str) -> Member:
    with server.db.read() as session:
        member = session.scalar(select(Member).where(Member.card == card))
        assert member is not None
        return member


def expire_entries(server: LiveServer, card: str) -> list[LedgerEntry]:
    member_id = member_of(server, card).id
    with server.db.read() as session:
        return list(session.scalars(select(LedgerEntry).where(LedgerEntry.member_id == member_id,
                                                              LedgerEntry.kind == "expire")))


def server_report(server: LiveServer, day: date) -> dict[str, Any]:
    from sync.server import reports

    with server.db.read() as session:
        return reports.daily(session, day, "demo").model_dump()


def terminal_sum(nodes: list[Node], day: date) -> dict[str, int]:
    reports = [node.terminal.daily_report(day) for node in nodes]
    return {name: sum(int(r[name]) for r in reports) for name in COMMON}


def member_with_250(node: Node) -> str:
    card = node.terminal.enroll("Expiring Member").card  # 50 bonus points
    assert node.terminal.sale(card, 20000, f"R-{node.name}").points_earned == 200
    assert node.balance(card) == 250
    return card


# --- item 2: expiry on the server ------------------------------------------------------------------------


def test_server_expiry_reaches_the_terminal_on_pull(server: LiveServer, make_node: Callable[..., Node],
                                                    clock: FakeClock) -> None:
    node = make_node("t1", clock=clock)
    card = member_with_250(node)
    assert node.sync().ok and server.balance(card) == 250
    clock.advance(days=400)  # every lot past its date
    run = expiry.expire_due(server.db, clock())
    assert run.points_expired >= 250 and run.members >= 1
    assert server.balance(card) == 0
    assert expiry.expire_due(server.db, clock()) == expiry.ExpiryRun(0, 0)  # a second run expires nothing
    assert sorted(e.points for e in expire_entries(server, card)) == [-200, -50]
    assert all(e.terminal_id == "server" and e.store_id == "demo" for e in expire_entries(server, card))
    assert node.sync().ok  # the change feed brings the expiry: the terminal shows the server's balance
    view = node.terminal.member(card)
    assert (view.balance, view.spendable) == (0, 0)
    assert node.terminal.expire_due() == 0  # nothing left for the terminal to expire
    assert node.terminal.daily_report(node.terminal.local_time(clock()).date())["points_expired"] == 0
    assert server_report(server, clock().date())["points_expired"] == run.points_expired
    assert_converged(server, [node])


def test_terminal_expiry_after_the_servers_expires_nothing_twice(
        server: LiveServer, make_node: Callable[..., Node], clock: FakeClock) -> None:
    node = make_node("t1", clock=clock)
    card = member_with_250(node)
    assert node.sync().ok
    clock.advance(days=400)
    assert expiry.expire_due(server.db, clock()).points_expired >= 250
    assert node.terminal.expire_due() >= 250  # offline meanwhile: the terminal expires the same lots
    assert node.balance(card) == 0
    result = node.sync()
    assert result.ok and result.applied >= 1 and result.pending == 0
    assert server.balance(card) == 0 and node.balance(card) == 0
    entries = expire_entries(server, card)
    by_lot: dict[str, int] = {}
    for entry in entries:
        by_lot[entry.reverses or ""] = by_lot.get(entry.reverses or "", 0) + entry.points
    assert sorted(by_lot.values()) == [-200, -50]  # each lot expired once in all
    assert sorted(e.points for e in entries if e.terminal_id == node.terminal.terminal_id) == [0, 0]
    today = node.terminal.local_time(clock()).date()
    assert node.terminal.daily_report(today)["points_expired"] == 0  # as the server applied it
    server_day = server_report(server, today)
    assert server_day["points_expired"] == -sum(e.points for e in entries) + _others_expired(server, card)
    assert_converged(server, [node])


def _others_expired(server: LiveServer, card: str) -> int:
    """Points the server expired that day for the demo members (imported with lots of their own)."""
    member_id = member_of(server, card).id
    with server.db.read() as session:
        return -sum(session.scalars(select(LedgerEntry.points).where(
            LedgerEntry.kind == "expire", LedgerEntry.member_id != member_id)))


def test_serve_expires_at_start_and_every_interval_and_stops_cleanly(
        server: LiveServer, make_node: Callable[..., Node], clock: FakeClock) -> None:
    node = make_node("t1", clock=clock)
    first = member_with_250(node)
    assert node.sync().ok
    clock.advance(days=400)
    with ExpiringServer(server, every=3600):  # the run at start
        wait_until(lambda: server.balance(first) == 0, what="expiry at start")
    second = node.terminal.enroll("Later Member").card
    assert node.sync().ok and server.balance(second) == 50
    with ExpiringServer(server, every=0.05):
        time.sleep(0.2)
        assert server.balance(second) == 50  # not due yet
        clock.advance(days=400)
        wait_until(lambda: server.balance(second) == 0, what="a later expiry run")
    assert node.sync().ok
    assert (node.balance(first), node.balance(second)) == (0, 0)
    assert_converged(server, [node])


# --- item 9: reports agree ------------------------------------------------------------------------------


def test_two_tills_expiring_one_lot_report_it_once(server: LiveServer, make_node: Callable[..., Node],
                                                   clock: FakeClock) -> None:
    one, two = make_node("t1", clock=clock), make_node("t2", clock=clock)
    card = member_with_250(one)
    assert one.sync().ok and two.sync().ok and two.balance(card) == 250
    clock.advance(days=400)
    assert one.terminal.expire_due() >= 250 and two.terminal.expire_due() >= 250  # both offline at midnight
    assert one.sync().ok and two.sync().ok
    day = one.terminal.local_time(clock()).date()
    reports = [node.terminal.daily_report(day)["points_expired"] for node in (one, two)]
    server_day = server_report(server, day)
    assert sum(reports) == server_day["points_expired"]  # the second till's expiry counted as zero
    assert sorted(e.points for e in expire_entries(server, card) if e.points) == [-200, -50]
    assert_converged(server, [one, two])


@pytest.mark.usefixtures("machine_zone")
def test_three_tills_add_up_to_the_servers_day_across_midnight(
        server: LiveServer, make_node: Callable[..., Node], clock: FakeClock) -> None:
    t1, t2, t3 = (make_node(name, clock=clock) for name in ("t1", "t2", "t3"))
    assert {node.terminal.zone.key for node in (t1, t2, t3) if node.terminal.zone} == {"Europe/Bucharest"}
    day = date(2026, 11, 18)  # in Bucharest: 08:00 UTC is 10:00, 22:30 UTC is 00:30 of the 19th
    a = t1.terminal.enroll("Ana Till").card
    t1.terminal.sale(a, 10000, "A-1")
    b = t2.terminal.enroll("Bogdan Till").card
    t2.terminal.sale(b, 5000, "B-1")
    for node in (t1, t2, t3):
        assert node.sync().ok
    t3.terminal.sale(a, 3000, "C-1")
    t2.terminal.redeem(b, "coffee")
    t1.terminal.add_cashier("manager", "Manager", "9999", "manager")  # the server learns who approves
    t1.terminal.adjust(a, 15, "goodwill", "manager")
    clock.now = datetime(2026, 11, 18, 21, 30, tzinfo=UTC)  # 23:30 in the store
    t1.terminal.refund("A-1", 2000)
    clock.now = datetime(2026, 11, 18, 22, 30, tzinfo=UTC)  # 00:30 of the next day in the store
    t3.terminal.refund("C-1")  # refund of yesterday's sale: counts today, on both ends
    t2.terminal.enroll("Carmen Till")
    assert_converged(server, [t1, t2, t3])
    nodes = [t1, t2, t3]
    first, second = terminal_sum(nodes, day), terminal_sum(nodes, day + timedelta(days=1))
    assert first == {k: server_report(server, day)[k] for k in COMMON}
    assert second == {k: server_report(server, day + timedelta(days=1))[k] for k in COMMON}
    assert first["sales_amount"] == 10000 + 5000 + 3000 - 2000 and first["enrollments"] == 2
    assert (second["refunds"], second["sales"], second["sales_amount"]) == (1, 0, -3000)
    assert second["points_reversed"] == 30 and second["enrollments"] == 1
    assert t3.terminal.daily_report(day)["enrollments"] == 0  # enrolled nobody: mirrored members don't count
    assert t3.terminal.daily_report(day)["points_issued"] == 30


def _reports_agree(server: LiveServer, nodes: list[Node], day: date) -> dict[str, int]:
    summed = terminal_sum(nodes, day)
    assert summed == {k: server_report(server, day)[k] for k in COMMON}
    return summed


@pytest.mark.allow_log("tessera.server", "conflict duplicate_receipt")
def test_a_receipt_rung_on_two_tills_is_one_sale_in_the_reports(
        server: LiveServer, make_node: Callable[..., Node], clock: FakeClock) -> None:
    one, two = make_node("t1", clock=clock), make_node("t2", clock=clock)
    card = one.terminal.enroll("Two Tills").card
    assert one.sync().ok and two.sync().ok
    one.terminal.sale(card, 2000, "SAME")
    assert two.terminal.sale(card, 2000, "same").points_earned == 20  # offline: it earns locally
    assert_converged(server, [one, two])
    day = one.terminal.local_time(clock()).date()
    assert two.terminal.daily_report(day)["sales"] == 0  # the store's sale is the first till's
    summed = _reports_agree(server, [one, two], day)
    assert (summed["sales"], summed["sales_amount"], summed["points_issued"]) == (1, 2000, 50 + 20)


def test_a_pending_refund_counts_once_the_server_applied_it(
        server: LiveServer, make_node: Callable[..., Node], clock: FakeClock) -> None:
    one, two = make_node("t1", clock=clock), make_node("t2", clock=clock)
    card = one.terminal.enroll("Refunded Elsewhere").card
    one.terminal.sale(card, 10000, "P-1")
    one.terminal.sale(card, 5000, "P-2")
    assert one.sync().ok and two.sync().ok
    two.terminal.queue_refund("P-1", None)  # offline: what is left of a sale this till never saw
    two.terminal.queue_refund("p-2", 2000)
    day = two.terminal.local_time(clock()).date()
    assert two.terminal.daily_report(day)["refunds"] == 0  # nothing is known of them yet
    assert_converged(server, [one, two])
    report = two.terminal.daily_report(day)
    assert (report["refunds"], report["refunded_amount"], report["points_reversed"]) == (2, 12000, 100 + 20)
    _reports_agree(server, [one, two], day)


@pytest.mark.allow_log("tessera.server", "conflict rejected")
@pytest.mark.allow_log("tessera.sync", "rejected by the server")
def test_a_refund_the_server_rejected_counts_for_nothing(
        server: LiveServer, make_node: Callable[..., Node], clock: FakeClock) -> None:
    one, two = make_node("t1", clock=clock), make_node("t2", clock=clock)
    card = one.terminal.enroll("Refunded Twice").card
    one.terminal.sale(card, 10000, "X-1")
    assert one.sync().ok
    remote = two.agent.fetch_sale("X-1")
    assert remote is not None
    one.terminal.refund("X-1")  # both tills refund all of it before either syncs
    two.terminal.refund("X-1", None, None, remote)
    assert one.sync().ok and two.sync().ok
    assert [d["kind"] for d in two.terminal.dead_letters()] == ["refund"]
    assert_converged(server, [one, two])
    day = one.terminal.local_time(clock()).date()
    report = two.terminal.daily_report(day)
    assert (report["refunds"], report["sales_amount"], report["points_reversed"]) == (0, 0, 0)
    summed = _reports_agree(server, [one, two], day)
    assert (summed["refunds"], summed["sales_amount"], summed["points_reversed"]) == (1, 0, 100)
