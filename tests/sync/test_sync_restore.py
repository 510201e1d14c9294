"""A till restored from a backup catches up with the server: nothing doubled or refused, no seq reused."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from tests.sync.conftest import TIMEOUT, LiveServer, Node, assert_converged

ANA, MARCO = "2900000000018", "2900000000025"


def _reopen(node: Node) -> Node:
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import Terminal

    return Node(node.name, node.data_dir, Terminal(node.data_dir), SyncAgent(node.data_dir, timeout=TIMEOUT))


def _conflicts(server: LiveServer, kind: str) -> int:
    from sync.server.models import Conflict

    with server.db.read() as session:
        query = select(func.count()).select_from(Conflict).where(Conflict.kind == kind)
        return int(session.scalar(query) or 0)


def test_a_restored_till_resumes_its_sequence_after_the_server(make_node: Callable[..., Node],
                                                               server: LiveServer) -> None:
    from pos_app.store.restore import check_backup, make_backup, restore

    node = make_node("t1")
    node.terminal.sale(ANA, 1000, receipt="BEFORE-1")
    assert node.sync().ok
    node.terminal.sale(ANA, 2000, receipt="PENDING-AT-BACKUP")  # in the backup as pending, pushed later
    backup = make_backup(node.data_dir / "terminal.db")
    node.terminal.sale(MARCO, 3000, receipt="AFTER-1")
    node.terminal.sale(MARCO, 1500, receipt="AFTER-2")
    assert node.sync().ok and node.sync().pending == 0
    server_before = {card: server.balance(card) for card in (ANA, MARCO)}
    node.close()
    (node.data_dir / "terminal.db").write_bytes(b"")  # the disk lost the database

    replaced = restore(node.data_dir / "terminal.db", check_backup(backup))
    assert replaced is not None and (replaced / "terminal.db").exists()
    node = _reopen(node)
    assert node.terminal.status()["pending_ops"] == 1  # the op pending when the backup was taken
    first = node.sync()
    assert first.ok and first.rejected == 0 and first.pending == 0, first
    assert {card: server.balance(card) for card in (ANA, MARCO)} == server_before  # nothing doubled
    assert node.balance(MARCO) == server_before[MARCO]  # AFTER-1 and AFTER-2 came back from the server
    sale = node.terminal.sale(MARCO, 1000, receipt="AFTER-RESTORE")
    second = node.sync()
    assert second.ok and second.rejected == 0 and second.applied == 1, second
    assert server.balance(MARCO) == server_before[MARCO] + sale.points_earned
    assert _conflicts(server, "seq_reused") == 0
    assert_converged(server, [node])
    node.close()
