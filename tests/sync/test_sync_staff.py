"""Manager acts name a manager the server knows (issue 9, item 1), terminals against the real server.

Every cashier change queues a ``staff`` op (never the PIN); ops queued before registration are pushed
after it, so a terminal whose first manager was added at init syncs as before. An adjust or a void whose
manager the server does not know is a dead letter naming that manager.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.sync.conftest import LiveServer, Node, assert_converged

ANA = "2900000000018"


def staff_payloads(node_dir: Path) -> list[dict[str, object]]:
    from pos_app.store.db import Database
    from pos_app.store.models import OutboxOp

    db = Database(node_dir / "terminal.db")
    try:
        with db.reader() as session:
            return [json.loads(p) for p in session.scalars(
                select(OutboxOp.payload).where(OutboxOp.kind == "staff").order_by(OutboxOp.seq))]
    finally:
        db.close()


def server_staff(server: LiveServer) -> dict[str, tuple[str, bool, bool]]:
    from sync.server.models import StaffMember

    with server.db.read() as session:
        return {r.cashier_id: (r.role, r.active, r.bootstrap) for r in session.scalars(select(StaffMember))}


def test_a_manager_added_before_registration_approves_adjusts_after_it(
        server: LiveServer, tmp_path: Path) -> None:
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import Terminal, initialize

    data = tmp_path / "till"
    initialize(data)
    till = Terminal(data)
    agent = SyncAgent(data)
    try:
        till.add_cashier("boss", "Boss", "2580", "manager")  # the bootstrap manager: nobody approved it
        till.add_cashier("maria", "Maria", "2468", manager="boss")
        till.disable_cashier("maria", manager="boss")
        till.add_cashier("dan", "Dan", "1357", manager="boss")
        till.reset_pin("dan", "1470", manager="boss")
        agent.register(server.url, server.new_code(name="till")["code"])
        result = agent.sync_once()
        assert result.ok and result.rejected == 0 and result.pending == 0
        assert server_staff(server) == {"boss": ("manager", True, True), "maria": ("cashier", False, False),
                                        "dan": ("cashier", True, False)}
        till.adjust(ANA, 40, "goodwill", "boss")
        result = agent.sync_once()
        assert result.ok and result.rejected == 0
        assert server.balance(ANA) == 360 == till.member(ANA).balance
    finally:
        agent.close()
        till.close()
    payloads = staff_payloads(data)
    assert [p["staff"] for p in payloads] == [
        {"id": "boss", "name": "Boss", "role": "manager", "active": True},
        {"id": "maria", "name": "Maria", "role": "cashier", "active": True},
        {"id": "maria", "name": "Maria", "role": "cashier", "active": False},
        {"id": "dan", "name": "Dan", "role": "cashier", "active": True},
        {"id": "dan", "name": "Dan", "role": "cashier", "active": True}]
    assert [p["approved_by"] for p in payloads] == [None, "boss", "boss", "boss", "boss"]
    text = json.dumps(payloads)
    assert not any(pin in text for pin in ("2580", "2468", "1357", "1470")) and "pin" not in text.lower()


@pytest.mark.allow_log("tessera.server", "rejected")
@pytest.mark.allow_log("tessera.sync", "rejected")
def test_an_adjust_approved_by_an_unknown_manager_is_a_dead_letter(make_node: Callable[..., Node],
                                                                   server: LiveServer) -> None:
    one = make_node("one")
    before = server.balance(ANA)
    one.terminal.adjust(ANA, 500, "forged", "any-string")  # what `member adjust --manager any-string` did
    result = one.sync()
    assert result.ok and result.newly_rejected == 1
    [dead] = one.agent.dead_letters()
    assert dead["kind"] == "adjust" and "approving manager 'any-string'" in dead["reason"]
    assert server.balance(ANA) == before == one.balance(ANA)  # the refused adjust is undone here on pull


@pytest.mark.allow_log("tessera.server", "rejected")
@pytest.mark.allow_log("tessera.sync", "rejected")
def test_a_void_needs_a_manager_the_server_knows(make_node: Callable[..., Node], server: LiveServer) -> None:
    one = make_node("one")
    one.terminal.add_cashier("boss", "Boss", "2580", "manager")
    first = one.terminal.redeem(ANA, "coffee").voucher
    second = one.terminal.redeem(ANA, "coffee").voucher
    assert one.sync().ok
    before = server.balance(ANA)
    one.terminal.void_voucher(first, "boss")
    one.terminal.void_voucher(second, "someone")
    result = one.sync()
    assert result.ok and result.newly_rejected == 1
    [dead] = one.agent.dead_letters()
    assert dead["kind"] == "void" and "approving manager 'someone'" in dead["reason"]
    assert server.balance(ANA) == before + 100
    assert_converged(server, [one])


def test_a_terminal_whose_cashiers_predate_staff_ops_announces_them_once(make_node: Callable[..., Node],
                                                                         server: LiveServer) -> None:
    from pos_app.core import pins
    from pos_app.store import queries

    one = make_node("one")
    with one.terminal.db.transaction() as session:  # as an older version left them: no staff op queued
        for cashier_id, role, pin in (("ana", "cashier", "1357"), ("boss", "manager", "2580"),
                                      ("zed", "manager", "3691")):
            queries.upsert_cashier(session, cashier_id, cashier_id.title(),
                                   pins.hash_pin(pin, secrets.token_bytes(16)), role)
    assert one.sync().ok
    assert server_staff(server) == {"ana": ("cashier", True, False), "boss": ("manager", True, True),
                                    "zed": ("manager", True, False)}
    assert [p["approved_by"] for p in staff_payloads(one.data_dir)] == [None, "boss", "boss"]
    one.terminal.adjust(ANA, 10, "goodwill", "zed")
    result = one.sync()
    assert result.ok and result.rejected == 0
    assert len(staff_payloads(one.data_dir)) == 3  # announced once
    assert_converged(server, [one])
