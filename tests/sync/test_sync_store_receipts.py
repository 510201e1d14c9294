"""A store receipt earns once across its tills, and is refunded on any till of the store.

Real terminal data dirs, one real server on 127.0.0.1 (through the fault proxy), the real CLI for
refunds (it asks the server for a sale this till did not ring, or queues a pending refund offline).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from sync.client import Unreachable
from sync.server import admin, holds
from tests.sync.conftest import LiveServer, Node, assert_converged, utc_now

BONUS = 50  # the demo program's enrollment bonus


def run_cli(node: Node, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TESSERA_DATA_DIR": str(node.data_dir)}
    return subprocess.run([sys.executable, "-m", "pos_app", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def refund_cli(node: Node, receipt: str, amount: str | None = None) -> dict[str, Any]:
    done = run_cli(node, "refund", "--receipt", receipt, *(["--amount", amount] if amount else []), "--json")
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def member_everywhere(make_node: Callable[..., Node], count: int) -> tuple[list[Node], str]:
    nodes = [make_node(f"till{i + 1}") for i in range(count)]
    card = nodes[0].terminal.enroll("Shared Member", email="shared@example.org").card
    for node in nodes:
        assert node.sync().ok
    return nodes, card


def sale_ops(node: Node) -> list[str]:
    from pos_app.store.models import OutboxOp

    with node.terminal.db.reader() as session:
        return list(session.scalars(select(OutboxOp.op_id).where(OutboxOp.kind == "sale")))


def server_reversed(server: LiveServer, receipt: str) -> int:
    from sync.server.models import LedgerEntry

    with server.db.read() as session:
        return int(session.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(
            LedgerEntry.kind == "reverse", LedgerEntry.receipt == receipt)) or 0)


@pytest.mark.allow_log("tessera.server", "conflict duplicate_receipt")
def test_one_receipt_rung_on_three_tills_earns_once(make_node: Callable[..., Node],
                                                    server: LiveServer) -> None:
    (t1, t2, t3), card = member_everywhere(make_node, 3)
    first = t1.terminal.sale(card, 2000, "SAME")
    # Offline on tills 2 and 3 the same paper receipt earns locally: the server gives it nothing.
    assert t2.terminal.sale(card, 2000, "same").points_earned == first.points_earned
    assert t3.terminal.sale(card, 2000, "\uff33\uff21\uff2d\uff25\u200b").points_earned == first.points_earned

    for node in (t1, t2, t3):
        assert node.sync().ok
    assert server.balance(card) == BONUS + first.points_earned

    found = [c for c in admin.conflicts(server.db, "demo") if c["kind"] == "duplicate_receipt"]
    assert len(found) == 2
    t1_id = t1.agent.state().terminal_id
    for conflict, node in zip(sorted(found, key=lambda c: c["id"]), (t2, t3), strict=True):
        assert conflict["terminal_id"] == node.agent.state().terminal_id
        assert conflict["op_id"] == sale_ops(node)[0]
        assert t1_id in conflict["detail"] and sale_ops(t1)[0] in conflict["detail"]
        assert conflict["points"] == -first.points_earned
    balances = assert_converged(server, [t1, t2, t3])
    assert balances[card] == BONUS + first.points_earned
    # The second till's sale row follows the server: it earned nothing.
    from pos_app.store.models import Sale

    with t2.terminal.db.reader() as session:
        assert session.scalar(select(Sale.points_earned).where(Sale.receipt == "same")) == 0


@pytest.mark.allow_log("tessera.server", "conflict duplicate_receipt")
def test_the_second_till_learns_of_the_duplicate_in_its_push_answer(make_node: Callable[..., Node],
                                                                     server: LiveServer) -> None:
    (t1, t2), card = member_everywhere(make_node, 2)
    earned = t1.terminal.sale(card, 4000, "DUP-7").points_earned
    assert t1.sync().ok
    t2.terminal.sale(card, 4000, " dup-7 ")
    assert local_balance(t2, card) == BONUS + earned  # till 2 alone, offline: it earned
    assert t2.agent.push().applied == 1  # the answer alone corrects the till: no pull yet
    assert local_balance(t2, card) == BONUS  # its own earn is 0; till 1's arrives with the next pull
    assert assert_converged(server, [t1, t2])[card] == BONUS + earned


def local_balance(node: Node, card: str) -> int:
    from pos_app.store.models import Member

    with node.terminal.db.reader() as session:
        return int(session.scalar(select(Member.balance).where(Member.card == card)) or 0)


def test_refund_on_till_2_of_a_till_1_sale_online(make_node: Callable[..., Node], server: LiveServer) -> None:
    (t1, t2), card = member_everywhere(make_node, 2)
    sale = t1.terminal.sale(card, 4000, "R-1")
    assert t1.sync().ok and t2.sync().ok

    refund = refund_cli(t2, "r-1")

    assert refund["pending"] is False and refund["receipt"] == "R-1"
    assert refund["points_reversed"] == sale.points_earned and refund["refunded_amount"] == 4000
    assert refund["balance"] == BONUS
    assert t2.sync().ok
    assert server.balance(card) == BONUS
    assert server_reversed(server, "R-1") == -sale.points_earned
    assert_converged(server, [t1, t2])
    assert t2.terminal.daily_report(time_now_date())["refunds"] == 1  # counted where it happened


def time_now_date() -> Any:
    from datetime import datetime

    return datetime.now().date()


@pytest.mark.allow_log("tessera.server", "conflict")
@pytest.mark.allow_log("tessera.sync", "rejected")
def test_partial_refunds_on_two_tills_sum_to_the_earn(make_node: Callable[..., Node],
                                                       server: LiveServer) -> None:
    (t1, t2), card = member_everywhere(make_node, 2)
    earned = t1.terminal.sale(card, 3333, "P-3").points_earned
    assert t1.sync().ok and t2.sync().ok

    assert refund_cli(t2, "P-3", "10.00")["refunded_amount"] == 1000
    assert t2.sync().ok
    t1.terminal.refund("P-3", 1111)  # till 1 refunds from its own (older) copy: the server recomputes
    assert t1.sync().ok and t2.sync().ok
    last = refund_cli(t2, "p-3")  # the rest, by the server's fresh copy of the sale

    assert last["refunded_amount"] == 3333 - 1000 - 1111
    assert t2.sync().ok
    assert server_reversed(server, "P-3") == -earned
    assert server.balance(card) == BONUS
    assert_converged(server, [t1, t2])


def test_offline_refund_of_an_unknown_receipt_is_queued_then_applied(
        make_node: Callable[..., Node], server: LiveServer, proxy: Any) -> None:
    (t1, t2), card = member_everywhere(make_node, 2)
    earned = t1.terminal.sale(card, 2500, "OFF-1").points_earned
    assert t1.sync().ok
    proxy.inject("drop_before", "/v1/sales", times=2)  # the till cannot reach the server (nor on its retry)

    queued = refund_cli(t2, "OFF-1")

    assert queued == {"points_reversed": 0, "balance": None, "receipt": "OFF-1", "refunded_amount": None,
                      "pending": True}
    result = t2.sync()
    assert result.ok and result.rejected == 0 and result.pending == 0
    assert server.balance(card) == BONUS
    assert server_reversed(server, "OFF-1") == -earned
    assert_converged(server, [t1, t2])


def test_a_slow_server_makes_the_refund_pending_within_the_timeout(make_node: Callable[..., Node],
                                                                    proxy: Any) -> None:
    (t1, t2), card = member_everywhere(make_node, 2)
    t1.terminal.sale(card, 2500, "SLOW-1")
    assert t1.sync().ok
    proxy.inject("delay", "/v1/sales", delay=10.0)  # far past the till's 1.5 s (a wide margin: CI is loaded)
    started = time.monotonic()
    with pytest.raises(Unreachable):
        t2.agent.fetch_sale("SLOW-1")
    assert time.monotonic() - started < 7.0  # the till did not wait for the answer


@pytest.mark.allow_log("tessera.server", "no sale with receipt NOPE-9")
@pytest.mark.allow_log("tessera.server", "conflict rejected")
@pytest.mark.allow_log("tessera.sync", "rejected by the server")
def test_a_pending_refund_matching_no_sale_is_dead_lettered(make_node: Callable[..., Node],
                                                            server: LiveServer, proxy: Any) -> None:
    (t1, t2), card = member_everywhere(make_node, 2)
    proxy.inject("drop_before", "/v1/sales", times=2)  # the first try and its one retry
    assert refund_cli(t2, "NOPE-9", "5.00")["pending"] is True
    assert t2.sync().rejected == 0  # held: the sale may be on a till that has not synced (issue 9)
    holds.settle(server.db, utc_now() + timedelta(days=holds.HOLD_DAYS, hours=1))  # `tessera-server expire`
    result = t2.sync()

    assert result.ok and result.rejected == 1
    dead = run_cli(t2, "sync", "--rejected", "--json")
    assert dead.returncode == 0, dead.stderr
    [letter] = json.loads(dead.stdout)
    assert letter["kind"] == "refund"
    assert "no sale with receipt NOPE-9 arrived in this store" in letter["reason"]
    assert server.balance(card) == BONUS
    assert_converged(server, [t1, t2])


def test_online_a_receipt_no_till_rang_is_refused(make_node: Callable[..., Node]) -> None:
    (_t1, t2), _card = member_everywhere(make_node, 2)
    done = run_cli(t2, "refund", "--receipt", "NEVER-1", "--json")
    assert done.returncode == 1
    assert json.loads(done.stderr)["code"] == "unknown_receipt"
