"""The console's sync health over real HTTP: how far behind each till is, its rejected ops, and a revoke
that is asked before it is done."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.sync_agent import SyncAgent
from pos_app.terminal import Terminal as Till
from pos_app.terminal import initialize
from sync.server.console import users
from sync.server.models import Conflict, HqAudit, Terminal
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer, demo_server
from tests.sync.server.console.test_console_users import PASSWORD, cookie_of, csrf_of, sign_in

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
ANA = "2900000000018"
pytestmark = pytest.mark.allow_log("tessera.sync", "server unreachable")


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    for live in demo_server(LiveServer, db_url, tmp_path, FakeClock(START)):
        users.add_user(live.db, "hq-anna", users.HQ, None, PASSWORD, START)
        yield live


@pytest.fixture
def web(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


class FirstPushOnly(httpx.HTTPTransport):
    """The network drops after the first push reached the server (the till keeps the rest queued)."""

    def __init__(self) -> None:
        super().__init__()
        self.pushes = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/sync/push"):
            self.pushes += 1
            if self.pushes > 1:
                raise httpx.ConnectError("the shop's router went down", request=request)
        return super().handle_request(request)


def till_left_behind(server: LiveServer, data: Path) -> str:
    """A till that made five sales a minute apart and got two of them through; its terminal id."""
    clock = FakeClock(START)
    initialize(data, clock=clock)
    agent = SyncAgent(data, clock=clock, batch_size=2, transport=FirstPushOnly())
    till = Till(data, clock=clock)
    try:
        answer = agent.register(server.url, server.new_code("demo", "till-behind")["code"])
        till.reload_identity()
        for minute in range(5):
            clock.now = START + timedelta(minutes=minute + 1)
            till.sale(ANA, 1000, receipt=f"R-{minute}")
        assert not agent.sync_once().ok  # two applied, then no network
    finally:
        till.close()
        agent.close()
    return str(answer["terminal_id"])


def test_the_console_shows_how_far_behind_a_till_is(server: LiveServer, web: httpx.Client,
                                                    tmp_path: Path) -> None:
    terminal_id = till_left_behind(server, tmp_path / "till")
    with server.db.read() as session:
        row = session.get(Terminal, terminal_id)
        assert row is not None and row.pending_ops == 3
        assert row.oldest_pending_at == START + timedelta(minutes=3)  # the third sale: the first not sent
    headers = cookie_of(sign_in(web, "hq-anna"))
    page = web.get("/hq/terminals", headers=headers).text
    listed = page[page.index("till-behind"):].split("</tr>")[0]
    assert 'class="pending">3<' in listed and 'class="oldest">2026-11-18 10:03 UTC<' in listed
    board = web.get("/hq/", headers=headers).text
    behind = board[board.index('id="behind"'):].split("</table>")[0]
    assert "till-behind" in behind and "2026-11-18 10:03 UTC" in behind


def test_rejected_ops_are_counted_per_till_until_reviewed(server: LiveServer, web: httpx.Client,
                                                          tmp_path: Path) -> None:
    terminal_id = till_left_behind(server, tmp_path / "till")

    def reject(session: Session) -> None:
        for n in range(2):
            session.add(Conflict(at=START, kind="rejected", store_id="demo", terminal_id=terminal_id,
                                 member_id=None, op_id=None, points=None, detail=f"op {n} rejected"))

    server.db.run_write(reject)
    headers = cookie_of(sign_in(web, "hq-anna"))
    listed = web.get("/hq/terminals", headers=headers).text
    assert re.search(r'class="dead"><a href="/hq/conflicts" class="warn">2</a>', listed)
    board = web.get("/hq/", headers=headers)
    assert "2 rejected ops to review" in board.text
    with server.db.read() as session:
        first = session.scalars(select(Conflict.id).where(Conflict.kind == "rejected")).first()
    reviewed = web.post("/hq/conflicts/act", data={"conflict": first, "csrf": csrf_of(board), "note": "seen"},
                        headers=headers)
    assert reviewed.status_code == 303
    assert "1 rejected ops to review" in web.get("/hq/", headers=headers).text


def test_revoking_a_terminal_is_asked_first(server: LiveServer, web: httpx.Client, tmp_path: Path) -> None:
    terminal_id = till_left_behind(server, tmp_path / "till")
    headers = cookie_of(sign_in(web, "hq-anna"))
    csrf = csrf_of(web.get("/hq/terminals", headers=headers))
    asked = web.post("/hq/terminals/revoke", data={"terminal": terminal_id, "csrf": csrf}, headers=headers)
    assert asked.status_code == 200 and 'id="revoke-confirm"' in asked.text
    assert "Revoke terminal till-behind of store demo?" in asked.text and "(3)" in asked.text
    with server.db.read() as session:
        assert session.get(Terminal, terminal_id).revoked_at is None  # type: ignore[union-attr]
    done = web.post("/hq/terminals/revoke", data={"terminal": terminal_id, "csrf": csrf, "confirm": "yes"},
                    headers=headers)
    assert done.status_code == 303
    with server.db.read() as session:
        assert session.get(Terminal, terminal_id).revoked_at is not None  # type: ignore[union-attr]
        assert session.scalar(select(HqAudit.action).where(HqAudit.action == "terminal.revoke")) is not None
    again = web.post("/hq/terminals/revoke", data={"terminal": terminal_id, "csrf": csrf}, headers=headers)
    assert again.status_code == 404  # revoked already: nothing to ask


def test_the_terminals_are_paged_on_the_server(server: LiveServer, web: httpx.Client) -> None:
    from sync.server.console.views import PAGE

    for n in range(PAGE + 3):
        server.new_code("demo", f"till-{n:03d}")
    headers = cookie_of(sign_in(web, "hq-anna"))
    first = web.get("/hq/terminals", headers=headers).text
    assert first.count("<tr data-id=") == PAGE and 'id="next"' in first
    second = web.get("/hq/terminals?page=1", headers=headers).text
    shown = re.findall(r"<tr data-id=\"[^\"]+\"><td>(till-\d+)<", second)
    assert shown == [f"till-{n:03d}" for n in range(PAGE, PAGE + 3)] and 'id="next"' not in second
