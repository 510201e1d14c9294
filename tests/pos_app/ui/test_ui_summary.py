"""The manager's day on one standalone till: figures, charts, breakdowns, provisional, past days, CSV."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot
from ui_helpers import ANA, MARCO, settle, sign_in

from pos_app.terminal import Terminal
from pos_app.ui.manager import ManagerPage
from pos_app.ui.summary import STORE, THIS
from pos_app.ui.window import MainWindow

MANAGER_PIN = "9999"


@pytest.fixture
def page(qtbot: QtBot, window: MainWindow, demo: Terminal) -> ManagerPage:
    demo.sale(MARCO, 4250, "R-1", cashier="manager")
    demo.sale(ANA, 1000, "R-2", cashier="cashier")
    demo.redeem(ANA, "coffee", cashier="cashier")
    sign_in(qtbot, window, MANAGER_PIN)
    qtbot.keyClick(window.workspace.scan, Qt.Key.Key_F10)
    settle(qtbot, window)
    assert window.pages.currentWidget() is window.manager
    qtbot.waitUntil(lambda: window.manager.summary.report is not None)
    settle(qtbot, window)
    return window.manager


def test_the_day_drawn_and_broken_down(page: ManagerPage, demo: Terminal) -> None:
    summary = page.summary
    report = demo.daily_report(summary.selected_day())
    assert report["sales"] == 2 and summary.report == report
    hour = demo.clock().astimezone().hour
    assert summary.sales_chart.shown[hour] == 2 and sum(summary.sales_chart.shown) == 2
    assert summary.points_chart.shown[hour] == report["points_issued"]
    assert len(summary.trend_chart.days) == 30 and summary.trend_chart.days[-1] == report["date"]
    cashiers = {summary.cashiers.item(r, 0).text(): summary.cashiers.item(r, 1).text()
                for r in range(summary.cashiers.rowCount())}
    assert cashiers == {"manager": "1", "cashier": "1"}
    assert summary.rewards.rowCount() == 1 and summary.rewards.item(0, 0).text() == "coffee"
    # standalone: nothing from the server, and the figures wait to be sent
    assert not summary.scope_buttons[STORE].isEnabled() and summary.scope_buttons[THIS].isChecked()
    assert summary.store_values["transactions"].text() == "–"
    assert summary.message.kind == "info" and str(report["pending_ops"]) in summary.message.text()


def test_a_past_day_and_the_csv(qtbot: QtBot, page: ManagerPage, window: MainWindow, demo: Terminal,
                                tmp_path: Path) -> None:
    summary = page.summary
    target = tmp_path / "day"
    summary.ask_path = lambda suggested: str(target) if suggested.endswith(".csv") else ""
    qtbot.keyClick(summary.day, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    tables = target.with_suffix(".csv").read_text(encoding="utf-8").split("\n\n")
    assert next(csv.DictReader(io.StringIO(tables[0])))["sales"] == "2"
    assert {row["cashier"] for row in csv.DictReader(io.StringIO(tables[2]))} == {"manager", "cashier"}
    yesterday = demo.clock().astimezone().date() - timedelta(days=1)
    summary.day.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    qtbot.waitUntil(lambda: summary.report is not None and summary.report["date"] == yesterday.isoformat())
    settle(qtbot, window)
    assert sum(summary.sales_chart.shown) == 0 and summary.cashiers.rowCount() == 0
    assert summary.values["transactions"].text() == "0"
