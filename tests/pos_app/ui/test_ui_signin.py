"""Signing in with the PIN pad or the keyboard, the lockout countdown, switching cashier, idle lock."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import StepClock, settle, sign_in

from pos_app.ui.window import MainWindow
from tests.clocks import FakeClock


def test_pin_pad_by_touch_signs_the_cashier_in(qtbot: QtBot, window: MainWindow) -> None:
    assert window.pages.currentWidget() is window.signin
    for digit in "1111":
        qtbot.mouseClick(window.signin.keys[digit], Qt.MouseButton.LeftButton)
    assert window.signin.pin.text() == "1111"
    qtbot.mouseClick(window.signin.keys["OK"], Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert window.pages.currentWidget() is window.workspace
    assert window.ctx.cashier.id == "cashier"
    assert "Demo Cashier" in window.status.cashier.text()
    assert window.workspace.scan.hasFocus()


def test_backspace_key_on_the_pad_removes_a_digit(qtbot: QtBot, window: MainWindow) -> None:
    for key in ("9", "9", "⌫"):
        qtbot.mouseClick(window.signin.keys[key], Qt.MouseButton.LeftButton)
    assert window.signin.pin.text() == "9"


def test_wrong_pin_is_refused_in_words(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "4321")
    assert window.pages.currentWidget() is window.signin
    assert window.ctx.cashier is None
    assert window.signin.message.text() == "Wrong PIN."
    assert window.signin.pin.isEnabled() and window.signin.pin.text() == ""


def test_too_short_pin_is_not_even_sent(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.assertNotEmitted(window.signin.pin_entered):
        sign_in(qtbot, window, "12")
    assert "4 to 6 digits" in window.signin.message.text()


def test_five_wrong_pins_lock_the_pad_with_a_countdown(qtbot: QtBot, window: MainWindow, mono: StepClock,
                                                       clock: FakeClock) -> None:
    for _ in range(5):
        sign_in(qtbot, window, "4321")
    page = window.signin
    assert page.locked_until is not None
    assert not page.pin.isEnabled() and not page.keys["1"].isEnabled()
    shown = re.fullmatch(r"Too many wrong PINs\. Locked for (\d+) s\.", page.message.text())
    assert shown is not None and 55 <= int(shown[1]) <= 60
    left = page.seconds_left()
    mono.advance(20)
    qtbot.waitUntil(lambda: page.seconds_left() < left - 15, timeout=2000)
    qtbot.waitUntil(lambda: f"Locked for {page.seconds_left()} s" in page.message.text(), timeout=2000)
    # The database keeps the lock too: the right PIN is refused until the minute is over.
    assert window.terminal is not None
    mono.advance(41)
    clock.advance(seconds=61)
    qtbot.waitUntil(lambda: page.pin.isEnabled(), timeout=2000)
    sign_in(qtbot, window, "1111")
    assert window.ctx.cashier is not None and window.ctx.cashier.id == "cashier"


def test_pad_locked_by_the_database_after_a_restart_still_counts_down(qtbot: QtBot,
                                                                      window: MainWindow) -> None:
    for _ in range(5):
        sign_in(qtbot, window, "4321")
    page = window.signin
    page.locked_until = None  # as if the window had just been restarted
    page.set_ready(True)
    sign_in(qtbot, window, "1111")
    assert window.ctx.cashier is None
    assert page.locked_until is not None and page.seconds_left() > 0


def test_lock_key_returns_to_the_pad_and_another_cashier_signs_in(qtbot: QtBot, cashier: MainWindow) -> None:
    window = cashier
    qtbot.keyClick(window.workspace.scan, Qt.Key.Key_F9)
    assert window.pages.currentWidget() is window.signin
    assert window.ctx.cashier is None
    assert window.status.cashier.text() == "Signed out"
    sign_in(qtbot, window, "9999")
    assert window.ctx.cashier.id == "manager"
    assert "Demo Manager" in window.status.cashier.text()


def test_idle_terminal_locks_itself(qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.options.idle_lock_seconds = 1
    sign_in(qtbot, window)
    assert window.pages.currentWidget() is window.workspace
    with qtbot.waitSignal(window.locked, timeout=4000):
        pass
    assert window.pages.currentWidget() is window.signin
    assert window.ctx.cashier is None


def test_activity_postpones_the_idle_lock(qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.options.idle_lock_seconds = 30
    sign_in(qtbot, window)
    window.idle_timer.start(200)  # almost idle for too long...
    qtbot.keyClick(window.workspace.scan, Qt.Key.Key_A)  # ...when the cashier presses a key
    assert window.idle_timer.remainingTime() > 20_000
    assert window.pages.currentWidget() is window.workspace
