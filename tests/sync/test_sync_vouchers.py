"""Vouchers across tills with the real server: used once chain-wide, flagged when used twice offline,
voided with the points back on every end. The commands run as `tessera-pos` subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from sync.server.models import Conflict, Voucher
from tests.sync.conftest import LiveServer, Node, assert_converged

ANA = "2900000000018"


def run_cli(node: Node, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TESSERA_DATA_DIR": str(node.data_dir)}
    return subprocess.run([sys.executable, "-m", "pos_app", *args, "--json"], capture_output=True, text=True,
                          env=env, timeout=120, stdin=subprocess.DEVNULL)


def ok(done: subprocess.CompletedProcess[str]) -> Any:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def refused(done: subprocess.CompletedProcess[str], code: str) -> None:
    assert done.returncode == 1 and done.stdout == "", (done.returncode, done.stdout, done.stderr)
    assert json.loads(done.stderr)["code"] == code, done.stderr


def server_voucher(server: LiveServer, code: str) -> Voucher:
    with server.db.read() as session:
        found = session.get(Voucher, code)
        assert found is not None
        session.expunge(found)
        return found


def patient(node: Node) -> Node:
    """The online answer is what this test checks: a busy machine must not turn it into the offline rule."""
    import dataclasses

    from pos_app.config import Options

    dataclasses.replace(Options.load(node.data_dir), online_wait_ms=20_000).save(node.data_dir)
    return node


def test_a_voucher_of_till_1_is_used_on_till_2_online_and_then_refused_everywhere(
        make_node: Callable[..., Node], server: LiveServer) -> None:
    one, two = patient(make_node("one")), patient(make_node("two"))
    code = one.terminal.redeem(ANA, "coffee").voucher
    assert one.sync().ok
    assert server_voucher(server, code).state == "issued"

    check = ok(run_cli(two, "voucher", "check", code))  # till 2 never pulled it: asked of the server
    assert (check["code"], check["reward"], check["state"], check["cost"]) == (code, "coffee", "issued", 100)
    used = ok(run_cli(two, "voucher", "use", code))
    assert used["state"] == "used"
    stored = server_voucher(server, code)
    assert (stored.state, stored.used_by) == ("used", two.terminal.terminal_id)
    assert two.terminal.status()["pending_ops"] == 0  # confirmed by the server: nothing to send later

    refused(run_cli(one, "voucher", "use", code), "voucher_used")  # the server says so, online
    assert one.sync().ok and two.sync().ok
    assert one.terminal.voucher(code).state == two.terminal.voucher(code).state == "used"
    assert_converged(server, [one, two])


@pytest.mark.allow_log("tessera.server", "voucher_reused")
@pytest.mark.allow_log("tessera.sync", "")
def test_a_voucher_used_on_two_tills_while_offline_is_flagged_at_sync(
        make_node: Callable[..., Node], server: LiveServer) -> None:
    one, two = make_node("one"), make_node("two")
    code = one.terminal.redeem(ANA, "coffee").voucher
    assert one.sync().ok and two.sync().ok  # till 2 pulled the voucher: it can check it offline
    assert two.terminal.voucher(code).state == "issued"

    server.stop()
    try:
        first, second = run_cli(one, "voucher", "use", code), run_cli(two, "voucher", "use", code)
    finally:
        server.start()
    assert ok(first)["state"] == ok(second)["state"] == "used"  # each till could only ask itself
    assert one.sync().ok
    result = two.sync()
    assert result.ok and result.rejected == 0
    with server.db.read() as session:
        conflicts = list(session.scalars(select(Conflict).where(Conflict.kind == "voucher_reused")))
    assert len(conflicts) == 1 and conflicts[0].terminal_id == two.terminal.terminal_id
    assert code in conflicts[0].detail and one.terminal.terminal_id in conflicts[0].detail
    stored = server_voucher(server, code)
    assert (stored.state, stored.used_by) == ("used", one.terminal.terminal_id)
    assert_converged(server, [one, two])


def test_void_on_another_till_returns_the_points_on_both_ends_and_on_the_server(
        make_node: Callable[..., Node], server: LiveServer) -> None:
    one, two = make_node("one"), make_node("two")
    before = server.balance(ANA)
    code = one.terminal.redeem(ANA, "coffee").voucher
    assert one.sync().ok and two.sync().ok
    assert server.balance(ANA) == two.balance(ANA) == before - 100
    two.terminal.add_cashier("boss", "Boss", "4321", "manager")

    refused(run_cli(two, "voucher", "void", code, "--manager-pin", "1234"), "wrong_pin")
    voided = ok(run_cli(two, "voucher", "void", code, "--manager-pin", "4321"))
    assert (voided["points_returned"], voided["balance"]) == (100, before) and two.balance(ANA) == before
    result = two.sync()
    assert result.ok and result.rejected == 0
    assert server.balance(ANA) == before
    stored = server_voucher(server, code)
    assert stored.state == "void" and stored.void_entry_id == voided["entry_id"]
    assert one.sync().ok
    assert one.balance(ANA) == before
    assert one.terminal.voucher(code).state == two.terminal.voucher(code).state == "void"
    refused(run_cli(one, "voucher", "use", code), "voucher_void")
    assert one.terminal.rewards_for(ANA)  # the returned points are spendable at once
    assert one.terminal.member(ANA).spendable >= 100
    assert_converged(server, [one, two])


@pytest.mark.allow_log("tessera.server", "rejected")
@pytest.mark.allow_log("tessera.sync", "rejected")
def test_a_forged_void_returning_more_than_the_voucher_cost_is_refused(make_node: Callable[..., Node],
                                                                       server: LiveServer) -> None:
    from pos_app.store.models import OutboxOp

    one = make_node("one")
    code = one.terminal.redeem(ANA, "coffee").voucher
    assert one.sync().ok
    before = server.balance(ANA)
    one.terminal.void_voucher(code, "someone")
    with one.terminal.db.transaction() as session:
        [op] = session.scalars(select(OutboxOp).where(OutboxOp.kind == "void")).all()
        payload = json.loads(op.payload)
        payload["entries"][0]["points"] = 10_000
        op.payload = json.dumps(payload)
    result = one.sync()
    assert result.ok and result.newly_rejected == 1
    assert server.balance(ANA) == before
    assert server_voucher(server, code).state == "issued"
    assert one.terminal.voucher(code).state == "issued"  # the refused void is undone here on pull
    assert one.balance(ANA) == before
