"""A program version active from a later instant: not active, not pulled and deciding nothing before it;
a higher version loaded meanwhile supersedes it; `program load --at` refuses a naive or past time in one line.
On both backends (the Cli fixture's database)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pos_app.core.errors import Code, InvalidInput
from sync.server import programs
from sync.server.db import ServerDB
from tests.sync.server.conftest import Cli

NOW = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)  # after the demo loaded version 1
HOUR = timedelta(hours=1)


def version_text(version: int, per_unit: int = 1) -> str:
    from pos_app.base import assets

    return (assets.read_text("demo_program.toml").replace("version = 1", f"version = {version}", 1)
            .replace("points_per_unit = 1 ", f"points_per_unit = {per_unit} ", 1))


@pytest.fixture
def db(cli: Cli, db_url: str) -> Iterator[ServerDB]:
    """The demo database (version 1 active) the Cli fixture made."""
    server_db = ServerDB(db_url)
    yield server_db
    server_db.dispose()


def put(db: ServerDB, text: str, now: datetime, at: datetime | None = None) -> programs.Loaded:
    return db.run_write(lambda session: programs.put(session, text, now, at), attempts=1)


def active_at(db: ServerDB, at: datetime) -> int | None:
    with db.read() as session:
        found = programs.active(session, at)
        return found.version if found else None


def states(db: ServerDB, now: datetime) -> dict[int, str]:
    from sync.server.console import program

    with db.read() as session:
        return {v.version: v.state for v in program.history(session, now)}


def test_a_version_scheduled_later_is_neither_active_nor_sent_before_its_instant(db: ServerDB) -> None:
    loaded = put(db, version_text(2, per_unit=3), NOW, NOW + HOUR)
    assert loaded.stored and loaded.active_from == NOW + HOUR and not loaded.superseded
    assert loaded.state == "scheduled"
    assert active_at(db, NOW) == 1 and active_at(db, NOW + HOUR - timedelta(seconds=1)) == 1
    assert active_at(db, NOW + HOUR) == 2
    with db.read() as session:
        assert programs.newer_than(session, 1, NOW) == []
        assert [p.version for p in programs.newer_than(session, 1, NOW + HOUR)] == [2]
        assert set(programs.all_programs(session)) == {1, 2}  # an op naming it is still recomputed by it
        assert programs.latest_version(session) == 2
    assert states(db, NOW) == {1: "active", 2: "scheduled"}
    assert states(db, NOW + HOUR) == {1: "past", 2: "active"}


def test_a_higher_version_loaded_meanwhile_supersedes_the_scheduled_one(db: ServerDB) -> None:
    put(db, version_text(2), NOW, NOW + 2 * HOUR)
    loaded = put(db, version_text(3), NOW + timedelta(minutes=5))  # active now: version 2 never will be
    assert loaded.stored and loaded.active_from is None and loaded.state == "active"
    assert loaded.superseded == [2]
    for at in (NOW + timedelta(minutes=5), NOW + 3 * HOUR):
        assert active_at(db, at) == 3
    assert states(db, NOW + 3 * HOUR) == {1: "past", 2: "superseded", 3: "active"}
    # one scheduled before a later higher one stays scheduled, then active until the higher one's instant
    put(db, version_text(4), NOW, NOW + 4 * HOUR)
    later = put(db, version_text(5), NOW, NOW + 6 * HOUR)
    assert later.superseded == [] and later.state == "scheduled"
    assert states(db, NOW + 5 * HOUR) == {1: "past", 2: "superseded", 3: "past", 4: "active", 5: "scheduled"}
    assert active_at(db, NOW + 6 * HOUR) == 5


def test_a_lower_version_loaded_after_a_higher_one_is_superseded_on_arrival(db: ServerDB) -> None:
    put(db, version_text(3), NOW)
    late = put(db, version_text(2), NOW + timedelta(minutes=1), NOW + HOUR)
    assert late.stored and late.state == "superseded" and active_at(db, NOW + 2 * HOUR) == 3


def test_the_same_text_moves_a_scheduled_version_and_changes_nothing_else(db: ServerDB) -> None:
    text = version_text(2)
    put(db, text, NOW, NOW + HOUR)
    again = put(db, text, NOW + timedelta(minutes=1))  # no instant given: left as it is
    assert not again.stored and not again.moved and again.active_from == NOW + HOUR
    moved = put(db, text, NOW, NOW + 2 * HOUR)
    assert moved.moved and moved.active_from == NOW + 2 * HOUR and active_at(db, NOW + HOUR) == 1
    now_too = put(db, text, NOW + timedelta(minutes=2), NOW + timedelta(minutes=2))  # to now
    assert now_too.moved and now_too.active_from is None and active_at(db, NOW + timedelta(minutes=2)) == 2
    from sync.server.console import program

    with db.read() as session:  # active from the move, not from when it was loaded
        assert program.history(session, NOW + HOUR)[0].active_from == NOW + timedelta(minutes=2)
    active = put(db, text, NOW + HOUR, NOW + 5 * HOUR)  # active already: an instant changes nothing
    assert not active.moved and active_at(db, NOW + HOUR) == 2


def test_an_instant_in_the_past_or_without_its_offset_is_refused(db: ServerDB) -> None:
    with pytest.raises(InvalidInput) as past:
        put(db, version_text(2), NOW, NOW - timedelta(minutes=2))
    assert past.value.code is Code.PROGRAM_ACTIVATION_PAST
    with pytest.raises(InvalidInput) as naive:
        put(db, version_text(2), NOW, datetime(2026, 12, 24, 6, 0))
    assert naive.value.code is Code.PROGRAM_ACTIVATION_FORMAT
    assert active_at(db, NOW + 10 * HOUR) == 1  # nothing stored
    moment_ago = put(db, version_text(2), NOW, NOW - timedelta(seconds=30))  # within a minute: now
    assert moment_ago.active_from is None and active_at(db, NOW) == 2


def test_at_one_instant_a_version_scheduled_for_it_wins_one_loaded_at_it_comes_after() -> None:
    loaded_at_its_instant = [(1, NOW - HOUR, None), (2, NOW - HOUR, NOW), (3, NOW, None)]
    assert programs.states(loaded_at_its_instant, NOW) == {1: "past", 2: "past", 3: "active"}
    same_instant = [(1, NOW - HOUR, None), (2, NOW - HOUR, NOW + HOUR), (3, NOW - HOUR, NOW + HOUR)]
    assert programs.states(same_instant, NOW) == {1: "active", 2: "superseded", 3: "scheduled"}
    assert programs.states(same_instant, NOW + HOUR) == {1: "past", 2: "superseded", 3: "active"}
    assert programs.states([], NOW) == {}


def test_parse_instant_wants_the_offset_unless_told_the_zone() -> None:
    assert programs.parse_instant("2026-12-24T06:00:00+02:00") == datetime(2026, 12, 24, 4, 0, tzinfo=UTC)
    for text in ("2026-12-24T06:00:00", "2026-12-24", "tomorrow", ""):
        with pytest.raises(InvalidInput) as refused:
            programs.parse_instant(text)
        assert refused.value.code is Code.PROGRAM_ACTIVATION_FORMAT
    at_utc = programs.parse_instant("2026-12-24T06:00", naive_zone=UTC)  # the console's datetime-local
    assert at_utc == datetime(2026, 12, 24, 6, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        programs.parse_instant("2026-12-24", naive_zone=UTC)  # a bare date is not an instant


def test_program_load_at(cli: Cli, tmp_path: Path) -> None:
    v2 = tmp_path / "v2.toml"
    v2.write_text(version_text(2), encoding="utf-8")
    at = (datetime.now(UTC) + HOUR).replace(microsecond=0)
    local = at.astimezone(ZoneInfo("Europe/Bucharest")).isoformat()  # 2026-...+02:00
    code, out, _ = cli("program", "load", str(v2), "--at", local, "--json")
    shown = json.loads(out)
    assert code == 0 and shown["stored"] is True and shown["version"] == 2
    assert datetime.fromisoformat(shown["active_from"]) == at and shown["superseded"] == []
    assert shown["state"] == "scheduled" and shown["moved"] is False
    code, out, _ = cli("program", "load", str(v2))
    assert code == 0 and out.strip() == f"program version 2 (Tessera Rewards): already loaded, unchanged, " \
                                         f"active from {at.isoformat()}"
    v3 = tmp_path / "v3.toml"
    v3.write_text(version_text(3), encoding="utf-8")
    code, out, _ = cli("program", "load", str(v3), "--json")
    shown = json.loads(out)
    assert code == 0 and shown["active_from"] is None and shown["state"] == "active"
    assert shown["superseded"] == [2]


@pytest.mark.parametrize("at, wanted", [
    ("2026-12-24T06:00:00", "program_activation_format"),
    ("2026-12-24", "program_activation_format"),
    ("next friday", "program_activation_format"),
    ("2020-01-01T00:00:00+00:00", "program_activation_past"),
])
def test_program_load_refuses_a_naive_or_past_time_in_one_line(cli: Cli, tmp_path: Path, at: str,
                                                               wanted: str) -> None:
    v2 = tmp_path / "v2.toml"
    v2.write_text(version_text(2), encoding="utf-8")
    code, out, err = cli("program", "load", str(v2), "--at", at)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("tessera-server: activation time ") and "Traceback" not in err
    code, _, err = cli("program", "load", str(v2), "--at", at, "--json")
    assert code == 2 and json.loads(err)["code"] == wanted
    code, out, _ = cli("program", "load", str(v2), "--json")  # nothing was stored: v2 is still free
    assert code == 0 and json.loads(out)["stored"] is True
