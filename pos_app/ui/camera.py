"""Camera preview slot. Decoded codes leave through ``scanned(text)``, the same path as the keyboard scanner.

The capture worker (``pos_app.scanning.capture``, OpenCV) is imported on the worker
thread only when a camera is configured, so start-up never pays for it.
"""

from __future__ import annotations

import logging
from functools import partial
from types import ModuleType
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger("tessera.ui.camera")

PREVIEW_W, PREVIEW_H = 160, 90


def _load_capture() -> ModuleType:
    from pos_app.scanning import capture  # OpenCV: loaded on the worker, only when a camera is configured

    return capture


class CameraSlot(QLabel):
    scanned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("camera")
        self.setFixedSize(PREVIEW_W, PREVIEW_H)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.capture: Any = None
        self.status = ""
        self.hide()

    def start(self, source: str, worker: Any, cooldown_s: float = 3.0,
              resolution: tuple[int, int] | None = None) -> None:
        """Open ``source`` (camera index, video file or image folder) once the capture module is loaded.

        ``resolution`` (width, height) is asked of a camera; files keep their own size.
        """
        if not source or self.capture is not None:
            return
        self.show()
        self.setText(self.tr("Starting camera…"))
        worker.run(_load_capture, lambda module: self._started(module, source, cooldown_s, resolution),
                   self._unavailable)

    def _started(self, module: Any, source: str, cooldown_s: float,
                 resolution: tuple[int, int] | None) -> None:
        extra = {"capture_factory": partial(module.open_source, size=resolution)} if resolution else {}
        capture = module.CaptureWorker(int(source) if source.isdigit() else source,
                                       debouncer=module.Debouncer(cooldown=cooldown_s), **extra)
        capture.frame_ready.connect(self._frame)
        capture.scanned.connect(self.scanned)
        capture.status_changed.connect(self._status)
        self.capture = capture
        capture.start()

    def _unavailable(self, error: BaseException) -> None:
        log.warning("camera unavailable: %s", error)
        self.setText(self.tr("No camera"))

    def _frame(self, image: QImage) -> None:
        self.setPixmap(QPixmap.fromImage(image).scaled(
            self.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation))

    def _status(self, status: str) -> None:
        self.status = status
        if status != "scanning":
            self.clear()
            self.setText(self.tr("No camera") if status == "no camera" else self.tr("Camera lost"))

    def stop(self) -> None:
        if self.capture is not None:
            self.capture.stop()
            self.capture.wait(3000)
            self.capture = None
