"""Camera capture worker: grabs frames off the GUI thread, decodes the newest one.

Two threads, both owned here: the capture loop (a QThread) reads frames at the
camera's pace and emits throttled previews; the decode loop (a Python thread)
takes only the newest frame from a one-slot mailbox, so a slow decode drops
frames instead of queueing them and the scan never lags behind the camera.
Signals cross into the GUI thread as queued connections: the GUI never waits
on the camera or the decoder.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtGui import QImage

from pos_app.scanning.debounce import Debouncer

log = logging.getLogger("tessera.scan")

STATUS_SCANNING = "scanning"
STATUS_LOST = "camera lost"
STATUS_NONE = "no camera"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"}

Source = int | str | Path


class CaptureLike(Protocol):
    """The part of cv2.VideoCapture the worker uses (tests pass fakes)."""

    def isOpened(self) -> bool: ...

    def read(self) -> tuple[bool, Any]: ...

    def release(self) -> None: ...


CaptureFactory = Callable[[Source], CaptureLike]
FrameDecoder = Callable[[np.ndarray], Sequence[Any]]


class _FailureLog:
    """Logs a failure that may repeat on every retry or every frame at most once a minute.

    The first failure is logged at once; repeats within ``every`` seconds are only
    counted, and the count goes with the next line, so a dead camera read 30 times
    a second cannot flood the log.
    """

    def __init__(self, what: str, clock: Callable[[], float], *, traceback: bool = False,
                 every: float = 60.0) -> None:
        self._what = what
        self._clock = clock
        self._traceback = traceback
        self._every = every
        self._logged_at: float | None = None
        self._skipped = 0

    def failed(self, error: Exception) -> None:
        now = self._clock()
        if self._logged_at is not None and now - self._logged_at < self._every:
            self._skipped += 1
            return
        more = f" (and {self._skipped} more since the last report)" if self._skipped else ""
        self._logged_at, self._skipped = now, 0
        log.warning("%s: %s: %s%s", self._what, type(error).__name__, error, more,
                    exc_info=error if self._traceback else None)


class FolderCapture:
    """Images of a folder as an endless video, for demos and tests."""

    def __init__(self, folder: Path) -> None:
        self._files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        self._next = 0

    def isOpened(self) -> bool:
        return bool(self._files)

    def read(self) -> tuple[bool, Any]:
        import cv2

        for _ in range(len(self._files)):
            path = self._files[self._next]
            self._next = (self._next + 1) % len(self._files)
            frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if frame is not None:
                return True, frame
        return False, None

    def release(self) -> None:
        self._files = []


def _is_camera(source: Source) -> bool:
    return isinstance(source, int) or (isinstance(source, str) and source.isdigit())


def open_source(source: Source, size: tuple[int, int] | None = None) -> CaptureLike:
    """A camera index (asking it for ``size`` = width, height), a video file or an image folder."""
    import cv2

    if isinstance(source, int) or (isinstance(source, str) and source.isdigit()):
        camera = cv2.VideoCapture(int(source))
        if size is not None:
            camera.set(cv2.CAP_PROP_FRAME_WIDTH, size[0])
            camera.set(cv2.CAP_PROP_FRAME_HEIGHT, size[1])
        return camera
    path = Path(source)
    if path.is_dir():
        return FolderCapture(path)
    return cv2.VideoCapture(str(path))


def to_qimage(frame: np.ndarray) -> QImage:
    import cv2

    if frame.ndim == 2:
        frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB)
    else:
        frame = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    h, w = frame.shape[:2]
    # copy(): the QImage must own its pixels once the numpy buffer is gone.
    return QImage(frame.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class _Mailbox:
    """One slot: a new frame replaces the one not yet taken."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: np.ndarray | None = None
        self._closed = False

    def put(self, frame: np.ndarray) -> None:
        with self._cond:
            self._frame = frame
            self._cond.notify()

    def take(self) -> np.ndarray | None:
        """Block until a frame arrives; None once closed."""
        with self._cond:
            while self._frame is None and not self._closed:
                self._cond.wait()
            frame, self._frame = self._frame, None
            return None if self._closed else frame

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class _LoopThread(QThread):
    def __init__(self, target: Callable[[], None]) -> None:
        super().__init__()
        self._target = target

    def run(self) -> None:
        self._target()


class CaptureWorker(QObject):
    frame_ready = Signal(QImage)
    scanned = Signal(str)
    status_changed = Signal(str)

    def __init__(
        self,
        source: Source,
        *,
        decoder: FrameDecoder | None = None,
        debouncer: Debouncer | None = None,
        capture_factory: CaptureFactory = open_source,
        retry_seconds: float = 2.0,
        preview_fps: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        if decoder is None:
            from pos_app.scanning.decode import decode_frame

            decoder = decode_frame
        self._source = source
        self._decoder = decoder
        self._debouncer = debouncer or Debouncer()
        self._factory = capture_factory
        self._retry = retry_seconds
        self._preview_interval = 1.0 / preview_fps if preview_fps > 0 else 0.0
        self._clock = clock
        self._stop = threading.Event()
        self._mailbox = _Mailbox()
        # The worker object itself stays in the thread that made it (the GUI
        # thread): signals emitted from the capture and decode threads are then
        # queued to it and its receivers run there, never on a busy worker loop.
        self._thread = _LoopThread(self._run)
        self._thread.setObjectName("tessera-capture")
        self._decode_thread = threading.Thread(target=self._decode_loop, name="tessera-decode", daemon=True)
        self._status = ""
        # One per thread that uses it: opening and reading on the capture loop, decoding on the decode loop.
        self._open_failures = _FailureLog(f"cannot open camera {source}", clock)
        self._read_failures = _FailureLog(f"camera {source} read failed", clock)
        self._decode_failures = _FailureLog("cannot decode a frame", clock, traceback=True)

    # ------------------------------------------------------------------ control (GUI thread)

    def start(self) -> None:
        self._decode_thread.start()
        self._thread.start()

    def stop(self) -> None:
        """Ask both loops to end; returns at once (use wait() to join)."""
        self._stop.set()
        self._mailbox.close()

    def wait(self, timeout_ms: int = 5000) -> bool:
        """Join both threads (app shutdown and tests); True if they ended."""
        ok = self._thread.wait(timeout_ms)
        self._decode_thread.join(timeout_ms / 1000)
        return bool(ok) and not self._decode_thread.is_alive()

    # ------------------------------------------------------------------ capture loop (QThread)

    def _set_status(self, status: str) -> None:
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)

    def _open(self) -> CaptureLike | None:
        try:
            capture = self._factory(self._source)
        except Exception as exc:  # a driver error is just "no camera" to the cashier
            self._open_failures.failed(exc)
            return None
        if capture.isOpened():
            return capture
        capture.release()
        return None

    def _run(self) -> None:
        try:
            self._capture_loop()
        finally:
            self._mailbox.close()

    def _capture_loop(self) -> None:
        src = self._source
        looping_file = not isinstance(src, int) and not _is_camera(src) and Path(src).is_file()
        frame_interval = 1.0 / 30 if not _is_camera(self._source) else 0.0
        ever_opened = False
        last_preview = -1e9
        while not self._stop.is_set():
            capture = self._open()
            if capture is None:
                self._set_status(STATUS_LOST if ever_opened else STATUS_NONE)
                self._stop.wait(self._retry)
                continue
            ever_opened = True
            self._set_status(STATUS_SCANNING)
            try:
                while not self._stop.is_set():
                    started = self._clock()
                    try:
                        ok, frame = capture.read()
                    except Exception as exc:  # unplugged mid-read: same as a failed read
                        self._read_failures.failed(exc)
                        ok, frame = False, None
                    if not ok or frame is None:
                        break
                    self._mailbox.put(frame)
                    now = self._clock()
                    if now - last_preview >= self._preview_interval:
                        last_preview = now
                        self.frame_ready.emit(to_qimage(frame))
                    if frame_interval:  # files and folders play at camera pace
                        self._stop.wait(max(0.0, frame_interval - (self._clock() - started)))
            finally:
                capture.release()
            if self._stop.is_set():
                break
            if looping_file:
                continue  # end of a demo video: start it over
            self._set_status(STATUS_LOST)
            self._stop.wait(self._retry)

    # ------------------------------------------------------------------ decode loop (thread)

    def _decode_loop(self) -> None:
        # decode_frame's budget counts this thread's CPU time, which is the decode's whole cost only
        # while OpenCV keeps its work on this thread (its default pool has one thread per core).
        from pos_app.scanning.decode import single_threaded_opencv

        single_threaded_opencv()
        while True:
            frame = self._mailbox.take()
            if frame is None:
                return
            try:
                texts = [d.text for d in self._decoder(frame)]
            except Exception as exc:  # one bad frame must not end scanning
                self._decode_failures.failed(exc)
                continue
            for text in self._debouncer.feed(texts, self._clock()):
                self.scanned.emit(text)


def list_cameras() -> list[tuple[int | str, str]]:
    """Cameras as (source for CaptureWorker, description)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        QMediaDevices = None
    if QMediaDevices is not None:
        # Qt lists devices in the system order OpenCV also uses for indices.
        return [(i, dev.description()) for i, dev in enumerate(QMediaDevices.videoInputs())]
    return _probe_cameras(range(4))


def _probe_cameras(indices: range) -> list[tuple[int | str, str]]:
    import cv2

    found: list[tuple[int | str, str]] = []
    # A missing /dev/videoN is the answer here, not a fault: OpenCV's own warnings on stderr would
    # only scare the technician reading doctor's lines.
    log = cv2.utils.logging
    previous = log.getLogLevel()
    log.setLogLevel(log.LOG_LEVEL_ERROR)
    try:
        for index in indices:
            capture = cv2.VideoCapture(index)
            try:
                if capture.isOpened():
                    found.append((index, f"camera {index}"))
            finally:
                capture.release()
    finally:
        log.setLogLevel(previous)
    return found
