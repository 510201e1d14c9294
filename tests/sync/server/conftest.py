"""Fixtures for the server's own tests: a registered /v1 client on the live server, and sale ops to push.

The live server, its database backends and the terminals come from tests/sync/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sync.client import SyncClient
from sync.protocol import OpResult, PushOp, PushRequest
from tests.sync.conftest import LiveServer

ANA = "2900000000018"
WEDNESDAY = "2026-11-18T10:00:00"  # no promotion: 1 point per euro


@pytest.fixture
def client(server: LiveServer) -> Iterator[SyncClient]:
    """A client holding a fresh terminal token; ``client.terminal_id`` is that terminal."""
    from pos_app.core.errors import InvalidInput  # noqa: F401  (the server imports core)

    with SyncClient(server.url) as anonymous:
        registered = anonymous.register(server.new_code()["code"])
    with SyncClient(server.url, registered.token) as c:
        c.terminal_id = registered.terminal_id  # type: ignore[attr-defined]
        yield c


# The server reads promotions off created_at in the store's zone (demo: Europe/Bucharest): 10:00 there.
WEDNESDAY_AT = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


def sale_op(seq: int, points: int = 10, amount: int = 1000, op_id: str | None = None,
            at: datetime = WEDNESDAY_AT) -> PushOp:
    """A sale to ANA on a Wednesday, as terminal op ``seq``: 10 points for 10.00 EUR."""
    now = at
    entry = {"id": f"01900000-0000-7000-8000-{seq:012d}", "kind": "earn", "points": points, "amount": amount,
             "receipt": f"W{seq}", "created_at": now.isoformat()}
    payload = {"program_version": 1, "local_time": WEDNESDAY, "member_card": ANA, "receipt": f"W{seq}",
               "amount": amount, "currency": "EUR", "tier": "bronze", "entries": [entry]}
    return PushOp(id=op_id or f"01900000-0000-7000-9000-{seq:012d}", seq=seq, kind="sale", member_card=ANA,
                  payload=payload, created_at=now, program_version=1)


def push(client: SyncClient, *ops: PushOp) -> list[OpResult]:
    terminal_id: str = client.terminal_id  # type: ignore[attr-defined]
    return client.push(PushRequest(terminal_id=terminal_id, ops=list(ops))).results


def staff_op(seq: int, cashier: str = "boss", role: str = "manager", active: bool = True,
             approved_by: str | None = None, at: datetime = WEDNESDAY_AT) -> PushOp:
    """A staff op as terminal op ``seq``: the server learns ``cashier`` (whom adjusts and voids name)."""
    payload = {"program_version": 1, "local_time": WEDNESDAY, "approved_by": approved_by,
               "staff": {"id": cashier, "name": cashier.title(), "role": role, "active": active}}
    return PushOp(id=f"01900000-0000-7000-a000-{seq:012d}", seq=seq, kind="staff", payload=payload,
                  created_at=at, program_version=1)


class Cli:
    """``cli(*args)`` runs ``tessera-server --db … --data-dir …`` in process: (exit code, stdout, stderr)."""

    def __init__(self, run: Callable[..., tuple[int, str, str]], data_dir: Path) -> None:
        self._run = run
        self.data_dir = data_dir

    def __call__(self, *args: str) -> tuple[int, str, str]:
        return self._run(*args)


@pytest.fixture
def cli(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    from sync.server.cli import main

    data_dir = tmp_path / "srv"

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", db_url, "--data-dir", str(data_dir), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("init", "--demo", "--json")[0] == 0
    return Cli(run, data_dir)
