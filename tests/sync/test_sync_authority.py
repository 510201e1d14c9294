"""Two tills, one server: where a till's proposal differs, the server's figures win on every till.

Issue 9, item 1. The tills run on a clock that started on a Wednesday (no promotion anywhere on
earth at that hour), so only what each test sets up makes their proposals differ from the server's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.sync.conftest import LiveServer, Node, assert_converged, local_ledger_sum

ANA = "2900000000018"
START = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # Wednesday, 10:00 in Bucharest
_T0 = datetime.now(UTC)
pytestmark = [pytest.mark.allow_log("tessera.server", "conflict recomputed"),
              pytest.mark.allow_log("tessera.sync", "terminal clock is")]


def wednesday() -> datetime:
    return START + (datetime.now(UTC) - _T0)


def sale_points(node: Node, receipt: str) -> tuple[int, list[int]]:
    """(the sale row's points, the points of its earn and bonus entries) in the till's database."""
    from pos_app.store.models import LedgerEntry, Sale

    with node.terminal.db.reader() as session:
        sale = session.scalar(select(Sale).where(Sale.receipt == receipt))
        assert sale is not None
        ids = [i for i in (sale.earn_entry_id, sale.bonus_entry_id) if i]
        points = list(session.scalars(select(LedgerEntry.points).where(LedgerEntry.id.in_(ids))))
        return sale.points_earned, points


def recomputed(server: LiveServer) -> list[dict[str, object]]:
    from sync.server import admin

    return [c for c in admin.conflicts(server.db) if c["kind"] == "recomputed"]


def test_a_stale_tier_snapshot_is_corrected_on_sync(make_node: Callable[..., Node],
                                                    server: LiveServer) -> None:
    """Till 1 makes Ana silver; till 2 has not pulled since and proposes bronze: it takes silver."""
    till1, till2 = make_node("t1", clock=wednesday), make_node("t2", clock=wednesday)
    assert till1.terminal.sale(ANA, 60_000, receipt="BIG").points_earned == 600  # bronze: 600.00 EUR
    assert till1.sync().ok
    proposed = till2.terminal.sale(ANA, 10_000, receipt="T2-1")
    assert proposed.points_earned == 100  # till 2 still thinks Ana is bronze
    result = till2.sync()
    assert result.ok and result.rejected == 0
    assert server.balance(ANA) == 320 + 600 + 125  # silver x1.25 on the server
    assert till2.balance(ANA) == server.balance(ANA) == local_ledger_sum(till2, ANA)
    assert till2.terminal.member(ANA).balance == server.balance(ANA)
    assert sale_points(till2, "T2-1") == (125, [125])
    [conflict] = recomputed(server)
    assert conflict["points"] == 25 and "tier silver, not bronze" in str(conflict["detail"])
    assert_converged(server, [till1, till2])


def test_a_tills_wrong_wall_clock_does_not_move_promotions(make_node: Callable[..., Node], server: LiveServer,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A till whose time zone is set wrong believes it is Black Friday (x3); the store's clock says not."""
    till1, till2 = make_node("t1", clock=wednesday), make_node("t2", clock=wednesday)
    monkeypatch.setattr(till2.terminal, "local_time", lambda at: datetime(2026, 11, 28, 12, 0))
    assert till2.terminal.sale(ANA, 5_000, receipt="BF-1").points_earned == 150
    assert till2.sync().ok
    assert server.balance(ANA) == 320 + 50
    assert till2.balance(ANA) == server.balance(ANA) == local_ledger_sum(till2, ANA)
    assert sale_points(till2, "BF-1") == (50, [50])
    assert recomputed(server)[0]["points"] == 50 - 150
    till1.terminal.sale(ANA, 1_000, receipt="T1-1")
    assert assert_converged(server, [till1, till2])[ANA] == 320 + 50 + 10


@pytest.mark.allow_log("tessera.server", "conflict rejected")
@pytest.mark.allow_log("tessera.sync", "rejected by the server")
def test_a_till_clock_far_ahead_is_refused_and_the_till_converges(make_node: Callable[..., Node],
                                                                  server: LiveServer) -> None:
    """A created_at ahead of the server's clock is refused; the till's balance falls back to the server's."""

    def ahead() -> datetime:
        return datetime.now(UTC) + timedelta(days=3)

    till = make_node("t1", clock=ahead)
    till.terminal.sale(ANA, 5_000, receipt="FUT-1")
    result = till.sync()
    assert result.ok and result.rejected == 1
    assert "ahead of the server's clock" in till.agent.dead_letters()[0]["reason"]
    assert server.balance(ANA) == 320 == till.balance(ANA)
