"""The settings screen's backups: "Back up now" and "Restore…" (manager PIN), both on the worker."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import MARCO, StepClock, settle, sign_in

from pos_app.terminal import Terminal, new_id
from pos_app.ui import settings as settings_module
from pos_app.ui.settings import SettingsTab
from pos_app.ui.window import MainWindow
from tests.pos_app.conftest import dump
from tests.sync import conftest as chain
from tests.sync.conftest import LiveServer, Node

# The live server and its registered tills, from the sync suite (its conftest is not above us).
db_url, server, proxy, make_node = chain.db_url, chain.server, chain.proxy, chain.make_node

MANAGER_PIN = "9999"


def open_settings(qtbot: QtBot, window: MainWindow, pin: str) -> SettingsTab:
    """The manager's settings screen (F10, then F6), the manager with ``pin`` signed in."""
    sign_in(qtbot, window, pin)
    qtbot.keyClick(window.workspace.scan, Qt.Key.Key_F10)
    settle(qtbot, window)
    qtbot.keyClick(window.manager.summary.day, Qt.Key.Key_F6)
    settle(qtbot, window)
    assert window.manager.stack.currentWidget() is window.manager.settings
    return window.manager.settings


@pytest.fixture
def tab(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> SettingsTab:
    """The demo manager's settings screen."""
    monkeypatch.setattr(settings_module, "list_cameras", lambda: [])
    return open_settings(qtbot, window, MANAGER_PIN)


def backups(terminal: Terminal) -> list[Path]:
    return sorted((terminal.data_dir / "backups").glob("terminal-*.db"))


def pin_failures(terminal: Terminal) -> int:
    conn = sqlite3.connect(terminal.db.path)
    try:
        row = conn.execute("SELECT value FROM sync_state WHERE key = 'pin_lock'").fetchone()
    finally:
        conn.close()
    return int(json.loads(row[0])["failures"]) if row else 0


def test_back_up_now_writes_a_backup(qtbot: QtBot, window: MainWindow, tab: SettingsTab,
                                     demo: Terminal) -> None:
    assert backups(demo) == []
    qtbot.mouseClick(tab.backup_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    [made] = backups(demo)
    assert tab.message.kind == "ok" and str(made) in tab.message.text()
    conn = sqlite3.connect(made)
    assert conn.execute("SELECT count(*) FROM members").fetchone() == (5,)
    conn.close()


def test_restore_needs_the_manager_pin_and_keeps_the_replaced_database(
        qtbot: QtBot, window: MainWindow, tab: SettingsTab, demo: Terminal) -> None:
    saved = demo.back_up()
    balance = demo.member(MARCO).balance
    demo.sale(MARCO, 40_00, "AFTER-BACKUP")
    assert demo.member(MARCO).balance > balance
    asked: list[bool] = []
    tab.choose_backup = lambda: asked.append(True) or saved

    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)  # no PIN typed: no file asked for
    assert tab.message.kind == "error" and "PIN" in tab.message.text() and asked == []

    qtbot.keyClicks(tab.restore_pin, "0000")
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert tab.message.kind == "error" and "Wrong PIN" in tab.message.text()
    assert tab.restore_pin.text() == ""
    assert pin_failures(demo) == 1  # counted against the PIN pad lockout: this database is readable
    assert demo.member(MARCO).balance > balance  # nothing restored

    qtbot.keyClicks(tab.restore_pin, MANAGER_PIN)
    with qtbot.waitSignal(tab.restored, timeout=10_000) as restored:
        qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    done = restored.args[0]
    assert done.source == saved and done.replaced is not None
    assert (done.replaced / "terminal.db").is_file()  # the replaced database, kept aside
    assert done.replaced.name.startswith("replaced-")
    assert tab.message.kind == "ok" and str(done.replaced) in tab.message.text()
    assert "Restart" not in tab.message.text()  # the window carries on with the restored database
    assert window.ctx.terminal is demo and demo.member(MARCO).balance == balance  # reopened on the backup
    sale = demo.sale(MARCO, 10_00, "AFTER-RESTORE")  # and the till sells on it
    assert sale.balance == balance + sale.points_earned


def test_a_damaged_backup_is_refused_and_nothing_changes(qtbot: QtBot, window: MainWindow, tab: SettingsTab,
                                                          demo: Terminal, tmp_path: Path) -> None:
    saved = demo.back_up()
    conn = sqlite3.connect(saved)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    [root] = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'members'").fetchone()
    conn.close()
    damaged = tmp_path / "damaged.db"
    content = bytearray(saved.read_bytes())
    start = (root - 1) * page_size + 8  # the members' rows, in the middle of the file
    content[start:start + page_size - 16] = b"\xa5" * (page_size - 16)
    damaged.write_bytes(bytes(content))
    tab.choose_backup = lambda: damaged
    demo.sale(MARCO, 5_00, "KEPT")
    balance = demo.member(MARCO).balance
    qtbot.keyClicks(tab.restore_pin, MANAGER_PIN)
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert tab.message.kind == "error" and "Nothing was restored" in tab.message.text()
    assert "not a usable terminal backup" in tab.message.text()
    assert demo.member(MARCO).balance == balance
    assert list((demo.data_dir / "backups").glob("replaced-*")) == []


def test_the_daily_backup_is_taken_once_a_day(qtbot: QtBot, window: MainWindow, tab: SettingsTab,
                                              demo: Terminal) -> None:
    assert tab.daily_timer.isActive()
    tab.daily_backup()  # what the timer does every quarter of an hour
    settle(qtbot, window)
    tab.daily_backup()
    settle(qtbot, window)
    [daily] = backups(demo)
    assert daily.name.endswith("-daily.db") and demo.clock().strftime("%Y%m%d") in daily.name


@pytest.mark.allow_log("tessera.ui", "cannot open the terminal")
@pytest.mark.allow_log("tessera.store", "failed and was undone")
def test_the_window_at_start_says_a_failed_upgrade_in_one_line(qtbot: QtBot, tmp_path: Path) -> None:
    """An older database whose migration violates a foreign key: undone, said at the PIN pad, not opened."""
    from alembic import command

    from pos_app.config import Options
    from pos_app.store.db import alembic_config, make_engine
    from pos_app.terminal import initialize

    data = tmp_path / "till"
    initialize(data, demo=True)
    engine = make_engine(data / "terminal.db")
    try:
        command.downgrade(alembic_config(engine), "0003")
    finally:
        engine.dispose()
    with sqlite3.connect(data / "terminal.db") as conn:
        conn.execute("INSERT INTO vouchers (code, entry_id, member_id, reward_id, cost, created_at) VALUES"
                     " ('V-ORPHAN', 'no-such-entry', 'x', 'coffee', 100, '2025-01-02 10:00:00')")
    conn.close()
    before = dump(data / "terminal.db")
    win = MainWindow(Options.load(data), loader=lambda: Terminal(data))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: "could not be upgraded" in win.signin.message.text(), timeout=10_000)
    text = win.signin.message.text()
    assert "\n" not in text and "put back as it was" in text and "FOREIGN KEY" in text
    assert win.terminal is None  # nothing is sold on a database the upgrade could not bring up
    assert dump(data / "terminal.db") == before
    win.close()


def wait_for_sync(qtbot: QtBot, win: MainWindow) -> None:
    """One run of the window's background sync, finished (a run already in flight is waited for first)."""
    qtbot.waitUntil(lambda: win.syncer is not None and not win.syncer.running, timeout=20_000)
    assert win.syncer is not None
    with qtbot.waitSignal(win.syncer.synced, timeout=20_000) as run:
        win.syncer.sync_now()
    assert run.args[0].ok, run.args[0].error


def test_after_a_restore_the_window_syncs_the_restored_database(
        qtbot: QtBot, server: LiveServer, make_node: Callable[..., Node],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The background sync stops before the swap (no connection of its own to the file moved aside) and
    starts again on the restored database: that one gets the server's balances and pushes its new sales."""
    monkeypatch.setattr(settings_module, "list_cameras", lambda: [])
    till = make_node("t1")
    assert till.sync().ok  # the store's members
    till.terminal.add_cashier("mara", "Mara", MANAGER_PIN, "manager", None)
    saved = till.terminal.back_up()
    at_backup = till.balance(MARCO)
    win = MainWindow(till.terminal.options, terminal=till.terminal, monotonic=StepClock())
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    settle(qtbot, win)
    try:
        tab = open_settings(qtbot, win, MANAGER_PIN)
        pushed = till.terminal.sale(MARCO, 40_00, "PUSHED-AFTER-BACKUP")
        wait_for_sync(qtbot, win)
        assert server.balance(MARCO) == at_backup + pushed.points_earned
        before = win.syncer

        tab.choose_backup = lambda: saved
        qtbot.keyClicks(tab.restore_pin, MANAGER_PIN)
        with qtbot.waitSignal(tab.restored, timeout=20_000):
            qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
        assert before is not None and before.agent is None  # stopped: its agent and connections closed
        assert till.balance(MARCO) == at_backup  # the backup, without the sale rung after it
        settle(qtbot, win)
        assert win.syncer is not None and win.syncer is not before  # started again by the status refresh
        assert win.workspace.remote_lookup == win.syncer.lookup_card
        wait_for_sync(qtbot, win)
        assert till.balance(MARCO) == at_backup + pushed.points_earned  # pulled into the restored file

        after = till.terminal.sale(MARCO, 10_00, "AFTER-RESTORE")
        wait_for_sync(qtbot, win)
        assert server.balance(MARCO) == at_backup + pushed.points_earned + after.points_earned
        assert till.terminal.status()["pending_ops"] == 0
    finally:
        win.close()


def settings_window(qtbot: QtBot, qapp: QApplication, demo: Terminal, language: str) -> MainWindow:
    from pos_app.ui.app import prepare

    prepare(qapp, language)
    win = MainWindow(demo.options, terminal=demo, monotonic=StepClock())
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win)
    return win


def assert_fits(qtbot: QtBot, win: MainWindow, what: str) -> None:
    from pos_app.ui.layoutcheck import clipped

    settle(qtbot, win)
    QApplication.processEvents()  # posted layout requests: measure the laid-out window
    assert win.width() == 1024 and win.height() == 768, (what, win.size())
    assert clipped(win) == [], what


@pytest.mark.parametrize("language", ["en", "it", "ro", "ko"])
def test_the_settings_screen_fits_1024x768_with_its_backup_row(
        qtbot: QtBot, qapp: QApplication, demo: Terminal, language: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The backup row shares its line with "Save settings": nothing cut off, a one-line refusal included."""
    monkeypatch.setattr(settings_module, "list_cameras", lambda: [])
    win = settings_window(qtbot, qapp, demo, language)
    tab = open_settings(qtbot, win, MANAGER_PIN)
    assert_fits(qtbot, win, f"{language}: settings")
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)  # no PIN typed
    english = "Type a manager's PIN, then choose the backup."
    assert tab.message.kind == "error" and (tab.message.text() == english) == (language == "en")
    assert_fits(qtbot, win, f"{language}: no PIN")
    tab.choose_backup = lambda: demo.back_up()
    qtbot.keyClicks(tab.restore_pin, "0000")
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    assert_fits(qtbot, win, f"{language}: wrong PIN")
    assert tab.message.kind == "error"
    win.close()


@pytest.mark.parametrize("language", ["en", "it", "ro"])
def test_the_restore_messages_with_their_paths_fit_1024x768(
        qtbot: QtBot, qapp: QApplication, demo: Terminal, language: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The longest messages (two paths) wrap inside the screen. Not Korean: its taller lines leave the
    screen room for one line of banner only (a layout matter of the settings screen, left to its owner)."""
    from pos_app.core.errors import Code, InvalidInput
    from pos_app.store.restore import Restored

    monkeypatch.setattr(settings_module, "list_cameras", lambda: [])
    win = settings_window(qtbot, qapp, demo, language)
    tab = open_settings(qtbot, win, MANAGER_PIN)
    # a till's usual data dir, not pytest's (longer) one: the banner wraps these paths over a few lines
    backups = Path("/home/cashier/.local/share/tessera/backups")
    usb = Path("/media/cashier/TESSERA-USB/terminal-20261201T235900000000Z-daily.db")
    tab._restored(Restored(source=backups / "terminal-20261201T235900000000Z-daily.db", members=5,
                           replaced=backups / "replaced-20261202T071900123456Z"))
    assert tab.message.kind == "ok" and "replaced-20261202T071900123456Z" in tab.message.text()
    assert_fits(qtbot, win, f"{language}: restored")
    tab._restore_failed(InvalidInput(Code.BACKUP_OTHER_TERMINAL, path=str(usb), backup_terminal=new_id(),
                                     terminal=new_id()))
    assert_fits(qtbot, win, f"{language}: another terminal's backup")
    tab._restore_failed(InvalidInput(Code.BACKUP_UNUSABLE, path=str(usb), reason="integrity check failed"))
    assert tab.message.kind == "error" and str(usb) in tab.message.text()
    assert_fits(qtbot, win, f"{language}: unusable backup")
    win.close()
