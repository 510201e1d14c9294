"""A lot that reaches the server only after its date is expired by that push, not at the next hourly pass."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.sync.conftest import LiveServer, Node, assert_converged, local_ledger_sum, utc_now

ANA = "2900000000018"
pytestmark = pytest.mark.allow_log("tessera.sync", "terminal clock is")


class Later:
    """The server's and the till's clock, moved forward together."""

    def __init__(self) -> None:
        self.by = timedelta(0)

    def __call__(self) -> datetime:
        return utc_now() + self.by


@pytest.fixture
def later() -> Later:
    return Later()


@pytest.fixture
def server(db_url: str, tmp_path: Path, later: Later) -> Iterator[LiveServer]:
    from sync.server import admin

    data_dir = tmp_path / "server"
    data_dir.mkdir()
    live = LiveServer(db_url, data_dir, clock=later)
    admin.init(live.db, data_dir, demo=True, now=utc_now())
    live.start()
    yield live
    live.close()


def test_points_synced_after_their_date_are_expired_by_the_push(make_node: Callable[..., Node],
                                                                 server: LiveServer, later: Later) -> None:
    from sync.server import expiry

    till = make_node("t1", clock=later)
    before = server.balance(ANA)
    sale = till.terminal.sale(ANA, 5000, receipt="LATE-1")  # offline from here on: never synced
    assert sale.points_earned > 0
    later.by = timedelta(days=400)  # past the lots' 12 months
    expiry.expire_due(server.db, later())  # the hourly pass runs before the till comes back
    result = till.sync()
    assert result.ok and result.pending == 0, result
    assert server.balance(ANA) == till.balance(ANA) == 0 < before  # every lot is past its date now
    assert local_ledger_sum(till, ANA) == 0
    assert_converged(server, [till])
