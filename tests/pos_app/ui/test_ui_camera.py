"""The camera preview slot: codes the camera decodes take the scanner's path."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from ui_helpers import ELENA, MARCO, StepClock, settle, sign_in

from pos_app.terminal import Terminal
from pos_app.ui import camera as camera_module
from pos_app.ui.window import MainWindow


class FakeCapture(QObject):
    frame_ready = Signal(QImage)
    scanned = Signal(str)
    status_changed = Signal(str)
    made: list[FakeCapture] = []

    def __init__(self, source: Any, debouncer: Any = None, capture_factory: Any = None) -> None:
        super().__init__()
        self.source, self.debouncer, self.running = source, debouncer, False
        self.factory = capture_factory
        FakeCapture.made.append(self)

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def wait(self, timeout_ms: int = 0) -> bool:
        return True


@pytest.fixture
def camera_window(qtbot: QtBot, demo: Terminal, mono: StepClock,
                  monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    FakeCapture.made.clear()
    fake = SimpleNamespace(CaptureWorker=FakeCapture, Debouncer=lambda cooldown: ("debouncer", cooldown),
                           open_source=lambda source, size=None: ("opened", source, size))
    monkeypatch.setattr(camera_module, "_load_capture", lambda: fake)
    win = MainWindow(demo.options, terminal=demo, camera="0", monotonic=mono)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    settle(qtbot, win)
    sign_in(qtbot, win)
    return win


def test_camera_from_the_run_argument_starts_with_the_configured_cooldown(camera_window: MainWindow) -> None:
    (capture,) = FakeCapture.made
    assert capture.source == 0 and capture.running
    assert capture.debouncer == ("debouncer", camera_window.ctx.options.scan_cooldown_seconds)
    assert camera_window.workspace.camera.isVisible()


def test_the_configured_resolution_is_asked_of_the_camera(camera_window: MainWindow) -> None:
    capture = FakeCapture.made[-1]
    options = camera_window.ctx.options
    assert capture.factory(0) == ("opened", 0, (options.camera_width, options.camera_height))


def test_decoded_code_opens_the_member(qtbot: QtBot, camera_window: MainWindow) -> None:
    FakeCapture.made[0].scanned.emit(MARCO)
    settle(qtbot, camera_window)
    assert camera_window.workspace.member.view.card == MARCO
    FakeCapture.made[0].scanned.emit(ELENA)
    settle(qtbot, camera_window)
    assert camera_window.workspace.member.view.card == ELENA


def test_same_card_seen_again_does_not_interrupt_a_sale(qtbot: QtBot, camera_window: MainWindow) -> None:
    capture = FakeCapture.made[0]
    capture.scanned.emit(MARCO)
    settle(qtbot, camera_window)
    ws = camera_window.workspace
    ws.start_sale()
    qtbot.keyClicks(ws.sale.amount, "12")
    capture.scanned.emit(MARCO)  # the card is still in front of the camera
    settle(qtbot, camera_window)
    assert ws.right.currentWidget() is ws.sale and ws.sale.amount.text() == "12"


def test_codes_are_ignored_while_the_terminal_is_locked(qtbot: QtBot, camera_window: MainWindow) -> None:
    camera_window.lock()
    with qtbot.assertNotEmitted(camera_window.worker.settled):
        FakeCapture.made[0].scanned.emit(MARCO)
    assert camera_window.workspace.member is None


def test_preview_frames_and_status_are_shown(qtbot: QtBot, camera_window: MainWindow) -> None:
    capture = FakeCapture.made[0]
    image = QImage(320, 180, QImage.Format.Format_RGB888)
    image.fill(0x336699)
    capture.frame_ready.emit(image)
    slot = camera_window.workspace.camera
    assert not slot.pixmap().isNull() and slot.pixmap().width() <= slot.width()
    capture.status_changed.emit("camera lost")
    assert slot.text() == "Camera lost"
    camera_window.close()
    assert not capture.running


def card_frame(card: str) -> Any:
    """A 640x480 grayscale frame holding the Code 128 bars of ``card``, as a printed card shows them."""
    import numpy as np

    from pos_app.scanning.cardpdf import QUIET_MODULES, code128_modules

    bits = "0" * QUIET_MODULES + code128_modules(card) + "0" * QUIET_MODULES
    row = np.array([0 if b == "1" else 255 for b in bits], np.uint8)
    bars = np.repeat(np.repeat(row[None, :], 150, axis=0), 3, axis=1)
    frame = np.full((480, 640), 255, np.uint8)
    frame[165:315, 20:20 + bars.shape[1]] = bars
    return frame


def run_window_on(qtbot: QtBot, demo: Terminal, mono: StepClock, source: Path) -> MainWindow:
    demo.options.scan_cooldown_seconds = 1
    win = MainWindow(demo.options, terminal=demo, camera=str(source), monotonic=mono)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    sign_in(qtbot, win)
    return win


def test_real_capture_worker_reads_a_card_from_an_image_folder(qtbot: QtBot, demo: Terminal, mono: StepClock,
                                                              tmp_path: Path) -> None:
    import cv2

    folder = tmp_path / "frames"
    folder.mkdir()
    cv2.imwrite(str(folder / "card.png"), card_frame(MARCO))
    win = run_window_on(qtbot, demo, mono, folder)
    qtbot.waitUntil(lambda: win.workspace.member is not None, timeout=15_000)
    assert win.workspace.member.view.card == MARCO
    win.close()
    assert win.workspace.camera.capture is None


def test_a_video_file_played_as_the_camera_opens_the_member(qtbot: QtBot, demo: Terminal, mono: StepClock,
                                                           tmp_path: Path) -> None:
    """The issue's acceptance scenario: a video file stands in for the webcam of the running window."""
    import cv2

    video = tmp_path / "counter.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter_fourcc(*"MJPG"), 15, (640, 480))
    empty = cv2.cvtColor(card_frame(MARCO) * 0 + 200, cv2.COLOR_GRAY2BGR)
    shown = cv2.cvtColor(card_frame(ELENA), cv2.COLOR_GRAY2BGR)
    for frame in [empty] * 10 + [shown] * 20:  # the customer holds the card up after a moment
        writer.write(frame)
    writer.release()
    probe = cv2.VideoCapture(str(video))
    assert int(probe.get(cv2.CAP_PROP_FRAME_COUNT)) == 30  # the writer really wrote the frames
    probe.release()

    win = run_window_on(qtbot, demo, mono, video)
    qtbot.waitUntil(lambda: win.workspace.member is not None, timeout=15_000)

    assert win.workspace.member.view.card == ELENA
    assert win.workspace.member.view.tier == "gold"
    win.close()
