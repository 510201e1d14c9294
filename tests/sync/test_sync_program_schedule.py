"""A program version scheduled an hour ahead, with a real registered terminal: its syncs before the instant
neither bring it nor make it active (the terminal keeps earning by the version it has, and its idle pulls
are answered 304); after the instant its next sync takes it with nothing else changed, and a sale earns by
it, on the terminal and on the server alike. Server and terminal share one settable clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer, Node, demo_server

START = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # a Wednesday, 10:00 in the demo store: no promotion
ANA = "2900000000018"


class ClockedServer(LiveServer):
    """Registration codes made on the server's own clock, as everything else there."""

    def new_code(self, store: str = "demo", name: str = "T", now: datetime | None = None) -> dict[str, Any]:
        return super().new_code(store, name, now or self.clock())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def server(db_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[LiveServer]:
    yield from demo_server(ClockedServer, db_url, tmp_path, clock)


def local_versions(node: Node) -> list[int]:
    from pos_app.store.models import ProgramVersion

    with node.terminal.db.reader() as session:
        return sorted(session.scalars(select(ProgramVersion.version)))


def test_a_scheduled_version_reaches_the_till_at_its_instant_and_earns_from_then(
        server: LiveServer, make_node: Callable[..., Node], clock: FakeClock, tmp_path: Path) -> None:
    from pos_app.base import assets
    from sync.server import programfile, programs
    from sync.server.models import Conflict, LedgerEntry

    till = make_node("t1", clock=clock)
    assert till.sync().ok and till.terminal.program.version == 1
    triple = tmp_path / "v2.toml"
    triple.write_text(assets.read_text("demo_program.toml").replace("version = 1", "version = 2", 1)
                      .replace("points_per_unit = 1 ", "points_per_unit = 3 ", 1), encoding="utf-8")
    loaded = programfile.load_file(server.db, triple, "2026-11-18T11:00:00+02:00", clock())  # 09:00 UTC
    assert loaded["stored"] and loaded["active_from"] == "2026-11-18T09:00:00+00:00"

    clock.advance(minutes=59)
    with server.db.read() as session:
        assert programs.active(session, clock()).version == 1  # type: ignore[union-attr]
    before = till.terminal.sale(ANA, 1000, receipt="R-1")
    first = till.sync()
    assert first.ok and not first.program_changed and first.pending == 0
    assert local_versions(till) == [1] and before.points_earned == 10  # version 2 was not sent
    idle = till.sync()  # nothing changed: the agent's tag is answered 304
    assert idle.ok and idle.pulled == 0 and not idle.program_changed

    clock.advance(minutes=1)  # 09:00 UTC: version 2's instant; no other change on the server
    after_instant = till.sync()
    assert after_instant.ok and after_instant.program_changed
    till.terminal.reload_program()
    assert local_versions(till) == [1, 2] and till.terminal.program.version == 2
    after = till.terminal.sale(ANA, 1000, receipt="R-2")
    assert after.points_earned == 30
    assert till.sync().ok
    with server.db.read() as session:
        earned = {receipt: points for receipt, points in session.execute(
            select(LedgerEntry.receipt, LedgerEntry.points)
            .where(LedgerEntry.kind == "earn", LedgerEntry.receipt.in_(["R-1", "R-2"])))}
        assert earned == {"R-1": 10, "R-2": 30}  # the server recomputed both by the version each op names
        assert session.scalar(select(Conflict.id).where(Conflict.kind == "recomputed")) is None
    assert till.balance(ANA) == server.ledger_check()[ANA]
