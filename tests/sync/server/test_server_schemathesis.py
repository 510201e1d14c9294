"""Schemathesis against the real server's OpenAPI document: no token, a terminal token, each HQ scope.

Every operation, with data generated from the document (valid and invalid), must answer with a status
and body the document lists; no answer is ever a 500. Bounded: a few examples per operation.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from sync.client import SyncClient
from tests.sync.conftest import LiveServer


def _document() -> dict[str, object]:
    from sync.server.app import create_app
    from sync.server.db import ServerDB

    folder = Path(tempfile.mkdtemp(prefix="tessera-openapi-"))
    db = ServerDB(f"sqlite:///{folder / 'unused.db'}")  # never connected to: routes only
    try:
        return create_app(db, folder, expire_every=None).openapi()
    finally:
        db.dispose()


schema = schemathesis.openapi.from_dict(_document())


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, dict[str, str]]]:
    from sync.server import admin

    data_dir = tmp_path_factory.mktemp("fuzzed-server")
    server = LiveServer(f"sqlite:///{data_dir / 'server.db'}", data_dir)
    now = datetime.now(UTC)
    admin.init(server.db, data_dir, demo=True, now=now)
    server.start()
    with SyncClient(server.url) as anonymous:
        terminal = anonymous.register(server.new_code()["code"]).token
    tokens = {"none": "", "terminal": terminal,
              "reports": admin.new_hq_token(server.db, now, "reports")["token"],
              "members": admin.new_hq_token(server.db, now, "members")["token"]}
    yield server, tokens
    server.close()


FUZZ = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


Live = tuple[LiveServer, dict[str, str]]


# Generated garbage makes the server warn (guessed registration codes, rejected ops): expected here.
@pytest.mark.allow_log("tessera.server", "")
@pytest.mark.parametrize("who", ["none", "terminal", "reports", "members"])
@schema.parametrize()
@FUZZ
def test_every_answer_is_one_the_document_lists(case: schemathesis.Case, live: Live, who: str) -> None:
    server, tokens = live
    headers = {"Authorization": f"Bearer {tokens[who]}"} if tokens[who] else {}
    case.call_and_validate(base_url=server.url, headers=headers)
