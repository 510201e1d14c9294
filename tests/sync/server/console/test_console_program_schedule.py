"""The console's program page schedules a version (a date and time in UTC), over real HTTP on both backends:
the history shows loaded, active from and state, a past instant is refused in the page's language, a higher
version loaded meanwhile supersedes the scheduled one, and every load is in the audit trail."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import httpx
from sqlalchemy import select

from sync.server.models import HqAudit
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer
from tests.sync.server.console.test_console_users import (
    START,
    clock,
    cookie_of,
    csrf_of,
    server,
    sign_in,
    web,
)

__all__ = ["clock", "server", "web"]  # the fixtures


def version_text(version: int) -> str:
    from pos_app.base import assets

    return assets.read_text("demo_program.toml").replace("version = 1", f"version = {version}", 1)


def states(page: httpx.Response) -> dict[int, str]:
    return {int(v): s for v, s in re.findall(r'<tr data-version="(\d+)" data-state="(\w+)">', page.text)}


def activate(web: httpx.Client, headers: dict[str, str], version: int, at: str | None) -> httpx.Response:
    csrf = csrf_of(web.get("/hq/program", headers=headers))
    fields = {"source": version_text(version), "csrf": csrf, "when": "at" if at is not None else "now"}
    return web.post("/hq/program/activate", data={**fields, "at": at or ""}, headers=headers)


def test_a_version_scheduled_in_the_console_waits_for_its_instant(
        server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    headers = cookie_of(sign_in(web, "hq-anna"))
    assert START.hour == 10
    done = activate(web, headers, 2, "2026-11-18T12:30")  # datetime-local, read as UTC
    assert done.status_code == 200
    assert "Version 2 is scheduled: active from 2026-11-18 12:30 UTC" in done.text
    assert states(done) == {1: "active", 2: "scheduled"} and "(v1, EUR)" in done.text
    row = re.search(r'<tr data-version="2"[^>]*>(.*?)</tr>', done.text)
    assert row and "2026-11-18 10:00 UTC</td><td>2026-11-18 12:30 UTC" in row.group(1)  # loaded, active from
    translated = web.get("/hq/program", headers={**headers, "Accept-Language": "it"})
    assert "Programmata" in translated.text and "Attiva dal" in translated.text

    past = activate(web, headers, 3, "2026-11-18T09:00")
    assert past.status_code == 422 and "is in the past (server time 2026-11-18T10:00:00+00:00)" in past.text
    empty = activate(web, headers, 3, "")
    assert empty.status_code == 422 and "is not a date and time" in empty.text
    assert 3 not in states(web.get("/hq/program", headers=headers))

    clock.advance(hours=2, minutes=30)  # 12:30: version 2 is active
    assert states(web.get("/hq/program", headers=headers)) == {1: "past", 2: "active"}
    assert activate(web, headers, 3, "2026-11-18T18:00").status_code == 200
    now_four = activate(web, headers, 4, None)
    assert "Version 4 is active" in now_four.text and "Version 3 will never be active" in now_four.text
    assert states(now_four) == {1: "past", 2: "past", 3: "superseded", 4: "active"}
    clock.advance(hours=6)
    assert states(web.get("/hq/program", headers=headers))[4] == "active"

    with server.db.read() as session:
        audited = select(HqAudit).where(HqAudit.action.like("program.%")).order_by(HqAudit.id)
        rows = list(session.scalars(audited))
    assert {a.user_name for a in rows} == {"hq-anna"}
    trail = [(a.action, json.loads(a.detail)) for a in rows]
    assert [(action, d["version"], d["active_from"]) for action, d in trail] == [
        ("program.schedule", 2, "2026-11-18T12:30:00+00:00"),
        ("program.schedule", 3, "2026-11-18T18:00:00+00:00"), ("program.activate", 4, None)]
    assert trail[-1][1]["superseded"] == [3]


def test_a_store_manager_cannot_schedule(server: LiveServer, web: httpx.Client) -> None:
    headers = cookie_of(sign_in(web, "demo-boss"))
    assert activate(web, headers, 2, "2026-11-18T12:30").status_code == 403
    assert states(web.get("/hq/program", headers=headers)) == {1: "active"}


def test_the_start_is_the_loaded_time_of_a_version_active_at_once(server: LiveServer, web: httpx.Client,
                                                                  clock: FakeClock) -> None:
    headers = cookie_of(sign_in(web, "hq-anna"))
    clock.advance(minutes=5)
    page = activate(web, headers, 2, None)
    row = re.search(r'<tr data-version="2"[^>]*>(.*?)</tr>', page.text)
    assert row and row.group(1).count((START + timedelta(minutes=5)).strftime("%Y-%m-%d %H:%M UTC")) == 2
