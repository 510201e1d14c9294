"""Rewards: what the member can take now (highlighted), what not yet and why; redeem and the voucher."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QVBoxLayout, QWidget

from pos_app.core.rewards import Eligibility
from pos_app.ui import fmt, messages, printing, receipts, syncer
from pos_app.ui.context import Bus, Context
from pos_app.ui.widgets import Banner, button, label

if TYPE_CHECKING:
    from pos_app.terminal import RedeemResult

ALLOWED_BG, ALLOWED_FG = QColor("#dff5e3"), QColor("#0b3d17")
BLOCKED_FG = QColor("#5a5f66")


class RewardList(QListWidget):
    """Enter on a reward asks to redeem it."""

    chosen = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.chosen.emit(str(self.currentItem().data(Qt.ItemDataRole.UserRole)))
            return
        super().keyPressEvent(event)


class RedeemPanel(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.card: str | None = None
        self.rewards: list[Eligibility] = []
        self.pending_reward: Eligibility | None = None
        self.last: RedeemResult | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Rewards"), role="section"))
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

        self.list = RewardList()
        self.list.setObjectName("rewards")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.chosen.connect(self.ask)
        self.list.itemClicked.connect(lambda item: self.ask(str(item.data(Qt.ItemDataRole.UserRole))))
        self.pages.addWidget(self.list)

        confirm = QWidget()
        box = QVBoxLayout(confirm)
        self.question = label(role="question")
        box.addWidget(self.question)
        box.addStretch(1)
        row = QHBoxLayout()
        self.confirm_button = button(self.tr("Confirm"), "Enter", kind="primary")
        self.cancel_button = button(self.tr("Cancel"), "Esc")
        self.confirm_button.clicked.connect(self.confirm)
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        row.addWidget(self.confirm_button)
        box.addLayout(row)
        self.pages.addWidget(confirm)

        done = QWidget()
        box = QVBoxLayout(done)
        self.result = label(role="question")
        self.voucher = label(role="voucher", wrap=False)
        self.voucher.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.voucher.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.result)
        box.addWidget(self.voucher)
        box.addStretch(1)
        row = QHBoxLayout()
        self.print_button = button(self.tr("Print voucher"), "F8", self)
        self.back_button = button(self.tr("Done"), "Esc", kind="primary")
        self.print_button.clicked.connect(self.print_voucher)
        self.back_button.clicked.connect(self.finish)
        row.addWidget(self.print_button)
        row.addWidget(self.back_button)
        box.addLayout(row)
        self.pages.addWidget(done)
        self.message = Banner()
        layout.addWidget(self.message)

    # --- showing -------------------------------------------------------------

    def show_rewards(self, card: str, rewards: list[Eligibility]) -> None:
        same_member = card == self.card
        self.card, self.rewards = card, rewards
        self.list.clear()
        for verdict in sorted(rewards, key=lambda v: (not v.allowed, v.reward.cost)):
            cost = self.tr("%1 points").replace("%1", fmt.points(verdict.reward.cost))
            text = f"{verdict.reward.name}   ·   {cost}"
            if not verdict.allowed:
                text += "\n" + messages.refusal(verdict)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, verdict.reward.id)
            item.setSizeHint(QSize(0, self._height_for(text)))
            if verdict.allowed:
                item.setBackground(QBrush(ALLOWED_BG))
                item.setForeground(QBrush(ALLOWED_FG))
            else:
                item.setForeground(QBrush(BLOCKED_FG))
            self.list.addItem(item)
        if not same_member:  # a refresh of the same member keeps a question or a voucher on screen
            self.pending_reward = None
            self.message.clear_message()
            self.pages.setCurrentIndex(0)

    def _height_for(self, text: str) -> int:
        """Tall enough for every wrapped line (touch targets stay large in every language)."""
        width = max(self.list.viewport().width() - 24, 280)
        box = QRect(0, 0, width, 10_000)
        rect = self.list.fontMetrics().boundingRect(box, Qt.TextFlag.TextWordWrap, text)
        return max(rect.height() + 26, 52)

    def clear(self) -> None:
        self.card, self.rewards, self.pending_reward = None, [], None
        self.list.clear()
        self.message.clear_message()
        self.pages.setCurrentIndex(0)

    def focus_list(self) -> None:
        self.pages.setCurrentIndex(0)
        self.message.clear_message()
        self.list.setFocus()
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    # --- redeeming -------------------------------------------------------------

    def ask(self, reward_id: str) -> None:
        verdict = next((v for v in self.rewards if v.reward.id == reward_id), None)
        if verdict is None:
            return
        if not verdict.allowed:
            self.message.show_message("error", messages.refusal(verdict))
            return
        self.pending_reward = verdict
        self.message.clear_message()
        self.question.setText(self.tr("Redeem %1 for %2 points?")
                              .replace("%1", verdict.reward.name)
                              .replace("%2", fmt.points(verdict.reward.cost)))
        self.pages.setCurrentIndex(1)
        self.confirm_button.setFocus()

    def confirm(self) -> None:
        verdict, card = self.pending_reward, self.card
        if verdict is None or card is None or not self.confirm_button.isEnabled():
            return
        self.confirm_button.setEnabled(False)
        cashier = self.ctx.cashier_id
        # A registered till has the server confirm it first (on the worker: the window never waits).
        self.ctx.run(lambda t: syncer.redeem(t, card, verdict.reward.id, cashier),
                     self._redeemed, self._refused)

    def _redeemed(self, result: RedeemResult) -> None:
        self.confirm_button.setEnabled(True)
        self.last, self.pending_reward = result, None
        self.result.setText(self.tr("%1 redeemed. New balance: %2 points. Voucher code:")
                            .replace("%1", result.reward_name).replace("%2", fmt.points(result.balance)))
        self.voucher.setText(result.voucher)
        self.pages.setCurrentIndex(2)
        self.back_button.setFocus()
        if self.card:
            receipts.after_redeem(self.ctx, result, self.card, self.message.show_message)  # after the commit
            self.bus.member_changed.emit(self.card)

    def _refused(self, error: BaseException) -> None:
        self.confirm_button.setEnabled(True)
        self.pending_reward = None
        self.pages.setCurrentIndex(0)
        self.message.show_message("error", messages.explain(error))
        self.list.setFocus()

    def cancel(self) -> None:
        self.pending_reward = None
        self.pages.setCurrentIndex(0)
        self.bus.done.emit()

    def finish(self) -> None:
        self.pages.setCurrentIndex(0)
        self.bus.done.emit()

    def print_voucher(self) -> None:
        if self.last is not None:
            printing.print_voucher(self.ctx, self.last.voucher, self.last.reward_name, self.message)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.pages.currentIndex() == 1:
                self.confirm()
                return
            if self.pages.currentIndex() == 2:
                self.finish()
                return
        if key == Qt.Key.Key_Escape and self.pages.currentIndex() in (1, 2):
            self.cancel() if self.pages.currentIndex() == 1 else self.finish()
            return
        super().keyPressEvent(event)
