"""GET /v1/sales?receipt=R: a store's sale, for a refund on another of its terminals; refunds and
duplicate earns by store receipt key, against the real API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from sync.client import AuthRefused, SyncClient
from sync.protocol import PushOp
from sync.server import admin
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, WEDNESDAY, WEDNESDAY_AT, push, sale_op

EARN_ID = "01900000-0000-7000-8000-000000000001"  # sale_op(1)'s earn entry


def terminal(server: LiveServer, store: str = "demo", name: str = "till") -> Iterator[SyncClient]:
    with SyncClient(server.url) as anonymous:
        registered = anonymous.register(server.new_code(store, name)["code"])
    with SyncClient(server.url, registered.token) as c:
        c.terminal_id = registered.terminal_id  # type: ignore[attr-defined]
        yield c


@pytest.fixture
def till2(server: LiveServer) -> Iterator[SyncClient]:
    yield from terminal(server, name="till 2")


def refund_op(seq: int, receipt: str, amount: int | None, entries: list[dict[str, object]], *,
              card: str | None = ANA, pending: bool = False) -> PushOp:
    payload = {"program_version": 1, "local_time": WEDNESDAY, "member_card": card, "receipt": receipt,
               "amount": amount, "entries": entries, "pending": pending}
    return PushOp(id=f"01900000-0000-7000-a000-{seq:012d}", seq=seq, kind="refund", member_card=card,
                  payload=payload, created_at=WEDNESDAY_AT, program_version=1)


def reversal(seq: int, points: int) -> dict[str, object]:
    return {"id": f"01900000-0000-7000-b000-{seq:012d}", "kind": "reverse", "points": points,
            "reverses": EARN_ID, "receipt": "W1", "created_at": WEDNESDAY_AT.isoformat()}


def test_a_store_sale_is_fetched_by_any_spelling_of_its_receipt(client: SyncClient,
                                                               till2: SyncClient) -> None:
    assert push(client, sale_op(1, amount=2000, points=20))[0].status == "applied"

    sale = till2.sale(" w1\u200b", timeout=3)

    assert sale is not None
    assert (sale.receipt, sale.receipt_key, sale.amount, sale.refunded_amount) == ("W1", "w1", 2000, 0)
    assert sale.terminal_id == client.terminal_id  # type: ignore[attr-defined]
    assert (sale.earn_entry_id, sale.earn_points, sale.points_earned) == (EARN_ID, 20, 20)
    assert sale.member.card == ANA


def test_an_unknown_receipt_is_404(server: LiveServer, client: SyncClient) -> None:
    assert client.sale("NOPE", timeout=3) is None
    token = client._http.headers["Authorization"]
    answer = httpx.get(f"{server.url}/v1/sales", params={"receipt": "NOPE"}, headers={"Authorization": token})
    assert answer.status_code == 404 and answer.json()["error"] == "not_found"


def test_only_a_terminal_of_the_store_reads_its_sales(server: LiveServer, client: SyncClient) -> None:
    assert push(client, sale_op(1))[0].status == "applied"
    with SyncClient(server.url) as anonymous, pytest.raises(AuthRefused) as caught:
        anonymous.sale("W1", timeout=3)
    assert caught.value.status == 401
    hq = admin.new_hq_token(server.db, datetime.now(UTC))["token"]
    answer = httpx.get(f"{server.url}/v1/sales", params={"receipt": "W1"},
                       headers={"Authorization": f"Bearer {hq}"})
    assert answer.status_code == 403
    admin.add_store(server.db, "other", "Europe/Rome", "IT", datetime.now(UTC))
    for elsewhere in terminal(server, "other", "far till"):
        assert elsewhere.sale("W1", timeout=3) is None  # another store's receipt is not there
    token = client._http.headers["Authorization"]
    answer = httpx.get(f"{server.url}/v1/sales", params={"receipt": "W1", "store": "other"},
                       headers={"Authorization": token})
    assert answer.status_code == 403


def test_a_malformed_receipt_is_422(server: LiveServer, client: SyncClient) -> None:
    token = client._http.headers["Authorization"]
    for receipt in ("", "x" * 65):
        answer = httpx.get(f"{server.url}/v1/sales", params={"receipt": receipt},
                           headers={"Authorization": token})
        assert answer.status_code == 422


@pytest.mark.allow_log("tessera.server", "conflict duplicate_receipt")
def test_a_second_earn_of_the_store_receipt_is_zero(server: LiveServer, client: SyncClient,
                                                    till2: SyncClient) -> None:
    push(client, sale_op(1))
    second = sale_op(1, op_id="01900000-0000-7000-9000-0000000000f1")
    second.payload["receipt"] = "w 1"
    second.payload["entries"][0]["id"] = "01900000-0000-7000-8000-0000000000f1"

    [result] = push(till2, second)

    assert result.status == "applied" and result.answer is not None
    assert result.answer.conflict == "duplicate_receipt"
    assert result.answer.adjusted == {"01900000-0000-7000-8000-0000000000f1": 0}
    assert server.balance(ANA) == server.ledger_check()[ANA]
    [conflict] = [c for c in admin.conflicts(server.db) if c["kind"] == "duplicate_receipt"]
    assert conflict["op_id"] == second.id and "01900000-0000-7000-9000-000000000001" in conflict["detail"]


def test_refunds_from_two_terminals_reverse_what_the_sale_earned(server: LiveServer, client: SyncClient,
                                                                 till2: SyncClient) -> None:
    push(client, sale_op(1, amount=3333, points=33))
    before = server.balance(ANA)
    # Till 2 proposes a reversal too big; the server's is from its own sale and the running amount.
    [first] = push(till2, refund_op(1, "w1", 1000, [reversal(1, -33)]))
    assert first.status == "applied" and first.answer is not None
    assert first.answer.adjusted == {"01900000-0000-7000-b000-000000000001": -9}
    [second] = push(client, refund_op(2, "W1", 2333, [reversal(2, -1)]))
    assert second.status == "applied" and second.answer is not None
    assert second.answer.adjusted == {"01900000-0000-7000-b000-000000000002": -24}
    assert server.balance(ANA) == before - 33
    fetched = client.sale("W1", timeout=3)
    assert fetched is not None and fetched.refunded_amount == 3333


@pytest.mark.allow_log("tessera.server", "does not fit receipt W1")
def test_a_pending_refund_is_computed_from_the_store_sale(server: LiveServer, client: SyncClient,
                                                          till2: SyncClient) -> None:
    push(client, sale_op(1, amount=2000, points=20))
    before = server.balance(ANA)

    [result] = push(till2, refund_op(1, "W1", None, [], card=None, pending=True))

    assert result.status == "applied" and result.answer is not None
    assert list(result.answer.adjusted.values()) == [-20]  # the reversal the till could not propose
    assert server.balance(ANA) == before - 20 == server.ledger_check()[ANA]
    from sync.server.models import Op

    with server.db.read() as session:  # the stored op names what was refunded: the reports read it
        stored = session.get_one(Op, result.id)
        assert json.loads(stored.payload)["amount"] == 2000
    [again] = push(till2, refund_op(2, "W1", None, [], card=None, pending=True))
    assert again.status == "rejected" and "does not fit receipt W1" in (again.reason or "")


def test_the_migration_keys_old_sales_and_keeps_lookalikes_apart(tmp_path: object) -> None:
    """Sales from before 0005: each gets its key; a later lookalike in the same store a key of its own."""
    from pathlib import Path

    from alembic import command
    from alembic.config import Config

    from sync.server.db import MIGRATIONS, ServerDB

    assert isinstance(tmp_path, Path)
    db = ServerDB(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
        conn.commit()
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO stores (id, created_at, tz) VALUES ('a', :at, 'UTC'),"
                          " ('b', :at, 'UTC')"), {"at": "2026-11-18 08:00:00"})
        for i, (store, till, receipt) in enumerate(
                [("a", "t1", "SAME"), ("a", "t2", "same"), ("b", "t3", "Same"), ("a", "t1", "Other")]):
            _old_sale(conn, i, store, till, receipt)
    db.migrate()
    with db.engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT earn_entry_id, receipt_key FROM sales")).all())
    db.dispose()
    assert keys == {"e0": "same", "e1": "same e1", "e2": "same", "e3": "other"}


def _old_sale(conn: Any, i: int, store: str, till: str, receipt: str) -> None:
    row = {"i": i, "m": f"m{i}", "e": f"e{i}", "card": f"c{i}", "store": store, "t": till, "r": receipt,
           "at": f"2026-11-18 08:0{i}:00"}
    conn.execute(text("INSERT INTO members (id, card, name, marketing_consent, store_id, created_at, blocked,"
                      " balance, change_seq) VALUES (:m, :card, 'M', 0, :store, :at, 0, 0, 0)"), row)
    conn.execute(text("INSERT INTO ledger_entries (id, member_id, kind, points, store_id, terminal_id,"
                      " created_at, remaining, outstanding, recorded_at)"
                      " VALUES (:e, :m, 'earn', 1, :store, :t, :at, 1, 0, :at)"), row)
    conn.execute(text("INSERT INTO sales (earn_entry_id, terminal_id, store_id, receipt, member_id, amount,"
                      " refunded_amount, points_earned, created_at)"
                      " VALUES (:e, :t, :store, :r, :m, 100, 0, 1, :at)"), row)
