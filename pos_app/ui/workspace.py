"""The cashier's working screen: scan field on top, member left, the task at hand right, actions below."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from pos_app.core import cards
from pos_app.core.errors import UnknownCard
from pos_app.ui import messages, search
from pos_app.ui.camera import CameraSlot
from pos_app.ui.context import Bus, Context
from pos_app.ui.enroll import EnrollPanel
from pos_app.ui.member import MemberData, MemberPanel
from pos_app.ui.member import load as member_load
from pos_app.ui.redeem import RedeemPanel
from pos_app.ui.refund import RefundPanel
from pos_app.ui.sale import SalePanel
from pos_app.ui.scanfield import ScanField
from pos_app.ui.voucher import VoucherPanel, voucher_code
from pos_app.ui.widgets import Banner, button, label

if TYPE_CHECKING:
    from pos_app.terminal import MemberView, Terminal

LEFT_WELCOME, LEFT_RESULTS, LEFT_MEMBER = 0, 1, 2


class Workspace(QWidget):
    lock_requested = Signal()
    manager_requested = Signal()

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.bus = Bus(self)
        self.member: MemberData | None = None
        self._lookup_seq = 0
        self.remote_lookup: Callable[[str, Callable[[bool], None]], None] | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 6)
        outer.setSpacing(8)

        top = QHBoxLayout()
        self.scan = ScanField(clock=ctx.monotonic)
        self.scan.setPlaceholderText(self.tr("Scan a card, or type a card number, phone or name"))
        self.scan.scanned.connect(self.on_scanned)
        self.scan.submitted.connect(self.on_typed)
        self.find_button = button(self.tr("Find"), "Enter", kind="primary")
        self.find_button.setMaximumWidth(170)
        self.find_button.clicked.connect(lambda: self.on_typed(self.scan.text().strip()))
        self.camera = CameraSlot(self)
        self.camera.scanned.connect(self.on_scanned)
        top.addWidget(self.scan, 1)
        top.addWidget(self.find_button)
        top.addWidget(self.camera)
        outer.addLayout(top)
        self.banner = Banner()
        outer.addWidget(self.banner)

        body = QHBoxLayout()
        body.setSpacing(12)
        self.left = QStackedWidget()
        self.left.setObjectName("left")
        welcome = QFrame()
        box = QVBoxLayout(welcome)
        box.addStretch(1)
        self.welcome = label(self.tr("Scan the member's card or phone code to start.\n\n"
                                     "No card yet? Press F4 to enroll."), role="hint")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.welcome)
        box.addStretch(1)
        self.left.addWidget(welcome)
        self.results = search.SearchResults()
        self.results.picked.connect(self.open_card)
        self.left.addWidget(self.results)
        self.member_panel = MemberPanel(ctx)
        self.left.addWidget(self.member_panel)
        body.addWidget(self.left, 5)

        self.right = QStackedWidget()
        self.right.setObjectName("right")
        self.undo_button = button(self.tr("Undo sale"), "F6", self, kind="danger", stacked=True)
        self.redeem = RedeemPanel(ctx, self.bus)
        self.sale = SalePanel(ctx, self.bus, self.undo_button)
        self.enroll = EnrollPanel(ctx, self.bus)
        self.refund = RefundPanel(ctx, self.bus)
        self.voucher = VoucherPanel(ctx, self.bus)
        for panel in (self.redeem, self.sale, self.enroll, self.refund, self.voucher):
            self.right.addWidget(panel)
        body.addWidget(self.right, 6)
        outer.addLayout(body, 1)

        actions = QGridLayout()
        actions.setHorizontalSpacing(8)
        self.sale_button = button(self.tr("Sale"), "F2", self, kind="primary", stacked=True)
        self.redeem_button = button(self.tr("Redeem"), "F3", self, stacked=True)
        self.enroll_button = button(self.tr("Enroll"), "F4", self, stacked=True)
        self.refund_button = button(self.tr("Refund"), "F5", self, stacked=True)
        self.lock_button = button(self.tr("Switch cashier"), "F9", self, stacked=True)
        self.manager_button = button(self.tr("Manager"), "F10", self, stacked=True)
        self.manager_button.setObjectName("managerButton")
        self.manager_button.hide()  # only for a signed-in manager
        for column, widget in enumerate((self.sale_button, self.redeem_button, self.enroll_button,
                                         self.refund_button, self.undo_button, self.lock_button,
                                         self.manager_button)):
            actions.addWidget(widget, 0, column)
        outer.addLayout(actions)
        self.sale_button.clicked.connect(self.start_sale)
        self.redeem_button.clicked.connect(self.start_redeem)
        self.enroll_button.clicked.connect(self.start_enroll)
        self.refund_button.clicked.connect(self.start_refund)
        self.lock_button.clicked.connect(self.lock_requested)
        self.manager_button.clicked.connect(self.manager_requested)
        QShortcut(QKeySequence("F1"), self).activated.connect(self.focus_scan)
        self.bus.member_changed.connect(self.refresh_member)
        self.bus.notify.connect(self.banner.show_message)
        self.bus.done.connect(self.back)
        self.clear_member()

    # --- finding the member -------------------------------------------------------

    def on_scanned(self, code: str) -> None:
        """The one path for codes, from the keyboard scanner and the camera alike."""
        if self.ctx.cashier is None:
            return  # locked: nobody's card is looked up (the camera keeps running)
        if self._voucher(code):
            return
        keys = self.ctx.qr_keys
        self._lookup(lambda t: search.scanned(t, code, keys), code)

    def on_typed(self, text: str) -> None:
        if text and not self._voucher(text):
            self._lookup(lambda t: search.typed(t, text), text)

    def _voucher(self, text: str) -> bool:
        """A voucher code (scanned or typed) opens the voucher, not a member search; the member stays."""
        code = voucher_code(text)
        if code is None:
            return False
        if self.right.currentWidget() is self.voucher and self.voucher.code == code:
            return True  # the camera sees the same voucher every few seconds: what is on screen stays
        self._lookup_seq += 1  # a member lookup still under way must not take the screen back
        self.scan.reset()
        self.banner.clear_message()
        self.right.setCurrentWidget(self.voucher)
        self.voucher.start(code)
        return True

    def open_card(self, card: str) -> None:
        self._lookup(lambda t: member_load(t, card), card)

    def _lookup(self, job: Callable[[Terminal], Any], text: str, *, ask_server: bool = True) -> None:
        self._lookup_seq += 1
        seq = self._lookup_seq
        self.ctx.run(job, lambda found: self._found(seq, text, found),
                     lambda error: self._not_found(seq, text, error, ask_server))

    def _found(self, seq: int, text: str, found: MemberData | list[MemberView]) -> None:
        if seq != self._lookup_seq:
            return
        self.scan.reset()
        if isinstance(found, list):
            self.member = None
            self.redeem.clear()
            self.results.show_results(text, found)
            self.left.setCurrentIndex(LEFT_RESULTS)
            self.banner.clear_message()
            if not found:
                self.focus_scan()
            return
        if self.member is not None and found.view.card == self.member.view.card:
            self._refreshed(found)  # the same card again (a camera sees it every few seconds): no reset
            return
        self.show_member(found)
        self.banner.clear_message()

    def _not_found(self, seq: int, text: str, error: BaseException, ask_server: bool) -> None:
        if seq != self._lookup_seq:
            return
        card = cards.normalize(text)
        if ask_server and isinstance(error, UnknownCard) and cards.is_valid(card) and self.remote_lookup:
            # A member of another store this terminal has not synced yet: ask the server once.
            self.banner.show_message("info", self.tr("Asking the server about this card…"))
            self.remote_lookup(card, lambda known: self._remote_answer(seq, card, known, error))
            return
        self._show_not_found(error)

    def _remote_answer(self, seq: int, card: str, known: bool, error: BaseException) -> None:
        if seq != self._lookup_seq:
            return
        if known:
            self._lookup(lambda t: member_load(t, card), card, ask_server=False)
        else:
            self._show_not_found(error)

    def _show_not_found(self, error: BaseException) -> None:
        self.banner.show_message("error", messages.explain(error))
        self.scan.selectAll()
        self.scan.setFocus()

    def show_member(self, data: MemberData) -> None:
        self.member = data
        self.member_panel.show_member(data)
        self.left.setCurrentIndex(LEFT_MEMBER)
        self.redeem.show_rewards(data.view.card, data.rewards)
        self._update_actions()
        if self.right.currentWidget() in (self.redeem, self.sale, None):
            # Another customer: a sale started for the previous one is dropped, never moved over.
            self.right.setCurrentWidget(self.redeem)
            self.focus_scan()

    def refresh_member(self, card: str) -> None:
        target = card or (self.member.view.card if self.member else "")
        if target:
            self.ctx.run(lambda t: member_load(t, target), self._refreshed,
                         lambda e: self.banner.show_message("error", messages.explain(e)))

    def _refreshed(self, data: MemberData) -> None:
        self.member = data
        self.member_panel.show_member(data)
        self.left.setCurrentIndex(LEFT_MEMBER)
        self.redeem.show_rewards(data.view.card, data.rewards)
        self._update_actions()

    def clear_member(self) -> None:
        self.member = None
        self.redeem.clear()
        self.left.setCurrentIndex(LEFT_WELCOME)
        self.right.setCurrentWidget(self.redeem)
        self.banner.clear_message()
        self.scan.reset()
        self._update_actions()
        self.focus_scan()

    def _update_actions(self) -> None:
        has_member = self.member is not None
        self.sale_button.setEnabled(has_member)
        self.redeem_button.setEnabled(has_member)

    # --- tasks ---------------------------------------------------------------------

    def start_sale(self) -> None:
        if self.member is None:
            self.banner.show_message("info", self.tr("Scan or find the member first."))
            self.focus_scan()
            return
        self.right.setCurrentWidget(self.sale)
        self.sale.start(self.member.view.card)

    def start_redeem(self) -> None:
        if self.member is None:
            self.banner.show_message("info", self.tr("Scan or find the member first."))
            self.focus_scan()
            return
        self.right.setCurrentWidget(self.redeem)
        self.redeem.focus_list()

    def start_enroll(self) -> None:
        self.member = None  # a new person: the previous customer leaves the screen
        self.redeem.clear()
        self.left.setCurrentIndex(LEFT_WELCOME)
        self._update_actions()
        self.right.setCurrentWidget(self.enroll)
        self.enroll.start()

    def start_refund(self) -> None:
        self.right.setCurrentWidget(self.refund)
        self.refund.start()

    def back(self) -> None:
        """A task finished or was cancelled: rewards of the member on screen, focus on the scan field."""
        self.right.setCurrentWidget(self.redeem)
        self.focus_scan()

    def focus_scan(self) -> None:
        self.scan.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.right.currentWidget() is not self.redeem:
                self.back()
            elif self.member is not None or self.left.currentIndex() == LEFT_RESULTS:
                self.clear_member()
            return
        super().keyPressEvent(event)

    def reset(self) -> None:
        """A new cashier: nothing of the previous one's customer stays on screen."""
        self.sale.last = None
        self.sale.refresh_undo()
        self.manager_button.setVisible(self.ctx.cashier is not None and self.ctx.cashier.role == "manager")
        self.clear_member()
