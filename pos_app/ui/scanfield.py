"""The scan field: one line that tells a USB scanner from a person typing.

A barcode scanner in keyboard mode "types" the code in a fast burst and presses
Enter. A burst of at least ``MIN_SCAN_LENGTH`` characters, each key within
``MAX_GAP_S`` of the previous one (and Enter right after), is a scan and emits
``scanned(text)`` - the same path the camera uses. Anything slower is a person,
and Enter emits ``submitted(text)`` (card, phone or name search).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

MIN_SCAN_LENGTH = 8
MAX_GAP_S = 0.040


class ScanField(QLineEdit):
    scanned = Signal(str)
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.clock = clock
        self._run: list[str] = []  # characters of the current fast run
        self._last_key: float | None = None
        self.setObjectName("scanField")
        self.setClearButtonEnabled(True)
        self.setMaxLength(200)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        now = self.clock()
        gap = None if self._last_key is None else now - self._last_key
        self._last_key = now
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._enter(fast=gap is not None and gap <= MAX_GAP_S)
            event.accept()
            return
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            if gap is None or gap > MAX_GAP_S:
                self._run = []
            self._run.append(text)
        else:
            self._run = []
        super().keyPressEvent(event)

    def _enter(self, *, fast: bool) -> None:
        burst = "".join(self._run).strip()
        self._run = []
        self._last_key = None
        if fast and len(burst) >= MIN_SCAN_LENGTH:
            self.clear()
            self.scanned.emit(burst)
            return
        typed = self.text().strip()
        if typed:
            self.submitted.emit(typed)

    def reset(self) -> None:
        self.clear()
        self._run = []
        self._last_key = None
