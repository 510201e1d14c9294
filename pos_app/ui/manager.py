"""The store manager's screen: daily summary, sync problems, corrections, cashier PINs, settings.

Only a cashier with role "manager" reaches it (F10 on the workspace). Sections are
picked with F2..F6 (buttons on the left); Esc or F10 goes back to the sales screen.
Every database call runs on the window's worker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.core.money import currency
from pos_app.ui import fmt, messages
from pos_app.ui.context import Context
from pos_app.ui.manager_forms import CashiersTab, CorrectionTab
from pos_app.ui.settings import SettingsTab
from pos_app.ui.widgets import Banner, button, label, repolish
from pos_app.ui.wizard import run_again_button

if TYPE_CHECKING:
    from pos_app.terminal import Terminal


def _write_pdf(report: dict[str, Any], out: Path) -> Path:
    from pos_app.reportpdf import write_daily_pdf

    write_daily_pdf(report, out)
    return out


class SummaryTab(QWidget):
    """The figures of ``Terminal.daily_report`` for one day, and the same as a PDF."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: dict[str, Any] | None = None
        self.ask_path: Callable[[str], str] = self._ask_path  # tests inject a path
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Daily summary"), role="section"))
        row = QHBoxLayout()
        row.addWidget(label(self.tr("Day"), wrap=False))
        self.day = QDateEdit()
        self.day.setObjectName("summaryDay")
        self.day.setCalendarPopup(True)
        self.day.setMinimumHeight(44)
        self.day.setMinimumWidth(220)
        self.day.dateChanged.connect(lambda _d: self.load())
        row.addWidget(self.day)
        row.addStretch(1)
        layout.addLayout(row)
        grid = QGridLayout()
        grid.setVerticalSpacing(8)
        grid.setHorizontalSpacing(16)
        self.values: dict[str, Any] = {}
        names = [
            ("transactions", self.tr("Transactions")),
            ("sales_amount", self.tr("Net sales")),
            ("points_issued", self.tr("Points issued")),
            ("points_redeemed", self.tr("Points redeemed")),
            ("points_expired", self.tr("Points expired")),
            ("points_adjusted", self.tr("Points adjusted")),
            ("enrollments", self.tr("New members")),
            ("members_negative", self.tr("Members with a negative balance")),
            ("pending_ops", self.tr("Changes not yet sent to the server")),
        ]
        for row_no, (key, text) in enumerate(names):
            grid.addWidget(label(text, role="muted"), row_no, 0)
            value = label("–", role="value", wrap=False)
            value.setObjectName(f"summary_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(value, row_no, 1)
            self.values[key] = value
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.message = Banner()
        layout.addWidget(self.message)
        self.pdf_button = button(self.tr("Save PDF"), "Ctrl+S", self, kind="primary")
        self.pdf_button.clicked.connect(self.save_pdf)
        layout.addWidget(self.pdf_button)

    def start(self) -> None:
        today = self.ctx.now().astimezone().date()
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        if self.day.date() != QDate(today.year, today.month, today.day):
            self.day.setDate(QDate(today.year, today.month, today.day))  # loads
        else:
            self.load()
        self.day.setFocus()

    def selected_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def load(self) -> None:
        day = self.selected_day()
        self.pdf_button.setEnabled(False)
        self.ctx.run(lambda t: t.daily_report(day), self._loaded, self._failed)

    def _loaded(self, report: dict[str, Any]) -> None:
        if report.get("date") != self.selected_day().isoformat():
            return  # an older answer for another day
        self.report = report
        cur = currency(report.get("currency", self.ctx.currency.code))
        for key, widget in self.values.items():
            value = int(report.get(key, 0))
            widget.setText(fmt.money(value, cur) if key == "sales_amount" else fmt.points(value))
            warn = key in ("members_negative", "pending_ops") and value > 0
            if widget.property("warn") != warn:
                widget.setProperty("warn", warn)
                repolish(widget)
        self.pdf_button.setEnabled(True)

    def _failed(self, error: BaseException) -> None:
        self.message.show_message("error", messages.explain(error))

    def _ask_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the daily summary"), suggested,
                                              self.tr("PDF files (*.pdf)"))
        return path

    def save_pdf(self) -> None:
        report = self.report
        if report is None:
            return
        suggested = str(Path.home() / f"tessera-{report['date']}.pdf")
        chosen = self.ask_path(suggested)
        if not chosen:
            return
        out = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
        self.pdf_button.setEnabled(False)
        self.ctx.worker.run(lambda: _write_pdf(report, out), self._saved, self._save_failed)

    def _saved(self, out: Path) -> None:
        self.pdf_button.setEnabled(True)
        self.message.show_message("ok", self.tr("Saved %1.").replace("%1", str(out)))

    def _save_failed(self, error: BaseException) -> None:
        self.pdf_button.setEnabled(True)
        self.message.show_message("error", self.tr("Cannot save the PDF: %1").replace("%1", str(error)))


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
        self.stack = QStackedWidget()
        self.group = QButtonGroup(self)
        self.nav_buttons: list[QPushButton] = []
        sections = [(self.summary, self.tr("Daily summary"), "F2"),
                    (self.sync, self.tr("Sync problems"), "F3"),
                    (self.correction, self.tr("Points correction"), "F4"),
                    (self.cashiers, self.tr("Cashiers"), "F5"),
                    (self.settings, self.tr("Settings"), "F6")]
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

