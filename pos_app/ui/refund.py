"""Refund by receipt number: the whole sale, or part of it.

A receipt rung on another till of the store is fetched from the server (on the worker, 1.5 s at most).
Offline, a receipt this till does not know can be queued as a pending refund once the cashier confirms:
the server applies it when the sale reaches it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from pos_app.core.errors import Code, DomainError, InvalidInput
from pos_app.ui import fmt, messages, syncer
from pos_app.ui.context import Bus, Context
from pos_app.ui.widgets import Banner, button, label, with_key

if TYPE_CHECKING:
    from pos_app.terminal import RefundResult


class RefundPanel(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.result: RefundResult | None = None
        self._busy = False
        self.to_queue: tuple[str, int | None] | None = None  # (receipt, amount) the cashier may queue
        self._asked: tuple[str, int | None] = ("", None)  # what the last refund job was given
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Refund"), role="section"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.receipt = QLineEdit()
        self.receipt.setObjectName("refundReceipt")
        self.receipt.setMaxLength(64)
        self.amount = QLineEdit()
        self.amount.setObjectName("refundAmount")
        self.amount.setPlaceholderText(self.tr("empty: the whole sale"))
        form.addRow(self.tr("Receipt number"), self.receipt)
        form.addRow(self.tr("Amount to refund (%1)").replace("%1", ctx.currency.code), self.amount)
        layout.addLayout(form)
        layout.addWidget(label(self.tr("Points earned on the refunded part are taken back."), role="muted"))
        layout.addStretch(1)
        self.message = Banner()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.cancel_button = button(self.tr("Cancel"), "Esc")
        self.refund_button = button(self.tr("Refund"), "Enter", kind="danger")
        row.addWidget(self.cancel_button)
        row.addWidget(self.refund_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.cancel)
        self.refund_button.clicked.connect(self.submit)
        self.receipt.returnPressed.connect(self.submit)
        self.amount.returnPressed.connect(self.submit)
        self.receipt.textEdited.connect(self._edited)
        self.amount.textEdited.connect(self._edited)

    def start(self, receipt: str = "") -> None:
        self.receipt.setText(receipt)
        self.amount.clear()
        self.result = None
        self._edited()
        self.message.clear_message()
        self.receipt.setFocus()

    def _edited(self, _text: str = "") -> None:
        """Another receipt or amount: the question to queue the previous one no longer stands."""
        if self.to_queue is not None:
            self.to_queue = None
            self.refund_button.setText(with_key(self.tr("Refund"), "Enter"))
            self.message.clear_message()

    def submit(self) -> None:
        if self._busy:
            return
        if self.to_queue is not None:
            self._queue(*self.to_queue)
            return
        receipt = self.receipt.text().strip()
        if not receipt:
            self.message.show_message("error", self.tr("Type or scan the receipt number."))
            self.receipt.setFocus()
            return
        amount: int | None = None
        if self.amount.text().strip():
            try:
                amount = fmt.parse_money(self.amount.text(), self.ctx.currency)
            except InvalidInput as exc:
                self.message.show_message("error", messages.explain(exc))
                self.amount.setFocus()
                return
        cashier = self.ctx.cashier_id
        self._busy = True
        self.refund_button.setEnabled(False)
        self._asked = (receipt, amount)
        self.ctx.run(lambda t: syncer.refund(t, receipt, amount, cashier), self._refunded, self._refused)

    def _queue(self, receipt: str, amount: int | None) -> None:
        cashier = self.ctx.cashier_id
        self._busy = True
        self.refund_button.setEnabled(False)
        self.ctx.run(lambda t: t.queue_refund(receipt, amount, cashier), self._queued, self._refused)

    def _queued(self, result: RefundResult) -> None:
        self._busy = False
        self.refund_button.setEnabled(True)
        self._edited()
        self.result = result
        self.bus.notify.emit("ok", self.tr("Refund of receipt %1 queued: it will be applied when the sale "
                                           "reaches the server.").replace("%1", result.receipt))
        self.bus.done.emit()

    def _refunded(self, result: RefundResult) -> None:
        self._busy = False
        self.refund_button.setEnabled(True)
        self.result = result
        text = self.tr("Refunded %1 on receipt %2: %3 points taken back. Balance: %4 points.").replace(
            "%1", fmt.money(result.refunded_amount, self.ctx.currency)).replace("%2", result.receipt).replace(
            "%3", fmt.points(result.points_reversed)).replace("%4", fmt.points(result.balance))
        if result.balance < 0:
            text += " " + self.tr("The balance is now negative.")
        self.bus.notify.emit("ok", text)
        self.bus.member_changed.emit("")  # refresh whoever is on screen
        self.bus.done.emit()

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        self.refund_button.setEnabled(True)
        if isinstance(error, DomainError) and error.code is Code.RECEIPT_OFFLINE and self.to_queue is None:
            self.to_queue = self._asked
            self.message.show_message("info", messages.explain(error) + " " + self.tr(
                "Queue the refund anyway? It will be applied when the sale reaches the server; "
                "the points taken back are known after that."))
            self.refund_button.setText(with_key(self.tr("Queue refund"), "Enter"))
            self.refund_button.setFocus()
            return
        self.message.show_message("error", messages.explain(error))
        self.receipt.setFocus()

    def cancel(self) -> None:
        self.bus.done.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)

