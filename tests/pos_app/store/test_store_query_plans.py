"""No cashier-facing use case scans a table: every statement it runs is an indexed search.

A scan is invisible on the demo data and costs hundreds of milliseconds on a store's year of
sales (``LIKE`` on the receipt key did exactly that), so the plans are checked, not timings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from pos_app.terminal import Terminal

ANA, MARCO = "2900000000018", "2900000000025"


@contextmanager
def captured_statements(terminal: Terminal) -> Iterator[list[tuple[str, Any]]]:
    """Every statement SQLite runs on the terminal's connections, ORM or plain SQL (the sale's hot path
    uses the DBAPI connection directly, which SQLAlchemy's cursor events do not see): sqlite3's trace
    callback, installed while a connection is checked out of either pool and on this thread's kept
    connections (``Database.raw_writer``, ``Database.raw_reader``), with its
    parameters expanded."""
    statements: list[tuple[str, Any]] = []

    def trace(statement: str) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "INSERT")):
            statements.append((statement, ()))

    def checkout(dbapi_conn: sqlite3.Connection, _record: Any, _proxy: Any) -> None:
        dbapi_conn.set_trace_callback(trace)

    def checkin(dbapi_conn: sqlite3.Connection | None, _record: Any) -> None:
        if dbapi_conn is not None:
            dbapi_conn.set_trace_callback(None)

    engines = (terminal.db.engine, terminal.db.read_engine)
    for engine in engines:
        event.listen(engine, "checkout", checkout)
        event.listen(engine, "checkin", checkin)
    # and this thread's kept connections, out of the pools: the sale's writer and the scan's reader
    with terminal.db.raw_reader() as reader:
        kept = (terminal.db.raw_writer(), reader)
    for conn in kept:
        conn.set_trace_callback(trace)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "checkout", checkout)
            event.remove(engine, "checkin", checkin)
        for conn in kept:
            conn.set_trace_callback(None)


def scans(terminal: Terminal, statements: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    conn = sqlite3.connect(terminal.db.path)
    try:
        found = []
        for statement, parameters in statements:
            for row in conn.execute("EXPLAIN QUERY PLAN " + statement, parameters or ()):
                detail = str(row[3])
                if detail.startswith("SCAN") and "CONSTANT ROW" not in detail:
                    found.append((" ".join(statement.split())[:160], detail))
        return found
    finally:
        conn.close()


USE_CASES: dict[str, Callable[[Terminal], object]] = {
    "sale with a receipt": lambda t: t.sale(ANA, 1234, "PLAN-1"),
    "sale with a generated receipt": lambda t: t.sale(ANA, 1234),
    "repeated sale": lambda t: (t.sale(ANA, 1234, "PLAN-2"), t.sale(ANA, 1234, "PLAN-2")),
    "member view by card": lambda t: t.member(MARCO),
    "member view by phone": lambda t: t.member("+40721000001"),
    "quote": lambda t: t.quote(MARCO, 5000),
    "redeem": lambda t: t.redeem(MARCO, "coffee"),
    "rewards for a member": lambda t: t.rewards_for(MARCO),
    "refund": lambda t: t.refund("DEMO-0025-1", 1000),
    "adjust": lambda t: t.adjust(ANA, 5, "plan check", "manager"),
    # receipts are found by their key (sales.receipt_key, a unique index) when not typed exactly
    "repeated sale, another spelling": lambda t: (t.sale(ANA, 1234, "PLAN-3"),
                                                  t.sale(ANA, 1234, "plan-3\u200b")),
    "refund, another spelling": lambda t: t.refund("demo-0025-1", 1000),
}


@pytest.mark.parametrize("name", sorted(USE_CASES))
def test_use_case_statements_are_indexed(demo: Terminal, name: str) -> None:
    demo.sale(ANA, 1000, "WARM-1")  # the first call also loads the program: keep that out of the capture
    with captured_statements(demo) as statements:
        USE_CASES[name](demo)
    assert statements, "nothing was captured"
    assert scans(demo, statements) == []


def test_the_check_itself_sees_a_scan(demo: Terminal) -> None:
    from sqlalchemy import select

    from pos_app.store.models import Sale

    with captured_statements(demo) as statements, demo.db.reader() as session:
        session.execute(select(Sale).where(Sale.receipt.like("DEMO-%")))
    assert scans(demo, statements) != []
