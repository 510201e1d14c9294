"""An op that cannot be written is answered as rejected (a dead letter) and the ops after it still apply."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from sync.client import SyncClient
from sync.protocol import PushOp
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, WEDNESDAY, WEDNESDAY_AT, push, sale_op

NEW_CARD = "2900000000995"
MARCO = "2900000000025"


def _member_id(server: LiveServer, card: str) -> str:
    from sync.server.models import Member

    with server.db.read() as session:
        found = session.scalar(select(Member.id).where(Member.card == card))
    assert found is not None
    return found


def enroll_op(seq: int, member_id: str, card: str = NEW_CARD) -> PushOp:
    member = {"id": member_id, "card": card, "name": "Reused Id", "created_at": WEDNESDAY_AT.isoformat()}
    payload = {"program_version": 1, "local_time": WEDNESDAY, "member": member, "entries": []}
    return PushOp(id=f"01900000-0000-7000-b000-{seq:012d}", seq=seq, kind="enroll", member_card=card,
                  payload=payload, created_at=WEDNESDAY_AT, program_version=1)


@pytest.mark.allow_log("tessera.server", "rejected")
@pytest.mark.parametrize("reused", [ANA, MARCO])  # in the batch's books, and not
def test_an_enroll_reusing_a_member_id_is_rejected_and_the_queue_goes_on(
        server: LiveServer, client: SyncClient, reused: str) -> None:
    before = server.balance(ANA)
    results = push(client, enroll_op(1, _member_id(server, reused)), sale_op(2))
    assert [r.status for r in results] == ["rejected", "applied"], results
    assert "already" in (results[0].reason or "")
    assert server.balance(ANA) == before + 10


@pytest.mark.allow_log("tessera.server", "rejected")
def test_a_sale_reusing_an_entry_id_of_another_op_is_rejected(server: LiveServer, client: SyncClient) -> None:
    first = sale_op(1)
    copy = sale_op(2)
    copy.payload["entries"][0]["id"] = first.payload["entries"][0]["id"]  # the same ledger entry id again
    results = push(client, first, copy, sale_op(3))
    assert [r.status for r in results] == ["applied", "rejected", "applied"], results


def test_an_adjust_beyond_any_integer_is_refused_not_a_500(server: LiveServer, client: SyncClient) -> None:
    import httpx

    op = {"id": "01900000-0000-7000-c000-000000000001", "seq": 1, "kind": "adjust", "member_card": ANA,
          "created_at": datetime(2026, 11, 18, 8, tzinfo=UTC).isoformat(), "program_version": 1,
          "payload": {"program_version": 1, "member_card": ANA, "entries": [
              {"id": "01900000-0000-7000-c000-000000000002", "kind": "adjust", "points": 2**63,
               "created_at": WEDNESDAY_AT.isoformat()}]}}
    body = {"terminal_id": client.terminal_id, "ops": [op]}  # type: ignore[attr-defined]
    answer = httpx.post(f"{server.url}/v1/sync/push", json=body,
                        headers={"Authorization": client._http.headers["Authorization"]}, timeout=10)
    assert answer.status_code == 422 and answer.json()["error"] == "bad_request", answer.text
    assert "beyond" in answer.json()["message"]


def _refuse_receipt(server: LiveServer, receipt: str) -> None:
    """A database trigger refusing one sale row: an op that applies but cannot be written."""
    from sqlalchemy import text

    with server.db.engine.begin() as conn:
        if server.db.dialect == "sqlite":
            conn.execute(text(f"CREATE TRIGGER poison BEFORE INSERT ON sales WHEN NEW.receipt = '{receipt}' "
                              "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END"))
            return
        conn.execute(text("CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN "
                          f"IF NEW.receipt = '{receipt}' THEN RAISE EXCEPTION 'poisoned row'; END IF; "
                          "RETURN NEW; END $$ LANGUAGE plpgsql"))
        conn.execute(text("CREATE TRIGGER poison BEFORE INSERT ON sales FOR EACH ROW "
                          "EXECUTE FUNCTION poison()"))


def _stored(server: LiveServer, op_id: str) -> str | None:
    from sync.server.models import Op

    with server.db.read() as session:
        return session.scalar(select(Op.status).where(Op.op_id == op_id))


@pytest.mark.allow_log("tessera.server", "")
@pytest.mark.parametrize("poisoned_seq", [1, 2, 3])
def test_an_op_the_database_refuses_to_write_is_a_dead_letter_and_the_rest_apply(
        server: LiveServer, client: SyncClient, poisoned_seq: int) -> None:
    _refuse_receipt(server, f"W{poisoned_seq}")
    before = server.balance(ANA)
    ops = [sale_op(1), sale_op(2), sale_op(3)]
    results = push(client, *ops)
    expected = ["rejected" if op.seq == poisoned_seq else "applied" for op in ops]
    assert [r.status for r in results] == expected, results
    assert "could not store" in (results[poisoned_seq - 1].reason or "")
    assert server.balance(ANA) == before + 20
    assert [_stored(server, op.id) for op in ops] == expected
    again = push(client, *ops)  # the answer lost and the batch resent: nothing applies twice
    assert [r.status for r in again] == ["duplicate"] * 3
    assert [r.answer.status if r.answer else None for r in again] == expected
    assert server.balance(ANA) == before + 20
    server.ledger_check()


@pytest.mark.allow_log("tessera.server", "")
def test_a_lone_op_the_database_refuses_is_a_dead_letter_and_the_next_push_goes_on(
        server: LiveServer, client: SyncClient) -> None:
    _refuse_receipt(server, "W1")
    before = server.balance(ANA)
    assert [r.status for r in push(client, sale_op(1))] == ["rejected"]
    assert [r.status for r in push(client, sale_op(2))] == ["applied"]
    assert server.balance(ANA) == before + 10
