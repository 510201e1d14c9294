"""Two tills, one server: an offline till's tier ages as the server's does (issue 9, item 1).

A pull gives the till the member's spend at other terminals by sale time (``spend_elsewhere_at``); the
till counts each amount while it is inside the rolling window, so once the clock has moved past the
window an offline till proposes the tier the server computes, and the sync brings no ``recomputed``.
The server and the tills run on one shiftable clock (the tills' starts on a Wednesday morning outside
every promotion, as in test_sync_authority.py); shifting it is a year passing for both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from pos_app.core.tiers import QUALIFYING_WINDOW
from tests.sync.conftest import LiveServer, Node, assert_converged, utc_now

ANA = "2900000000018"
GOLD = 200_000  # 2,000.00 EUR: the demo program's gold threshold
START = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # Wednesday, 10:00 in Bucharest
_T0 = datetime.now(UTC)
pytestmark = pytest.mark.allow_log("tessera.sync", "terminal clock is")


class Shift:
    """A year (or any time) passing for the server and the tills alike."""

    def __init__(self) -> None:
        self.by = timedelta(0)

    def server(self) -> datetime:
        return utc_now() + self.by

    def till(self) -> datetime:
        return START + (datetime.now(UTC) - _T0) + self.by


@pytest.fixture
def shift() -> Shift:
    return Shift()


@pytest.fixture
def server(db_url: str, tmp_path: Path, shift: Shift) -> Iterator[LiveServer]:
    """The suite's live server (tests/sync/conftest.py), on the shiftable clock."""
    from sync.server import admin

    data_dir = tmp_path / "server"
    data_dir.mkdir()
    live = LiveServer(db_url, data_dir, clock=shift.server)
    admin.init(live.db, data_dir, demo=True, now=utc_now())
    live.start()
    yield live
    live.close()


def recomputed(server: LiveServer) -> list[dict[str, object]]:
    from sync.server import admin

    return [c for c in admin.conflicts(server.db) if c["kind"] == "recomputed"]


def sale_points(node: Node, receipt: str) -> int:
    from pos_app.store.models import Sale

    with node.terminal.db.reader() as session:
        points = session.scalar(select(Sale.points_earned).where(Sale.receipt == receipt))
        assert points is not None
        return int(points)


def server_tier(server: LiveServer, at: datetime) -> str:
    from sync.server import members

    return str(members.show(server.db, ANA, at)["tier"])


def test_an_offline_till_drops_the_tier_when_the_spend_leaves_the_window(
        make_node: Callable[..., Node], server: LiveServer, shift: Shift) -> None:
    till1, till2 = make_node("t1", clock=shift.till), make_node("t2", clock=shift.till)
    assert till1.terminal.sale(ANA, GOLD, receipt="T1-BIG").points_earned == 2_000  # bronze x1
    assert till1.sync().ok
    assert till2.sync().ok  # the pull brings Ana's spend at till 1, dated
    server.stop()  # till 2 is offline from here to the end of the year

    view = till2.terminal.member(ANA)
    assert (view.tier, view.tier_status.spend) == ("gold", GOLD)
    assert till2.terminal.quote(ANA, 10_000).tier_id == "gold"
    assert till2.terminal.sale(ANA, 10_000, receipt="T2-GOLD").points_earned == 150  # gold x1.5

    shift.by = QUALIFYING_WINDOW - timedelta(minutes=10)  # just before the big sale leaves the window
    assert till2.terminal.member(ANA).tier == "gold"
    assert till2.terminal.sale(ANA, 10_000, receipt="T2-LAST-GOLD").points_earned == 150

    shift.by = QUALIFYING_WINDOW + timedelta(minutes=10)  # the big sale (and T2-GOLD) have left the window
    view = till2.terminal.member(ANA)
    assert (view.tier, view.tier_status.spend) == ("bronze", 10_000)  # T2-LAST-GOLD is still in it
    quote = till2.terminal.quote(ANA, 10_000)
    assert (quote.tier_id, quote.points) == ("bronze", 100)
    assert till2.terminal.sale(ANA, 10_000, receipt="T2-BRONZE").points_earned == 100  # bronze x1

    server.start()
    result = till2.sync()
    assert result.ok and result.rejected == 0, result
    assert recomputed(server) == []  # the server computed the tills' tiers: gold, gold, bronze
    assert {r: sale_points(till2, r) for r in ("T2-GOLD", "T2-LAST-GOLD", "T2-BRONZE")} == {
        "T2-GOLD": 150, "T2-LAST-GOLD": 150, "T2-BRONZE": 100}
    assert server_tier(server, shift.till()) == "bronze"
    assert_converged(server, [till1, till2])
    assert till1.terminal.member(ANA).tier == till2.terminal.member(ANA).tier == "bronze"


def test_the_pull_sends_the_spend_of_other_tills_by_sale_time_net_of_refunds(
        make_node: Callable[..., Node], server: LiveServer, shift: Shift) -> None:
    from sync.server.models import Member
    from sync.server.pull import spend_elsewhere_at

    till1, till2 = make_node("t1", clock=shift.till), make_node("t2", clock=shift.till)
    till1.terminal.sale(ANA, 30_000, receipt="A-1")
    till1.terminal.sale(ANA, 20_000, receipt="A-2")
    till1.terminal.sale(ANA, 5_000, receipt="A-3")
    till1.terminal.refund("A-2", 5_000)
    till1.terminal.refund("A-3")  # all of it: nothing of it counts any more
    till2.terminal.sale(ANA, 7_000, receipt="B-1")
    for node in (till1, till2):
        assert node.sync().ok
    assert till2.sync().ok  # till 1's refunds after till 2's first pull

    with server.db.read() as session:
        member_id = session.scalar(select(Member.id).where(Member.card == ANA))
        assert member_id is not None
        now = shift.server()

        def amounts(terminal_id: str | None, at: datetime = now) -> list[int]:
            found = spend_elsewhere_at(session, [member_id], terminal_id, at)
            return [s.amount for s in found.get(member_id, [])]

        assert amounts(till2.terminal.terminal_id) == [30_000, 15_000]  # till 1's, oldest first
        assert amounts(till1.terminal.terminal_id) == [7_000]
        assert amounts(None) == [30_000, 15_000, 7_000]  # HQ's lookup: every till's
        assert amounts(till2.terminal.terminal_id, now + QUALIFYING_WINDOW) == []  # out of the window
    view = till2.terminal.member(ANA)
    assert view.tier_status.spend == 30_000 + 15_000 + 7_000
    assert view.tier == "silver"  # 520.00 EUR, from two tills
    assert server_tier(server, shift.till()) == view.tier
