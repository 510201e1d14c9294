"""Program versions, dead letters, lookups, blocking and concurrent terminals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import update

from tests.sync.conftest import LiveServer, Node, assert_converged
from tests.sync.faultproxy import FaultProxy

ANA = "2900000000018"
MARCO = "2900000000025"
KIM = "2900000000032"


def _now() -> datetime:
    return datetime.now(UTC)


def test_new_program_version_reaches_terminals_and_old_ops_keep_their_rules(make_node: Callable[..., Node],
                                                                            server: LiveServer) -> None:
    from pos_app.base import assets
    from sync.server import admin

    node = make_node("t1")
    old = node.terminal.sale(ANA, 10000, receipt="V1")  # computed with version 1, not yet sent
    v2 = assets.read_text("demo_program.toml").replace("version = 1", "version = 2", 1) \
        .replace("points_per_unit = 1 ", "points_per_unit = 3 ", 1)
    assert admin.load_program_text(server.db, v2, _now())["stored"]

    result = node.sync()

    assert result.ok and result.applied == 1 and result.program_changed
    node.terminal.reload_program()
    assert node.terminal.program.version == 2
    new = node.terminal.sale(ANA, 10000, receipt="V2")
    assert new.points_earned == 3 * old.points_earned
    assert assert_converged(server, [node])[ANA] == 320 + old.points_earned + new.points_earned


@pytest.mark.allow_log("tessera.server", "differs from the server's")
@pytest.mark.allow_log("tessera.sync", "op 1 rejected by the server")
def test_rejected_op_is_a_dead_letter_and_stops_counting_locally(make_node: Callable[..., Node],
                                                                 server: LiveServer) -> None:
    from pos_app.cli import main as pos_main
    from pos_app.store.models import ProgramVersion

    node = make_node("t1")
    with node.terminal.db.transaction() as session:  # this terminal's rules drifted from the server's
        row = session.get(ProgramVersion, 1)
        row.source = row.source.replace("points_per_unit = 1 ", "points_per_unit = 5 ", 1)
    node.terminal.reload_program()
    node.terminal.sale(ANA, 10000, receipt="DRIFT")
    assert node.balance(ANA) == 320 + 500

    result = node.sync()

    assert result.ok and result.newly_rejected == 1 and result.rejected == 1 and result.pending == 0
    letters = node.agent.dead_letters()
    assert len(letters) == 1 and letters[0]["kind"] == "sale" and "differs" in letters[0]["reason"]
    assert node.terminal.status()["rejected_ops"] == 1
    assert pos_main(["--data-dir", str(node.data_dir), "sync", "--rejected", "--json"]) == 0
    assert assert_converged(server, [node])[ANA] == 320  # the server state wins after the pull


def test_unknown_card_is_looked_up_on_the_server(make_node: Callable[..., Node], server: LiveServer) -> None:
    from pos_app.core.errors import UnknownCard
    from sync.server import members

    node = make_node("t1")
    members.import_rows(server.db, members.parse_csv(
        "card,name,phone,email,opening_balance\n2900000000117,Late Comer,,,75\n"), "demo", _now())
    try:
        node.terminal.member("2900000000117")
        raise AssertionError("should not be cached yet")
    except UnknownCard:
        pass
    assert node.agent.lookup_card("2900000000117") is True
    assert node.terminal.member("2900000000117").balance == 75
    assert node.agent.lookup_card("2900000000124") is False
    node.terminal.sale("2900000000117", 2500, receipt="LATE")
    assert assert_converged(server, [node])["2900000000117"] == 100


def test_blocked_member_reaches_the_terminal(make_node: Callable[..., Node], server: LiveServer) -> None:
    from pos_app.core.errors import MemberBlocked
    from sync.server import members

    node = make_node("t1")
    members.block(server.db, KIM, True)
    assert node.sync().ok
    assert node.terminal.member(KIM).blocked
    try:
        node.terminal.sale(KIM, 1000, receipt="BLK")
        raise AssertionError("a blocked member must be refused")
    except MemberBlocked:
        pass


@pytest.mark.allow_log("tessera.server", "conflict recomputed")
def test_many_terminals_pushing_at_once_lose_no_update(make_node: Callable[..., Node],
                                                       server: LiveServer) -> None:
    """Issue 9: the server's tier comes from the chain-wide spend (each till sees only its own), so Ana's
    balance is the tills' proposals plus exactly what the server's recomputed conflicts record."""
    from sync.server import admin

    nodes = [make_node(f"t{i}") for i in range(4)]
    server.stop()
    for n, node in enumerate(nodes):
        for i in range(150):
            node.terminal.sale((ANA, MARCO, KIM)[i % 3], 1000 + i, receipt=f"C{n}-{i}")
        node.terminal.redeem(MARCO, "coffee")
    expected_gain = sum(node.balance(ANA) - 320 for node in nodes)
    server.start()
    results: list[object] = []
    threads = [threading.Thread(target=lambda nd=nd: results.append(nd.agent.push())) for nd in nodes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(results) == 4 and all(r.applied == 151 for r in results)  # type: ignore[attr-defined]
    balances = assert_converged(server, nodes)
    recomputed = sum(int(c["points"] or 0) for c in admin.conflicts(server.db)
                     if c["kind"] == "recomputed" and c["card"] and c["card"].endswith(ANA[-4:]))
    assert recomputed >= 0 and balances[ANA] == 320 + expected_gain + recomputed


@pytest.mark.allow_log("tessera.sync", "sync failed: server unreachable")
def test_answer_lost_then_pull_before_push_never_double_counts(make_node: Callable[..., Node],
                                                               server: LiveServer, proxy: FaultProxy) -> None:
    """An op the server applied whose answer was lost is settled by the pull's terminal_seq."""
    from pos_app.store.models import OutboxOp

    node = make_node("t1")
    node.terminal.sale(ANA, 5000, receipt="LOST")
    proxy.inject("drop_after")
    assert not node.sync().ok
    pulled, _ = node.agent.pull()  # the server state already holds the sale; the op is still pending
    assert pulled >= 1
    assert node.balance(ANA) == server.balance(ANA) == 370
    with node.terminal.db.reader() as session:
        assert session.query(OutboxOp).filter(OutboxOp.status == "pending").count() == 1
    result = node.sync()
    assert result.ok and result.duplicates == 1
    assert assert_converged(server, [node])[ANA] == 370


@pytest.mark.allow_log("tessera.server", "conflict negative_balance")
def test_refund_after_points_were_spent_elsewhere_goes_negative_visibly(make_node: Callable[..., Node],
                                                                        server: LiveServer) -> None:
    from sync.server import admin

    t1, t2 = make_node("t1"), make_node("t2")
    t1.terminal.sale(KIM, 30000, receipt="BIG")  # Kim: 80 + 300
    assert t1.sync().ok and t2.sync().ok
    t2.terminal.redeem(KIM, "5off")
    t2.terminal.redeem(KIM, "coffee")  # 380 - 350 = 30 left
    assert t2.sync().ok
    t1.terminal.refund("BIG")  # takes back 300: the member owes 270
    balances = assert_converged(server, [t1, t2])
    assert balances[KIM] == 80 + 300 - 350 - 300
    assert any(c["kind"] == "negative_balance" for c in admin.conflicts(server.db))
    with t1.terminal.db.reader() as session:
        from pos_app.store.models import Member

        assert session.query(Member).filter(Member.card == KIM).one().balance == -270
    with t1.terminal.db.transaction() as session:  # the cached balance is rebuildable from the ledger
        from pos_app.store.models import Member

        session.execute(update(Member).values(balance=0))
    t1.terminal.rebuild_balances()
    with t1.terminal.db.reader() as session:
        from pos_app.store.models import Member

        assert session.query(Member).filter(Member.card == KIM).one().balance == -270
        assert session.query(Member).filter(Member.card == ANA).one().balance == balances[ANA]
