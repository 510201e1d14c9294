"""`tessera-server expire` and the server's daily report days (issue 9, items 2 and 9)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from sync.server.db import ServerDB
from sync.server.models import LedgerEntry, Member

ANA = "2900000000018"  # imported by the demo with 320 points
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    from sync.server.cli import main

    data_dir = tmp_path / "srv"

    def invoke(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", db_url, "--data-dir", str(data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert invoke("init", "--demo", "--json")[0] == 0
    return invoke


def backdate_lots(db_url: str, card: str) -> None:
    """Move the member's lots past their date (the CLI reads the real clock)."""
    db = ServerDB(db_url)
    try:
        with db.write() as session:
            member_id = session.scalar(select(Member.id).where(Member.card == card))
            session.execute(update(LedgerEntry).where(LedgerEntry.member_id == member_id)
                            .values(expires_at=datetime(2020, 1, 1, tzinfo=UTC)))
    finally:
        db.dispose()


def test_expire_once_then_nothing(run: Run, db_url: str) -> None:
    code, out, _ = run("expire", "--json")
    assert (code, json.loads(out)) == (0, {"points_expired": 0, "members": 0})  # nothing due yet
    backdate_lots(db_url, ANA)
    code, out, _ = run("expire", "--json")
    assert (code, json.loads(out)) == (0, {"points_expired": 320, "members": 1})
    code, out, _ = run("member", "show", ANA, "--json")
    assert json.loads(out)["balance"] == 0 and json.loads(out)["open_lots"] == 0
    code, out, _ = run("expire")
    assert (code, out.strip()) == (0, "expired 0 points of 0 members")
    today = datetime.now(ZoneInfo("Europe/Bucharest")).date().isoformat()  # the demo store's day
    code, out, _ = run("report", "daily", "--date", today, "--store", "demo", "--json")
    assert json.loads(out)["points_expired"] == 320  # counted once, however often expire runs


def test_expire_bumps_the_change_feed(run: Run, db_url: str) -> None:
    db = ServerDB(db_url)
    try:
        with db.read() as session:
            before = session.scalar(select(Member.change_seq).where(Member.card == ANA))
        backdate_lots(db_url, ANA)
        assert run("expire")[0] == 0
        with db.read() as session:
            after = session.scalar(select(Member.change_seq).where(Member.card == ANA))
            others = set(session.scalars(select(Member.change_seq).where(Member.card != ANA)))
    finally:
        db.dispose()
    assert after is not None and before is not None and after > before
    assert after not in others  # only the member whose points expired is sent again


def test_serve_refuses_a_bad_interval(run: Run) -> None:
    for bad in ("0", "-5", "soon"):
        with pytest.raises(SystemExit) as usage:
            run("serve", "--expire-every", bad)
        assert usage.value.code == 2


def test_a_store_day_is_the_stores_wall_clock_day() -> None:
    from sync.server.reports import day_bounds, store_zone

    start, end = day_bounds(date(2026, 11, 18), ZoneInfo("Europe/Bucharest"))
    assert (start, end) == (datetime(2026, 11, 17, 22, tzinfo=UTC), datetime(2026, 11, 18, 22, tzinfo=UTC))
    start, end = day_bounds(date(2026, 3, 29), ZoneInfo("Europe/Bucharest"))  # clocks go forward: 23 hours
    assert (end - start).total_seconds() == 23 * 3600
    assert store_zone("Not/AZone") == ZoneInfo("UTC")
