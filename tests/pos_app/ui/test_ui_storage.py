"""Broken storage in the window: the plain message the CLI gives, translated; the window keeps running."""

from __future__ import annotations

import resource
import signal
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import MARCO, StepClock, settle

from pos_app.config import Options
from pos_app.terminal import Terminal, initialize
from pos_app.ui.app import prepare
from pos_app.ui.window import MainWindow
from tests.pos_app.ui.test_ui_sale import start_sale


def _window_on(qtbot: QtBot, data_dir: Path) -> MainWindow:
    win = MainWindow(Options.load(data_dir), loader=lambda: Terminal(data_dir))
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def emptied(tmp_path: Path) -> Path:
    data = tmp_path / "till"
    initialize(data, demo=True)
    (data / "terminal.db").write_bytes(b"")
    for leftover in ("terminal.db-wal", "terminal.db-shm"):
        (data / leftover).unlink(missing_ok=True)
    return data


@pytest.mark.allow_log("tessera.ui", "cannot open the terminal")
def test_an_empty_database_is_named_at_sign_in_and_not_replaced(qtbot: QtBot, emptied: Path) -> None:
    win = _window_on(qtbot, emptied)
    qtbot.waitUntil(lambda: "empty" in win.signin.message.text(), timeout=10_000)
    text = win.signin.message.text()
    assert str(emptied / "terminal.db") in text and "tessera-pos restore" in text
    assert win.terminal is None  # the PIN pad stays closed: nothing can be sold on it
    assert (emptied / "terminal.db").stat().st_size == 0
    win.close()


@pytest.mark.allow_log("tessera.ui", "cannot open the terminal")
def test_the_storage_message_is_translated(qtbot: QtBot, qapp: QApplication, emptied: Path) -> None:
    prepare(qapp, "ro")
    win = _window_on(qtbot, emptied)
    qtbot.waitUntil(lambda: str(emptied / "terminal.db") in win.signin.message.text(), timeout=10_000)
    shown = win.signin.message.text()
    assert "is empty and was not replaced" not in shown and "este goală" in shown
    win.close()


@contextmanager
def files_cannot_grow() -> Iterator[None]:
    """No file of this process may grow (RLIMIT_FSIZE 0): SQLite's next WAL write fails as on a full disk."""
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, old_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


def test_a_sale_on_a_full_disk_fails_plainly_and_the_window_goes_on(qtbot: QtBot, cashier: MainWindow,
                                                                    mono: StepClock) -> None:
    terminal = cashier.terminal
    assert terminal is not None
    before = terminal.member(MARCO).balance
    sale = start_sale(qtbot, cashier, mono)
    qtbot.keyClicks(sale.amount, "42.50")
    qtbot.keyClicks(sale.receipt, "FULL-1")
    settle(qtbot, cashier)
    conn = sqlite3.connect(terminal.db.path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the WAL is empty: the sale's first write grows it
    conn.close()
    with files_cannot_grow():
        qtbot.keyClick(sale.amount, Qt.Key.Key_Return)
        settle(qtbot, cashier)
    shown = sale.message.text()
    assert "Nothing was saved" in shown, shown
    assert terminal.member(MARCO).balance == before
    assert cashier.isVisible() and cashier.workspace.right.currentWidget() is sale
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)  # space again: the same sale goes through
    settle(qtbot, cashier)
    assert terminal.member(MARCO).balance > before
