"""POST /v1/redeem: a redemption the server confirms in one round trip, by its own rules and counts.

Refusals carry the rule's code (409), the op is recorded by id (the same request again, and the same
op pushed later from the outbox, are duplicates), and per-member limits and stock hold across tills.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from pos_app.base.assets import read_text
from sync.client import AuthRefused, Refused, SyncClient
from sync.protocol import PushOp, PushRequest, RedeemRequest
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, sale_op

ELENA = "2900000000049"  # 4,200 points; gold once ``make_gold`` pushed 2,100.00 EUR of spend
COSTS = {"coffee": 100, "5off": 250, "10pct": 400, "tote": 800, "spa": 5000}


def redeem_request(card: str, reward: str, *, version: int = 1, op_id: str | None = None,
                   voucher: str = "V1") -> RedeemRequest:
    now = datetime.now(UTC)
    entry = {"id": str(uuid.uuid4()), "kind": "redeem", "points": -COSTS.get(reward, 100),
             "created_at": now.isoformat(), "reason": f"reward {reward}"}
    payload = {"program_version": version, "local_time": now.replace(tzinfo=None).isoformat(),
               "member_card": card, "reward_id": reward, "voucher": voucher, "entries": [entry]}
    return RedeemRequest(id=op_id or str(uuid.uuid4()), member_card=card, payload=payload, created_at=now,
                         program_version=version)


def as_op(request: RedeemRequest, seq: int) -> PushOp:
    return PushOp(id=request.id, seq=seq, kind="redeem", member_card=request.member_card,
                  payload=request.payload, created_at=request.created_at,
                  program_version=request.program_version)


@pytest.fixture
def till(server: LiveServer) -> Iterator[SyncClient]:
    yield from _client(server, "till 1")


@pytest.fixture
def till2(server: LiveServer) -> Iterator[SyncClient]:
    yield from _client(server, "till 2")


def _client(server: LiveServer, name: str) -> Iterator[SyncClient]:
    with SyncClient(server.url) as anonymous:
        registered = anonymous.register(server.new_code(name=name)["code"])
    with SyncClient(server.url, registered.token) as c:
        c.terminal_id = registered.terminal_id  # type: ignore[attr-defined]
        yield c


def make_gold(client: SyncClient, seq: int = 1) -> None:
    """Push a 2,100.00 EUR sale of ELENA (2,100 points at bronze): gold from then on, 6,300 points."""
    op = sale_op(seq, points=2100, amount=210000)
    payload = {**op.payload, "member_card": ELENA}
    terminal_id: str = client.terminal_id  # type: ignore[attr-defined]
    sale = op.model_copy(update={"member_card": ELENA, "payload": payload})
    results = client.push(PushRequest(terminal_id=terminal_id, ops=[sale])).results
    assert results[0].status == "applied", results[0].reason


def refusal(client: SyncClient, request: RedeemRequest) -> Refused:
    with pytest.raises(Refused) as caught:
        client.redeem(request, timeout=10)
    assert caught.value.status == 409
    return caught.value


def test_needs_a_terminal_token(server: LiveServer) -> None:
    with SyncClient(server.url) as anonymous, pytest.raises(AuthRefused) as caught:
        anonymous.redeem(redeem_request(ELENA, "coffee"), timeout=10)
    assert caught.value.status == 401
    body = redeem_request(ELENA, "coffee").model_dump_json()
    answer = httpx.post(f"{server.url}/v1/redeem", content=body, timeout=10,
                        headers={"Authorization": "Bearer not-a-token", "Content-Type": "application/json"})
    assert answer.status_code == 401


def test_a_malformed_request_is_422(server: LiveServer, till: SyncClient) -> None:
    request = redeem_request(ELENA, "coffee")
    request.payload["program_version"] = "one"
    with pytest.raises(Refused) as caught:
        till.redeem(request, timeout=10)
    assert caught.value.status == 422


@pytest.mark.allow_log("tessera.server", "")
def test_confirmed_once_by_op_id_and_the_later_push_is_a_duplicate(server: LiveServer,
                                                                   till: SyncClient) -> None:
    make_gold(till)
    before = server.balance(ELENA)
    request = redeem_request(ELENA, "spa")  # 5,000 points: above the offline limit of 1,000, fine online
    first = till.redeem(request, timeout=10)
    assert first.answer.status == "applied" and not first.duplicate
    assert first.answer.balance == before - 5000 == server.balance(ELENA)
    again = till.redeem(request, timeout=10)
    assert again.duplicate and again.answer == first.answer
    terminal_id: str = till.terminal_id  # type: ignore[attr-defined]
    pushed = till.push(PushRequest(terminal_id=terminal_id, ops=[as_op(request, 2)]))
    assert [r.status for r in pushed.results] == ["duplicate"] and pushed.last_seq == 2
    assert server.balance(ELENA) == before - 5000
    after = till.redeem(request, timeout=10)  # once pushed, still the same answer
    assert after.duplicate and after.answer.balance == before - 5000
    server.ledger_check()


def test_refusals_carry_the_rule_code(server: LiveServer, till: SyncClient) -> None:
    assert refusal(till, redeem_request(ANA, "spa")).code == "reward_tier"
    not_enough = refusal(till, redeem_request(ANA, "tote"))  # 370 points, the tote costs 800
    assert not_enough.code == "reward_points" and not_enough.params["cost"] == 800
    assert refusal(till, redeem_request(ANA, "nothing")).code == "unknown_reward"
    assert refusal(till, redeem_request("2900000000063", "coffee")).code == "unknown_card"
    assert refusal(till, redeem_request(ANA, "coffee", version=9)).code == "rejected"


def test_per_member_limit_holds_across_tills(server: LiveServer, till: SyncClient, till2: SyncClient) -> None:
    till.redeem(redeem_request(ELENA, "tote"), timeout=10)
    refused = refusal(till2, redeem_request(ELENA, "tote", voucher="V2"))
    assert refused.code == "reward_limit" and refused.params["limit"] == 1


def test_an_op_id_of_another_terminal_is_forbidden(server: LiveServer, till: SyncClient,
                                                   till2: SyncClient) -> None:
    request = redeem_request(ELENA, "coffee")
    till.redeem(request, timeout=10)
    with pytest.raises(AuthRefused) as caught:
        till2.redeem(request, timeout=10)
    assert caught.value.status == 403


STOCKED = read_text("demo_program.toml").replace("version = 1", "version = 2", 1) + """
[[rewards]]
id = "mug"
name = "Tessera mug"
cost = 100
kind = "free_item"
stock = 1
"""


def test_stock_runs_out_chain_wide(server: LiveServer, till: SyncClient, till2: SyncClient) -> None:
    from sync.server import admin

    admin.load_program_text(server.db, STOCKED, datetime.now(UTC))
    till.redeem(redeem_request(ELENA, "mug", version=2), timeout=10)
    out = refusal(till2, redeem_request(ANA, "mug", version=2))
    assert out.code == "reward_stock"


@pytest.mark.allow_log("tessera.server", "limit_exceeded_offline")
def test_offline_redemptions_past_the_limit_are_applied_and_flagged(server: LiveServer, till: SyncClient,
                                                                    till2: SyncClient) -> None:
    from sync.server.models import Conflict

    before = server.balance(ELENA)
    first, second = redeem_request(ELENA, "tote", voucher="T1"), redeem_request(ELENA, "tote", voucher="T2")
    for client, request in ((till, first), (till2, second)):
        terminal_id: str = client.terminal_id  # type: ignore[attr-defined]
        results = client.push(PushRequest(terminal_id=terminal_id, ops=[as_op(request, 1)])).results
        assert results[0].status == "applied"
    assert server.balance(ELENA) == before - 1600  # both bags were handed over: both are applied
    with server.db.read() as session:
        flagged = list(session.scalars(select(Conflict).where(Conflict.kind == "limit_exceeded_offline")))
    assert len(flagged) == 1 and flagged[0].op_id == second.id
    assert "T2" in flagged[0].detail and "T1" in flagged[0].detail
