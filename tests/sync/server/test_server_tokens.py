"""HQ tokens have a scope, can be listed and revoked; a reports token sees no member's personal data."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import httpx

from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, Cli


def _http(server: LiveServer, token: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_a_reports_token_reads_reports_but_no_member(server: LiveServer) -> None:
    from sync.server import admin

    made = admin.new_hq_token(server.db, datetime.now(UTC))  # the default scope: reports
    assert made["scope"] == "reports"
    with _http(server, made["token"]) as http:
        assert http.get("/v1/reports/daily", params={"date": date.today().isoformat()}).status_code == 200
        assert http.get("/v1/conflicts").status_code == 200
        refused = http.get(f"/v1/members/{ANA}")
        assert refused.status_code == 403 and "Ana" not in refused.text


def test_a_members_token_reads_a_member_and_a_revoked_one_nothing(server: LiveServer) -> None:
    from sync.server import admin

    made = admin.new_hq_token(server.db, datetime.now(UTC), "members")
    with _http(server, made["token"]) as http:
        shown = http.get(f"/v1/members/{ANA}")
        assert shown.status_code == 200 and shown.json()["card"] == ANA
        assert admin.revoke_hq_token(server.db, made["id"], datetime.now(UTC))
        assert http.get(f"/v1/members/{ANA}").status_code == 401
        assert http.get("/v1/reports/daily", params={"date": date.today().isoformat()}).status_code == 401


def test_token_add_list_and_revoke_on_the_command_line(cli: Cli) -> None:
    code, out, _ = cli("token", "add", "--hq", "--scope", "members", "--json")
    members = json.loads(out)
    assert code == 0 and members["scope"] == "members" and len(members["token"]) >= 40
    reports = json.loads(cli("token", "add", "--hq", "--json")[1])
    code, out, _ = cli("token", "list", "--json")
    listed = {t["id"]: t for t in json.loads(out)}
    scopes = {listed[members["id"]]["scope"], listed[reports["id"]]["scope"]}
    assert code == 0 and scopes == {"members", "reports"}
    assert members["token"] not in out and reports["token"] not in out  # only hashes are kept
    assert json.loads(cli("token", "revoke", str(reports["id"]), "--json")[1]) == {"id": reports["id"],
                                                                                  "revoked": True}
    assert json.loads(cli("token", "list", "--json")[1])[-1]["revoked_at"] is not None
    code, _, err = cli("token", "revoke", "999")
    assert code == 1 and err.strip() == "tessera-server: no HQ token 999"
