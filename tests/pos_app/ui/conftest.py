"""Cashier-window fixtures: a real MainWindow on the demo terminal, driven through its widgets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import StepClock, settle, sign_in

from pos_app.terminal import Terminal
from pos_app.ui.window import MainWindow


@pytest.fixture
def mono() -> StepClock:
    return StepClock()


@pytest.fixture(autouse=True)
def _english(qapp: QApplication) -> Iterator[None]:
    """Tests read English texts unless they install another language themselves."""
    from pos_app.ui.app import prepare

    prepare(qapp, "en")
    yield
    prepare(qapp, "en")


@pytest.fixture(autouse=True)
def _machine_clock() -> Iterator[None]:
    """A window sets the shop's zone for every time shown (fmt.use_zone); the next test starts without."""
    yield
    from pos_app.ui import fmt

    fmt.use_zone(None)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """PDFs the window asked the OS to open (no viewer is started in tests)."""
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url.toLocalFile()) or True)
    return urls


@pytest.fixture
def window(qtbot: QtBot, demo: Terminal, mono: StepClock) -> Iterator[MainWindow]:
    win = MainWindow(demo.options, terminal=demo, monotonic=mono)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    settle(qtbot, win)
    yield win
    win.close()


@pytest.fixture
def cashier(qtbot: QtBot, window: MainWindow) -> MainWindow:
    """The window with the demo cashier signed in."""
    sign_in(qtbot, window)
    assert window.pages.currentWidget() is window.workspace
    return window


@pytest.fixture(autouse=True)
def qt_messages_back_to_stderr() -> Iterator[None]:
    """A test that runs the whole app (pos_app.ui.app.run) installs pos_app.ui.qtlog's handler for the
    process; the next test starts with Qt's own again, so its Qt warnings are not project warnings."""
    yield
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(None)
