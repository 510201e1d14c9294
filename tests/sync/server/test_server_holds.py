"""Pending refunds held until their sale arrives (sync.server.holds), against the real API.

A till offline refunds a receipt it does not know; the sale may be on a till that has not synced.
The server holds the refund, applies it in the push that brings the sale (from any till of the
store), or dead-letters it after the hold period with a reason HQ sees; the till learns on pull.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from sync.client import SyncClient
from sync.protocol import HeldRefundOut, PushOp
from sync.server import admin, holds
from sync.server.models import HeldRefund, Op
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, push, sale_op
from tests.sync.server.test_server_sales import refund_op, reversal, terminal

EARN_ID = "01900000-0000-7000-8000-000000000001"  # sale_op(1)'s earn entry


@pytest.fixture
def till2(server: LiveServer) -> Iterator[SyncClient]:
    yield from terminal(server, name="till 2")


@pytest.fixture
def till3(server: LiveServer) -> Iterator[SyncClient]:
    yield from terminal(server, name="till 3")


def pending(seq: int, amount: int | None, receipt: str = "W1", op_id: str | None = None) -> PushOp:
    op = refund_op(seq, receipt, amount, [], card=None, pending=True)
    return op.model_copy(update={"id": op_id}) if op_id else op


def outcome(client: SyncClient, op_id: str) -> HeldRefundOut:
    [found] = [r for r in client.pull("", limit=10, program_version=1).refunds if r.op_id == op_id]
    return found


def stored(server: LiveServer, op_id: str) -> tuple[str, dict[str, object]]:
    with server.db.read() as session:
        row = session.get_one(Op, op_id)
        return row.status, json.loads(row.payload)


def test_a_refund_of_a_receipt_not_on_the_server_is_held_then_applied_with_the_sale(
        server: LiveServer, client: SyncClient, till2: SyncClient) -> None:
    before = server.balance(ANA)
    refund = pending(1, 1000)

    [held] = push(till2, refund)

    assert held.status == "held" and held.answer is not None and held.answer.status == "held"
    assert "held until it arrives (at most 14 days)" in (held.reason or "")
    assert server.balance(ANA) == before
    assert outcome(till2, held.id).status == "held"

    [sale] = push(client, sale_op(1, amount=2000, points=20))  # till 1 syncs: the same push applies it

    assert sale.status == "applied"
    assert server.balance(ANA) == before + 20 - 10 == server.ledger_check()[ANA]
    fetched = client.sale("W1", timeout=3)
    assert fetched is not None and fetched.refunded_amount == 1000
    status, payload = stored(server, held.id)
    assert status == "applied" and payload["amount"] == 1000  # the reports read the stored op
    learnt = outcome(till2, held.id)
    assert learnt.status == "applied" and learnt.answer is not None
    assert list(learnt.answer.adjusted.values()) == [-10]
    [again] = push(till2, refund)  # a replay gets the outcome
    assert again.status == "duplicate" and again.answer is not None and again.answer.status == "applied"


def test_held_partial_refunds_from_two_tills_sum_to_what_the_sale_earned(
        server: LiveServer, client: SyncClient, till2: SyncClient, till3: SyncClient) -> None:
    before = server.balance(ANA)
    assert push(till2, pending(1, 1000))[0].status == "held"
    rest_id = "01900000-0000-7000-a000-0000000000f3"
    assert push(till3, pending(1, None, "w 1", rest_id))[0].status == "held"  # the rest

    push(client, sale_op(1, amount=3333, points=33))

    assert server.balance(ANA) == before == server.ledger_check()[ANA]
    fetched = client.sale("W1", timeout=3)
    assert fetched is not None and fetched.refunded_amount == 3333
    first = outcome(till2, "01900000-0000-7000-a000-000000000001")
    assert first.answer is not None and sorted(first.answer.adjusted.values()) == [-9]
    rest = outcome(till3, rest_id)
    assert rest.answer is not None and sorted(rest.answer.adjusted.values()) == [-24]
    assert stored(server, rest_id)[1]["amount"] == 2333


@pytest.mark.allow_log("tessera.server", "conflict rejected")
def test_a_held_refund_bigger_than_what_is_left_is_a_dead_letter(
        server: LiveServer, client: SyncClient, till2: SyncClient) -> None:
    before = server.balance(ANA)
    [held] = push(till2, pending(1, 5000))

    push(client, sale_op(1, amount=2000, points=20))

    assert server.balance(ANA) == before + 20
    learnt = outcome(till2, held.id)
    assert learnt.status == "rejected" and "does not fit receipt W1" in (learnt.reason or "")
    [conflict] = [c for c in admin.conflicts(server.db) if c["kind"] == "rejected"]
    assert conflict["op_id"] == held.id and "held refund of receipt W1" in conflict["detail"]
    assert stored(server, held.id)[0] == "rejected"


@pytest.mark.allow_log("tessera.server", "conflict rejected")
def test_a_refund_held_past_the_hold_period_is_a_dead_letter_hq_sees(
        server: LiveServer, till2: SyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    [held] = push(till2, pending(1, 1000, "NOPE-9"))
    now = datetime.now(UTC)

    assert holds.settle(server.db, now + timedelta(days=13)) == (0, 0)  # still within 14 days
    assert outcome(till2, held.id).status == "held"
    monkeypatch.setenv(holds.ENV_HOLD_DAYS, "30")
    assert holds.settle(server.db, now + timedelta(days=15)) == (0, 0)  # the server holds 30 days now
    monkeypatch.delenv(holds.ENV_HOLD_DAYS)
    assert holds.settle(server.db, now + timedelta(days=15)) == (0, 1)

    learnt = outcome(till2, held.id)
    assert learnt.status == "rejected" and learnt.answer is not None and learnt.answer.status == "rejected"
    assert "no sale with receipt NOPE-9 arrived in this store within 14 days" in (learnt.reason or "")
    [conflict] = [c for c in admin.conflicts(server.db, "demo") if c["kind"] == "rejected"]
    assert conflict["op_id"] == held.id and "NOPE-9" in conflict["detail"]
    assert holds.settle(server.db, now + timedelta(days=30)) == (0, 0)  # once
    [again] = push(till2, pending(1, 1000, "NOPE-9"))
    assert again.answer is not None and again.answer.status == "rejected"


def test_the_expiry_pass_applies_a_held_refund_whose_sale_came_meanwhile(
        server: LiveServer, client: SyncClient, till2: SyncClient) -> None:
    """A push holding a refund beside the push of its sale could not see it: the expiry pass applies it."""
    push(client, sale_op(1, amount=2000, points=20))
    before = server.balance(ANA)
    [held] = push(till2, pending(1, 1000, "W-LATE"))
    with server.db.write() as session:  # as if the hold and the sale had passed each other
        row = session.get_one(HeldRefund, held.id)
        row.receipt, row.receipt_key = "W1", "w1"

    assert holds.settle(server.db, datetime.now(UTC)) == (1, 0)

    assert server.balance(ANA) == before - 10 == server.ledger_check()[ANA]
    assert outcome(till2, held.id).status == "applied"
    assert holds.settle(server.db, datetime.now(UTC)) == (0, 0)


@pytest.mark.allow_log("tessera.server", "conflict rejected")
def test_a_pending_refund_proposing_reversals_is_not_held(server: LiveServer, till2: SyncClient) -> None:
    [result] = push(till2, refund_op(1, "W1", 1000, [reversal(1, -10)], card=None, pending=True))
    assert result.status == "rejected" and "proposes no reversals" in (result.reason or "")
    with server.db.read() as session:
        assert session.scalars(select(HeldRefund)).all() == []


def test_a_held_refund_and_its_sale_in_one_push_settle_in_that_push(server: LiveServer,
                                                                     client: SyncClient) -> None:
    before = server.balance(ANA)
    [held, sale] = push(client, refund_op(1, "W2", None, [], card=None, pending=True), sale_op(2, amount=500,
                                                                                              points=5))
    assert held.status == "held" and sale.status == "applied"
    assert server.balance(ANA) == before == server.ledger_check()[ANA]
    assert stored(server, held.id) == ("applied", {**stored(server, held.id)[1], "amount": 500})
