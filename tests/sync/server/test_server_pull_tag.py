"""An empty pull is cheap: the page's entity tag sent back in If-None-Match is answered 304 with no body,
until anything the terminal's page depends on changes (its store's members, programs, its own ops and held
refunds, the request itself)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from sync.client import NotModified, SyncClient
from sync.protocol import SERVER_TIME_HEADER, PullPage
from tests.sync.conftest import PG_URL, LiveServer
from tests.sync.server.conftest import push, sale_op
from tests.sync.server.test_server_sales import terminal


def _settled(client: SyncClient) -> PullPage:
    """Page to the end of the feed; the last page (nothing more) and its tag."""
    page = client.pull("")
    while page.more:
        page = client.pull(page.cursor)
    return page


def _again(client: SyncClient, page: PullPage) -> PullPage | NotModified:
    return client.pull_changed(page.cursor, etag=page.etag)


def test_nothing_new_is_a_304_without_a_body(client: SyncClient, server: LiveServer) -> None:
    page = _settled(client)
    assert page.etag.startswith('"') and page.etag.endswith('"')
    token = client._http.headers["Authorization"]
    answer = httpx.get(f"{server.url}/v1/sync/pull", params={"cursor": page.cursor},
                       headers={"Authorization": token, "If-None-Match": page.etag}, timeout=10)
    assert answer.status_code == 304 and answer.content == b""
    assert answer.headers["ETag"] == page.etag
    assert abs((datetime.fromisoformat(answer.headers[SERVER_TIME_HEADER]) - datetime.now(UTC))
               .total_seconds()) < 60
    weak = httpx.get(f"{server.url}/v1/sync/pull", params={"cursor": page.cursor},
                     headers={"Authorization": token, "If-None-Match": f'"other", W/{page.etag}'}, timeout=10)
    assert weak.status_code == 304
    assert isinstance(_again(client, page), NotModified)


def test_a_tag_answers_only_the_request_it_came_with(client: SyncClient) -> None:
    page = _settled(client)
    assert isinstance(client.pull_changed(page.cursor, etag=page.etag, program_version=1), PullPage)
    assert isinstance(client.pull_changed("", etag=page.etag), PullPage)
    assert isinstance(client.pull_changed(page.cursor, etag='"made-up"'), PullPage)


def test_this_terminals_push_changes_the_tag(client: SyncClient) -> None:
    page = _settled(client)
    push(client, sale_op(1))
    fresh = _again(client, page)
    assert isinstance(fresh, PullPage) and fresh.terminal_seq == 1 and fresh.members
    assert fresh.etag != page.etag


def test_another_tills_sale_in_the_store_changes_it_another_stores_does_not(
        client: SyncClient, server: LiveServer) -> None:
    from sync.server import admin, members

    page = _settled(client)
    admin.add_store(server.db, "north", "Europe/Bucharest", "RO", datetime.now(UTC))
    members.import_rows(server.db, members.parse_csv("card,name,phone,email,opening_balance\n"
                                                     "2900000009998,North Member,,,5\n"), "north",
                        datetime.now(UTC))
    assert isinstance(_again(client, page), NotModified)  # another store's member: not in this feed
    for till in terminal(server, name="till 2"):
        assert [r.status for r in push(till, sale_op(1))] == ["applied"]
    fresh = _again(client, page)
    assert isinstance(fresh, PullPage) and len(fresh.members) == 1 and fresh.terminal_seq == 0


def test_a_new_program_version_changes_it(client: SyncClient, server: LiveServer) -> None:
    from sync.server import admin
    from sync.server.models import ProgramVersion

    page = _settled(client)
    with server.db.read() as session:
        source = session.get(ProgramVersion, 1).source  # type: ignore[union-attr]
    admin.load_program_text(server.db, source.replace("version = 1", "version = 2"), datetime.now(UTC))
    fresh = _again(client, page)
    assert isinstance(fresh, PullPage) and fresh.active_program_version == 2


@pytest.fixture
def till2(server: LiveServer) -> Iterator[SyncClient]:
    yield from terminal(server, name="till 2")


def test_a_held_refund_that_resolves_changes_it(client: SyncClient, till2: SyncClient) -> None:
    from tests.sync.server.test_server_holds import pending

    assert [r.status for r in push(till2, pending(1, 1000))] == ["held"]
    page = _settled(till2)
    assert [r.status for r in page.refunds] == ["held"]
    assert isinstance(_again(till2, page), NotModified)
    assert [r.status for r in push(client, sale_op(1, amount=2000, points=20))] == ["applied"]
    fresh = _again(till2, page)
    assert isinstance(fresh, PullPage) and [r.status for r in fresh.refunds] == ["applied"]


# --- the 304 is decided off a session (sync.server.db.RawReader): the same refusals and the same tag ----


def test_a_revoked_terminal_with_its_tag_is_refused(client: SyncClient, server: LiveServer) -> None:
    from sync.server import admin

    page = _settled(client)
    admin.revoke_terminal(server.db, client.terminal_id, datetime.now(UTC))  # type: ignore[attr-defined]
    answer = httpx.get(f"{server.url}/v1/sync/pull", params={"cursor": page.cursor},
                       headers={"Authorization": client._http.headers["Authorization"],
                                "If-None-Match": page.etag}, timeout=10)
    assert answer.status_code == 401 and answer.json()["error"] == "revoked"


@pytest.mark.parametrize("token", ["Bearer not-a-token", "Basic x", ""])
def test_an_unknown_token_with_a_tag_is_refused(client: SyncClient, server: LiveServer, token: str) -> None:
    page = _settled(client)
    answer = httpx.get(f"{server.url}/v1/sync/pull", params={"cursor": page.cursor},
                       headers={"Authorization": token, "If-None-Match": page.etag}, timeout=10)
    assert answer.status_code == 401 and answer.json()["error"] == "unauthorized"


def test_an_hq_token_with_a_tag_is_not_a_terminal(client: SyncClient, server: LiveServer) -> None:
    from sync.server import admin

    page = _settled(client)
    hq = admin.new_hq_token(server.db, datetime.now(UTC))["token"]
    answer = httpx.get(f"{server.url}/v1/sync/pull", params={"cursor": page.cursor},
                       headers={"Authorization": f"Bearer {hq}", "If-None-Match": page.etag}, timeout=10)
    assert answer.status_code == 403




def test_with_a_reward_stocked_across_the_chain_another_stores_change_counts(
        client: SyncClient, server: LiveServer) -> None:
    """Its stock is taken in every store: the page (stock_taken) depends on the whole chain's feed."""
    from sync.server import admin, members
    from sync.server.models import ProgramVersion
    from tests.sync.test_sync_holds import MUG  # a stock of one, counted across the chain (the default)

    with server.db.read() as session:
        source = session.get(ProgramVersion, 1).source  # type: ignore[union-attr]
    admin.load_program_text(server.db, source.replace("version = 1", "version = 2", 1) + MUG,
                            datetime.now(UTC))
    page = _settled(client)
    assert page.active_program_version == 2
    assert isinstance(_again(client, page), NotModified)
    admin.add_store(server.db, "north", "Europe/Bucharest", "RO", datetime.now(UTC))
    members.import_rows(server.db, members.parse_csv("card,name,phone,email,opening_balance\n"
                                                     "2900000009998,North Member,,,5\n"), "north",
                        datetime.now(UTC))
    fresh = _again(client, page)
    assert isinstance(fresh, PullPage) and fresh.members == []
    assert fresh.etag != page.etag and isinstance(_again(client, fresh), NotModified)


@pytest.mark.skipif(not PG_URL, reason="needs TESSERA_TEST_PG_URL (set by ./run.sh test when run as root)")
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
@pytest.mark.allow_log("tessera.server", "idle pull off a session failed")
def test_a_dropped_idle_pull_connection_is_replaced_and_a_session_answers(
        client: SyncClient, server: LiveServer, caplog: pytest.LogCaptureFixture) -> None:
    """The idle pulls' pool does not ping (a round trip per pull): a connection PostgreSQL dropped (a
    restart, an idle timeout) fails once, is dropped, and that pull is answered through a session."""
    page = _settled(client)
    engine = server.db.raw_engine
    engine.dispose()
    assert isinstance(_again(client, page), NotModified)  # the pool now holds that one connection
    pooled = engine.raw_connection()
    pid = pooled.driver_connection.info.backend_pid  # type: ignore[union-attr]
    pooled.close()
    with server.db.engine.connect() as other:
        assert other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})").scalar() is True
    assert isinstance(_again(client, page), NotModified)  # through a session
    assert [r for r in caplog.records if "idle pull off a session failed" in r.getMessage()]
    caplog.clear()
    assert isinstance(_again(client, page), NotModified)  # and off a session again, on a new connection
    assert not [r for r in caplog.records if "idle pull off a session failed" in r.getMessage()]
