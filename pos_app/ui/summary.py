"""The manager's day: this terminal's figures beside the whole store's, the charts, the breakdowns.

Works offline from this terminal's own data (``Terminal.daily_report``); when the till is
registered and the server answers, the whole store's figures of the same day come beside
(``syncer.store_day``, on the worker: the window never waits on the network). Figures are
marked provisional while changes wait to be sent. Any past day can be chosen; days are the
shop's wall-clock days. The charts and tables show this terminal or the whole store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.core.money import Currency, currency
from pos_app.ui import fmt, messages, syncer
from pos_app.ui.context import Context
from pos_app.ui.widgets import Banner, DayPicker, button, label, repolish

if TYPE_CHECKING:
    from pos_app.ui.daycharts import HourChart, TrendChart

THIS, STORE = "terminal", "store"
MONEY = {"sales_amount"}


def _write(report: dict[str, Any], out: Path, kind: str) -> Path:
    if kind == "pdf":
        from pos_app.reportpdf import write_daily_pdf

        write_daily_pdf(report, out)
    else:
        from pos_app.reportcsv import write_daily_csv

        write_daily_csv(report, out)
    return out


class SummaryTab(QWidget):
    """One day of ``Terminal.daily_report``, the store's beside it, as a PDF or a CSV."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: dict[str, Any] | None = None
        self.store: dict[str, Any] | None = None
        self.sales_chart: HourChart
        self.points_chart: HourChart
        self.trend_chart: TrendChart
        self.ask_path: Callable[[str], str] = self._ask_path  # tests inject a path
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(label(self.tr("Daily summary"), role="section"))
        outer.addLayout(self._controls())
        self.message = Banner()
        outer.addWidget(self.message)
        self.body_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        content = QVBoxLayout(body)
        content.setContentsMargins(0, 0, 8, 0)
        top = QHBoxLayout()  # the figures, and beside them the day by hour
        figures = QVBoxLayout()
        figures.addLayout(self._figures())
        figures.addStretch(1)
        top.addLayout(figures, 3)
        self.hour_charts = QVBoxLayout()
        self.hour_charts.addWidget(label(self.tr("By hour"), role="muted"))
        top.addLayout(self.hour_charts, 2)
        content.addLayout(top)
        content.addWidget(label(self.tr("The last 30 days"), role="muted"))
        self.trend_box = QVBoxLayout()
        content.addLayout(self.trend_box)
        tables = QHBoxLayout()
        self.rewards = self._table("rewardTable", [self.tr("Reward"), self.tr("Redeemed"), self.tr("Points")])
        self.cashiers = self._table("cashierTable", [
            self.tr("Cashier"), self.tr("Sales"), self.tr("Net sales"), self.tr("Points issued"),
            self.tr("Redeemed")])
        tables.addWidget(self.rewards)
        tables.addWidget(self.cashiers, 2)
        content.addLayout(tables)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.pdf_button = button(self.tr("Save PDF"), "Ctrl+S", self, kind="primary")
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button = button(self.tr("Export CSV"), "Ctrl+E", self)
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.csv_button)
        outer.addLayout(buttons)

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label(self.tr("Day"), wrap=False))
        self.day = DayPicker("summaryDay", self.load)
        self.day.setMinimumWidth(220)
        row.addWidget(self.day)
        row.addStretch(1)
        self.scope = QButtonGroup(self)
        self.scope_buttons: dict[str, QPushButton] = {}
        for key, text in ((THIS, self.tr("This terminal")), (STORE, self.tr("Whole store"))):
            choice = QPushButton(text)
            choice.setObjectName(f"scope_{key}")
            choice.setCheckable(True)
            choice.setMinimumHeight(44)
            choice.clicked.connect(lambda _c=False: self._show_breakdowns())
            self.scope.addButton(choice)
            self.scope_buttons[key] = choice
            row.addWidget(choice)
        self.scope_buttons[THIS].setChecked(True)
        self.scope_buttons[STORE].setEnabled(False)
        return row

    def _figures(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setVerticalSpacing(6)
        grid.setHorizontalSpacing(16)
        grid.addWidget(label(self.tr("This terminal"), role="muted", wrap=False), 0, 1)
        grid.addWidget(label(self.tr("Whole store"), role="muted", wrap=False), 0, 2)
        self.values: dict[str, QLabel] = {}
        self.store_values: dict[str, QLabel] = {}
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
        for row_no, (key, text) in enumerate(names, start=1):
            grid.addWidget(label(text, role="muted"), row_no, 0)
            for column, into, prefix in ((1, self.values, "summary"), (2, self.store_values, "store")):
                value = label("–", role="value", wrap=False)
                value.setObjectName(f"{prefix}_{key}")
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(value, row_no, column)
                into[key] = value
        grid.setColumnStretch(0, 1)
        return grid

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMinimumHeight(140)
        return table

    def _build_charts(self) -> None:
        """The charts, made the first time the page opens: pyqtgraph and numpy stay out of the window's
        start-up (the sales screens never draw a chart)."""
        from pos_app.ui.daycharts import POINTS, SALES, HourChart, TrendChart

        self.sales_chart = HourChart("sales", self.tr("Member sales"), SALES)
        self.points_chart = HourChart("points_issued", self.tr("Points issued"), POINTS)
        self.hour_charts.addWidget(self.sales_chart)
        self.hour_charts.addWidget(self.points_chart)
        self.trend_chart = TrendChart()
        self.trend_chart.setMinimumHeight(220)
        self.trend_box.addWidget(self.trend_chart)

    def start(self) -> None:
        if not hasattr(self, "trend_chart"):
            self._build_charts()
        self.day.open_on(self.ctx.today())

    def selected_day(self) -> date:
        return self.day.day()

    def load(self) -> None:
        day = self.selected_day()
        self.pdf_button.setEnabled(False)
        self.csv_button.setEnabled(False)
        self.store = None
        self.ctx.run(lambda t: t.daily_report(day), self._loaded, self._failed)
        self.ctx.run(lambda t: syncer.store_day(t, day), self._store_loaded,
                     lambda _e: self._store_loaded(None))

    def _currency(self, report: dict[str, Any]) -> Currency:
        return currency(report.get("currency", self.ctx.currency.code))

    def _loaded(self, report: dict[str, Any]) -> None:
        if report.get("date") != self.selected_day().isoformat():
            return  # an older answer for another day
        self.report = report
        cur = self._currency(report)
        for key, widget in self.values.items():
            value = int(report.get(key, 0))
            widget.setText(fmt.money(value, cur) if key in MONEY else fmt.points(value))
            warn = key in ("members_negative", "pending_ops") and value > 0
            if widget.property("warn") != warn:
                widget.setProperty("warn", warn)
                repolish(widget)
        pending = int(report.get("pending_ops", 0))
        if pending:
            self.message.show_message("info", self.tr("Provisional: %1 changes of this terminal are not yet"
                                                      " sent to the server.").replace("%1", str(pending)))
        else:
            self.message.clear_message()
        self.trend_chart.set_trend(report.get("trend") or [])
        self._show_breakdowns()
        self.pdf_button.setEnabled(True)
        self.csv_button.setEnabled(True)

    def _store_loaded(self, store: dict[str, Any] | None) -> None:
        if store is not None and store.get("date") != self.selected_day().isoformat():
            return
        self.store = store
        cur = self._currency(self.report or {})
        for key, widget in self.store_values.items():
            shown = "–"
            if store is not None and key in store:
                value = int(store[key])
                shown = fmt.money(value, cur) if key in MONEY else fmt.points(value)
            widget.setText(shown)
        self.scope_buttons[STORE].setEnabled(store is not None)
        if store is None:
            self.scope_buttons[THIS].setChecked(True)
            self.store_values["transactions"].setToolTip(
                self.tr("No answer from the server: this terminal only."))
        self._show_breakdowns()

    def _show_breakdowns(self) -> None:
        source = self.store if self.scope_buttons[STORE].isChecked() and self.store else self.report
        if source is None:
            return
        cur = self._currency(self.report or source)
        self.sales_chart.set_hours(source.get("by_hour") or [])
        self.points_chart.set_hours(source.get("by_hour") or [])
        rows = [[r["reward"], fmt.points(int(r["redemptions"])), fmt.points(int(r["points"]))]
                for r in source.get("by_reward") or []]
        _fill(self.rewards, rows)
        rows = [[c["cashier"] or self.tr("(none)"), fmt.points(int(c["sales"])),
                 fmt.money(int(c["sales_amount"]), cur), fmt.points(int(c["points_issued"])),
                 fmt.points(int(c["redemptions"]))] for c in source.get("by_cashier") or []]
        _fill(self.cashiers, rows)

    def _failed(self, error: BaseException) -> None:
        self.message.show_message("error", messages.explain(error))

    def _ask_path(self, suggested: str) -> str:
        pdf = suggested.endswith(".pdf")
        filters = self.tr("PDF files (*.pdf)") if pdf else self.tr("CSV files (*.csv)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the daily summary"), suggested, filters)
        return path

    def save(self, kind: str) -> None:
        report = self.report
        if report is None:
            return
        chosen = self.ask_path(str(Path.home() / f"tessera-{report['date']}.{kind}"))
        if not chosen:
            return
        out = Path(chosen) if chosen.lower().endswith(f".{kind}") else Path(f"{chosen}.{kind}")
        self.pdf_button.setEnabled(False)
        self.csv_button.setEnabled(False)
        self.ctx.worker.run(lambda: _write(report, out, kind), self._saved, self._save_failed)

    def _saved(self, out: Path) -> None:
        self.pdf_button.setEnabled(True)
        self.csv_button.setEnabled(True)
        self.message.show_message("ok", self.tr("Saved %1.").replace("%1", str(out)))

    def _save_failed(self, error: BaseException) -> None:
        self.pdf_button.setEnabled(True)
        self.csv_button.setEnabled(True)
        self.message.show_message("error", self.tr("Cannot save the file: %1").replace("%1", str(error)))


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
