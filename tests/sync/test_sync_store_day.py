"""A till's manager sees the whole store's day from the server beside its own, or its own alone offline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pos_app.sync_agent import online
from tests.sync.conftest import LiveServer, Node

ANA = "2900000000018"
MARCO = "2900000000025"


def test_the_whole_store_day_adds_up_every_till(make_node: Callable[..., Node], server: LiveServer) -> None:
    one, two = make_node("t1"), make_node("t2")
    one.terminal.sale(ANA, 4250, receipt="A-1", cashier="ioana")
    two.terminal.sale(MARCO, 1000, receipt="B-1", cashier="mihai")
    two.terminal.redeem(ANA, "coffee", cashier="mihai")
    assert one.sync().ok and two.sync().ok
    today = date.today()
    store = online.store_day(one.terminal, today)
    own = one.terminal.daily_report(today)
    assert store is not None and store["store"] == "demo"
    assert (store["sales"], own["sales"]) == (2, 1)
    assert store["sales_amount"] == 5250 and store["redemptions"] == 1
    cashiers = {c["cashier"]: c["sales"] for c in store["by_cashier"] if c["sales"]}
    assert cashiers == {"ioana": 1, "mihai": 1}
    assert [r["reward"] for r in store["by_reward"]] == ["coffee"]
    assert sum(h["sales"] for h in store["by_hour"]) == 2


def test_no_store_day_offline_or_standalone(make_node: Callable[..., Node], server: LiveServer) -> None:
    node = make_node("t1")
    server.stop()
    assert online.store_day(node.terminal, date.today()) is None
    from pos_app.terminal import Terminal, initialize

    alone = node.data_dir.parent / "alone"
    initialize(alone)
    standalone = Terminal(alone)
    try:
        assert online.store_day(standalone, date.today()) is None
    finally:
        standalone.close()
