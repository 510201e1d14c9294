"""The manager screen's audit trail (F7): a table of time, cashier, kind, member and detail, with filters
and Export CSV, for managers only; settings saved in the window and setup wizard runs are audited."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from ui_helpers import ANA, MARCO, settle, sign_in

from pos_app.config import Options
from pos_app.core import cards
from pos_app.store import audit as store_audit
from pos_app.terminal import Terminal
from pos_app.ui import audit as ui_audit
from pos_app.ui.manager import ManagerPage
from pos_app.ui.window import MainWindow
from pos_app.ui.wizard import jobs, steps
from tests.clocks import FakeClock

MANAGER_PIN, CASHIER_PIN = "9999", "1111"


def open_audit(qtbot: QtBot, win: MainWindow) -> ui_audit.AuditTab:
    qtbot.keyClick(win.workspace.scan, Qt.Key.Key_F10)
    settle(qtbot, win)
    page: ManagerPage = win.manager
    assert win.pages.currentWidget() is page
    qtbot.keyClick(page.summary.day, Qt.Key.Key_F7)
    settle(qtbot, win)
    assert page.stack.currentWidget() is page.audit
    return page.audit


def cells(tab: ui_audit.AuditTab) -> list[list[str]]:
    table = tab.table
    items = [[table.item(r, c) for c in range(table.columnCount())] for r in range(table.rowCount())]
    return [[item.text() if item else "" for item in row] for row in items]


def test_every_kind_has_a_label_in_the_window() -> None:
    assert set(ui_audit.KIND_LABELS) == set(store_audit.KINDS)


def test_a_cashier_reaches_none_of_it(qtbot: QtBot, cashier: MainWindow) -> None:
    ws = cashier.workspace
    assert not ws.manager_button.isVisible()
    for key in (Qt.Key.Key_F10, Qt.Key.Key_F7):
        qtbot.keyClick(ws.scan, key)
        settle(qtbot, cashier)
        assert cashier.pages.currentWidget() is ws
    cashier.open_manager()
    assert cashier.pages.currentWidget() is ws and not cashier.manager.audit.isVisible()
    assert cashier.manager.audit.rows == []


def test_the_table_shows_the_acts_and_filters(qtbot: QtBot, window: MainWindow, demo: Terminal,
                                              clock: FakeClock) -> None:
    demo.adjust(ANA, -30, "broken mug", "manager")
    demo.adjust(MARCO, 15, "goodwill", "manager")
    sign_in(qtbot, window, "0000")  # a wrong PIN at the pad: a sign-in failure
    sign_in(qtbot, window, MANAGER_PIN)
    tab = open_audit(qtbot, window)
    shown = cells(tab)
    headers = [tab.table.horizontalHeaderItem(c) for c in range(5)]
    assert [h.text() if h else "" for h in headers] == ["Time", "Cashier", "Kind", "Member", "Detail"]
    [mug] = [row for row in shown if "broken mug" in row[4]]
    assert mug[0] == clock.now.astimezone().strftime("%Y-%m-%d %H:%M:%S")  # the shop's clock
    assert mug[1:4] == ["Demo Manager (manager)", "Points correction", cards.masked(ANA)]
    assert "points=-30" in mug[4]
    assert ["unknown", "Wrong PIN at sign-in"] in [row[1:3] for row in shown]
    assert not any(ANA in cell or MANAGER_PIN in cell for row in shown for cell in row)

    tab.kind.setCurrentIndex(tab.kind.findData("adjust"))
    settle(qtbot, window)
    assert {row[2] for row in cells(tab)} == {"Points correction"}
    qtbot.keyClicks(tab.card, "0025")
    qtbot.keyClick(tab.card, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert [row[4] for row in cells(tab) if "goodwill" in row[4]] and \
        {row[3] for row in cells(tab)} == {cards.masked(MARCO)}
    tab.card.clear()
    qtbot.keyClicks(tab.card, "2900000000019")  # mistyped: said, not crashed
    qtbot.keyClick(tab.card, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert tab.message.kind == "error"
    tab.card.clear()
    qtbot.keyClicks(tab.cashier, "cashier")
    qtbot.keyClick(tab.cashier, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert cells(tab) == [] and tab.message.kind == "info"
    tab.cashier.clear()
    tab.kind.setCurrentIndex(0)
    yesterday = clock.now.astimezone().date() - timedelta(days=1)
    tab.day.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    settle(qtbot, window)
    assert cells(tab) == []
    tab.any_day.setChecked(True)
    settle(qtbot, window)
    assert any("broken mug" in row[4] for row in cells(tab))


def test_export_csv_writes_the_filtered_rows(qtbot: QtBot, window: MainWindow, demo: Terminal,
                                             tmp_path: Path) -> None:
    demo.adjust(ANA, -30, f"card {ANA} was scratched", "manager")
    sign_in(qtbot, window, MANAGER_PIN)
    tab = open_audit(qtbot, window)
    tab.kind.setCurrentIndex(tab.kind.findData("adjust"))
    settle(qtbot, window)
    out = tmp_path / "trail"
    tab.ask_path = lambda suggested: str(out)
    assert "Ctrl+E" in tab.export_button.text()
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    written = tmp_path / "trail.csv"
    assert tab.message.kind == "ok" and str(written) in tab.message.text()
    table = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8"))))
    assert table[0] == list(store_audit.CSV_HEADER)
    assert {row[4] for row in table[1:]} == {"adjust"} and len(table) - 1 == len(tab.rows)
    assert ANA not in written.read_text(encoding="utf-8")
    assert f"card {cards.masked(ANA)} was scratched" in written.read_text(encoding="utf-8")


def test_settings_saved_in_the_window_are_audited_with_the_manager(qtbot: QtBot, window: MainWindow,
                                                                   demo: Terminal) -> None:
    sign_in(qtbot, window, MANAGER_PIN)
    qtbot.keyClick(window.workspace.scan, Qt.Key.Key_F10)
    settle(qtbot, window)
    page = window.manager
    qtbot.keyClick(page.summary.day, Qt.Key.Key_F6)
    settle(qtbot, window)
    before = len(demo.audit_trail(kind="settings.change"))
    page.settings.idle.setValue(page.settings.idle.value() + 5)
    qtbot.keyClick(page.settings.cooldown, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert page.settings.message.kind == "ok"
    rows = demo.audit_trail(kind="settings.change")
    assert len(rows) == before + 1
    assert (rows[-1].cashier_id, rows[-1].cashier_name) == ("manager", "Demo Manager")
    assert "idle_lock_seconds" in rows[-1].detail


def test_a_setup_wizard_run_is_one_row(tmp_path: Path, demo: Terminal) -> None:
    data = tmp_path / "fresh"
    setup = steps.Setup(language="it", region="IT", manager_name="Maria Rossi", manager_pin="4242")
    jobs.finish(data, setup)
    fresh = Terminal(data)
    try:
        [run] = fresh.audit_trail(kind="setup")
        assert (run.kind, run.cashier_id, run.detail["first_run"], run.detail["manager_added"]) == (
            "setup.run", None, True, "maria-rossi")
        assert [r.kind for r in fresh.audit_trail(kind="cashier")] == ["cashier.set"]
        assert "4242" not in str([r.as_dict() for r in fresh.audit_trail()])
    finally:
        fresh.close()

    again = steps.Setup(language="ro", region="RO")
    jobs.save_again(demo.data_dir, again, Options.load(demo.data_dir), demo, "manager")
    [rerun] = demo.audit_trail(kind="setup.run")
    assert (rerun.cashier_id, rerun.cashier_name, rerun.detail["first_run"]) == ("manager", "Demo Manager",
                                                                                 False)
    assert Options.load(demo.data_dir).language == "ro"
