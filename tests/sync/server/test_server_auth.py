"""The server's authentication: registration codes, tokens, revocation, store boundaries, HQ tokens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from pos_app.sync_agent import SyncAgent
from tests.sync.conftest import TIMEOUT, LiveServer, Node

ANA = "2900000000018"
OTHER_STORE_CARD = "2900000000100"


def _now() -> datetime:
    return datetime.now(UTC)


def _agent(tmp_path: Path, name: str = "t") -> SyncAgent:
    from pos_app.terminal import initialize

    initialize(tmp_path / name)
    return SyncAgent(tmp_path / name, timeout=TIMEOUT)


def test_expired_registration_code_is_refused(server: LiveServer, tmp_path: Path) -> None:
    from sync.client import AuthRefused

    code = server.new_code(now=_now() - timedelta(hours=25))["code"]
    agent = _agent(tmp_path)
    try:
        with pytest.raises(AuthRefused, match="expired"):
            agent.register(server.url, code)
        assert not (tmp_path / "t" / "terminal.token").exists()
    finally:
        agent.close()


def test_registration_code_is_single_use(server: LiveServer, tmp_path: Path) -> None:
    from sync.client import AuthRefused

    code = server.new_code()["code"]
    first, second = _agent(tmp_path, "a"), _agent(tmp_path, "b")
    try:
        assert first.register(server.url, code.lower())["store_id"] == "demo"  # typed in any case
        with pytest.raises(AuthRefused):
            second.register(server.url, code)
    finally:
        first.close()
        second.close()


def test_every_endpoint_but_healthz_needs_a_token(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url) as http:
        assert http.get("/healthz").status_code == 200
        for method, path in (("GET", "/v1/sync/pull"), ("POST", "/v1/sync/push"),
                             ("GET", f"/v1/members/{ANA}"), ("GET", "/v1/reports/daily?date=2026-11-23"),
                             ("GET", "/v1/conflicts")):
            answer = http.request(method, path, headers={"Authorization": "Bearer not-a-token"})
            assert answer.status_code == 401, path
            assert answer.json()["error"] == "unauthorized"


@pytest.mark.allow_log("tessera.sync", "sync failed: the server refused this terminal")
def test_revoked_token_is_refused_at_once_and_ops_are_kept(make_node: Callable[..., Node],
                                                           server: LiveServer) -> None:
    from pos_app.sync_agent import read_token
    from sync.client import AuthRefused, SyncClient
    from sync.server import admin

    node = make_node("t1")
    node.terminal.sale(ANA, 1000, receipt="BEFORE")
    assert node.sync().ok
    admin.revoke_terminal(server.db, node.terminal.terminal_id, _now())
    node.terminal.sale(ANA, 2000, receipt="AFTER")

    result = node.sync()

    assert not result.ok and result.auth_failed and result.pending == 1
    with SyncClient(server.url, read_token(node.data_dir)) as client:
        with pytest.raises(AuthRefused):
            client.pull("")
        with pytest.raises(AuthRefused):
            client.lookup(ANA)
    assert server.balance(ANA) == 320 + 10  # only the sale before the revocation


@pytest.mark.allow_log("tessera.server", "belongs to another store")
def test_store_a_terminal_cannot_touch_a_store_b_member(make_node: Callable[..., Node],
                                                        server: LiveServer) -> None:
    from pos_app.core.errors import UnknownCard
    from pos_app.sync_agent import read_token
    from sync.client import SyncClient
    from sync.protocol import PushOp, PushRequest
    from sync.server import members

    members.import_rows(server.db, members.parse_csv(
        f"card,name,phone,email,opening_balance\n{OTHER_STORE_CARD},Bea Other,,,500\n"), "store-b", _now())
    node = make_node("a")
    assert node.sync().ok
    with pytest.raises(UnknownCard):
        node.terminal.member(OTHER_STORE_CARD)  # not in store A's feed
    assert node.agent.lookup_card(OTHER_STORE_CARD) is False  # nor can it be looked up

    now = _now()
    payload = {"program_version": 1, "local_time": "2026-11-18T10:00:00", "member_card": OTHER_STORE_CARD,
               "receipt": "X1", "amount": 1000, "currency": "EUR", "tier": "bronze",
               "entries": [{"id": "01900000-0000-7000-8000-000000000001", "kind": "earn", "points": 10,
                            "created_at": now.isoformat(), "receipt": "X1", "amount": 1000}]}
    with SyncClient(server.url, read_token(node.data_dir)) as client:
        answer = client.push(PushRequest(terminal_id=node.terminal.terminal_id, ops=[
            PushOp(id="01900000-0000-7000-8000-0000000000aa", seq=1, kind="sale",
                   member_card=OTHER_STORE_CARD, payload=payload, created_at=now, program_version=1)]))
        assert answer.results[0].status == "rejected" and "another store" in (answer.results[0].reason or "")
        with pytest.raises(Exception, match="only its own"):
            client.push(PushRequest(terminal_id="someone-else", ops=[]))
    with httpx.Client(base_url=server.url,
                      headers={"Authorization": f"Bearer {read_token(node.data_dir)}"}) as http:
        assert http.get("/v1/reports/daily", params={"date": date.today().isoformat(), "store": "store-b"}) \
            .status_code == 403
        assert http.get("/v1/reports/daily", params={"date": date.today().isoformat()}).status_code == 200
    assert server.balance(OTHER_STORE_CARD) == 500


def test_hq_token_reads_every_store_report(server: LiveServer) -> None:
    from sync.server import admin

    token = admin.new_hq_token(server.db, _now())["token"]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}) as http:
        for store in ("demo", "store-b", None):
            params = {"date": date.today().isoformat(), **({"store": store} if store else {})}
            answer = http.get("/v1/reports/daily", params=params)
            assert answer.status_code == 200 and "points_issued" in answer.json()
        assert http.get("/v1/sync/pull").status_code == 403  # HQ is not a terminal


def test_registration_answers_the_stores_region_and_zone(server: LiveServer) -> None:
    from sync.client import SyncClient

    with SyncClient(server.url) as anonymous:
        demo = anonymous.register(server.new_code()["code"])
        bare = anonymous.register(server.new_code("north")["code"])  # a store HQ set nothing for
    assert (demo.region, demo.tz) == ("RO", "Europe/Bucharest")
    assert (bare.region, bare.tz) == (None, "UTC")


def test_registration_expecting_another_region_is_refused_and_the_code_stays_good(server: LiveServer) -> None:
    from sync.client import Refused, SyncClient

    code = server.new_code()["code"]
    with SyncClient(server.url) as anonymous:
        with pytest.raises(Refused) as refusal:
            anonymous.register(code, "IT")
        assert (refusal.value.status, refusal.value.code) == (409, "region_mismatch")
        assert refusal.value.params == {"store": "demo", "region": "RO", "asked": "IT"}
        assert anonymous.register(code, "ro").store_id == "demo"  # the same code: nothing was spent
