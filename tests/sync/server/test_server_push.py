"""The /v1 push contract on the wire: idempotency, seq order, gaps, validation."""

from __future__ import annotations

import pytest

from sync.client import SyncClient
from sync.protocol import PushRequest
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, push, sale_op


def test_a_replay_gets_the_stored_answer_and_changes_nothing(client: SyncClient, server: LiveServer) -> None:
    first = push(client, sale_op(1), sale_op(2))
    assert [r.status for r in first] == ["applied", "applied"]
    again = push(client, sale_op(1), sale_op(2))
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert [r.answer for r in again] == [r.answer for r in first]
    assert server.balance(ANA) == 320 + 20
    same_batch = push(client, sale_op(3), sale_op(3))
    assert [r.status for r in same_batch] == ["applied", "duplicate"]
    assert server.balance(ANA) == 330 + 20


@pytest.mark.allow_log("tessera.server", "gap before seq 2")
def test_a_gap_defers_the_rest_until_the_missing_op_arrives(client: SyncClient, server: LiveServer) -> None:
    results = push(client, sale_op(2), sale_op(3))
    assert [r.status for r in results] == ["deferred", "deferred"]
    assert "waiting for seq 1" in (results[0].reason or "")
    assert server.balance(ANA) == 320
    assert [r.status for r in push(client, sale_op(1), sale_op(2), sale_op(3))] == ["applied"] * 3


@pytest.mark.allow_log("tessera.server", "conflict seq_reused")
def test_a_reused_seq_with_another_op_is_rejected(client: SyncClient) -> None:
    push(client, sale_op(1))
    result = push(client, sale_op(1, op_id="01900000-0000-7000-9999-000000000001"))[0]
    assert result.status == "rejected" and "already used" in (result.reason or "")


@pytest.mark.allow_log("tessera.server", "conflict recomputed")
def test_earn_is_recomputed_and_the_servers_figure_applied(client: SyncClient, server: LiveServer) -> None:
    """Issue 9 changed this on purpose: a wrong earn is no longer rejected, the server's figure is applied."""
    from sync.server import admin

    bad = push(client, sale_op(1, points=99))[0]
    assert bad.status == "applied" and bad.answer is not None
    assert bad.answer.adjusted == {"01900000-0000-7000-8000-000000000001": 10}
    assert bad.answer.conflict == "recomputed" and bad.answer.balance == 330
    assert server.balance(ANA) == 330
    assert push(client, sale_op(2))[0].status == "applied"
    recomputed = [c for c in admin.conflicts(server.db) if c["kind"] == "recomputed"]
    assert len(recomputed) == 1 and recomputed[0]["points"] == 10 - 99
    assert "proposed 99" in recomputed[0]["detail"] and "applied 10" in recomputed[0]["detail"]


@pytest.mark.allow_log("tessera.server", "unknown program version 9")
@pytest.mark.allow_log("tessera.server", "differs from the server's")
def test_unknown_program_version_and_other_rules_are_rejected(client: SyncClient) -> None:
    op = sale_op(1)
    unknown = op.model_copy(update={"program_version": 9, "payload": {**op.payload, "program_version": 9}})
    assert "unknown program version 9" in (push(client, unknown)[0].reason or "")
    other = sale_op(2).model_copy(update={"program_digest": "0" * 64})
    assert "differs" in (push(client, other)[0].reason or "")


def test_batches_are_limited_to_500_ops(client: SyncClient) -> None:
    from sync.client import Refused

    with pytest.raises(Refused):
        client.push(PushRequest.model_construct(terminal_id=client.terminal_id,
                                                ops=[sale_op(i + 1) for i in range(501)]))
