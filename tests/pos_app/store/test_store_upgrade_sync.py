"""A till still on the very first schema (0001) is upgraded by today's code and syncs to a real server:
nothing lost, nothing doubled.

The 0001 database is made the way one was: Alembic upgraded to revision 0001 only, then rows of that
schema written with plain SQL (the columns 0001 has, nothing later): members, ledger entries, sales,
unsynced outbox ops, two dead letters the server had rejected, cashiers with their PINs and the PIN pad's
count of wrong PINs. The rows' content (op payloads, ledger entries) comes from today's use cases on a
scratch data dir, so the server can apply them; only the columns of 0001 are copied.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select

from pos_app.core import pins
from pos_app.store.db import alembic_config, current_revision, head_revision, make_engine
from tests.sync.conftest import TIMEOUT, LiveServer, demo_server

MANAGER_PIN, CASHIER_PIN = "4821", "1357"
DEAD = ("01900000-0000-7000-8000-0000000000d1", "01900000-0000-7000-8000-0000000000d2")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[LiveServer]:
    """The real server (FastAPI under uvicorn on 127.0.0.1) on the demo data, SQLite backend."""
    yield from demo_server(LiveServer, f"sqlite:///{tmp_path / 'server.db'}", tmp_path)


def table_columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA {schema}.table_info({table})")]


def history_of_today(scratch: Path) -> dict[str, int]:
    """Enrolments and sales by today's code on an unregistered till; card -> its local balance."""
    from pos_app.terminal import Terminal, initialize

    initialize(scratch)
    terminal = Terminal(scratch)
    try:
        first = terminal.enroll("Old Member", phone="+40722000111").card
        second = terminal.enroll("Older Member", email="older@example.com").card
        terminal.sale(first, 12_50, "OLD-1")
        terminal.sale(first, 40_00, "OLD-2")
        terminal.sale(second, 9_99, "OLD-3")
        return {card: terminal.member(card).balance for card in (first, second)}
    finally:
        terminal.close()


def make_0001_database(data: Path, scratch: Path) -> None:
    """terminal.db at revision 0001 holding the scratch till's rows (0001's columns only), its outbox
    behind two dead letters, and two cashiers, one wrong PIN already counted."""
    data.mkdir(mode=0o700)
    path = data / "terminal.db"
    engine = make_engine(path)
    try:
        command.upgrade(alembic_config(engine), "0001")
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)  # plain SQL from here on, foreign keys off as on any plain connection
    try:
        conn.execute("ATTACH DATABASE ? AS src", (str(scratch / "terminal.db"),))
        tables = [t for (t,) in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND "
                                             "name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        with conn:
            for table in tables:
                old = table_columns(conn, "main", table)
                cols = ", ".join(c for c in old if c in table_columns(conn, "src", table))
                seq = cols.replace("seq", "seq + 2") if table == "outbox" else cols  # dead letters first
                conn.execute(f"INSERT INTO main.{table} ({cols}) SELECT {seq} FROM src.{table}")
            member = conn.execute("SELECT id FROM members ORDER BY card LIMIT 1").fetchone()[0]
            for n, op_id in enumerate(DEAD, 1):
                answer = json.dumps({"op_id": op_id, "status": "rejected", "reason": "unknown reward"})
                conn.execute(
                    "INSERT INTO outbox (seq, op_id, kind, member_id, payload, created_at, status, result,"
                    " acked_at, attempts) VALUES (?, ?, 'redeem', ?, '{}', '2025-03-01 09:00:00.000000',"
                    " 'rejected', ?, '2025-03-01 09:05:00.000000', 1)", (n, op_id, member, answer))
            for cashier_id, name, role, pin in (("mara", "Mara", "manager", MANAGER_PIN),
                                                ("carl", "Carl", "cashier", CASHIER_PIN)):
                conn.execute("INSERT INTO cashiers (id, name, role, pin_hash, failed_attempts, active)"
                             " VALUES (?, ?, ?, ?, 0, 1)",
                             (cashier_id, name, role, pins.hash_pin(pin, b"s" * 16)))
            conn.execute("INSERT INTO sync_state (key, value) VALUES ('pin_lock', ?)",
                         (json.dumps({"failures": 1, "locked_until": None, "series": 0}),))
        conn.execute("DETACH DATABASE src")
    finally:
        conn.close()


def outbox(path: Path) -> list[tuple[int, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT seq, op_id, status FROM outbox ORDER BY seq").fetchall()
    finally:
        conn.close()


def server_ops(server: LiveServer, terminal_id: str) -> list[tuple[str, str, str]]:
    from sync.server.models import Op

    with server.db.read() as session:
        return [(r.op_id, r.kind, r.status) for r in session.scalars(
            select(Op).where(Op.terminal_id == terminal_id).order_by(Op.seq))]


def test_a_0001_till_upgrades_and_syncs_without_losing_or_doubling(tmp_path: Path,
                                                                   server: LiveServer) -> None:
    from pos_app.store import identity
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import Terminal

    balances = history_of_today(tmp_path / "scratch")
    data = tmp_path / "old"
    make_0001_database(data, tmp_path / "scratch")
    path = data / "terminal.db"
    engine = make_engine(path)
    try:
        assert current_revision(engine) == "0001"
    finally:
        engine.dispose()
    before = outbox(path)
    pending = [op_id for _seq, op_id, status in before if status == "pending"]
    assert len(pending) == 5 and [op_id for _s, op_id, st in before if st == "rejected"] == list(DEAD)

    terminal = Terminal(data)  # today's code: backs up, migrates to head
    agent = SyncAgent(data, timeout=TIMEOUT)
    try:
        engine = make_engine(path)
        try:
            assert current_revision(engine) == head_revision()
        finally:
            engine.dispose()
        [saved] = sorted((data / "backups").glob("terminal-*-before-*.db"))
        assert saved.name.endswith(f"-before-{head_revision()}.db") and outbox(saved) == before
        assert outbox(path) == before  # every op kept, in order, with its state
        assert terminal.status()["pending_ops"] == 5
        assert [d["op_id"] for d in terminal.dead_letters()] == list(DEAD)
        assert {card: terminal.member(card).balance for card in balances} == balances
        with terminal.db.reader() as session:  # the PIN pad still counts the wrong PIN typed before
            assert identity.pin_lock(session).failures == 1
        assert terminal.sign_in(MANAGER_PIN).id == "mara"  # the cashiers and their PINs came through
        assert terminal.sign_in(CASHIER_PIN).role == "cashier"

        registered = agent.register(server.url, server.new_code("demo", "old-till")["code"])
        first = agent.sync_once()
        assert first.ok and first.pending == 0 and first.rejected == 2, first
        second = agent.sync_once()
        assert second.ok and second.pushed == 0 and second.pending == 0, second

        on_server = server_ops(server, registered["terminal_id"])
        ids = [op_id for op_id, _kind, _status in on_server]
        assert len(ids) == len(set(ids))  # each op once
        # exactly those ops, in their order (plus the cashiers announced at registration)
        assert [op_id for op_id, kind, _s in on_server if kind != "staff"] == pending
        assert all(status == "applied" for _id, _kind, status in on_server), on_server
        assert [kind for _id, kind, _s in on_server if _id not in pending] == ["staff", "staff"]
        assert not set(DEAD) & set(ids)  # dead letters are never sent again
        checked = server.ledger_check()
        for card, balance in balances.items():
            assert server.balance(card) == balance == checked[card]
            assert terminal.member(card).balance == balance
        assert [d["op_id"] for d in terminal.dead_letters()] == list(DEAD)  # still listed for the manager
        assert terminal.sign_in(MANAGER_PIN).name == "Mara"
    finally:
        agent.close()
        terminal.close()
