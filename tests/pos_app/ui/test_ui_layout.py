"""At 1024x768 no text is cut off on the main screens, in any of the four languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import ANA, MARCO, StepClock, scan, settle, sign_in

from pos_app.terminal import Terminal
from pos_app.ui.app import prepare
from pos_app.ui.layoutcheck import clipped
from pos_app.ui.window import MainWindow


@pytest.fixture(params=["en", "it", "ro", "ko"])
def language_window(request: pytest.FixtureRequest, qtbot: QtBot, qapp: QApplication, demo: Terminal,
                    mono: StepClock) -> Iterator[MainWindow]:
    prepare(qapp, request.param)
    win = MainWindow(demo.options, terminal=demo, monotonic=mono)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win)
    yield win
    win.close()


def check(qtbot: QtBot, window: MainWindow, screen: str) -> None:
    settle(qtbot, window)
    QApplication.processEvents()  # posted layout requests: measure the laid-out window
    assert window.width() == 1024 and window.height() == 768, f"{screen}: window grew to {window.size()}"
    assert clipped(window) == [], screen


def test_no_text_is_cut_off(qtbot: QtBot, language_window: MainWindow, mono: StepClock) -> None:
    window = language_window
    check(qtbot, window, "sign in")
    for _ in range(5):
        sign_in(qtbot, window, "4321")
    check(qtbot, window, "locked pad")
    window.signin.locked_until = None
    window.signin.set_ready(True)
    window.terminal.clock.advance(seconds=61)
    sign_in(qtbot, window)
    assert window.pages.currentWidget() is window.workspace
    check(qtbot, window, "welcome")
    scan(qtbot, window, ANA, mono)
    check(qtbot, window, "member with rewards")
    ws = window.workspace
    qtbot.keyClick(ws.scan, Qt.Key.Key_F2)
    qtbot.keyClicks(ws.sale.amount, "42.50" if window.locale().decimalPoint() == "." else "42,50")
    settle(qtbot, window)
    check(qtbot, window, "sale quote")
    qtbot.keyClick(ws.sale.amount, Qt.Key.Key_Return)
    settle(qtbot, window)
    check(qtbot, window, "sale confirmed")
    ws.redeem.ask("coffee")
    check(qtbot, window, "redeem question")
    qtbot.keyClick(ws.redeem.confirm_button, Qt.Key.Key_Return)
    settle(qtbot, window)
    check(qtbot, window, "voucher")
    qtbot.keyClick(ws.redeem.back_button, Qt.Key.Key_Escape)
    ws.redeem.ask("tote")
    check(qtbot, window, "refusal")
    qtbot.keyClick(ws.scan, Qt.Key.Key_F4)
    check(qtbot, window, "enroll form")
    qtbot.keyClicks(ws.enroll.name, "Ana Popescu")
    qtbot.keyClicks(ws.enroll.phone, "+40721000001")
    qtbot.keyClick(ws.enroll.phone, Qt.Key.Key_Return)
    settle(qtbot, window)
    check(qtbot, window, "duplicate member")
    qtbot.keyClick(ws.scan, Qt.Key.Key_F4)
    qtbot.keyClicks(ws.enroll.name, "Chiara Esposito-Lombardi")
    qtbot.keyClicks(ws.enroll.email, "chiara.esposito@example.org")
    qtbot.keyClick(ws.enroll.email, Qt.Key.Key_Return)
    settle(qtbot, window)
    check(qtbot, window, "enrolled")
    qtbot.keyClick(ws.scan, Qt.Key.Key_F5)
    check(qtbot, window, "refund")
    qtbot.keyClicks(ws.scan, "example.org")
    ws.on_typed("example.org")
    settle(qtbot, window)
    check(qtbot, window, "search results")
    scan(qtbot, window, MARCO, mono)
    check(qtbot, window, "silver member")
