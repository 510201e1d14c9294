"""Finding the member: a scanned code, a typed card or phone number, or a name to pick from a list."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from pos_app.core import cards, contact
from pos_app.core.errors import UnknownCard
from pos_app.ui import member
from pos_app.ui.widgets import label

if TYPE_CHECKING:
    from pos_app.terminal import MemberView, Terminal

def card_from_code(terminal: Terminal, code: str, keys: dict[str, Any] | None = None) -> str:
    """Worker side: a scanned code (card barcode or signed ``TQ1.`` phone token) -> card number.

    A token is verified and used once by the terminal (its replay guard is in the database, shared
    with `tessera-pos member show TOKEN` and kept across restarts); ``keys`` are the server's, when the
    syncer has them already, else the terminal reads the ones of its last pull."""
    text = code.strip()
    if text.startswith("TQ1."):
        return terminal.card_of_token(text, keys)
    return text


def scanned(terminal: Terminal, code: str, keys: dict[str, Any] | None = None) -> member.MemberData:
    return member.load(terminal, card_from_code(terminal, code, keys))


def typed(terminal: Terminal, text: str) -> member.MemberData | list[MemberView]:
    """Worker side: a card or phone number opens the member; anything else searches by name/phone/e-mail."""
    if cards.looks_like_card(text):
        return member.load(terminal, text)
    if contact.looks_like_phone(text):
        try:
            return member.load(terminal, text)
        except UnknownCard:
            pass
    found = terminal.search(text)
    if len(found) == 1:
        return member.load(terminal, found[0].card)
    return found


class ResultList(QListWidget):
    picked = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.picked.emit(str(self.currentItem().data(Qt.ItemDataRole.UserRole)))
            return
        super().keyPressEvent(event)


class SearchResults(QWidget):
    """Members matching what was typed; Enter, a tap or a click opens one."""

    picked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = label(role="section")
        layout.addWidget(self.title)
        self.list = ResultList()
        self.list.setObjectName("results")
        self.list.setWordWrap(True)
        self.list.picked.connect(self.picked)
        self.list.itemClicked.connect(lambda item: self.picked.emit(str(item.data(Qt.ItemDataRole.UserRole))))
        layout.addWidget(self.list, 1)

    def show_results(self, text: str, found: list[MemberView]) -> None:
        self.list.clear()
        if not found:
            self.title.setText(self.tr("No member found for “%1”.").replace("%1", text))
            return
        self.title.setText(self.tr("Members matching “%1”: pick one").replace("%1", text))
        for view in found:
            parts = (cards.masked(view.card), view.phone or "", view.email or "")
            details = "  ·  ".join(p for p in parts if p)
            item = QListWidgetItem(f"{view.name}\n{details}")
            item.setData(Qt.ItemDataRole.UserRole, view.card)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.setFocus()
