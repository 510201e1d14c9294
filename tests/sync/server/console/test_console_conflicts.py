"""The console's conflicts over real HTTP: a store manager reviews only their store's, never merges."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.server.console import users
from sync.server.models import Conflict, HqAudit
from tests.sync.conftest import LiveServer, demo_server
from tests.sync.server.console.test_console_users import PASSWORD, cookie_of, csrf_of, sign_in

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    from sync.server import admin

    for live in demo_server(LiveServer, db_url, tmp_path):
        admin.add_store(live.db, "north", "Europe/Rome", "IT", START)
        users.add_user(live.db, "demo-boss", users.STORE_MANAGER, "demo", PASSWORD, START)

        def work(session: Session) -> None:
            for store in ("demo", "north"):
                session.add(Conflict(at=START, kind="overdraft", store_id=store, terminal_id=None,
                                     member_id=None, op_id=None, points=50, detail=f"overdraft in {store}"))

        live.db.run_write(work)
        yield live


def test_a_store_manager_reviews_only_their_stores_conflicts(server: LiveServer) -> None:
    with server.db.read() as session:
        ids = {store: cid for store, cid in session.execute(select(Conflict.store_id, Conflict.id))}
    with httpx.Client(base_url=server.url, timeout=10) as web:
        boss = cookie_of(sign_in(web, "demo-boss"))
        page = web.get("/hq/conflicts", headers=boss)
        assert "overdraft in demo" in page.text and "overdraft in north" not in page.text
        csrf = csrf_of(page)
        other = web.post("/hq/conflicts/act", data={"conflict": ids["north"], "csrf": csrf, "note": "x"},
                         headers=boss)
        assert other.status_code == 404
        merged = web.post("/hq/conflicts/act", data={"conflict": ids["demo"], "csrf": csrf, "do": "merge"},
                          headers=boss)
        assert merged.status_code == 404  # not a duplicate, and merging is HQ's
        mine = web.post("/hq/conflicts/act", data={"conflict": ids["demo"], "csrf": csrf, "note": "seen"},
                        headers=boss)
        assert mine.status_code == 303
        again = web.post("/hq/conflicts/act", data={"conflict": ids["demo"], "csrf": csrf, "note": "twice"},
                         headers=boss)
        assert again.status_code == 404  # reviewed once
    with server.db.read() as session:
        rows = {c.store_id: c for c in session.scalars(select(Conflict))}
        trail = session.scalars(select(HqAudit.action).where(HqAudit.user_name == "demo-boss")).all()
    assert (rows["demo"].acknowledged_by, rows["demo"].note) == ("demo-boss", "seen")
    assert rows["north"].acknowledged_at is None
    assert list(trail) == ["sign_in", "conflict.acknowledge"]
