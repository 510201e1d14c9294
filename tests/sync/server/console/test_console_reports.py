"""The console's reports over real HTTP: a store's day from two tills, its CSV equal to the CLI's, the
hour chart, and a store manager held to their store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from sync.server.console import users
from tests.sync.conftest import LiveServer, Node, demo_server
from tests.sync.server.console.test_console_users import PASSWORD, cookie_of, sign_in

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
MARCO = "2900000000025"


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    from sync.server import admin

    for live in demo_server(LiveServer, db_url, tmp_path):
        admin.add_store(live.db, "north", "Europe/Rome", "IT", START)
        users.add_user(live.db, "hq-anna", users.HQ, None, PASSWORD, START)
        users.add_user(live.db, "north-boss", users.STORE_MANAGER, "north", PASSWORD, START)
        users.add_user(live.db, "demo-boss", users.STORE_MANAGER, "demo", PASSWORD, START)
        yield live


def test_a_stores_day_from_two_tills_as_a_page_and_as_the_clis_csv(
        server: LiveServer, make_node: Callable[..., Node], capsys: pytest.CaptureFixture[str]) -> None:
    from sync.server.cli import main

    t1, t2 = make_node("t1"), make_node("t2")
    t1.terminal.sale(MARCO, 4250, receipt="R-1", cashier="ioana")
    t2.terminal.sale(MARCO, 1000, receipt="R-2", cashier="mihai")
    assert t1.sync().ok and t2.sync().ok
    day = datetime.now(ZoneInfo("Europe/Bucharest")).date().isoformat()  # the demo store's day
    with httpx.Client(base_url=server.url, timeout=10) as web:
        hq = cookie_of(sign_in(web, "hq-anna"))
        page = web.get("/hq/reports", params={"date": day, "store": "demo"}, headers=hq)
        assert page.status_code == 200 and 'id="fig-sales">2<' in page.text
        assert page.text.count("<rect ") == 24 and "ioana" in page.text and "mihai" in page.text
        csv = web.get("/hq/reports.csv", params={"date": day, "store": "demo"}, headers=hq)
        assert csv.headers["content-disposition"] == f'attachment; filename="tessera-demo-{day}.csv"'
        capsys.readouterr()
        base = ["--db", server.db_url, "--data-dir", str(server.data_dir)]
        assert main([*base, "report", "daily", "--date", day, "--store", "demo", "--format", "csv"]) == 0
        assert csv.text == capsys.readouterr().out
        chain = web.get("/hq/reports", params={"date": day}, headers=hq)
        assert "all stores" in chain.text and 'id="fig-sales">2<' in chain.text

        boss = cookie_of(sign_in(web, "north-boss"))
        own = web.get("/hq/reports", params={"date": day}, headers=boss)
        assert own.status_code == 200 and 'id="fig-sales">0<' in own.text  # north's day, by default
        assert web.get("/hq/reports", params={"date": day, "store": "demo"}, headers=boss).status_code == 404
        other = web.get("/hq/reports.csv", params={"date": day, "store": "demo"}, headers=boss)
        assert other.status_code == 404
        assert web.get("/hq/reports", params={"date": "2026-13-45"}, headers=boss).status_code == 404
        assert web.get("/hq/reports.csv", params={"date": day}).status_code == 401


def figures_shown(web: httpx.Client, params: dict[str, str], headers: dict[str, str]) -> httpx.Response:
    """The period page once its figures are kept (it reloads itself until then)."""
    from tests.sync.conftest import wait_until

    pages: list[httpx.Response] = []

    def ready() -> bool:
        pages.append(web.get("/hq/period", params=params, headers=headers))
        return 'id="computing"' not in pages[-1].text

    wait_until(ready, what="the period's figures")
    return pages[-1]


def test_a_period_report_as_a_page_and_as_the_clis_csv(
        server: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    from sync.server.cli import main

    today = datetime.now(ZoneInfo("Europe/Bucharest")).date()
    start = today.replace(day=1).isoformat()
    with httpx.Client(base_url=server.url, timeout=10) as web:
        hq = cookie_of(sign_in(web, "hq-anna"))
        span = {"from": start, "to": today.isoformat(), "store": "demo"}
        first = web.get("/hq/period", params=span, headers=hq)  # computed behind the page, said so
        assert first.status_code == 200 and 'id="computing"' in first.text and "p-members" not in first.text
        page = figures_shown(web, span, hq)
        assert 'id="p-members">5<' in page.text
        csv = web.get("/hq/period.csv", params=span, headers=hq)
        base = ["--db", server.db_url, "--data-dir", str(server.data_dir)]
        capsys.readouterr()
        assert main([*base, "report", "health", "--store", "demo", "--from", start, "--to", today.isoformat(),
                     "--format", "csv"]) == 0
        cli_lines = capsys.readouterr().out.splitlines()
        page_lines = csv.text.splitlines()
        # the same figures; the liability's "as of" instant differs by the moments the two ran
        assert [line for line in page_lines if not line.startswith("liability.as_of")] == [
            line for line in cli_lines if not line.startswith("liability.as_of")]
        backwards = web.get("/hq/period", params={"from": today.isoformat(), "to": start}, headers=hq)
        assert backwards.status_code == (409 if start != today.isoformat() else 200)
        boss = cookie_of(sign_in(web, "north-boss"))
        assert web.get("/hq/period", params={"store": "demo"}, headers=boss).status_code == 404
        assert 'id="p-members">0<' in figures_shown(web, {}, boss).text
