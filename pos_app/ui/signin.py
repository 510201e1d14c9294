"""Sign in with a cashier PIN: keyboard or the on-screen pad; a locked pad counts down."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos_app.core.errors import Code, TesseraError
from pos_app.ui.widgets import Banner, label

PAD_LOCK_SECONDS = 60  # what PIN_PAD_LOCKED means when it carries no seconds


def lock_seconds(error: BaseException) -> int | None:
    """Seconds the pad stays locked according to a sign-in refusal, or None if it is not a lockout."""
    if not isinstance(error, TesseraError) or error.code not in (Code.PIN_LOCKED, Code.PIN_PAD_LOCKED):
        return None
    seconds = error.params.get("seconds")
    return seconds if isinstance(seconds, int) else PAD_LOCK_SECONDS


class SignInPage(QWidget):
    pin_entered = Signal(str)

    def __init__(self, monotonic: Callable[[], float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.monotonic = monotonic
        self.locked_until: float | None = None
        self.setObjectName("signIn")
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(10)
        outer.addLayout(column, 0)
        outer.addStretch(1)
        column.addStretch(1)
        self.title = label(self.tr("Tessera"), role="brand")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.title)
        self.prompt = label(self.tr("Cashier PIN"), role="question")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(self.prompt)
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(6)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self.pin))
        self.pin.returnPressed.connect(self.submit)
        column.addWidget(self.pin)

        pad = QGridLayout()
        pad.setSpacing(8)
        self.keys: dict[str, QPushButton] = {}
        layout_keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for index, key in enumerate(layout_keys):
            btn = QPushButton(self.tr("OK") if key == "OK" else key)
            btn.setObjectName(f"key_{'ok' if key == 'OK' else 'back' if key == '⌫' else key}")
            btn.setProperty("kind", "primary" if key == "OK" else "pad")
            btn.setFixedSize(104, 68)
            btn.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            btn.clicked.connect(lambda _=False, k=key: self._press(k))
            pad.addWidget(btn, index // 3, index % 3)
            self.keys[key] = btn
        column.addLayout(pad)
        self.message = Banner()
        self.message.setFixedWidth(3 * 104 + 2 * 8)
        column.addWidget(self.message)
        column.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self.set_ready(False)

    def set_ready(self, ready: bool) -> None:
        """False while the database opens or a PIN is being checked."""
        locked = self.locked_until is not None
        for widget in [self.pin, *self.keys.values()]:
            widget.setEnabled(ready and not locked)
        if ready and not locked:
            self.pin.setFocus()

    def reset(self) -> None:
        self.pin.clear()
        if self.locked_until is None:
            self.message.clear_message()
        self.set_ready(True)

    def _press(self, key: str) -> None:
        if key == "OK":
            self.submit()
        elif key == "⌫":
            self.pin.backspace()
        elif len(self.pin.text()) < 6:
            self.pin.insert(key)
        self.pin.setFocus()

    def submit(self) -> None:
        pin = self.pin.text()
        if self.locked_until is not None or not self.pin.isEnabled():
            return
        if not 4 <= len(pin) <= 6:
            self.message.show_message("error", self.tr("A PIN is 4 to 6 digits."))
            return
        self.set_ready(False)
        self.pin_entered.emit(pin)

    def refused(self, text: str, seconds: int | None) -> None:
        self.pin.clear()
        if seconds is not None:
            self.lock_for(seconds)
            return
        self.message.show_message("error", text)
        self.set_ready(True)

    def lock_for(self, seconds: int) -> None:
        self.locked_until = self.monotonic() + seconds
        self.set_ready(False)
        self._tick()
        self._timer.start()

    def seconds_left(self) -> int:
        if self.locked_until is None:
            return 0
        return max(0, math.ceil(self.locked_until - self.monotonic()))

    def _tick(self) -> None:
        left = self.seconds_left()
        if left <= 0:
            self._timer.stop()
            self.locked_until = None
            self.message.show_message("info", self.tr("You can try again."))
            self.set_ready(True)
            return
        locked = self.tr("Too many wrong PINs. Locked for %1 s.").replace("%1", str(left))
        self.message.show_message("error", locked)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text().isdigit() and self.pin.isEnabled() and not self.pin.hasFocus():
            self._press(event.text())
            return
        super().keyPressEvent(event)
