"""The manager screen's audit trail: who did what, when, to which member; filtered, exported as CSV.

Rows come from :meth:`pos_app.staff.StaffDesk.audit_trail` on the window's worker (the window holds no
SQL); the CSV is :meth:`~pos_app.staff.StaffDesk.audit_csv` of the same filters, written on the worker.
Only a manager reaches it (it is a page of the manager screen). Times are shown on the shop's clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui import messages
from pos_app.ui.context import Context
from pos_app.ui.widgets import Banner, DayPicker, button, label

if TYPE_CHECKING:
    from pos_app.terminal import Terminal

SHOWN = 1000  # the newest rows shown; the CSV holds every row of the filters


# The kinds of pos_app.store.audit.KINDS (a test keeps the two alike), as the table names them.
KIND_LABELS: dict[str, object] = {  # English sources of context AuditTab
    "sign_in": QT_TRANSLATE_NOOP("AuditTab", "Signed in"),
    "sign_in.failed": QT_TRANSLATE_NOOP("AuditTab", "Wrong PIN at sign-in"),
    "manager_pin": QT_TRANSLATE_NOOP("AuditTab", "Manager PIN approved"),
    "manager_pin.failed": QT_TRANSLATE_NOOP("AuditTab", "Wrong manager PIN"),
    "manager_pin.refused": QT_TRANSLATE_NOOP("AuditTab", "Cashier PIN refused for a manager act"),
    "adjust": QT_TRANSLATE_NOOP("AuditTab", "Points correction"),
    "voucher.void": QT_TRANSLATE_NOOP("AuditTab", "Voucher voided"),
    "voucher.use": QT_TRANSLATE_NOOP("AuditTab", "Voucher used"),
    "enroll": QT_TRANSLATE_NOOP("AuditTab", "Member enrolled"),
    "cashier.set": QT_TRANSLATE_NOOP("AuditTab", "Cashier added"),
    "cashier.role": QT_TRANSLATE_NOOP("AuditTab", "Cashier role changed"),
    "cashier.reset": QT_TRANSLATE_NOOP("AuditTab", "Cashier PIN reset"),
    "cashier.disable": QT_TRANSLATE_NOOP("AuditTab", "Cashier disabled"),
    "settings.change": QT_TRANSLATE_NOOP("AuditTab", "Settings changed"),
    "setup.run": QT_TRANSLATE_NOOP("AuditTab", "Setup wizard run"),
    "restore": QT_TRANSLATE_NOOP("AuditTab", "Backup restored"),
    "restore.failed": QT_TRANSLATE_NOOP("AuditTab", "Wrong PIN at restore"),
}
COLUMNS = (QT_TRANSLATE_NOOP("AuditTab", "Time"), QT_TRANSLATE_NOOP("AuditTab", "Cashier"),
           QT_TRANSLATE_NOOP("AuditTab", "Kind"), QT_TRANSLATE_NOOP("AuditTab", "Member"),
           QT_TRANSLATE_NOOP("AuditTab", "Detail"))


def kind_label(kind: str) -> str:
    text = KIND_LABELS.get(kind)
    return QCoreApplication.translate("AuditTab", str(text)) if text else kind


def _write_csv(terminal: Terminal, filters: dict[str, Any], out: Path) -> tuple[Path, int]:
    """Worker side: every row of the filters (no display limit) into ``out``."""
    rows = terminal.audit_trail(**filters)
    out.write_text(terminal.audit_csv(rows), encoding="utf-8")
    return out, len(rows)


class AuditTab(QWidget):
    """The audit trail as a table (time, cashier, kind, member, detail) with filters and Export CSV."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[Any] = []  # pos_app.store.audit.AuditRow, as the worker answered
        self._asked = 0  # the newest request: an older answer is dropped
        self.ask_path: Callable[[str], str] = self._ask_path  # tests inject a path
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Audit trail"), role="section"))
        layout.addWidget(label(self.tr("Manager acts and wrong PINs, as they happened. "
                                       "Nothing here can be changed or removed."), role="muted"))
        filters = QHBoxLayout()
        self.any_day = QCheckBox(self.tr("All days"))
        self.any_day.setObjectName("auditAnyDay")
        self.any_day.toggled.connect(self._any_day_toggled)
        self.day = DayPicker("auditDay", self.load)
        self.cashier = QLineEdit()
        self.cashier.setObjectName("auditCashier")
        self.cashier.setPlaceholderText(self.tr("Cashier id"))
        self.cashier.setMaxLength(64)
        self.cashier.setMinimumHeight(44)
        self.cashier.editingFinished.connect(self.load)
        self.kind = QComboBox()
        self.kind.setObjectName("auditKind")
        self.kind.setMinimumHeight(44)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(14)  # long kind names would widen the whole manager screen
        self.kind.addItem(self.tr("Every kind"), "")
        for code in KIND_LABELS:
            self.kind.addItem(kind_label(code), code)
        self.kind.currentIndexChanged.connect(lambda _i: self.load())
        self.card = QLineEdit()
        self.card.setObjectName("auditCard")
        self.card.setPlaceholderText(self.tr("Card or last 4 digits"))
        self.card.setMaxLength(20)
        self.card.setMinimumHeight(44)
        self.card.editingFinished.connect(self.load)
        filters.addWidget(label(self.tr("Day"), wrap=False))
        filters.addWidget(self.day)
        filters.addWidget(self.any_day)
        filters.addStretch(1)
        layout.addLayout(filters)
        more = QHBoxLayout()
        for widget in (self.cashier, self.kind, self.card):
            widget.setMinimumWidth(120)
            widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            more.addWidget(widget, 1)
        layout.addLayout(more)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels([self.tr(str(c)) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.message = Banner()
        layout.addWidget(self.message)
        self.export_button = button(self.tr("Export CSV"), "Ctrl+E", self, kind="primary")
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self.export_csv)
        layout.addWidget(self.export_button)

    # --- filters and loading -----------------------------------------------------------------------

    def start(self) -> None:
        self.table.setRowCount(0)  # nothing of an earlier manager's look stays on screen
        self.rows = []
        self.message.clear_message()
        self.day.open_on(self.ctx.today())

    def _any_day_toggled(self, on: bool) -> None:
        self.day.setEnabled(not on)
        self.load()

    def selected_day(self) -> date | None:
        return None if self.any_day.isChecked() else self.day.day()

    def filters(self) -> dict[str, Any]:
        return {"day": self.selected_day(), "cashier": self.cashier.text().strip() or None,
                "kind": str(self.kind.currentData() or "") or None, "card": self.card.text().strip() or None}

    def load(self) -> None:
        if self.ctx.terminal is None:
            return
        self._asked += 1
        asked, filters = self._asked, self.filters()
        self.export_button.setEnabled(False)
        self.ctx.run(lambda t: t.audit_trail(**filters, limit=SHOWN),
                     lambda rows: self._loaded(asked, rows), lambda e: self._failed(asked, e))

    def _loaded(self, asked: int, rows: list[Any]) -> None:
        if asked != self._asked:
            return  # an older answer for other filters
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row_no, row in enumerate(rows):
            who = row.cashier_name or row.cashier_id or self.tr("unknown")
            if row.cashier_name and row.cashier_id:
                who = f"{row.cashier_name} ({row.cashier_id})"
            at = self.ctx.shop_time(row.at).strftime("%Y-%m-%d %H:%M:%S")
            cells = (at, who, kind_label(row.kind), row.card or "", row.detail_text())
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setToolTip(row.kind)
                self.table.setItem(row_no, col, item)
        self.export_button.setEnabled(True)
        if not rows:
            self.message.show_message("info", self.tr("No rows for these filters."))
        elif len(rows) >= SHOWN:
            self.message.show_message("info", self.tr("The newest %1 rows are shown; Export CSV writes "
                                                      "them all.").replace("%1", str(SHOWN)))
        else:
            self.message.clear_message()

    def _failed(self, asked: int, error: BaseException) -> None:
        if asked == self._asked:
            self.export_button.setEnabled(True)
            self.message.show_message("error", messages.explain(error))

    # --- export ------------------------------------------------------------------------------------

    def _ask_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the audit trail"), suggested,
                                              self.tr("CSV files (*.csv)"))
        return path

    def export_csv(self) -> None:
        day = self.selected_day()
        suggested = str(Path.home() / f"tessera-audit-{day.isoformat() if day else 'all'}.csv")
        chosen = self.ask_path(suggested)
        if not chosen:
            return
        out = Path(chosen) if chosen.lower().endswith(".csv") else Path(chosen + ".csv")
        filters = self.filters()
        self.export_button.setEnabled(False)
        self.ctx.run(lambda t: _write_csv(t, filters, out), self._exported, self._export_failed)

    def _exported(self, done: tuple[Path, int]) -> None:
        out, count = done
        self.export_button.setEnabled(True)
        self.message.show_message("ok", self.tr("Saved %1 rows to %2.").replace("%1", str(count))
                                  .replace("%2", str(out)))

    def _export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.message.show_message("error", self.tr("Cannot save the CSV: %1")
                                  .replace("%1", messages.explain(error)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.load()
            return
        super().keyPressEvent(event)
