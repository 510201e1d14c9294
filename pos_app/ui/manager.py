"""The store manager's screen: daily summary, sync problems, corrections, cashier PINs, settings, the
audit trail.

Only a cashier with role "manager" reaches it (F10 on the workspace). Sections are
picked with F2..F7 (buttons on the left); Esc or F10 goes back to the sales screen.
Every database call runs on the window's worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui import fmt, messages
from pos_app.ui.audit import AuditTab
from pos_app.ui.context import Context
from pos_app.ui.manager_forms import CashiersTab, CorrectionTab
from pos_app.ui.settings import SettingsTab
from pos_app.ui.summary import SummaryTab
from pos_app.ui.widgets import button, label
from pos_app.ui.wizard import run_again_button

if TYPE_CHECKING:
    from pos_app.terminal import Terminal


class SyncTab(QWidget):
    """Changes the server rejected (dead letters), with its reason."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Esc reaches the page even with no list shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Sync problems"), role="section"))
        self.info = label(self.tr("Changes the server refused, with its reason. They are not sent again."),
                          role="muted")
        layout.addWidget(self.info)
        self.summary = label("", role="question")
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("deadLetters")
        self.list.setWordWrap(True)
        self.list.hide()
        layout.addWidget(self.list, 1)
        layout.addStretch(0)
        self.letters: list[dict[str, Any]] | None = None

    def start(self) -> None:
        self.summary.setText(self.tr("Loading…"))
        self.ctx.run(_dead_letters, self._loaded, lambda e: self.summary.setText(messages.explain(e)))
        self.setFocus()

    def _loaded(self, letters: list[dict[str, Any]] | None) -> None:
        self.letters = letters
        self.list.clear()
        self.list.setVisible(bool(letters))
        if letters is None:
            self.summary.setText(self.tr("None: this terminal is not registered with a server."))
            return
        if not letters:
            self.summary.setText(self.tr("None: the server accepted every change."))
            return
        self.summary.setText(self.tr("%1 changes were refused by the server.")
                             .replace("%1", str(len(letters))))
        for letter in letters:
            created = str(letter.get("created_at") or "")
            when = fmt.iso_date_time(created) or created
            text = (self.tr("#%1 %2, %3: %4").replace("%1", str(letter.get("seq", "")))
                    .replace("%2", str(letter.get("kind", ""))).replace("%3", when)
                    .replace("%4", str(letter.get("reason") or "")))
            self.list.addItem(QListWidgetItem(text))
        self.list.setFocus()


def _dead_letters(terminal: Terminal) -> list[dict[str, Any]] | None:
    """Worker side: None when the terminal is not registered (nothing was ever sent)."""
    if not terminal.status().get("server_url"):
        return None
    return terminal.dead_letters()


class ManagerPage(QWidget):
    back_requested = Signal()
    settings_saved = Signal(object, object)  # old Options, new Options

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("manager")
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 8)
        header = QHBoxLayout()
        header.addWidget(label(self.tr("Manager"), role="title", wrap=False))
        self.who = label("", role="muted")
        header.addWidget(self.who, 1)
        self.back_button = button(self.tr("Back to sales"), "Esc")
        self.back_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.back_button.clicked.connect(self.back_requested)
        QShortcut(QKeySequence("F10"), self).activated.connect(self.back_requested)
        header.addWidget(self.back_button)
        outer.addLayout(header)
        body = QHBoxLayout()
        body.setSpacing(14)
        nav = QVBoxLayout()
        self.summary = SummaryTab(ctx)
        self.sync = SyncTab(ctx)
        self.correction = CorrectionTab(ctx)
        self.cashiers = CashiersTab(ctx)
        self.settings = SettingsTab(ctx)
        self.settings.saved.connect(self.settings_saved)
        self.audit = AuditTab(ctx)
        self.stack = QStackedWidget()
        self.group = QButtonGroup(self)
        self.nav_buttons: list[QPushButton] = []
        sections = [(self.summary, self.tr("Daily summary"), "F2"),
                    (self.sync, self.tr("Sync problems"), "F3"),
                    (self.correction, self.tr("Points correction"), "F4"),
                    (self.cashiers, self.tr("Cashiers"), "F5"),
                    (self.settings, self.tr("Settings"), "F6"),
                    (self.audit, self.tr("Audit trail"), "F7")]
        for panel, text, key in sections:
            self.stack.addWidget(panel)
            nav_button = button(text, key, self, stacked=True)
            nav_button.setCheckable(True)
            nav_button.setMinimumWidth(200)
            nav_button.setProperty("nav", True)
            nav_button.clicked.connect(lambda _c=False, p=panel: self.show_section(p))
            self.group.addButton(nav_button)
            self.nav_buttons.append(nav_button)
            nav.addWidget(nav_button)
        nav.addStretch(1)
        self.setup_button = run_again_button(self, ctx)  # the first-run wizard again, prefilled
        self.setup_button.setMinimumWidth(200)
        nav.addWidget(self.setup_button)
        body.addLayout(nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)

    def start(self, manager_name: str, card: str = "") -> None:
        self.who.setText(manager_name)
        self.correction.card.setText(card)
        self.cashiers.clear()
        self.show_section(self.summary)

    def show_section(self, panel: QWidget) -> None:
        index = self.stack.indexOf(panel)
        self.stack.setCurrentIndex(index)
        self.nav_buttons[index].setChecked(True)
        panel.start()  # type: ignore[attr-defined]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.back_requested.emit()
            return
        super().keyPressEvent(event)

