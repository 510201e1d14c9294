"""Parameters out of any sane range are a 4xx with the error body, never a 500."""

from __future__ import annotations

import httpx
import pytest

from sync.client import SyncClient
from tests.sync.conftest import LiveServer


def _get(server: LiveServer, client: SyncClient, path: str) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", headers={"Authorization": client._http.headers["Authorization"]},
                     timeout=10)


@pytest.mark.parametrize(("path", "status", "error"), [
    ("/v1/reports/daily?date=9999-12-31", 422, "bad_request"),
    ("/v1/reports/daily?date=0001-01-01", 422, "bad_request"),
    ("/v1/reports/daily?date=2026-13-01", 422, "bad_request"),
    ("/v1/sync/pull?cursor=99999999999999999999:x", 422, "bad_request"),
    ("/v1/sync/pull?cursor=%EF%BC%91:x", 422, "bad_request"),  # a full-width digit is a digit to Python
    ("/v1/sync/pull?cursor=12", 422, "bad_request"),  # no member id part
    ("/v1/sync/pull?program_version=" + "9" * 30, 422, "bad_request"),
    ("/v1/sync/pull?program_version=-1", 422, "bad_request"),
])
def test_out_of_range_parameters_are_refused(server: LiveServer, client: SyncClient, path: str, status: int,
                                             error: str) -> None:
    answer = _get(server, client, path)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"] == error


def test_the_edge_of_the_range_still_answers(server: LiveServer, client: SyncClient) -> None:
    assert _get(server, client, "/v1/reports/daily?date=2199-12-31").status_code == 200
    assert _get(server, client, "/v1/sync/pull?limit=99999").status_code == 200
