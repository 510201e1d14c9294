"""A voucher scanned or typed in the scan field: its reward, state and expiry; use it, or (a manager) void it.

The check and the use go to the server first, through the sync agent's shared orchestration on the
worker (1.5 s at most): a voucher used on another till is refused here too. Without an answer the local
cache decides, as on the command line. Voiding returns the points; it is a manager's act, and a manager
signed in with their PIN (the manager-PIN rule of the window), so it is not asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from pos_app.core import cards
from pos_app.core import vouchers as codes
from pos_app.core.errors import Code
from pos_app.ui import fmt, messages, syncer
from pos_app.ui.context import Bus, Context
from pos_app.ui.widgets import Banner, button, label, with_key

if TYPE_CHECKING:
    from pos_app.terminal import Terminal

_REFUSALS = {codes.VoucherState.USED: Code.VOUCHER_USED, codes.VoucherState.VOID: Code.VOUCHER_VOID,
             codes.VoucherState.EXPIRED: Code.VOUCHER_EXPIRED}


def voucher_code(text: str) -> str | None:
    """The canonical voucher code if ``text`` is one, else None (a card, a phone, a name to search).

    A name or a phone number can pass the check character by chance (1 in 31): a code typed without
    its hyphen must mix letters and digits, as every code this chain prints does.
    """
    found = codes.parse(text)
    if found is None or cards.looks_like_card(text):
        return None
    raw = text.strip()
    if "-" in raw or (any(ch.isalpha() for ch in raw) and any(ch.isdigit() for ch in raw)):
        return found
    return None


class VoucherPanel(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.code = ""
        self.view: Any = None  # the VoucherView on screen (pos_app.store.vouchers)
        self.void_asked = False
        self._busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Voucher"), role="section"))
        self.code_label = label(role="voucher", wrap=False)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.code_label)
        self.reward = label(role="question")
        self.reward.setObjectName("voucherReward")
        self.state = label()
        self.state.setObjectName("voucherState")
        self.expiry = label(role="muted")
        self.member = label(role="muted")
        for widget in (self.reward, self.state, self.expiry, self.member):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.message = Banner()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.close_button = button(self.tr("Close"), "Esc")
        self.void_button = button(self.tr("Void voucher"), "F12", self, kind="danger")
        self.use_button = button(self.tr("Use voucher"), "Enter", kind="primary")
        row.addWidget(self.close_button)
        row.addWidget(self.void_button)
        row.addWidget(self.use_button)
        layout.addLayout(row)
        self.close_button.clicked.connect(self.close_panel)
        self.void_button.clicked.connect(self.void)
        self.use_button.clicked.connect(self.use)

    # --- showing --------------------------------------------------------------------

    def start(self, code: str) -> None:
        self.code, self.view, self.void_asked = code, None, False
        self.code_label.setText(code)
        for widget in (self.reward, self.state, self.expiry, self.member):
            widget.clear()
        self.use_button.setEnabled(False)
        self.void_button.hide()
        self.close_button.setText(with_key(self.tr("Close"), "Esc"))
        self.void_button.setText(with_key(self.tr("Void voucher"), "F12"))
        self.message.show_message("info", self.tr("Checking voucher %1…").replace("%1", code))
        self._run(lambda t: syncer.check_voucher(t, code), self._checked)

    def _checked(self, view: Any) -> None:
        self._show(view)
        refusal = self._refusal(view)
        if refusal:
            self.message.show_message("error", refusal)
        else:
            self.message.clear_message()
            self.use_button.setFocus()

    def _show(self, view: Any) -> None:
        self.view = view
        self.reward.setText(self.tr("%1 · %2 points").replace("%1", view.reward_name)
                            .replace("%2", fmt.points(view.cost)))
        self.state.setText(self.tr("State: %1").replace("%1", self._state_name(view.state)))
        if view.expires_at is not None:
            self.expiry.setText(self.tr("Valid until %1").replace("%1", fmt.day(view.expires_at)))
        self.member.setText(self.tr("Member card %1").replace("%1", view.card))
        issued = view.state == codes.VoucherState.ISSUED
        self.use_button.setEnabled(issued)
        manager = self.ctx.cashier is not None and self.ctx.cashier.role == "manager"
        self.void_button.setVisible(manager and view.state in (codes.VoucherState.ISSUED,
                                                               codes.VoucherState.EXPIRED))

    def _state_name(self, state: str) -> str:
        names = {codes.VoucherState.ISSUED: self.tr("valid, not used yet"),
                 codes.VoucherState.USED: self.tr("used"), codes.VoucherState.VOID: self.tr("void"),
                 codes.VoucherState.EXPIRED: self.tr("expired")}
        return names.get(codes.VoucherState(state), state)

    def _refusal(self, view: Any) -> str:
        """Why this voucher cannot be taken ("" if it can), in the cashier's language."""
        code = _REFUSALS.get(codes.VoucherState(view.state))
        if code is None:
            return ""
        when = fmt.day(view.expires_at) if view.expires_at is not None else ""
        return messages.text(code, {"voucher": view.code, "date": when})

    # --- acting ---------------------------------------------------------------------

    def use(self) -> None:
        if self._busy or self.view is None or not self.use_button.isEnabled():
            return
        code, cashier = self.code, self.ctx.cashier_id
        self.message.show_message("info", self.tr("Using voucher %1…").replace("%1", code))
        self._run(lambda t: syncer.use_voucher(t, code, cashier), self._used)

    def _used(self, view: Any) -> None:
        self._show(view)
        self.message.show_message("ok", self.tr("Voucher %1 used: %2.").replace("%1", view.code)
                                  .replace("%2", view.reward_name))
        self.close_button.setText(with_key(self.tr("Done"), "Esc"))
        self.close_button.setFocus()

    def void(self) -> None:
        if self._busy or self.view is None or not self.void_button.isVisible():
            return
        if not self.void_asked:  # a second press confirms: points go back to the member
            self.void_asked = True
            self.void_button.setText(with_key(self.tr("Confirm void"), "F12"))
            question = self.tr("Void voucher %1 and give %2 points back to the member?")
            self.message.show_message("info", question.replace("%1", self.code)
                                      .replace("%2", fmt.points(self.view.cost)))
            self.void_button.setFocus()
            return
        code, manager = self.code, self.ctx.cashier_id
        self._run(lambda t: t.void_voucher(code, manager), self._voided)

    def _voided(self, result: Any) -> None:
        self.void_asked = False
        text = self.tr("Voucher %1 voided: %2 points given back. Balance: %3 points.").replace(
            "%1", result.code).replace("%2", fmt.points(result.points_returned)).replace(
            "%3", fmt.points(result.balance))
        self.bus.notify.emit("ok", text)
        self.bus.member_changed.emit("")  # the member on screen may be the one who got the points back
        self.bus.done.emit()

    def _run(self, job: Callable[[Terminal], Any], on_done: Callable[[Any], None]) -> None:
        self._busy = True
        self.ctx.run(job, lambda result: self._finished(on_done, result), self._refused)

    def _finished(self, on_done: Callable[[Any], None], result: Any) -> None:
        self._busy = False
        on_done(result)

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        self.void_asked = False
        self.void_button.setText(with_key(self.tr("Void voucher"), "F12"))
        self.use_button.setEnabled(False)
        self.message.show_message("error", messages.explain(error))
        self.close_button.setFocus()

    def close_panel(self) -> None:
        self.close_button.setText(with_key(self.tr("Close"), "Esc"))
        self.bus.done.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_panel()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.void() if self.void_asked else self.use()
            return
        super().keyPressEvent(event)
