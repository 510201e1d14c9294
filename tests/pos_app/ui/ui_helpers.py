"""Helpers of the cashier-window tests (imported by conftest and the tests)."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from pos_app.ui.window import MainWindow

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


def settle(qtbot: QtBot, window: MainWindow, timeout: int = 5000) -> None:
    """Return once the window's worker has no job left: at once if it is idle, else on its ``settled`` signal.

    ``pending`` is read on the GUI thread, which is also where ``settled`` is emitted,
    so no signal can slip by between the check and arming the wait. A job's result
    may start another job: then the queue settles again later, hence the loop.
    """
    deadline = time.monotonic() + timeout / 1000
    while window.worker.pending:
        left = int((deadline - time.monotonic()) * 1000)
        if left <= 0:
            raise TimeoutError(f"the worker still has {window.worker.pending} jobs after {timeout} ms")
        qtbot.waitSignal(window.worker.settled, timeout=left).wait()


def sign_in(qtbot: QtBot, win: MainWindow, pin: str = "1111") -> None:
    qtbot.keyClicks(win.signin.pin, pin)
    qtbot.keyClick(win.signin.pin, Qt.Key.Key_Return)
    settle(qtbot, win)


def scan(qtbot: QtBot, win: MainWindow, code: str, mono: StepClock) -> None:
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

