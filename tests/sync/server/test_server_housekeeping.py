"""Spent sign-in codes and ended sessions are deleted a day after they stop mattering; live ones stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import func, select

from sync.server import housekeeping
from sync.server.console import users
from sync.server.memberweb.login import Login, issue_code
from sync.server.models import HqSession, MemberEvent, MemberLoginCode, MemberSession
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer, demo_server, wait_until

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
ANA, MARCO = "2900000000018", "2900000000025"
PASSWORD = "correct horse battery"


def counts(server: LiveServer) -> dict[str, int]:
    with server.db.read() as session:
        return {t.__name__: int(session.scalar(select(func.count()).select_from(t)) or 0)
                for t in (MemberLoginCode, MemberSession, HqSession, MemberEvent)}


def signed_in_at(server: LiveServer, now: datetime) -> None:
    """A member signed in and out, one who only asked for a code, and a console user signed in."""
    login = Login(server.db)
    code = issue_code(server.db, ANA, now, "10.0.0.1").code
    session = login.sign_in(ANA, code, now, "10.0.0.1")
    login.sign_out(session.token, now + timedelta(minutes=5))
    issue_code(server.db, MARCO, now, "10.0.0.2")  # never used
    users.Console(server.db).sign_in("hq-anna", PASSWORD, now, "10.0.0.3")


def test_only_rows_a_day_past_their_end_are_pruned(server: LiveServer) -> None:
    users.add_user(server.db, "hq-anna", users.HQ, None, PASSWORD, START)
    signed_in_at(server, START)
    before = counts(server)
    assert before["MemberLoginCode"] == 2 and before["MemberSession"] == 1 and before["HqSession"] == 1
    assert housekeeping.prune(server.db, START + timedelta(hours=23)) == housekeeping.Pruned(0, 0, 0)
    # a day past the codes' ten minutes and the sign-out, not yet a day past the console's 12 hours
    pruned = housekeeping.prune(server.db, START + timedelta(days=1, minutes=11))
    assert pruned == housekeeping.Pruned(login_codes=2, member_sessions=1, hq_sessions=0)
    assert housekeeping.prune(server.db, START + timedelta(days=1, hours=13)).hq_sessions == 1
    assert counts(server)["MemberEvent"] == before["MemberEvent"]  # the members' own trail is kept


def test_a_fresh_code_survives_the_prune_and_still_signs_in(server: LiveServer) -> None:
    later = START + timedelta(days=3)
    issue_code(server.db, ANA, START, "10.0.0.1")
    fresh = issue_code(server.db, ANA, later, "10.0.0.1")
    assert housekeeping.prune(server.db, later).login_codes == 1  # only the old one
    assert Login(server.db).sign_in(ANA, fresh.code, later + timedelta(minutes=1), "10.0.0.1").token


class ServingServer(LiveServer):
    """The server as ``serve`` runs it, its periodic task (expiry, then pruning) every 0.2 s here."""

    app_options: ClassVar[dict[str, Any]] = {"expire_every": 0.2}
    lifespan: ClassVar[str] = "on"


def test_the_servers_periodic_task_prunes(db_url: str, tmp_path: Path) -> None:
    clock = FakeClock(START)
    for live in demo_server(ServingServer, db_url, tmp_path, clock):
        users.add_user(live.db, "hq-anna", users.HQ, None, PASSWORD, START)
        signed_in_at(live, START)
        clock.now = START + timedelta(days=2)
        wait_until(lambda live=live: sum(counts(live)[t] for t in ("MemberLoginCode", "MemberSession",
                                                                   "HqSession")) == 0,
                   what="the periodic task's prune")


def test_period_figures_nobody_asked_for_in_a_day_go_and_the_dashboards_stay(server: LiveServer) -> None:
    from datetime import date

    from sync.server.console import snapshots
    from sync.server.models import HealthSnapshot

    clock = FakeClock(START)
    period = snapshots.Asked("demo", date(2026, 11, 1), date(2026, 11, 17))
    for asked in (period, snapshots.Asked()):  # a period report and the chain's dashboard
        assert snapshots.health(server.db, asked.store, clock, asked.start, asked.end) is None
        wait_until(lambda a=asked: counts_of(server, a.key) == 1, what="the figures computed")
    assert housekeeping.prune(server.db, START + timedelta(hours=23)).period_figures == 0
    assert housekeeping.prune(server.db, START + timedelta(days=2)).period_figures == 1
    with server.db.read() as session:
        assert session.get(HealthSnapshot, period.key) is None and session.get(HealthSnapshot, "") is not None


def counts_of(server: LiveServer, key: str) -> int:
    from sync.server.models import HealthSnapshot

    with server.db.read() as session:
        return 1 if session.get(HealthSnapshot, key) is not None else 0
