"""Limits across the chain, with real tills and a real server (issue 9, items 3 and 4).

A registered till has the server confirm a redemption in one short round trip: the server's own
counts decide (per_member_limit across every till), and only redemptions made offline count
against ``offline_daily_redeem_limit``. Offline, the till's own rules apply; a limit two offline
tills both went past is applied and flagged ``limit_exceeded_offline`` with both vouchers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from pos_app.core.errors import Code, OfflineLimitReached, RewardNotAllowed
from pos_app.results import RedeemResult
from tests.sync.conftest import LiveServer, Node, assert_converged
from tests.sync.faultproxy import FaultProxy

ANA = "2900000000018"  # 320 points on the server
ELENA = "2900000000049"  # 4,200 points on the server; gold once she spends 2,000.00 EUR
pytestmark = [pytest.mark.allow_log("tessera.server", "limit_exceeded_offline"),
              pytest.mark.allow_log("tessera.sync", "terminal clock is")]


def tills(make_node: Callable[..., Node], *names: str) -> list[Node]:
    nodes = [make_node(name) for name in names]
    for node in nodes:
        assert node.sync().ok
    return nodes


def redeem(node: Node, reward: str) -> RedeemResult:
    return node.terminal.redeem(ELENA, reward, confirm=node.agent.redeem_online)


def flagged(server: LiveServer) -> list[dict[str, object]]:
    from sync.server import admin

    return [c for c in admin.conflicts(server.db) if c["kind"] == "limit_exceeded_offline"]


def make_gold(node: Node) -> int:
    """A 2,100.00 EUR sale: gold from then on; returns the server's balance after it."""
    assert node.terminal.sale(ELENA, 210_000, receipt="GOLD").points_earned >= 2100
    assert node.sync().ok
    return node.balance(ELENA)


def test_the_tote_bag_is_refused_on_the_second_till_online(make_node: Callable[..., Node],
                                                           server: LiveServer) -> None:
    till1, till2 = tills(make_node, "t1", "t2")
    redeem(till1, "tote")
    assert server.balance(ELENA) == 4200 - 800  # the server applied it before the bag was handed over
    with pytest.raises(RewardNotAllowed) as refused:
        redeem(till2, "tote")  # till 2 has not pulled since: the server's count refuses it
    assert refused.value.code is Code.REWARD_LIMIT and refused.value.params["limit"] == 1
    assert_converged(server, [till1, till2])
    assert server.balance(ELENA) == 3400 and not flagged(server)


def test_the_tote_bag_on_two_offline_tills_is_applied_and_flagged(
        make_node: Callable[..., Node], server: LiveServer, proxy: FaultProxy) -> None:
    till1, till2 = tills(make_node, "t1", "t2")
    proxy.inject("drop_before", "/v1/redeem", times=2)  # neither till reaches the server
    first, second = redeem(till1, "tote"), redeem(till2, "tote")
    balances = assert_converged(server, [till1, till2])
    assert balances[ELENA] == 4200 - 1600  # both bags were handed over: both are applied
    [conflict] = flagged(server)
    detail = str(conflict["detail"])
    assert first.voucher in detail and second.voucher in detail
    assert conflict["points"] == 800


def test_the_spa_voucher_is_taken_online_above_the_offline_limit(
        make_node: Callable[..., Node], server: LiveServer, proxy: FaultProxy) -> None:
    [till] = tills(make_node, "t1")
    before = make_gold(till)
    assert before == server.balance(ELENA) >= 4200 + 2100
    result = redeem(till, "spa")  # 5,000 points: five times the offline limit of 1,000
    assert result.balance == before - 5000 == server.balance(ELENA)
    pushed = till.sync()
    assert pushed.ok and pushed.duplicates == 1 and pushed.applied == 0  # the confirmed op, once
    assert assert_converged(server, [till])[ELENA] == before - 5000
    proxy.inject("drop_before", "/v1/redeem")
    redeem(till, "coffee")  # offline now: the spa voucher, confirmed online, used none of the limit
    assert assert_converged(server, [till])[ELENA] == before - 5100


def test_with_the_server_down_the_offline_limit_applies(make_node: Callable[..., Node], server: LiveServer,
                                                        proxy: FaultProxy) -> None:
    [till] = tills(make_node, "t1")
    before = make_gold(till)
    proxy.inject("drop_before", "/v1/redeem")
    with pytest.raises(OfflineLimitReached):
        redeem(till, "spa")
    assert assert_converged(server, [till])[ELENA] == before


def test_a_slow_answer_falls_back_within_the_timeout_and_counts_once(make_node: Callable[..., Node],
                                                                     server: LiveServer,
                                                                     proxy: FaultProxy) -> None:
    [till] = tills(make_node, "t1")
    # The server applies it; its answer comes far later than the till's 1.5 s (a wide margin: CI is loaded).
    proxy.inject("delay", "/v1/redeem", delay=10.0)
    started = time.monotonic()
    redeem(till, "coffee")
    assert time.monotonic() - started < 7.0  # the till did not wait for the answer
    assert proxy.wait_for(lambda counts: counts["answered"] >= 1 or counts["faults"] >= 1)
    assert assert_converged(server, [till])[ELENA] == 4200 - 100  # one coffee, though asked and pushed


def test_a_till_that_pulled_counts_the_other_tills_redemption_offline(
        make_node: Callable[..., Node], server: LiveServer, proxy: FaultProxy) -> None:
    till1, till2 = tills(make_node, "t1", "t2")
    redeem(till1, "tote")
    assert till2.sync().ok  # till 2 learns of the bag from the server
    proxy.inject("drop_before", "/v1/redeem")
    with pytest.raises(RewardNotAllowed) as refused:
        redeem(till2, "tote")
    assert refused.value.code is Code.REWARD_LIMIT
    assert assert_converged(server, [till1, till2])[ELENA] == 4200 - 800 and not flagged(server)


def test_the_window_asks_the_server_through_the_syncer(make_node: Callable[..., Node],
                                                       server: LiveServer) -> None:
    from pos_app.ui.syncer import redeem_confirmer

    [till] = tills(make_node, "t1")
    before = make_gold(till)
    till.terminal.redeem(ELENA, "spa", confirm=redeem_confirmer(till.data_dir))
    assert server.balance(ELENA) == before - 5000


MUG = """
[[rewards]]
id = "mug"
name = "Tessera mug"
cost = 100
kind = "free_item"
stock = 1
"""


def test_a_stock_of_one_mug(make_node: Callable[..., Node], server: LiveServer, proxy: FaultProxy) -> None:
    from pos_app.base.assets import read_text
    from sync.server import admin

    stocked = read_text("demo_program.toml").replace("version = 1", "version = 2", 1) + MUG
    admin.load_program_text(server.db, stocked, datetime.now(UTC))
    till1, till2 = tills(make_node, "t1", "t2")
    proxy.inject("drop_before", "/v1/redeem", times=2)
    first = till1.terminal.redeem(ELENA, "mug", confirm=till1.agent.redeem_online)
    second = till2.terminal.redeem(ANA, "mug", confirm=till2.agent.redeem_online)  # both offline: handed over
    balances = assert_converged(server, [till1, till2])
    assert balances[ELENA] == 4200 - 100 and balances[ANA] == 320 - 100
    [conflict] = flagged(server)
    detail = str(conflict["detail"])
    assert "stock 1" in detail and second.voucher in detail and first.voucher in detail
    with pytest.raises(RewardNotAllowed) as online:  # online: the server's count refuses it
        till1.terminal.redeem(ANA, "mug", confirm=till1.agent.redeem_online)
    assert online.value.code is Code.REWARD_STOCK
    proxy.inject("drop_before", "/v1/redeem")
    with pytest.raises(RewardNotAllowed) as offline:  # offline: what the till pulled refuses it
        till2.terminal.redeem(ELENA, "mug", confirm=till2.agent.redeem_online)
    assert offline.value.code is Code.REWARD_STOCK



def test_the_cli_redeems_online_and_names_the_servers_refusal(make_node: Callable[..., Node],
                                                              server: LiveServer) -> None:
    from tests.sync.test_sync_cli_lookup import run_cli

    till1, till2 = tills(make_node, "t1", "t2")
    before = make_gold(till1)
    spa = run_cli(till1.data_dir, "redeem", "--card", ELENA, "--reward", "spa", "--json")
    assert spa.returncode == 0, spa.stderr  # above the offline limit: the server confirmed it
    assert json.loads(spa.stdout)["balance"] == before - 5000 == server.balance(ELENA)
    assert run_cli(till1.data_dir, "redeem", "--card", ELENA, "--reward", "tote").returncode == 0
    again = run_cli(till2.data_dir, "redeem", "--card", ELENA, "--reward", "tote", "--json")
    assert again.returncode == 1 and json.loads(again.stderr)["code"] == "reward_limit"
    till1.terminal.reload_program()
    assert assert_converged(server, [till1, till2])[ELENA] == before - 5800


class Shifted:
    """A till clock on time, then some seconds ahead (within the skew the server allows)."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.ahead


@pytest.mark.allow_log("tessera.server", "redeem_not_recorded")
def test_a_confirmation_the_till_never_recorded_is_flagged(make_node: Callable[..., Node], server: LiveServer,
                                                           proxy: FaultProxy) -> None:
    clock = Shifted()
    till = make_node("t1", clock=clock)
    assert till.sync().ok
    before = make_gold(till)
    proxy.inject("delay", "/v1/redeem", delay=3.0)  # the server applies it; its answer comes too late
    with pytest.raises(OfflineLimitReached):  # and offline the spa voucher is beyond the limit
        redeem(till, "spa")
    clock.ahead = timedelta(seconds=60)
    till.terminal.sale(ELENA, 1000, receipt="LATER")  # the till's next op, well after the confirmation
    assert till.sync().ok
    [conflict] = [c for c in admin_conflicts(server) if c["kind"] == "redeem_not_recorded"]
    assert "spa" in str(conflict["detail"])
    assert server.balance(ELENA) < before  # the points stay off until HQ voids or adjusts it
    assert till.sync().ok  # flagged once
    assert len([c for c in admin_conflicts(server) if c["kind"] == "redeem_not_recorded"]) == 1


def admin_conflicts(server: LiveServer) -> list[dict[str, object]]:
    from sync.server import admin

    return admin.conflicts(server.db)
