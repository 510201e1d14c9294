"""The shop's days and hours follow the store's time zone, whatever zone the machine runs in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from pos_app.config import Options
from pos_app.store import identity
from pos_app.store.identity import StateKey
from pos_app.terminal import Terminal
from tests.clocks import FakeClock

ANA = "2900000000018"
LATE = datetime(2026, 11, 18, 22, 30, tzinfo=UTC)  # 00:30 of the 19th in Bucharest, 17:30 in New York


@pytest.fixture
def machine_in_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def in_zone(terminal: Terminal, clock: FakeClock, tz: str) -> Terminal:
    """``terminal`` reopened as a registration leaves it: the store's zone kept among its facts."""
    with terminal.db.transaction() as session:
        identity.put(session, StateKey.TZ, tz)
    terminal.close()
    return Terminal(terminal.data_dir, clock=clock)


@pytest.mark.usefixtures("machine_in_utc")
def test_a_sale_after_the_stores_midnight_is_the_next_days(demo: Terminal, clock: FakeClock) -> None:
    till = in_zone(demo, clock, "Europe/Bucharest")
    try:
        clock.now = LATE
        assert till.zone is not None and till.zone.key == "Europe/Bucharest"
        assert till.today() == date(2026, 11, 19)
        assert till.local_time(LATE) == datetime(2026, 11, 19, 0, 30)
        before = till.daily_report(date(2026, 11, 18))["sales"]
        till.sale(ANA, 2500, "Z-1", cashier="ioana")
        till.enroll("Ana Noapte", cashier="ioana")  # audited
        report = till.daily_report(date(2026, 11, 19))
        assert report["sales"] == 1 and report["by_hour"][0]["sales"] == 1
        assert till.daily_report(date(2026, 11, 18))["sales"] == before
        trail = till.audit_trail(day=date(2026, 11, 19))
        assert trail and all(till.local_time(row.at).date() == date(2026, 11, 19) for row in trail)
        assert till.audit_csv(trail).splitlines()[1].startswith("2026-11-19T00:")
    finally:
        till.close()


@pytest.mark.usefixtures("machine_in_utc")
def test_config_time_zone_overrides_the_stores(demo: Terminal, clock: FakeClock) -> None:
    till = in_zone(demo, clock, "Europe/Bucharest")
    try:
        clock.now = LATE
        options = Options.load(till.data_dir)
        options.time_zone = "America/New_York"
        options.save(till.data_dir)
        till.options = Options.load(till.data_dir)
        assert till.today() == date(2026, 11, 18)
        assert till.local_day_start(LATE) == datetime(2026, 11, 18, 5, 0, tzinfo=UTC)
    finally:
        till.close()


@pytest.mark.usefixtures("machine_in_utc")
def test_without_a_store_zone_the_machines_clock_is_the_shops(demo: Terminal, clock: FakeClock) -> None:
    clock.now = LATE
    assert demo.zone is None and demo.today() == date(2026, 11, 18)
    assert demo.local_day_start(LATE) == datetime(2026, 11, 18, 0, 0, tzinfo=UTC)


def test_an_unknown_time_zone_in_config_is_refused(tmp_path: object) -> None:
    from pos_app.config import ZoneName

    assert ZoneName().accepts("Europe/Bucharest") and ZoneName().accepts("")
    assert not any(ZoneName().accepts(bad) for bad in ("Mars/Olympus", "../etc", 3))


@pytest.mark.usefixtures("machine_in_utc")
def test_a_cashier_change_is_queued_on_the_shops_clock(demo: Terminal, clock: FakeClock) -> None:
    import json

    from sqlalchemy import select

    from pos_app.store.models import OutboxOp

    till = in_zone(demo, clock, "Europe/Bucharest")
    try:
        clock.now = LATE
        till.add_cashier("dana", "Dana", "4812", "cashier", None)
        with till.db.reader() as session:
            staff = [json.loads(op.payload) for op in session.scalars(select(OutboxOp)) if op.kind == "staff"]
        [dana] = [body for body in staff if body["staff"]["id"] == "dana"]
        assert dana["local_time"] == "2026-11-19T00:30:00"  # the machine's (UTC) clock shows 22:30 the 18th
    finally:
        till.close()
