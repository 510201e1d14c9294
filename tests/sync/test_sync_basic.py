"""Register, sell, redeem, refund, sync: the terminal and the server agree."""

from __future__ import annotations

from collections.abc import Callable

from tests.sync.conftest import LiveServer, Node, assert_converged

ANA = "2900000000018"
MARCO = "2900000000025"


def test_register_pulls_program_and_store_members(make_node: Callable[..., Node], server: LiveServer) -> None:
    node = make_node("t1")
    status = node.terminal.status()
    assert status["store_id"] == "demo" and status["online"] and status["last_sync_at"]
    assert node.balance(ANA) == server.balance(ANA) == 320
    assert node.terminal.program.version == 1


def test_sale_redeem_refund_sync(make_node: Callable[..., Node], server: LiveServer) -> None:
    node = make_node("t1")
    sale = node.terminal.sale(ANA, 4250, receipt="R1")
    node.terminal.redeem(MARCO, "coffee")
    node.terminal.refund("R1", 1000)
    result = node.sync()
    assert result.ok and result.pushed == 3 and result.pending == 0 and result.rejected == 0
    assert server.balance(ANA) == 320 + sale.points_earned - sale.points_earned * 1000 // 4250
    assert_converged(server, [node])
