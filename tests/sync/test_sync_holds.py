"""Held refunds, voided redemptions and merged members across tills: real terminal data dirs and the real
server on 127.0.0.1 (through the fault proxy).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from sync.server import admin, holds
from tests.sync.conftest import LiveServer, Node, assert_converged, utc_now
from tests.sync.test_sync_store_receipts import BONUS, member_everywhere, run_cli, server_reversed


def outbox_status(node: Node, kind: str) -> list[tuple[str, str | None]]:
    from pos_app.store.models import OutboxOp

    with node.terminal.db.reader() as session:
        return [(op.status, op.reason) for op in session.scalars(
            select(OutboxOp).where(OutboxOp.kind == kind).order_by(OutboxOp.seq))]


def test_a_refund_of_a_sale_not_synced_yet_is_held_until_the_sale_arrives(
        make_node: Callable[..., Node], server: LiveServer) -> None:
    (t1, t2), card = member_everywhere(make_node, 2)
    earned = t1.terminal.sale(card, 3000, "HOLD-1").points_earned  # till 1 has not synced it
    # Till 2 cannot find the sale (offline, or the sale is not on the server): a pending refund.
    assert t2.terminal.queue_refund("hold-1", 1000).pending is True

    first = t2.sync()  # till 2 syncs first: the server has no such sale yet

    assert first.ok and first.rejected == 0 and first.pending == 0
    assert outbox_status(t2, "refund") == [("held", outbox_status(t2, "refund")[0][1])]
    assert "held until it arrives" in (outbox_status(t2, "refund")[0][1] or "")
    assert server.balance(card) == BONUS

    assert t1.sync().ok  # the sale arrives: the same push refunds a third of it
    assert server_reversed(server, "hold-1") == -(earned // 3)
    assert server.balance(card) == BONUS + earned - earned // 3

    assert t2.sync().ok  # till 2 learns on pull
    assert outbox_status(t2, "refund") == [("applied", None)]
    balances = assert_converged(server, [t1, t2])
    assert balances[card] == BONUS + earned - earned // 3


@pytest.mark.allow_log("tessera.server", "conflict rejected")
def test_a_held_refund_whose_sale_never_comes_is_a_dead_letter(make_node: Callable[..., Node],
                                                               server: LiveServer) -> None:
    (t1, t2), card = member_everywhere(make_node, 2)
    assert t2.terminal.queue_refund("NEVER-2", 500).pending is True
    assert t2.sync().ok

    holds.settle(server.db, utc_now() + timedelta(days=holds.HOLD_DAYS, hours=1))  # `tessera-server expire`
    result = t2.sync()

    assert result.ok and result.rejected == 1
    dead = run_cli(t2, "sync", "--rejected", "--json")
    assert dead.returncode == 0, dead.stderr
    [letter] = json.loads(dead.stdout)
    assert letter["kind"] == "refund"
    assert "no sale with receipt NEVER-2 arrived in this store within 14 days" in letter["reason"]
    [conflict] = [c for c in admin.conflicts(server.db, "demo") if c["kind"] == "rejected"]
    assert "NEVER-2" in conflict["detail"] and conflict["terminal_id"] == t2.agent.state().terminal_id
    assert server.balance(card) == BONUS
    assert_converged(server, [t1, t2])


# --- a voided redemption frees the limit and the stock on both ends ---------------------------------

ANA = "2900000000018"  # 320 points on the server
ELENA = "2900000000049"  # 4,200 points on the server


def voiding_till(make_node: Callable[..., Node], *names: str) -> list[Node]:
    nodes = [make_node(name) for name in names]
    for node in nodes:
        node.terminal.add_cashier("boss", "Boss", "4321", "manager")
        assert node.sync().ok
    return nodes


def limit_flags(server: LiveServer) -> list[dict[str, object]]:
    return [c for c in admin.conflicts(server.db) if c["kind"] == "limit_exceeded_offline"]


def test_a_voided_tote_bag_can_be_taken_again_online_on_another_till(make_node: Callable[..., Node],
                                                                      server: LiveServer) -> None:
    t1, t2 = voiding_till(make_node, "t1", "t2")
    first = t1.terminal.redeem(ELENA, "tote", confirm=t1.agent.redeem_online)  # per_member_limit 1
    t1.terminal.void_voucher(first.voucher, "boss")
    assert t1.sync().ok  # the server has the void: the bag no longer counts

    again = t2.terminal.redeem(ELENA, "tote", confirm=t2.agent.redeem_online)

    assert again.voucher != first.voucher
    balances = assert_converged(server, [t1, t2])
    assert balances[ELENA] == 4200 - 800 and not limit_flags(server)


def test_a_till_that_voided_offline_counts_the_bag_free_and_the_server_agrees(
        make_node: Callable[..., Node], server: LiveServer, proxy: Any) -> None:
    t1, t2 = voiding_till(make_node, "t1", "t2")
    first = t1.terminal.redeem(ELENA, "tote", confirm=t1.agent.redeem_online)
    assert t1.sync().ok and t2.sync().ok  # till 2 knows the bag was taken
    t2.terminal.void_voucher(first.voucher, "boss")
    proxy.inject("drop_before", "/v1/redeem")  # till 2 offline: its own counts decide

    again = t2.terminal.redeem(ELENA, "tote", confirm=t2.agent.redeem_online)

    assert again.voucher != first.voucher
    balances = assert_converged(server, [t1, t2])  # the void and the new bag in one push
    assert balances[ELENA] == 4200 - 800
    assert not limit_flags(server)  # the voided redemption is not one the new one went past


MUG = """
[[rewards]]
id = "mug"
name = "Tessera mug"
cost = 100
kind = "free_item"
stock = 1
"""


def test_a_voided_mug_returns_to_the_stock_on_both_ends(make_node: Callable[..., Node], server: LiveServer,
                                                        proxy: Any) -> None:
    from datetime import UTC, datetime

    from pos_app.base.assets import read_text

    stocked = read_text("demo_program.toml").replace("version = 1", "version = 2", 1) + MUG
    admin.load_program_text(server.db, stocked, datetime.now(UTC))
    t1, t2 = voiding_till(make_node, "t1", "t2")
    first = t1.terminal.redeem(ELENA, "mug", confirm=t1.agent.redeem_online)
    assert t1.sync().ok and t2.sync().ok
    t2.terminal.void_voucher(first.voucher, "boss")
    proxy.inject("drop_before", "/v1/redeem")

    t2.terminal.redeem(ANA, "mug", confirm=t2.agent.redeem_online)  # offline: the stock is back here

    balances = assert_converged(server, [t1, t2])
    assert balances[ELENA] == 4200 and balances[ANA] == 320 - 100
    assert not limit_flags(server)


# --- a merge moves the refunds of OTHER's sales to KEEP -------------------------------------------


def test_refunds_of_others_sales_reverse_on_keep_after_a_merge(make_node: Callable[..., Node],
                                                               server: LiveServer) -> None:
    """Refunds of OTHER's sales on either till, before or after the merge, online or pending (held)."""
    from sync.server import merge

    t1, t2 = make_node("t1"), make_node("t2")
    keep = t1.terminal.enroll("Keep Person", email="keep@example.org").card
    other = t1.terminal.enroll("Other Person", email="other@example.org").card
    earned = {r: t1.terminal.sale(other, 2000, r).points_earned for r in ("M-1", "M-2", "M-3", "M-4")}
    assert t1.sync().ok and t2.sync().ok
    earned["M-5"] = t1.terminal.sale(other, 2000, "M-5").points_earned  # not synced before the merge
    t1.terminal.refund("M-1", 1000)  # before the merge, pushed after it
    part = t2.terminal.refund("M-2", 1000, remote=t2.agent.fetch_sale("M-2"))  # before, online
    assert t2.terminal.queue_refund("M-5", None).pending is True  # before, held: the sale is not there
    assert t2.sync().ok

    merge.merge(server.db, keep, other, utc_now())

    assert t1.sync().ok  # OTHER's card opens KEEP: the refund, the sale and the held refund of it
    assert server_reversed(server, "M-1") == -(earned["M-1"] // 2)
    assert server_reversed(server, "M-5") == -earned["M-5"]
    rest = t2.terminal.refund("M-2", 1000, remote=t2.agent.fetch_sale("M-2"))  # after, online, not pulled
    assert part.points_reversed + rest.points_reversed == earned["M-2"]
    assert t2.terminal.queue_refund("M-3", None).pending is True  # after, pending
    assert t2.sync().ok
    assert server_reversed(server, "M-3") == -earned["M-3"]
    assert outbox_status(t2, "refund")[-1] == ("applied", None)
    assert t1.sync().ok
    t1.terminal.refund("M-4", 500)  # after the merge and a pull, on the till that rang it
    balances = assert_converged(server, [t1, t2])
    total = BONUS + sum(earned.values())  # one enrollment bonus survives the merge
    reversed_points = (earned["M-1"] // 2 + earned["M-2"] + earned["M-3"] + earned["M-4"] // 4
                       + earned["M-5"])
    assert balances[keep] == total - reversed_points
    assert other not in balances
