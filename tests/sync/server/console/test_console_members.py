"""The console's members over real HTTP: search, a member's page, block, export, erase; a store manager
limited to their store's members, by search and by URL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from sync.server.console import users
from sync.server.models import HqAudit, Member
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer, demo_server
from tests.sync.server.console.test_console_users import PASSWORD, cookie_of, csrf_of, sign_in

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
ANA, MARCO = "2900000000018", "2900000000025"


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    from sync.server import admin, members

    for live in demo_server(LiveServer, db_url, tmp_path, FakeClock(START)):
        admin.add_store(live.db, "north", "Europe/Rome", "IT", START)
        users.add_user(live.db, "hq-anna", users.HQ, None, PASSWORD, START)
        users.add_user(live.db, "north-boss", users.STORE_MANAGER, "north", PASSWORD, START)
        csv = tmp_path / "north.csv"
        csv.write_text("card,name,phone,email\n2900000000124,Nora Nord,+393339990001,nora@example.org\n")
        members.import_csv(live.db, csv, "north", START)
        yield live


@pytest.fixture
def web(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def found_cards(web: httpx.Client, headers: dict[str, str], q: str) -> list[str]:
    import re

    page = web.get("/hq/members", params={"q": q}, headers=headers)
    assert page.status_code == 200
    return re.findall(r'href="/hq/members/(\d{13})"', page.text)


def test_search_by_card_phone_email_and_name(server: LiveServer, web: httpx.Client) -> None:
    hq = cookie_of(sign_in(web, "hq-anna"))
    assert found_cards(web, hq, ANA) == [ANA]
    assert found_cards(web, hq, "+40721000001") == [ANA]
    assert found_cards(web, hq, "ANA@example.org") == [ANA]
    assert found_cards(web, hq, "rossi") == [MARCO]
    assert len(found_cards(web, hq, "")) == 6  # five demo members and Nora
    assert found_cards(web, hq, "%") == found_cards(web, hq, "")  # a wildcard is only a character
    page = web.get(f"/hq/members/{ANA}", headers=hq).text
    assert "Ana Popescu" in page and 'id="balance">320<' in page and "opening balance" in page


def test_a_store_manager_finds_and_opens_only_their_stores_members(server: LiveServer,
                                                                   web: httpx.Client) -> None:
    boss = cookie_of(sign_in(web, "north-boss"))
    assert found_cards(web, boss, "") == ["2900000000124"]
    assert found_cards(web, boss, ANA) == []
    assert web.get(f"/hq/members/{ANA}", headers=boss).status_code == 404  # by URL: no such member
    assert web.get(f"/hq/members/{ANA}/export.json", headers=boss).status_code == 404
    csrf = csrf_of(web.get("/hq/members/2900000000124", headers=boss))
    refused = web.post("/hq/members/act", data={"card": ANA, "do": "block", "csrf": csrf}, headers=boss)
    assert refused.status_code == 404
    with server.db.read() as session:
        assert session.scalar(select(Member.blocked).where(Member.card == ANA)) is False


def test_block_export_and_erase_are_audited_with_the_users_name(server: LiveServer,
                                                                web: httpx.Client) -> None:
    hq = cookie_of(sign_in(web, "hq-anna"))
    csrf = csrf_of(web.get(f"/hq/members/{MARCO}", headers=hq))
    act = {"card": MARCO, "csrf": csrf}
    assert web.post("/hq/members/act", data={**act, "do": "block"}, headers=hq).status_code == 303
    assert 'id="blocked"' in web.get(f"/hq/members/{MARCO}", headers=hq).text
    exported = web.get(f"/hq/members/{MARCO}/export.json", headers=hq)
    assert exported.json()["profile"]["name"] == "Marco Rossi"
    assert exported.headers["content-disposition"].startswith("attachment")
    assert web.post("/hq/members/act", data={**act, "do": "erase"}, headers=hq).status_code == 400  # no tick
    erased = web.post("/hq/members/act", data={**act, "do": "erase", "confirm": "yes"}, headers=hq)
    assert erased.status_code == 303
    with server.db.read() as session:
        member = session.scalar(select(Member).where(Member.card == MARCO))
        assert member is not None
        assert (member.name, member.phone, member.email) == ("Deleted member", None, None)
        trail = [tuple(r) for r in session.execute(select(HqAudit.user_name, HqAudit.action)
                                                    .where(HqAudit.action.like("member.%")).order_by(HqAudit.id))]
    assert trail == [("hq-anna", "member.block"), ("hq-anna", "member.export"), ("hq-anna", "member.erase")]
    assert MARCO in server.ledger_check()  # the ledger stays whole


def test_a_csv_is_checked_line_by_line_and_previewed_before_the_import(
        server: LiveServer, web: httpx.Client) -> None:
    from sqlalchemy import func

    def count() -> int:
        with server.db.read() as session:
            return int(session.scalar(select(func.count()).select_from(Member)) or 0)

    hq = cookie_of(sign_in(web, "hq-anna"))
    csrf = csrf_of(web.get("/hq/members/import", headers=hq))
    before = count()
    bad = ("card,name,phone\n2900000000131,Ion Unu,+40721000301\n2900000000132,Ion Doi,\n"
           "2900000000148,,+40721000303\n")
    def send(text: str, do: str) -> httpx.Response:
        return web.post("/hq/members/import", data={"csrf": csrf, "text": text, "store": "demo", "do": do},
                        headers=hq)

    refused = send(bad, "import")
    assert refused.status_code == 422 and "nothing was written" in refused.text
    assert "line 3:" in refused.text and "line 4:" in refused.text and "line 2:" not in refused.text
    assert count() == before
    good = "card,name,phone\n2900000000131,Ion Unu,+40721000301\n2900000000155,Ion Trei,0721000303\n"
    checked = send(good, "check")
    assert checked.status_code == 200 and "2 members ready" in checked.text and "+40721000303" in checked.text
    assert count() == before  # a preview writes nothing
    done = send(good, "import")
    assert done.status_code == 200 and "2 members imported" in done.text and count() == before + 2
    boss = cookie_of(sign_in(web, "north-boss"))
    other = web.post("/hq/members/import", data={"csrf": csrf_of(web.get("/hq/members", headers=boss)),
                                                 "text": good, "do": "import"}, headers=boss)
    assert other.status_code == 403
