"""A conflict resolved from the console by voiding its voucher: two offline tills both handed out the
one tote bag a member may take; HQ voids the second voucher, the points go back, and both tills learn
it at their next pull."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from pos_app.core.errors import Code, DomainError
from sync.server import corrections
from sync.server.console import users
from sync.server.models import Conflict, HqAudit, Voucher
from tests.sync.conftest import LiveServer, Node, assert_converged
from tests.sync.faultproxy import FaultProxy
from tests.sync.server.console.test_console_users import PASSWORD, cookie_of, csrf_of, sign_in

ELENA = "2900000000049"  # 4,200 points on the server
pytestmark = [pytest.mark.allow_log("tessera.server", "limit_exceeded_offline"),
              pytest.mark.allow_log("tessera.sync", "terminal clock is")]


def two_bags(make_node: Callable[..., Node], server: LiveServer, proxy: FaultProxy) -> tuple[Node, Node, str]:
    """Both tills redeem the tote bag offline; returns them and the second voucher, the one flagged."""
    till1, till2 = make_node("t1"), make_node("t2")
    assert till1.sync().ok and till2.sync().ok
    proxy.inject("drop_before", "/v1/redeem", times=2)  # neither till reaches the server
    till1.terminal.redeem(ELENA, "tote", confirm=till1.agent.redeem_online)
    second = till2.terminal.redeem(ELENA, "tote", confirm=till2.agent.redeem_online)
    assert assert_converged(server, [till1, till2])[ELENA] == 4200 - 1600
    assert second.voucher
    return till1, till2, second.voucher


def test_hq_voids_the_voucher_of_a_limit_passed_offline(make_node: Callable[..., Node], server: LiveServer,
                                                        proxy: FaultProxy) -> None:
    till1, till2, voucher = two_bags(make_node, server, proxy)
    users.add_user(server.db, "hq-anna", users.HQ, None, PASSWORD, datetime.now(UTC))
    with httpx.Client(base_url=server.url, timeout=10) as web:
        headers = cookie_of(sign_in(web, "hq-anna"))
        page = web.get("/hq/conflicts", headers=headers)
        assert f"Void voucher {voucher} (its points go back)" in page.text
        with server.db.read() as session:
            conflict = session.scalars(select(Conflict.id)
                                       .where(Conflict.kind == "limit_exceeded_offline")).one()
        form = {"conflict": conflict, "csrf": csrf_of(page), "do": "void"}
        done = web.post("/hq/conflicts/act", data=form, headers=headers)
        assert done.status_code == 303
        again = web.post("/hq/conflicts/act", data=form, headers=headers)
        assert again.status_code == 404  # reviewed, and its voucher void: nothing left to do
    with server.db.read() as session:
        assert session.get(Voucher, voucher).state == "void"  # type: ignore[union-attr]
        row = session.get(Conflict, conflict)
        assert row is not None and row.acknowledged_by == "hq-anna" and voucher in (row.note or "")
        [audited] = session.scalars(select(HqAudit).where(HqAudit.action == "voucher.void"))
        assert json.loads(audited.detail)["voucher"] == voucher and audited.user_name == "hq-anna"
    assert server.balance(ELENA) == 4200 - 800  # the second bag's points back
    assert assert_converged(server, [till1, till2])[ELENA] == 4200 - 800
    assert till1.terminal.voucher(voucher).state == till2.terminal.voucher(voucher).state == "void"


def test_a_used_voucher_cannot_be_voided_and_a_store_manager_only_voids_their_own(
        make_node: Callable[..., Node], server: LiveServer, proxy: FaultProxy) -> None:
    till1, till2, voucher = two_bags(make_node, server, proxy)
    now = datetime.now(UTC)
    with pytest.raises(DomainError) as outside:
        corrections.void_voucher(server.db, voucher, "north-boss", now, store_scope="north")
    assert outside.value.code is Code.UNKNOWN_VOUCHER
    assert till1.agent.use_voucher(voucher)  # handed over at a till: used on the server
    with pytest.raises(DomainError) as used:
        corrections.void_voucher(server.db, voucher, "hq-anna", now)
    assert used.value.code is Code.VOUCHER_USED
    assert assert_converged(server, [till1, till2])[ELENA] == 4200 - 1600  # nothing given back
