"""The /v1 push contract on the wire: idempotency, seq order, gaps, validation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sync.protocol import OpResult, PullPage, PushOp, PushRequest

ANA = "2900000000018"
WEDNESDAY = "2026-11-18T10:00:00"  # no promotion: 1 point per euro


@pytest.fixture
def client(server):
    from pos_app.core.errors import InvalidInput  # noqa: F401  (the server imports core)
    from sync.client import SyncClient

    with SyncClient(server.url) as anonymous:
        registered = anonymous.register(server.new_code()["code"])
    with SyncClient(server.url, registered.token) as c:
        c.terminal_id = registered.terminal_id  # type: ignore[attr-defined]
        yield c


def _sale(seq: int, points: int = 10, amount: int = 1000, op_id: str | None = None) -> PushOp:
    now = datetime.now(UTC)
    entry = {"id": f"01900000-0000-7000-8000-{seq:012d}", "kind": "earn", "points": points, "amount": amount,
             "receipt": f"W{seq}", "created_at": now.isoformat()}
    payload = {"program_version": 1, "local_time": WEDNESDAY, "member_card": ANA, "receipt": f"W{seq}",
               "amount": amount, "currency": "EUR", "tier": "bronze", "entries": [entry]}
    return PushOp(id=op_id or f"01900000-0000-7000-9000-{seq:012d}", seq=seq, kind="sale", member_card=ANA,
                  payload=payload, created_at=now, program_version=1)


def _push(client, *ops: PushOp) -> list[OpResult]:
    return client.push(PushRequest(terminal_id=client.terminal_id, ops=list(ops))).results


def test_a_replay_gets_the_stored_answer_and_changes_nothing(client, server):
    first = _push(client, _sale(1), _sale(2))
    assert [r.status for r in first] == ["applied", "applied"]
    again = _push(client, _sale(1), _sale(2))
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert [r.answer for r in again] == [r.answer for r in first]
    assert server.balance(ANA) == 320 + 20
    same_batch = _push(client, _sale(3), _sale(3))
    assert [r.status for r in same_batch] == ["applied", "duplicate"]
    assert server.balance(ANA) == 330 + 20


def test_a_gap_defers_the_rest_until_the_missing_op_arrives(client, server):
    results = _push(client, _sale(2), _sale(3))
    assert [r.status for r in results] == ["deferred", "deferred"]
    assert "waiting for seq 1" in (results[0].reason or "")
    assert server.balance(ANA) == 320
    assert [r.status for r in _push(client, _sale(1), _sale(2), _sale(3))] == ["applied"] * 3


def test_a_reused_seq_with_another_op_is_rejected(client):
    _push(client, _sale(1))
    result = _push(client, _sale(1, op_id="01900000-0000-7000-9999-000000000001"))[0]
    assert result.status == "rejected" and "already used" in (result.reason or "")


def test_earn_is_recomputed_and_a_mismatch_rejected(client, server):
    from sync.server import admin

    bad = _push(client, _sale(1, points=99))[0]
    assert bad.status == "rejected" and "earn mismatch" in (bad.reason or "") and "gives 10" in (bad.reason or "")
    assert server.balance(ANA) == 320
    assert _push(client, _sale(2))[0].status == "applied"  # a rejection does not block the queue
    assert any(c["kind"] == "rejected" for c in admin.conflicts(server.db))


def test_unknown_program_version_and_other_rules_are_rejected(client):
    op = _sale(1)
    unknown = op.model_copy(update={"program_version": 9, "payload": {**op.payload, "program_version": 9}})
    assert "unknown program version 9" in (_push(client, unknown)[0].reason or "")
    other = _sale(2).model_copy(update={"program_digest": "0" * 64})
    assert "differs" in (_push(client, other)[0].reason or "")


def test_batches_are_limited_to_500_ops(client):
    from sync.client import Refused

    with pytest.raises(Refused):
        client.push(PushRequest.model_construct(terminal_id=client.terminal_id,
                                                ops=[_sale(i + 1) for i in range(501)]))


def test_models_ignore_fields_they_do_not_know():
    page = PullPage.model_validate({"cursor": "1:a", "more": False, "server_time": "2026-11-23T10:00:00Z",
                                    "a_field_from_the_future": {"x": 1}, "members": []})
    assert page.cursor == "1:a" and not hasattr(page, "a_field_from_the_future")


def test_pull_pages_through_a_store_with_a_monotonic_cursor(client, server):
    from sync.server import members

    rows = "".join(f"29{n:010d}{_check(f'29{n:010d}')},Member {n},,,{n}\n" for n in range(1000, 1250))
    members.import_rows(server.db, members.parse_csv("card,name,phone,email,opening_balance\n" + rows), "demo",
                        datetime.now(UTC))
    seen: list[str] = []
    cursor, pages = "", 0
    while True:
        page = client.pull(cursor, limit=40)
        pages += 1
        seen += [m.card for m in page.members]
        assert not cursor or int(page.cursor.split(":")[0]) >= int(cursor.split(":")[0])
        cursor = page.cursor
        if not page.more:
            break
    assert pages == 7 and len(seen) == len(set(seen)) == 255
    _push(client, _sale(1))
    page = client.pull(cursor)
    assert [m.card for m in page.members] == [ANA] and page.terminal_seq == 1
    assert page.members[0].balance == 330 and sum(lot.remaining for lot in page.members[0].lots) == 330
    assert client.pull(page.cursor).members == []


def _check(body: str) -> str:
    from pos_app.core.cards import check_digit

    return check_digit(body)
