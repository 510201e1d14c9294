"""Sale: type the basket total, see the points it earns, Enter confirms; undo within the window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pos_app.core.errors import InvalidInput
from pos_app.ui import fmt, messages, receipts
from pos_app.ui.context import Bus, Context
from pos_app.ui.widgets import Banner, button, label, with_key

if TYPE_CHECKING:
    from pos_app.core.program import EarnQuote
    from pos_app.terminal import RefundResult, SaleResult


@dataclass(frozen=True)
class LastSale:
    card: str
    receipt: str
    points: int
    at: datetime


class SalePanel(QWidget):
    def __init__(self, ctx: Context, bus: Bus, undo_button: QPushButton,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.undo_button = undo_button  # lives in the action bar: the undo outlives this panel
        self.card: str | None = None
        self.quote: EarnQuote | None = None
        self.quoted_amount: int | None = None
        self.last: LastSale | None = None
        self._quote_seq = 0
        self._confirm_when_quoted = False
        self._busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("New sale"), role="section"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(fmt.plain_amount(1250, ctx.currency))
        self.receipt = QLineEdit()
        self.receipt.setPlaceholderText(self.tr("empty: a number is generated"))
        self.receipt.setMaxLength(64)
        form.addRow(self.tr("Basket total (%1)").replace("%1", ctx.currency.code), self.amount)
        form.addRow(self.tr("Receipt number (optional)"), self.receipt)
        layout.addLayout(form)
        self.quote_label = label(role="question")
        layout.addWidget(self.quote_label)
        layout.addStretch(1)
        self.message = Banner()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.cancel_button = button(self.tr("Cancel"), "Esc")
        self.confirm_button = button(self.tr("Confirm sale"), "Enter", kind="primary")
        row.addWidget(self.cancel_button)
        row.addWidget(self.confirm_button)
        layout.addLayout(row)
        self.undo_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.confirm_button.clicked.connect(self.confirm)
        self.undo_button.clicked.connect(self.undo)
        self.amount.textChanged.connect(self._amount_changed)
        self.amount.returnPressed.connect(self.confirm)
        self.receipt.returnPressed.connect(self.confirm)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self.refresh_undo)

    # --- starting ---------------------------------------------------------------

    def start(self, card: str) -> None:
        self.card = card
        self.amount.clear()
        self.receipt.clear()
        self.quote, self.quoted_amount = None, None
        self.quote_label.setText(self.tr("Type the basket total."))
        self.message.clear_message()
        self.confirm_button.setEnabled(False)
        self.amount.setFocus()

    def _parsed(self) -> int | None:
        try:
            return fmt.parse_money(self.amount.text(), self.ctx.currency)
        except InvalidInput:
            return None

    def _amount_changed(self, _text: str) -> None:
        self._quote_seq += 1
        self.quote, self.quoted_amount = None, None
        self.confirm_button.setEnabled(False)
        amount, card = self._parsed(), self.card
        if amount is None or card is None:
            self.quote_label.setText(self.tr("Type the basket total.") if not self.amount.text().strip()
                                     else self.tr("That is not an amount yet."))
            return
        seq = self._quote_seq
        self.ctx.run(lambda t: t.quote(card, amount), lambda q: self._quoted(seq, amount, q),
                     self._quote_failed)

    def _quoted(self, seq: int, amount: int, quote: EarnQuote) -> None:
        if seq != self._quote_seq:
            return  # the cashier typed on; a newer quote is coming
        self.quote, self.quoted_amount = quote, amount
        text = self.tr("%1 earns %2 points").replace("%1", fmt.money(amount, self.ctx.currency)).replace(
            "%2", fmt.points(quote.points))
        extras = []
        if quote.tier_percent != 100:
            extras.append(self.tr("tier ×%1").replace("%1", self._percent(quote.tier_percent)))
        if quote.promotion_id:
            extras.append(self.tr("promotion ×%1").replace("%1", self._percent(quote.promotion_percent)))
        if quote.capped:
            extras.append(self.tr("capped"))
        if extras:
            text += " (" + ", ".join(extras) + ")"
        self.quote_label.setText(text)
        self.confirm_button.setEnabled(True)
        if self._confirm_when_quoted:
            self._confirm_when_quoted = False
            self.confirm()

    def _quote_failed(self, error: BaseException) -> None:
        self._confirm_when_quoted = False
        self.message.show_message("error", messages.explain(error))

    @staticmethod
    def _percent(percent: int) -> str:
        whole, frac = divmod(percent, 100)
        return str(whole) if not frac else f"{whole}{QLocale().decimalPoint()}{frac:02d}".rstrip("0")

    # --- confirming -------------------------------------------------------------

    def confirm(self) -> None:
        amount, card = self._parsed(), self.card
        if card is None or self._busy:
            return
        if amount is None:
            self.message.show_message("error", self.tr("Type the basket total as digits, e.g. %1.")
                                      .replace("%1", fmt.plain_amount(1250, self.ctx.currency)))
            return
        if self.quote is None or self.quoted_amount != amount:
            self._confirm_when_quoted = True  # Enter came before the quote: confirm once it is shown
            return
        self._busy = True
        receipt = self.receipt.text().strip() or None
        cashier = self.ctx.cashier_id
        self.ctx.run(lambda t: t.sale(card, amount, receipt=receipt, cashier=cashier),
                     self._sold, self._refused)

    def _sold(self, result: SaleResult) -> None:
        self._busy = False
        assert self.card is not None
        if not result.duplicate:
            self.last = LastSale(self.card, result.receipt, result.points_earned, self.ctx.now())
        text = self.tr("Sale recorded: +%1 points. New balance: %2 points. Receipt %3.").replace(
            "%1", fmt.points(result.points_earned)).replace("%2", fmt.points(result.balance)).replace(
            "%3", result.receipt)
        if result.duplicate:
            text = self.tr("This receipt was already recorded; nothing was added.")
        self.bus.member_changed.emit(self.card)
        self.bus.notify.emit("ok", text)
        receipts.after_sale(self.ctx, result, self.card, self.bus.notify.emit)  # the points slip, if enabled
        self.refresh_undo()
        self._ticker.start()
        self.bus.done.emit()

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        self.message.show_message("error", messages.explain(error))
        self.amount.setFocus()

    def cancel(self) -> None:
        self._confirm_when_quoted = False
        self.bus.done.emit()

    # --- undo ---------------------------------------------------------------------

    def undo_seconds_left(self) -> int:
        if self.last is None:
            return 0
        elapsed = (self.ctx.now() - self.last.at).total_seconds()
        return max(0, int(self.ctx.options.undo_window_seconds - elapsed))

    def refresh_undo(self) -> None:
        left = self.undo_seconds_left()
        if left <= 0:
            self._ticker.stop()
            self.undo_button.hide()
            self.undo_button.setEnabled(False)
            return
        text = self.tr("Undo sale (%1:%2)").replace("%1", str(left // 60)).replace("%2", f"{left % 60:02d}")
        self.undo_button.setText(with_key(text, "F6", stacked=True))
        self.undo_button.setEnabled(not self._busy)
        self.undo_button.show()

    def undo(self) -> None:
        last = self.last
        if last is None or self._busy:
            return
        if self.undo_seconds_left() <= 0:
            self.refresh_undo()
            self.bus.notify.emit("error", self.tr("Too late to undo: use Refund instead."))
            return
        self._busy = True
        self.undo_button.setEnabled(False)
        cashier = self.ctx.cashier_id
        self.ctx.run(lambda t: t.refund(last.receipt, cashier=cashier), self._undone, self._undo_failed)

    def _undone(self, result: RefundResult) -> None:
        self._busy = False
        card = self.last.card if self.last else None
        self.last = None
        self.refresh_undo()
        self.bus.notify.emit("ok", self.tr("Sale %1 undone: %2 points taken back. Balance: %3 points.")
                             .replace("%1", result.receipt).replace("%2", fmt.points(result.points_reversed))
                             .replace("%3", fmt.points(result.balance)))
        if card:
            self.bus.member_changed.emit(card)

    def _undo_failed(self, error: BaseException) -> None:
        self._busy = False
        self.refresh_undo()
        self.bus.notify.emit("error", messages.explain(error))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return
        super().keyPressEvent(event)

