"""Small building blocks shared by the screens: big buttons, banners, labelled values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QDateEdit, QLabel, QPushButton, QSizePolicy, QWidget

MIN_BANNER = 44


def with_key(text: str, key: str, *, stacked: bool = False) -> str:
    """Button text showing its shortcut: "Sale  F2", or on two lines for the narrow action bar."""
    if not key:
        return text
    return f"{text}\n{key}" if stacked else f"{text}  {key}"


def button(text: str, key: str = "", parent: QWidget | None = None, *, kind: str = "",
           min_height: int = 52, stacked: bool = False) -> QPushButton:
    """A large button showing its keyboard shortcut; the key also triggers it (unless Enter/Esc)."""
    btn = QPushButton(with_key(text, key, stacked=stacked), parent)
    btn.setMinimumHeight(64 if stacked else min_height)
    btn.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    btn.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    if kind:
        btn.setProperty("kind", kind)
    if key and parent is not None and key not in ("Enter", "Esc"):
        shortcut = QShortcut(QKeySequence(key), parent)
        shortcut.activated.connect(lambda: btn.click() if btn.isEnabled() and btn.isVisible() else None)
    return btn


def label(text: str = "", parent: QWidget | None = None, *, role: str = "", wrap: bool = True) -> QLabel:
    widget = QLabel(text, parent)
    widget.setWordWrap(wrap)
    if role:
        widget.setProperty("role", role)
    return widget


class Banner(QLabel):
    """One line of feedback: ok (green), info (blue) or error (red), always in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setMinimumHeight(MIN_BANNER)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.clear_message()

    def show_message(self, kind: str, text: str) -> None:
        self.setProperty("kind", kind)
        self.setText(text)
        self.style().unpolish(self)
        self.style().polish(self)
        self._fit()

    def _fit(self) -> None:
        """Grow to every wrapped line: stacked pages do not pass height-for-width on by themselves."""
        need = self.heightForWidth(self.width()) if self.text() else 0
        self.setMinimumHeight(max(MIN_BANNER, need))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def clear_message(self) -> None:
        self.show_message("none", "")

    @property
    def kind(self) -> str:
        return str(self.property("kind"))


def repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class DayPicker(QDateEdit):
    """A day of the shop's clock with a calendar popup; ``changed`` is called whenever the day changes."""

    def __init__(self, name: str, changed: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setCalendarPopup(True)
        self.setMinimumHeight(44)
        self.changed = changed
        self.dateChanged.connect(lambda _d: self.changed())

    def open_on(self, today: date) -> None:
        """No day after ``today``; show it (``changed`` is called once either way) and take the focus."""
        shown = QDate(today.year, today.month, today.day)
        self.setMaximumDate(shown)
        if self.date() != shown:
            self.setDate(shown)  # calls changed
        else:
            self.changed()
        self.setFocus()

    def day(self) -> date:
        d = self.date()
        return date(d.year(), d.month(), d.day())
