"""The HQ console over real HTTP: users, sign-in and lockout, CSRF, a store manager's limits, audit."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from sqlalchemy import select

from sync.server.console import users
from sync.server.models import HqAudit, HqUser, Terminal
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer, demo_server

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def server(db_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[LiveServer]:
    from sync.server import admin

    for live in demo_server(LiveServer, db_url, tmp_path, clock):
        admin.add_store(live.db, "north", "Europe/Rome", "IT", START)
        users.add_user(live.db, "hq-anna", users.HQ, None, PASSWORD, START)
        users.add_user(live.db, "demo-boss", users.STORE_MANAGER, "demo", PASSWORD, START)
        yield live


@pytest.fixture
def web(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def sign_in(web: httpx.Client, name: str, password: str = PASSWORD) -> httpx.Response:
    return web.post("/hq/signin", data={"name": name, "password": password})


def cookie_of(response: httpx.Response) -> dict[str, str]:
    found = re.search(r"tessera_hq=([^;]+)", response.headers.get("set-cookie", ""))
    assert found, response.headers
    return {"Cookie": f"tessera_hq={found.group(1)}"}  # Secure: httpx keeps it for https only


def csrf_of(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found
    return found.group(1)


def test_user_add_hashes_the_password_and_refuses_bad_users(
        server: LiveServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from sync.server.cli import main

    base = ["--db", server.db_url, "--data-dir", str(server.data_dir), "user", "add"]
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    assert main([*base, "north-boss", "--role", "store-manager", "--store", "north", "--password-stdin"]) == 0
    assert "user north-boss added (store-manager, store north)" in capsys.readouterr().out
    with server.db.read() as session:
        stored = session.scalar(select(HqUser.password_hash).where(HqUser.name == "north-boss"))
    assert stored and stored.startswith("scrypt$") and "a long enough secret" not in stored
    assert users.password_matches("a long enough secret", stored) and not users.password_matches("x", stored)
    for args, stdin, said in (
            (["north-boss", "--role", "hq"], "another long secret\n", "already"),
            (["short", "--role", "hq"], "short\n", "at least 10"),
            (["lost", "--role", "store-manager"], "a long enough secret\n", "--store"),
            (["lost", "--role", "store-manager", "--store", "nowhere"], "a long secret, yes\n", "no store")):
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        assert main([*base, *args, "--password-stdin"]) == 2
        err = capsys.readouterr().err
        assert said in err and err.count("\n") == 1 and "Traceback" not in err


def test_sign_in_gives_a_locked_down_cookie_and_sign_out_ends_it(server: LiveServer,
                                                                  web: httpx.Client) -> None:
    assert "Sign in to the HQ console" in web.get("/hq/").text
    answer = sign_in(web, "hq-anna")
    assert answer.status_code == 303
    flags = answer.headers["set-cookie"].lower()
    assert all(f in flags for f in ("httponly", "secure", "samesite=strict", "path=/hq", "max-age=43200"))
    headers = cookie_of(answer)
    board = web.get("/hq/", headers=headers)
    assert board.status_code == 200 and "all stores" in board.text  # the figures: while they are computed
    assert 'id="computing"' in board.text or 'id="members">5<' in board.text
    out = web.post("/hq/signout", data={"csrf": csrf_of(board)}, headers=headers)
    assert out.status_code == 303
    assert "Sign in to the HQ console" in web.get("/hq/", headers=headers).text  # the copied cookie is dead


def test_wrong_passwords_are_slowed_down_then_locked_out(
        server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    statuses = [sign_in(web, "hq-anna", "wrong password!").status_code for _ in range(5)]
    assert statuses[:4] == [401] * 4 and statuses[4] == 429
    assert sign_in(web, "hq-anna").status_code == 429  # even the right one waits
    assert sign_in(web, "nobody-here", "whatever123").status_code == 429  # the address waits too
    clock.advance(minutes=16)
    assert sign_in(web, "hq-anna").status_code == 303


@pytest.mark.allow_log("tessera.server.console", "CSRF token refused")
def test_every_form_needs_the_sessions_csrf_token(server: LiveServer, web: httpx.Client) -> None:
    headers = cookie_of(sign_in(web, "hq-anna"))
    page = web.get("/hq/terminals", headers=headers)
    for data in ({"store": "demo", "name": "forged"}, {"store": "demo", "name": "forged", "csrf": "x" * 43}):
        refused = web.post("/hq/terminals/add", data=data, headers=headers)
        assert refused.status_code == 403 and "nothing was changed" in refused.text
    with server.db.read() as session:
        assert session.scalar(select(Terminal.id).where(Terminal.name == "forged")) is None
    added = web.post("/hq/terminals/add", data={"store": "demo", "name": "till-9", "csrf": csrf_of(page)},
                     headers=headers)
    assert added.status_code == 200 and re.search(r'id="registration-code">[A-Z0-9-]{8,}<', added.text)
    with server.db.read() as session:
        trail = session.execute(select(HqAudit.user_name, HqAudit.action, HqAudit.store_id)
                                .where(HqAudit.action == "terminal.add")).all()
    assert [tuple(r) for r in trail] == [("hq-anna", "terminal.add", "demo")]


def test_a_store_manager_sees_and_changes_only_their_store(server: LiveServer, web: httpx.Client) -> None:
    north = server.new_code("north", "north-till")["terminal_id"]
    server.new_code("demo", "demo-till")
    headers = cookie_of(sign_in(web, "demo-boss"))
    page = web.get("/hq/terminals", headers=headers)
    assert "demo-till" in page.text and "north-till" not in page.text and north not in page.text
    csrf = csrf_of(page)
    revoked = web.post("/hq/terminals/revoke", data={"terminal": north, "csrf": csrf}, headers=headers)
    assert revoked.status_code == 404
    added = web.post("/hq/terminals/add", data={"store": "north", "name": "x", "csrf": csrf}, headers=headers)
    assert added.status_code == 404
    with server.db.read() as session:
        assert session.get(Terminal, north).revoked_at is None  # type: ignore[union-attr]
    board = web.get("/hq/", headers=headers).text
    assert "Dashboard: demo" in board and "demo-boss (store manager, demo)" in board


def test_only_hq_loads_a_program(server: LiveServer, web: httpx.Client) -> None:
    from pos_app.base import assets

    headers = cookie_of(sign_in(web, "demo-boss"))
    page = web.get("/hq/program", headers=headers)
    assert page.status_code == 200 and "Tessera Rewards" in page.text and 'id="source"' not in page.text
    text = assets.read_text("demo_program.toml").replace("version = 1", "version = 7", 1)
    refused = web.post("/hq/program/activate", data={"source": text, "csrf": csrf_of(page)}, headers=headers)
    assert refused.status_code == 403
    with server.db.read() as session:
        from sync.server.models import ProgramVersion

        assert session.get(ProgramVersion, 7) is None


def test_the_dashboard_shows_kept_figures_and_refreshes_them_when_old(
        server: LiveServer, web: httpx.Client, clock: FakeClock, tmp_path: Path) -> None:
    from sync.server import members
    from sync.server.models import HealthSnapshot
    from tests.sync.conftest import wait_until

    headers = cookie_of(sign_in(web, "hq-anna"))
    first = web.get("/hq/", headers=headers).text  # never computed: said so at once, computed behind
    assert 'id="computing"' in first and '<meta http-equiv="refresh"' in first and 'id="members"' not in first

    def kept() -> bool:
        with server.db.read() as session:
            return session.get(HealthSnapshot, "") is not None

    wait_until(kept, what="the first snapshot")
    assert 'id="members">5<' in web.get("/hq/", headers=headers).text
    csv = tmp_path / "one.csv"
    csv.write_text("card,name\n2900000000131,Ion Unu\n")
    members.import_csv(server.db, csv, "demo", START)
    assert 'id="members">5<' in web.get("/hq/", headers=headers).text  # kept: younger than five minutes
    clock.advance(minutes=6)
    assert 'id="members">5<' in web.get("/hq/", headers=headers).text  # old: shown, and refreshed behind

    def refreshed() -> bool:
        with server.db.read() as session:
            row = session.get(HealthSnapshot, "")
            return row is not None and row.computed_at == clock()

    wait_until(refreshed, what="the snapshot's refresh")
    page = web.get("/hq/", headers=headers).text
    assert 'id="members">6<' in page and f"figures of {clock():%Y-%m-%d %H:%M} UTC" in page


class WarmServer(LiveServer):
    """The server as ``tessera-server serve`` runs it: its start-up computes the chain's figures."""

    app_options: ClassVar[dict[str, Any]] = {"warm_health": True, "expire_every": None}
    lifespan: ClassVar[str] = "on"


def test_the_server_computes_the_chains_figures_as_it_starts(db_url: str, tmp_path: Path,
                                                           clock: FakeClock) -> None:
    from sync.server.models import HealthSnapshot
    from tests.sync.conftest import wait_until

    for live in demo_server(WarmServer, db_url, tmp_path, clock):
        users.add_user(live.db, "hq-anna", users.HQ, None, PASSWORD, START)

        def kept(live: LiveServer = live) -> bool:
            with live.db.read() as session:
                return session.get(HealthSnapshot, "") is not None

        wait_until(kept, what="the chain's figures computed at start")  # no page was asked for
        with httpx.Client(base_url=live.url, timeout=10) as web:
            page = web.get("/hq/", headers=cookie_of(sign_in(web, "hq-anna"))).text
        assert 'id="members">5<' in page and 'id="computing"' not in page


@pytest.mark.allow_log("tessera.sync", "terminal clock is -7200 s off")
def test_the_terminals_page_shows_what_each_till_said_with_its_last_push(
        server: LiveServer, web: httpx.Client, clock: FakeClock, tmp_path: Path) -> None:
    from datetime import timedelta

    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import Terminal, initialize

    ahead = tmp_path / "ahead"
    initialize(ahead)
    def late_clock() -> datetime:  # a till whose clock is two hours behind the server's
        return clock() - timedelta(hours=2)

    agent = SyncAgent(ahead, clock=late_clock)
    till = Terminal(ahead, clock=late_clock)
    try:
        agent.register(server.url, server.new_code("demo", "ahead-till")["code"])
        till.reload_identity()
        till.sale("2900000000018", 1000, receipt="R-AHEAD")
        assert agent.sync_once().ok
    finally:
        till.close()
        agent.close()
    headers = cookie_of(sign_in(web, "hq-anna"))
    page = web.get("/hq/terminals", headers=headers).text
    row = page[page.index("ahead-till"):].split("</tr>")[0]
    assert re.search(r'class="pending">0<', row) and "set its clock" in row
    assert 'class="skew">-7200 s' in row
