"""Helpers of the cashier-window tests (imported by conftest and the tests)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

MARCO, ANA, ELENA, GIULIA = "2900000000025", "2900000000018", "2900000000049", "2900000000056"


class StepClock:
    """A monotonic clock that moves ``step`` seconds every time it is read (one read per key press)."""

    def __init__(self, step: float = 0.2) -> None:
        self.now = 1000.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def settle(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: window.worker.pending == 0, timeout=5000)


def sign_in(qtbot: Any, win: Any, pin: str = "1111") -> None:
    qtbot.keyClicks(win.signin.pin, pin)
    qtbot.keyClick(win.signin.pin, Qt.Key.Key_Return)
    settle(qtbot, win)


def scan(qtbot: Any, win: Any, code: str, mono: StepClock) -> None:
    """A USB scanner: the code as a fast key burst, then Enter."""
    mono.step = 0.004
    try:
        field = win.workspace.scan
        field.setFocus()
        qtbot.keyClicks(field, code)
        qtbot.keyClick(field, Qt.Key.Key_Return)
    finally:
        mono.step = 0.2
    settle(qtbot, win)

