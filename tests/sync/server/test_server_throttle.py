"""Wrong registration codes from one address earn a growing wait (429), logged without the code."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from sync.server.db import ServerDB
from sync.server.throttle import FORGET_AFTER, FREE_FAILURES, LONGEST_WAIT, Throttle
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer

WRONG = "WRONG-CODE-1234"
START = datetime.now(UTC).replace(microsecond=0)  # codes are made and checked on this clock


@pytest.fixture
def clocked(db_url: str, tmp_path: Path) -> Iterator[tuple[LiveServer, FakeClock]]:
    from sync.server import admin

    clock = FakeClock(START)
    live = LiveServer(db_url, tmp_path / "server", clock=clock)
    (tmp_path / "server").mkdir()
    admin.init(live.db, tmp_path / "server", demo=True, now=clock())
    live.start()
    yield live, clock
    live.close()


def register(server: LiveServer, code: str) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/register", json={"code": code}, timeout=10)


@pytest.mark.allow_log("tessera.server", "registration refused")
def test_guessing_codes_earns_a_wait_that_a_right_code_ends(clocked: tuple[LiveServer, FakeClock],
                                                            caplog: pytest.LogCaptureFixture) -> None:
    server, clock = clocked
    good = server.new_code(now=clock())["code"]
    statuses = [register(server, WRONG).status_code for _ in range(FREE_FAILURES + 1)]
    assert statuses == [401] * (FREE_FAILURES + 1)
    waiting = register(server, good)  # even the right code waits: the address is guessing
    assert waiting.status_code == 429 and waiting.json()["error"] == "too_many_attempts"
    assert waiting.json()["params"]["retry_after"] == 2
    clock.advance(seconds=3)
    assert register(server, good).status_code == 200
    assert register(server, WRONG).status_code == 401  # forgotten after the success: free again
    assert WRONG not in caplog.text and "registration refused from 127.0.0.1" in caplog.text


@pytest.fixture
def throttle(db_url: str) -> Iterator[Throttle]:
    db = ServerDB(db_url)
    db.migrate()
    yield Throttle(db)
    db.dispose()


def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_a_quarter_hour(throttle: Throttle) -> None:
    clock = FakeClock(START)
    waits = []
    for _ in range(FREE_FAILURES + 12):
        throttle.failed("10.0.0.9", clock())
        try:
            throttle.check("10.0.0.9", clock())
            waits.append(0)
        except Exception as exc:  # the 429
            waits.append(int(exc.params["retry_after"]))  # type: ignore[attr-defined]
    assert waits[:FREE_FAILURES] == [0] * FREE_FAILURES
    assert waits[FREE_FAILURES:FREE_FAILURES + 4] == [2, 4, 8, 16]
    assert max(waits) == int(LONGEST_WAIT.total_seconds())
    throttle.check("10.0.0.10", clock())  # another address is not slowed


def test_an_address_that_stopped_guessing_is_forgotten(throttle: Throttle) -> None:
    from sqlalchemy import func, select

    from sync.server.models import GuessAttempt

    clock = FakeClock(START)
    for n in range(150):
        throttle.failed(f"10.0.{n // 256}.{n % 256}", clock())
    clock.advance(seconds=int(FORGET_AFTER.total_seconds()) + 1)
    throttle.failed("10.9.9.9", clock())  # counting a failure prunes the stale rows, a batch at a time
    throttle.failed("10.9.9.9", clock())
    with throttle.db.read() as session:
        left = session.scalar(select(func.count()).select_from(GuessAttempt))
    assert left == 1


@pytest.mark.allow_log("tessera.server", "registration refused")
def test_the_wait_holds_across_a_restart_and_for_another_server_on_the_database(
        clocked: tuple[LiveServer, FakeClock], tmp_path: Path) -> None:
    server, clock = clocked
    for _ in range(FREE_FAILURES + 1):
        assert register(server, WRONG).status_code == 401
    server.stop()
    server.start()
    assert register(server, WRONG).status_code == 429
    other = LiveServer(server.db_url, server.data_dir, clock=clock).start()  # another worker, its own memory
    try:
        assert register(other, WRONG).status_code == 429
    finally:
        other.close()
