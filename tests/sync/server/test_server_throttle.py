"""Wrong registration codes from one address earn a growing wait (429), logged without the code."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from sync.server.throttle import FREE_FAILURES, LONGEST_WAIT, Throttle
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


def test_each_failure_past_the_free_ones_doubles_the_wait_up_to_a_quarter_hour() -> None:
    throttle, clock = Throttle(), FakeClock(START)
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


def test_the_table_stays_bounded() -> None:
    throttle, clock = Throttle(max_clients=100), FakeClock(START)
    for n in range(1000):
        throttle.failed(f"10.0.{n // 256}.{n % 256}", clock())
        clock.advance(milliseconds=1)
    assert len(throttle._clients) <= 100
