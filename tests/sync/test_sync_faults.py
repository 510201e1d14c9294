"""Network and server faults between terminal and server: nothing lost, nothing doubled.

After every scenario each member's server balance equals the sum of its ledger
and equals what every terminal shows after a pull (``assert_converged``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.sync.conftest import LiveServer, Node, assert_converged
from tests.sync.faultproxy import FaultProxy

ANA = "2900000000018"  # opening balance 320
MARCO = "2900000000025"  # opening balance 1250


def _sell(node: Node, count: int, prefix: str = "R") -> None:
    for i in range(count):
        node.terminal.sale(ANA if i % 2 else MARCO, 1000 + 37 * i, receipt=f"{prefix}{i}")


@pytest.mark.parametrize("fault", ["drop_before", "drop_after", "reset_mid", "duplicate", "delay"])
@pytest.mark.allow_log("tessera.sync", "sync failed: server")  # unreachable, or timed out
def test_push_survives_a_network_fault_exactly_once(fault: str, make_node: Callable[..., Node],
                                                    server: LiveServer, proxy: FaultProxy) -> None:
    node = make_node("t1", timeout=httpx.Timeout(2.0 if fault == "delay" else 10.0, connect=2.0))
    _sell(node, 20)
    node.terminal.redeem(MARCO, "coffee")
    expected = {card: node.balance(card) for card in (ANA, MARCO)}
    before = server.ledger_check()
    proxy.inject(fault, delay=5.0)

    first = node.sync()

    if fault == "duplicate":
        assert first.ok and first.pending == 0
    else:
        assert not first.ok and first.pending == 21 and node.terminal.status()["online"] is False
    assert proxy.wait_for(lambda c: c["faults"] == 1)
    if fault == "drop_before":
        assert server.ledger_check() == before  # the server never saw it
    elif fault in ("drop_after", "reset_mid"):
        assert server.balance(ANA) == expected[ANA]  # committed, only the answer was lost
    second = node.sync()
    assert second.ok and second.pending == 0 and second.rejected == 0
    if fault in ("drop_after", "reset_mid"):
        assert second.duplicates == 21 and second.applied == 0
    balances = assert_converged(server, [node])
    assert {card: balances[card] for card in expected} == expected


@pytest.mark.allow_log("tessera.sync", "sync failed: server unreachable")
def test_server_down_during_1000_sales_then_up(make_node: Callable[..., Node], server: LiveServer) -> None:
    node = make_node("t1")
    cards = server.store_cards("demo")
    server.stop()
    for i in range(1000):
        node.terminal.sale(cards[i % len(cards)], 500 + i, receipt=f"OFF-{i}")
        if i % 250 == 0:
            node.terminal.redeem(cards[3], "coffee")
    down = node.sync()
    assert not down.ok and down.pending == 1004 and node.terminal.status()["pending_ops"] == 1004
    expected = {card: node.balance(card) for card in cards}

    server.start()
    up = node.sync()

    assert up.ok and up.applied == 1004 and up.pending == 0 and up.rejected == 0
    assert assert_converged(server, [node]) == expected


@pytest.mark.allow_log("tessera.sync", "sync failed: server unreachable")
def test_two_terminals_sell_and_redeem_offline_then_converge(make_node: Callable[..., Node],
                                                             server: LiveServer) -> None:
    t1, t2 = make_node("t1"), make_node("t2")
    server.stop()
    new = t1.terminal.enroll("Offline Newcomer", email="new@example.org")
    for i in range(30):
        t1.terminal.sale(ANA, 2000 + i, receipt=f"A{i}")
        t2.terminal.sale(MARCO, 3000 + i, receipt=f"B{i}")
    t1.terminal.sale(new.card, 12000, receipt="A-new")
    t1.terminal.redeem(MARCO, "coffee")
    t2.terminal.redeem(ANA, "coffee")
    t2.terminal.refund("B3")
    assert not t1.sync().ok and not t2.sync().ok
    server.start()

    balances = assert_converged(server, [t1, t2])

    assert balances[new.card] == 50 + 120
    assert t1.balance(ANA) == t2.balance(ANA) == balances[ANA]


@pytest.mark.allow_log("tessera.server", "conflict overdraft")
def test_two_terminals_redeem_the_same_points_offline(make_node: Callable[..., Node],
                                                      server: LiveServer) -> None:
    from sync.server import admin

    t1, t2 = make_node("t1"), make_node("t2")
    assert t1.balance(ANA) == t2.balance(ANA) == 320
    server.stop()
    t1.terminal.redeem(ANA, "5off")  # 250 each: both fit locally, not together
    t2.terminal.redeem(ANA, "5off")
    server.start()

    balances = assert_converged(server, [t1, t2])

    assert balances[ANA] == 320 - 500
    assert t1.balance(ANA) == t2.balance(ANA) == -180
    overdrafts = [c for c in admin.conflicts(server.db) if c["kind"] == "overdraft"]
    assert (len(overdrafts) == 1 and overdrafts[0]["points"] == 180
            and overdrafts[0]["card"].endswith(ANA[-4:]))


@pytest.mark.parametrize("hours", [2, -2])
@pytest.mark.allow_log("tessera.sync", "terminal clock is")
@pytest.mark.allow_log("tessera.sync", "rejected by the server")
@pytest.mark.allow_log("tessera.server", "ahead of the server's clock")
def test_terminal_clock_two_hours_off(hours: int, make_node: Callable[..., Node], server: LiveServer) -> None:
    """Issue 9 changed the fast clock on purpose: ops dated ahead of the server's clock are refused."""
    from pos_app.cli.doctor import server_checks

    def skewed() -> datetime:
        return datetime.now(UTC) + timedelta(hours=hours)

    node = make_node("t1", clock=skewed)
    node.terminal.sale(ANA, 15000, receipt="SKEW-1")
    node.terminal.redeem(ANA, "coffee")
    result = node.sync()
    ahead = hours > 0
    assert result.ok and result.pending == 0 and result.rejected == (2 if ahead else 0)
    assert abs(result.clock_skew_seconds - hours * 3600) < 120
    checks = server_checks(node.data_dir, clock=skewed)
    clock_check = next(c for c in checks if c["check"] == "clock vs server")
    assert clock_check["ok"] is False and clock_check["required"] is True
    assert assert_converged(server, [node])[ANA] == (320 if ahead else 320 + 150 - 100)


@pytest.mark.allow_log("tessera.sync", "sync failed: server")
def test_a_pull_whose_connection_dies_before_the_server_is_sent_again_once(
        make_node: Callable[..., Node], server: LiveServer, proxy: FaultProxy) -> None:
    """A kept-alive connection the server closed while idle fails the next request: a GET is repeated once
    on a new connection (two failures in a row are the network's, and the sync says so)."""
    node = make_node("t1")
    _sell(node, 2)
    proxy.inject("drop_before", "/v1/sync/pull", times=1)
    once = node.sync()
    assert once.ok and once.pending == 0, once
    _sell(node, 1, prefix="S")
    proxy.inject("drop_before", "/v1/sync/pull", times=2)
    twice = node.sync()
    assert not twice.ok and "unreachable" in (twice.error or ""), twice
    assert_converged(server, [node])
