"""Manager acts name a manager the server knows (issue 9, item 1): staff ops against the real /v1 API.

A terminal announces its cashiers with ``staff`` ops; an adjust or a void is refused unless its approving
manager is an active manager the server knows in the terminal's store, by the ops applied before it.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, select

from sync.client import SyncClient
from sync.protocol import PushOp
from tests.sync.conftest import LiveServer
from tests.sync.server.conftest import ANA, WEDNESDAY, WEDNESDAY_AT, push, staff_op

pytestmark = pytest.mark.allow_log("tessera.server", "rejected")


def adjust_op(seq: int, manager: str | None, points: int = 25) -> PushOp:
    entry = {"id": f"01900000-0000-7000-8000-{seq:012d}", "kind": "adjust", "points": points,
             "reason": "goodwill", "created_at": WEDNESDAY_AT.isoformat(), "cashier_id": manager}
    payload = {"program_version": 1, "local_time": WEDNESDAY, "member_card": ANA, "entries": [entry]}
    return PushOp(id=f"01900000-0000-7000-9000-{seq:012d}", seq=seq, kind="adjust", member_card=ANA,
                  payload=payload, created_at=WEDNESDAY_AT, program_version=1)


def staff_rows(server: LiveServer) -> list[dict[str, Any]]:
    from sync.server.models import StaffMember

    with server.db.read() as session:
        return [{"terminal": r.terminal_id, "id": r.cashier_id, "role": r.role, "active": r.active,
                 "bootstrap": r.bootstrap, "approved_by": r.approved_by}
                for r in session.scalars(select(StaffMember).order_by(StaffMember.cashier_id))]


def elsewhere(op: PushOp, n: int) -> PushOp:
    """``op`` as another terminal's: op ids are unique across terminals."""
    return op.model_copy(update={"id": op.id[:-4] + f"{n:04d}"})


def registered(server: LiveServer, store: str = "demo") -> SyncClient:
    with SyncClient(server.url) as anonymous:
        answer = anonymous.register(server.new_code(store)["code"])
    client = SyncClient(server.url, answer.token)
    client.terminal_id = answer.terminal_id  # type: ignore[attr-defined]
    return client


def test_an_adjust_naming_a_manager_the_server_does_not_know_is_refused(client: SyncClient,
                                                                       server: LiveServer) -> None:
    refused = push(client, adjust_op(1, "any-string"))[0]
    assert refused.status == "rejected"
    assert "approving manager 'any-string'" in (refused.reason or "")
    assert "not an active manager known to the server" in (refused.reason or "")
    unnamed = push(client, adjust_op(2, None))[0]
    assert unnamed.status == "rejected" and "names no approving manager" in (unnamed.reason or "")
    assert server.balance(ANA) == 320


def test_a_staff_op_earlier_in_the_same_push_counts(client: SyncClient, server: LiveServer) -> None:
    results = push(client, adjust_op(1, "boss"), staff_op(2), adjust_op(3, "boss"))
    assert [r.status for r in results] == ["rejected", "applied", "applied"]
    assert server.balance(ANA) == 345
    assert staff_rows(server) == [{"terminal": client.terminal_id,  # type: ignore[attr-defined]
                                   "id": "boss", "role": "manager", "active": True, "bootstrap": True,
                                   "approved_by": None}]


def test_only_the_first_manager_of_a_terminal_needs_no_approval(client: SyncClient,
                                                                server: LiveServer) -> None:
    first, second = push(client, staff_op(1, "boss"), staff_op(2, "eve"))
    assert first.status == "applied"
    assert second.status == "rejected" and "only this terminal's first manager" in (second.reason or "")
    forged = push(client, staff_op(3, "eve", approved_by="mallory"))[0]
    assert forged.status == "rejected" and "approving manager 'mallory'" in (forged.reason or "")
    approved = push(client, staff_op(4, "eve", approved_by="boss"))[0]
    assert approved.status == "applied"
    assert push(client, adjust_op(5, "eve"))[0].status == "applied"
    # Demoting a manager changes a manager: it needs an approval too.
    demoted = push(client, staff_op(6, "eve", role="cashier"))[0]
    assert demoted.status == "rejected" and "names no approving manager" in (demoted.reason or "")


def test_a_cashier_needs_no_approval_and_approves_nothing(client: SyncClient, server: LiveServer) -> None:
    assert push(client, staff_op(1, "maria", role="cashier"))[0].status == "applied"
    refused = push(client, adjust_op(2, "maria"))[0]
    assert refused.status == "rejected" and "not an active manager" in (refused.reason or "")
    assert server.balance(ANA) == 320


def test_a_disabled_manager_approves_nothing_from_then_on(client: SyncClient, server: LiveServer) -> None:
    results = push(client, staff_op(1, "boss"), staff_op(2, "eve", approved_by="boss"), adjust_op(3, "eve"),
                   staff_op(4, "eve", active=False, approved_by="boss"), adjust_op(5, "eve"))
    assert [r.status for r in results] == ["applied", "applied", "applied", "applied", "rejected"]
    assert server.balance(ANA) == 345
    assert push(client, staff_op(6, "eve", approved_by="boss"))[0].status == "applied"  # a PIN reset
    assert push(client, adjust_op(7, "eve"))[0].status == "applied"


def test_a_manager_counts_in_its_own_store_only(client: SyncClient, server: LiveServer) -> None:
    other = registered(server, "north")
    try:
        assert push(other, elsewhere(staff_op(1, "boss"), 1))[0].status == "applied"
    finally:
        other.close()
    refused = push(client, adjust_op(1, "boss"))[0]
    assert refused.status == "rejected" and "for this store" in (refused.reason or "")
    # Another terminal of the same store: its manager approves this one's ops (same store, known).
    till = registered(server)
    try:
        mine = push(till, elsewhere(staff_op(1, "boss"), 2))[0]
        assert mine.status == "applied", mine.reason
    finally:
        till.close()
    assert push(client, adjust_op(2, "boss"))[0].status == "applied"


@pytest.mark.parametrize(("staff", "reason"), [
    (None, "carries the cashier"),
    ({"id": "boss", "name": "Boss", "role": "owner", "active": True}, "unknown cashier role 'owner'"),
    ({"id": "", "name": "Boss", "role": "manager", "active": True}, "malformed op payload"),
])
def test_a_malformed_staff_op_is_refused_with_a_reason(staff: dict[str, Any] | None, reason: str,
                                                       client: SyncClient, server: LiveServer) -> None:
    op = staff_op(1)
    op.payload["staff"] = staff
    result = push(client, op)[0]
    assert result.status == "rejected" and reason in (result.reason or "")
    assert staff_rows(server) == []


def test_the_server_keeps_no_pin_of_a_cashier(server: LiveServer) -> None:
    from sync.server.models import StaffMember

    with server.db.read() as session:
        columns = {c["name"] for c in inspect(session.connection()).get_columns(StaffMember.__tablename__)}
    assert columns == {"store_id", "terminal_id", "cashier_id", "name", "role", "active", "bootstrap",
                       "approved_by", "op_id", "updated_at"}
