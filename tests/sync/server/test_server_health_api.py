"""GET /v1/reports/health and `tessera-server report health` on the live server, after a terminal's push."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import httpx
import pytest

from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import Cli, push, sale_op

DAY = {"store": "demo", "from": "2026-11-18", "to": "2026-11-18"}  # the day of conftest's sale ops


def _http(server: LiveServer, token: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_hq_reads_the_health_of_a_store_a_terminal_does_not(server: LiveServer, client: object) -> None:
    from sync.server import admin

    results = push(client, sale_op(1, amount=1200, points=12), sale_op(2, amount=800, points=8))  # type: ignore[arg-type]
    assert [r.status for r in results] == ["applied", "applied"]
    hq = admin.new_hq_token(server.db, datetime.now(UTC))["token"]  # the reports scope is enough
    with _http(server, hq) as http:
        health = http.get("/v1/reports/health", params=DAY).json()
        assert (health["visitors"], health["repeat_visitors"], health["sales"]) == (1, 1, 2)
        assert (health["average_basket"], health["points_issued"], health["zone"]) == (1000, 20,
                                                                                        "Europe/Bucharest")
        assert health["liability"]["points_outstanding"] >= 20
        refused = http.get("/v1/reports/health", params={**DAY, "from": "2026-11-19"})
        assert refused.status_code == 409 and refused.json()["error"] == "report_period"
        unknown = http.get("/v1/reports/health", params={"store": "nowhere"})
        assert unknown.status_code == 409 and unknown.json()["error"] == "unknown_store"
        assert http.get("/v1/reports/health", params={**DAY, "from": "1999-01-01"}).status_code == 422
    token = client._http.headers["Authorization"].split()[1]  # type: ignore[attr-defined]
    with _http(server, token) as http:  # a terminal, even for its own store
        assert http.get("/v1/reports/health", params=DAY).status_code == 403
    assert httpx.get(f"{server.url}/v1/reports/health", params=DAY).status_code == 401


def test_report_health_on_the_command_line(cli: Cli) -> None:
    code, out, _ = cli("report", "health", "--store", "demo", "--json")
    health = json.loads(out)
    assert code == 0 and health["store"] == "demo" and health["members"] == 5  # the demo's members
    assert health["liability"]["points_outstanding"] == 5850  # their opening balances
    code, out, _ = cli("report", "health", "--format", "csv")
    rows = dict(csv.reader(io.StringIO(out)))
    assert code == 0 and rows["figure"] == "value" and rows["members"] == "5"
    assert rows["liability.points_outstanding"] == "5850"
    code, _, err = cli("report", "health", "--from", "2026-11-19", "--to", "2026-11-18")
    assert code == 1 and "report period" in err
    code, _, err = cli("report", "health", "--store", "nowhere")
    assert code == 1 and err.strip() == "tessera-server: no store nowhere"
    with pytest.raises(SystemExit) as usage:
        cli("report", "health", "--from", "yesterday")
    assert usage.value.code == 2
