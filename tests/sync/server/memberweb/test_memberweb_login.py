"""Signing in to the member page over real HTTP: one-time codes, sessions, sign-out, guessing."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from pos_app.core import qrtoken
from sync.server.memberweb import login
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer, demo_server

ANA = "2900000000018"
MARCO = "2900000000025"
START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def server(db_url: str, tmp_path: Path, clock: FakeClock) -> Iterator[LiveServer]:
    yield from demo_server(LiveServer, db_url, tmp_path, clock)


@pytest.fixture
def web(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10, follow_redirects=False) as client:
        yield client


def code_for(server: LiveServer, card: str, clock: FakeClock) -> str:
    return login.issue_code(server.db, card, clock(), "test").code


def sign_in(web: httpx.Client, card: str, code: str) -> httpx.Response:
    return web.post("/m/signin", data={"card": card, "code": code})


def session_cookie(response: httpx.Response) -> str:
    found = re.search(r"tessera_member=([^;]+)", response.headers.get("set-cookie", ""))
    assert found, response.headers
    return found.group(1)


def page(web: httpx.Client, cookie: str | None, path: str = "/m/") -> httpx.Response:
    # Sent by hand: the cookie is Secure, and httpx keeps Secure cookies for https only.
    return web.get(path, headers={"Cookie": f"tessera_member={cookie}"} if cookie else {})


def test_a_code_signs_in_once_and_the_session_cookie_is_locked_down(
        server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    code = code_for(server, ANA, clock)
    answer = sign_in(web, ANA, code)
    assert answer.status_code == 303 and answer.headers["location"] == "/m/"
    attributes = answer.headers["set-cookie"].lower()
    for part in ("httponly", "secure", "samesite=strict", "path=/m", f"max-age={14 * 86400}"):
        assert part in attributes
    home = page(web, session_cookie(answer))
    assert home.status_code == 200 and "Ana Pop" in home.text
    assert f'id="balance">{server.balance(ANA)}<' in home.text
    assert "default-src 'none'" in home.headers["content-security-policy"]
    again = sign_in(web, ANA, code)
    assert again.status_code == 401 and "wrong, used or expired" in again.text
    assert "set-cookie" not in again.headers


def test_a_code_expires_after_ten_minutes_and_a_newer_one_replaces_it(
        server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    first = code_for(server, ANA, clock)
    second = code_for(server, ANA, clock)
    assert sign_in(web, ANA, first).status_code == 401  # replaced by the second
    clock.advance(minutes=10, seconds=1)
    assert sign_in(web, ANA, second).status_code == 401
    clock.advance(minutes=5)  # past the guessing wait those two failures did not earn anyway
    assert sign_in(web, ANA, code_for(server, ANA, clock)).status_code == 303


def test_wrong_codes_are_slowed_down_and_burn_the_code(
        server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    code = code_for(server, ANA, clock)
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    statuses = [sign_in(web, ANA, wrong).status_code for _ in range(5)]
    assert statuses[:4] == [401, 401, 401, 401] and statuses[4] == 429  # the fourth failure earns a wait
    assert "Too many tries" in sign_in(web, ANA, code).text  # even the right code waits
    clock.advance(seconds=3)
    assert sign_in(web, ANA, wrong).status_code == 401  # the fifth wrong try: the code is burnt
    clock.advance(minutes=20)
    assert sign_in(web, ANA, code).status_code == 401
    clock.advance(minutes=20)
    assert sign_in(web, ANA, code_for(server, ANA, clock)).status_code == 303


def test_a_stolen_cookie_opens_nothing_after_sign_out(
        server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    cookie = session_cookie(sign_in(web, ANA, code_for(server, ANA, clock)))
    assert page(web, cookie, "/m/qr/codes").status_code == 200
    out = web.post("/m/signout", headers={"Cookie": f"tessera_member={cookie}"})
    assert out.status_code == 303 and 'tessera_member=""' in out.headers["set-cookie"]
    assert "Ana Pop" not in page(web, cookie).text
    assert "You are signed out" in page(web, None, "/m/?out=1").text
    assert page(web, cookie, "/m/qr/codes").status_code == 401
    assert page(web, cookie, "/m/qr").status_code == 303
    assert page(web, "forged" * 3).text.count("Ana Pop") == 0


def test_a_session_ends_when_it_expires_or_the_member_is_blocked(
        server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    from sync.server import members

    cookie = session_cookie(sign_in(web, ANA, code_for(server, ANA, clock)))
    clock.advance(days=13)
    assert "Ana Pop" in page(web, cookie).text
    members.block(server.db, ANA, True)
    assert "Ana Pop" not in page(web, cookie).text
    members.block(server.db, ANA, False)
    clock.advance(days=1, seconds=1)
    assert "Ana Pop" not in page(web, cookie).text


def test_asking_for_codes_tells_nobody_which_cards_exist_and_is_bounded(
        server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    known = web.post("/m/code", data={"card": ANA})
    unknown = web.post("/m/code", data={"card": "2900000009905"})
    assert known.status_code == unknown.status_code == 200
    assert "a code is on its way" in known.text and "a code is on its way" in unknown.text
    assert web.post("/m/code", data={"card": "12"}).status_code == 400
    mistyped = web.post("/m/code", data={"card": "2900000009996"})
    assert mistyped.status_code == 400 and "13 digits" in mistyped.text
    for _ in range(login.CODES_PER_HOUR - 1):
        assert web.post("/m/code", data={"card": ANA}).status_code == 200
    too_many = web.post("/m/code", data={"card": ANA})
    assert too_many.status_code == 429 and "Too many tries" in too_many.text
    clock.advance(hours=1, seconds=1)
    assert web.post("/m/code", data={"card": ANA}).status_code == 200


def test_the_log_says_a_code_was_asked_for_without_the_code_or_the_card(
        server: LiveServer, web: httpx.Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="tessera"):
        assert web.post("/m/code", data={"card": MARCO}).status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("tessera.server.memberweb")]
    assert lines and "*********0025" in lines[0]
    assert all(MARCO not in line and not re.search(r"\b\d{6}\b", line) for line in lines)


def test_the_qr_codes_are_the_tills_signed_tokens_thirty_seconds_apart(
        server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    cookie = session_cookie(sign_in(web, ANA, code_for(server, ANA, clock)))
    codes = page(web, cookie, "/m/qr/codes").json()["codes"]
    starts = [datetime.fromisoformat(c["show_from"]) for c in codes]
    assert len(codes) == 8 and starts[0] == START
    assert all(b - a == timedelta(seconds=30) for a, b in itertools.pairwise(starts))
    for c, start in zip(codes, starts, strict=True):
        assert c["svg"].startswith("<svg") and "<script" not in c["svg"]
        good = datetime.fromisoformat(c["valid_until"]) - start
        assert good == qrtoken.VALIDITY + qrtoken.CLOCK_TOLERANCE
    assert len({c["svg"] for c in codes}) == 8


def test_no_url_opens_another_members_data(server: LiveServer, web: httpx.Client, clock: FakeClock) -> None:
    from sqlalchemy import select

    from sync.server.models import Member

    with server.db.read() as session:
        marco_id = session.scalar(select(Member.id).where(Member.card == MARCO))
    cookie = session_cookie(sign_in(web, ANA, code_for(server, ANA, clock)))
    for path in (f"/m/data.json?member={marco_id}", f"/m/data.json?card={MARCO}", f"/m/?card={MARCO}"):
        answer = page(web, cookie, path)
        assert answer.status_code == 200 and MARCO not in answer.text and "Marco" not in answer.text
    assert page(web, None, "/m/data.json").status_code == 401
    assert page(web, None, f"/m/data.json?member={marco_id}").status_code == 401
    download = page(web, cookie, "/m/data.json")
    assert download.json()["profile"]["card"] == ANA
    assert download.headers["content-disposition"].startswith("attachment")
