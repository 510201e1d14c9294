"""Fixtures for the terminal use-case tests: demo terminals copied from one template per session.

``initialize(demo=True)`` hashes cashier PINs and seeds members (~0.7 s); these fixtures copy a
template built once at the standard FakeClock start (the ``clock`` fixture of tests/conftest.py)
instead. Every terminal they hand out is checked at teardown: the members.balance cache equals
the sum of the member's ledger entries.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pos_app.terminal import Terminal, initialize
from tests.clocks import FakeClock

# The start of the ``clock`` fixture in tests/conftest.py: a Wednesday outside every promotion.
START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def dump(path: Path) -> list[str]:
    """Schema and every row of an SQLite file, as SQL text: equal dumps are equal databases."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def balance_mismatches(db_path: Path) -> list[tuple[Any, ...]]:
    """Members whose cached balance differs from SUM(points) or from open lots minus open debts."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            """
            SELECT card, balance, total, open_total FROM (
                SELECT m.card AS card, m.balance AS balance,
                       COALESCE((SELECT SUM(points) FROM ledger_entries e
                                 WHERE e.member_id = m.id), 0) AS total,
                       COALESCE((SELECT SUM(remaining) - SUM(outstanding) FROM ledger_entries e
                                 WHERE e.member_id = m.id), 0) AS open_total
                FROM members m)
            WHERE balance != total OR balance != open_total
            """
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("demo-template") / "data"
    initialize(target, demo=True, clock=lambda: START)
    return target


@pytest.fixture(scope="session")
def plain_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("plain-template") / "data"
    initialize(target, clock=lambda: START)
    return target


def _copy(template: Path, target: Path) -> Path:
    shutil.copytree(template, target, ignore=shutil.ignore_patterns("logs", "backups"))
    return target


@pytest.fixture
def open_terminal(tmp_path: Path, clock: FakeClock) -> Iterator[Callable[..., Terminal]]:
    """``open_terminal(template)``: a Terminal on a private copy of a template data dir, on ``clock``."""
    opened: list[Terminal] = []

    def make(template: Path, name: str = "data") -> Terminal:
        terminal = Terminal(_copy(template, tmp_path / name), clock=clock)
        opened.append(terminal)
        return terminal

    yield make
    for terminal in opened:
        terminal.close()
        assert balance_mismatches(terminal.db.path) == [], "members.balance is not the ledger sum"


@pytest.fixture
def demo(open_terminal: Callable[..., Terminal], demo_template: Path) -> Terminal:
    """A demo terminal (program, cashiers, five members) on the FakeClock ``clock``."""
    return open_terminal(demo_template)


@pytest.fixture
def plain(open_terminal: Callable[..., Terminal], plain_template: Path) -> Terminal:
    """An initialized terminal with the demo program and no members."""
    return open_terminal(plain_template)


@pytest.fixture
def check_books() -> Callable[[Terminal], None]:
    """``check_books(terminal)``: members.balance equals the ledger sum for every member, right now."""

    def check(terminal: Terminal) -> None:
        assert balance_mismatches(terminal.db.path) == [], "members.balance is not the ledger sum"

    return check


@pytest.fixture
def bucharest(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process, and the commands it runs (TZ is passed on), keep the shop's clock in Bucharest: its
    wall-clock day starts at 22:00 UTC (21:00 in summer) the day before."""
    monkeypatch.setenv("TZ", "Europe/Bucharest")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
