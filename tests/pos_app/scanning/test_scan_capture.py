from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from scan_helpers import CARD, card_image, in_frame

from pos_app.scanning.capture import (
    STATUS_LOST,
    STATUS_NONE,
    STATUS_SCANNING,
    CaptureWorker,
    FolderCapture,
    list_cameras,
)


def write_video(path: Path, frame: np.ndarray, count: int = 15) -> None:
    h, w = frame.shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 15.0, (w, h))
    assert writer.isOpened()
    for _ in range(count):
        writer.write(frame)
    writer.release()


def test_video_file_through_to_scanned_signal(qtbot: QtBot, tmp_path: Path) -> None:
    video = tmp_path / "card.avi"
    write_video(video, in_frame(card_image(), size=(640, 480)))
    check = cv2.VideoCapture(str(video))
    ok, first = check.read()
    check.release()
    assert ok and first.shape == (480, 640, 3)  # the writer really wrote frames

    worker = CaptureWorker(str(video))
    previews: list[Any] = []
    worker.frame_ready.connect(previews.append)
    try:
        with qtbot.waitSignal(worker.scanned, timeout=20000) as blocker:
            worker.start()
        assert blocker.args == [CARD]
        # Previews come from the capture thread, the decode from another: either may be delivered first.
        qtbot.waitUntil(lambda: bool(previews), timeout=10000)
        assert previews[0].width() == 640
    finally:
        worker.stop()
        assert worker.wait()


class FakeCapture:
    def __init__(self, frames: list[np.ndarray], fail_after: int | None) -> None:
        self.frames = frames
        self.fail_after = fail_after
        self.reads = 0
        self.released = False

    def isOpened(self) -> bool:
        return True

    def read(self) -> tuple[bool, Any]:
        self.reads += 1
        if self.fail_after is not None and self.reads > self.fail_after:
            return False, None
        return True, self.frames[self.reads % len(self.frames)]

    def release(self) -> None:
        self.released = True


class Closed(FakeCapture):
    def isOpened(self) -> bool:
        return False


def test_camera_lost_mid_stream_recovers_and_scans(qtbot: QtBot) -> None:
    blank = np.full((240, 320, 3), 90, np.uint8)
    card = in_frame(card_image(), size=(800, 400))
    opened: list[FakeCapture] = []

    def factory(source: object) -> FakeCapture:
        # First camera: blank frames, then unplugged. Second: working, shows a card.
        cap = FakeCapture([blank], fail_after=3) if not opened else FakeCapture([card], fail_after=None)
        opened.append(cap)
        return cap

    worker = CaptureWorker(0, capture_factory=factory, retry_seconds=0.01)
    statuses: list[str] = []
    worker.status_changed.connect(statuses.append)
    try:
        with qtbot.waitSignal(worker.scanned, timeout=10000) as blocker:
            worker.start()
        assert blocker.args == [CARD]
        qtbot.waitUntil(lambda: len(statuses) >= 3, timeout=5000)
        assert statuses[:3] == [STATUS_SCANNING, STATUS_LOST, STATUS_SCANNING]
        assert opened[0].released
    finally:
        worker.stop()
        assert worker.wait()


def test_no_camera_is_reported_and_stop_is_clean(qtbot: QtBot) -> None:
    worker = CaptureWorker(3, capture_factory=lambda s: Closed([], None), retry_seconds=0.01)
    with qtbot.waitSignal(worker.status_changed, timeout=5000) as blocker:
        worker.start()
    assert blocker.args == [STATUS_NONE]
    worker.stop()
    assert worker.wait()


@pytest.mark.allow_log("tessera.scan", "cannot decode a frame: RuntimeError: decoder bug")
def test_decoder_errors_do_not_stop_scanning(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []

    def flaky(frame: np.ndarray) -> list[Any]:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("decoder bug")
        from pos_app.scanning import decode_frame

        return decode_frame(frame)

    card = in_frame(card_image(), size=(800, 400))
    worker = CaptureWorker(0, decoder=flaky, capture_factory=lambda s: FakeCapture([card], None))
    try:
        with qtbot.waitSignal(worker.scanned, timeout=10000) as blocker:
            worker.start()
        assert blocker.args == [CARD] and len(calls) >= 2
    finally:
        worker.stop()
        assert worker.wait()
    logged = [r for r in caplog.records if r.name == "tessera.scan"]
    assert [r.getMessage() for r in logged] == ["cannot decode a frame: RuntimeError: decoder bug"]
    assert logged[0].exc_info is not None  # a decoder bug goes to the log with its traceback


@pytest.mark.allow_log("tessera.scan", "camera 0 read failed")
def test_a_failure_repeated_every_frame_is_logged_once_a_minute(caplog: pytest.LogCaptureFixture) -> None:
    from pos_app.scanning.capture import _FailureLog

    now = [0.0]
    failures = _FailureLog("camera 0 read failed", lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="tessera.scan"):
        for _ in range(30):  # a second of a camera failing at 30 frames a second
            failures.failed(OSError("unplugged"))
            now[0] += 1 / 30
        now[0] = 61.0
        failures.failed(OSError("unplugged"))
    assert [r.getMessage() for r in caplog.records] == [
        "camera 0 read failed: OSError: unplugged",
        "camera 0 read failed: OSError: unplugged (and 29 more since the last report)"]


@pytest.mark.allow_log("tessera.scan", "cannot open camera 0: OSError: driver crashed")
def test_a_driver_error_is_no_camera_and_is_logged(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    def broken(source: object) -> FakeCapture:
        raise OSError("driver crashed")

    worker = CaptureWorker(0, capture_factory=broken, retry_seconds=0.01)
    with qtbot.waitSignal(worker.status_changed, timeout=5000) as blocker:
        worker.start()
    worker.stop()
    assert worker.wait()
    assert blocker.args == [STATUS_NONE]
    assert [r.getMessage() for r in caplog.records if r.name == "tessera.scan"] == [
        "cannot open camera 0: OSError: driver crashed"]  # retried every 10 ms, logged once


def test_folder_capture_loops(tmp_path: Path) -> None:
    for i in range(2):
        cv2.imwrite(str(tmp_path / f"{i}.png"), np.full((10, 10, 3), i * 100, np.uint8))
    (tmp_path / "notes.txt").write_text("skip me")
    cap = FolderCapture(tmp_path)
    values = [int(cap.read()[1][0, 0, 0]) for _ in range(4)]
    assert values == [0, 100, 0, 100]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not FolderCapture(empty).isOpened()


def test_list_cameras_returns_pairs() -> None:
    cams = list_cameras()
    assert isinstance(cams, list)
    assert all(isinstance(desc, str) for _, desc in cams)


@pytest.mark.parametrize("source", [0, "1"])
def test_camera_sources_are_not_files(source: object) -> None:
    from pos_app.scanning.capture import _is_camera

    assert _is_camera(source)  # type: ignore[arg-type]
