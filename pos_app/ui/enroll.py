"""Enroll: name, phone or e-mail, consent (off by default); an existing member is shown, not duplicated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from pos_app.core import cards
from pos_app.core.errors import Code, DuplicateMember
from pos_app.ui import messages, printing, receipts, syncer
from pos_app.ui.context import Bus, Context
from pos_app.ui.widgets import Banner, button, label, with_key

if TYPE_CHECKING:
    from pos_app.terminal import EnrollResult


class EnrollPanel(QWidget):
    def __init__(self, ctx: Context, bus: Bus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.bus = ctx, bus
        self.enrolled: EnrollResult | None = None
        self._busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("New member"), role="section"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = QLineEdit()
        self.name.setObjectName("enrollName")
        self.name.setMaxLength(200)
        self.phone = QLineEdit()
        self.phone.setObjectName("enrollPhone")
        self.phone.setPlaceholderText("+40 721 000 000")
        self.email = QLineEdit()
        self.email.setObjectName("enrollEmail")
        self.email.setPlaceholderText("name@example.org")
        self.card = QLineEdit()
        self.card.setObjectName("enrollCard")
        self.card.setPlaceholderText(self.tr("empty: a new number"))
        self.card.setMaxLength(20)
        self.consent = QCheckBox(self.tr("Agrees to receive offers"))
        self.consent.setChecked(False)
        for text, field in ((self.tr("Name *"), self.name), (self.tr("Phone"), self.phone),
                            (self.tr("E-mail"), self.email), (self.tr("Card number"), self.card)):
            caption = label(text, wrap=False)
            caption.setBuddy(field)
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            caption.setMinimumHeight(field.sizeHint().height())
            form.addRow(caption, field)
        form.addRow("", self.consent)
        layout.addLayout(form)
        layout.addWidget(label(self.tr("A phone number or an e-mail address is needed."), role="muted"))
        layout.addStretch(1)
        self.message = Banner()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.cancel_button = button(self.tr("Cancel"), "Esc")
        self.enroll_button = button(self.tr("Enroll"), "Enter", kind="primary")
        self.print_button = button(self.tr("Print card"), "F7", self)
        self.print_button.hide()
        row.addWidget(self.cancel_button)
        row.addWidget(self.print_button)
        row.addWidget(self.enroll_button)
        layout.addLayout(row)
        self.cancel_button.clicked.connect(self.cancel)
        self.enroll_button.clicked.connect(self.submit)
        self.print_button.clicked.connect(self.print_card)
        for field in (self.name, self.phone, self.email, self.card):
            field.returnPressed.connect(self.submit)

    def start(self) -> None:
        for field in (self.name, self.phone, self.email, self.card):
            field.clear()
            field.setEnabled(True)
        self.consent.setChecked(False)
        self.consent.setEnabled(True)
        self.enrolled = None
        self.message.clear_message()
        self.cancel_button.setText(with_key(self.tr("Cancel"), "Esc"))
        self.print_button.hide()
        self.enroll_button.show()
        self.name.setFocus()

    def submit(self) -> None:
        if self._busy or self.enrolled is not None:
            if self.enrolled is not None:
                self.bus.done.emit()
            return
        name, phone, email = self.name.text().strip(), self.phone.text().strip(), self.email.text().strip()
        card = self.card.text().strip() or None
        if not name:
            self.message.show_message("error", self.tr("Type the member's name."))
            self.name.setFocus()
            return
        if not phone and not email:
            self.message.show_message("error", self.tr("Type a phone number or an e-mail address."))
            self.phone.setFocus()
            return
        consent, cashier = self.consent.isChecked(), self.ctx.cashier_id
        self._busy = True
        self.enroll_button.setEnabled(False)
        # A registered till asks the server for a member with this phone or e-mail first (on the worker).
        self.ctx.run(lambda t: syncer.enroll(t, name, phone=phone or None, email=email or None, card=card,
                                             consent=consent, cashier=cashier), self._enrolled, self._refused)

    def _enrolled(self, result: EnrollResult) -> None:
        self._busy = False
        self.enroll_button.setEnabled(True)
        self.enrolled = result
        for field in (self.name, self.phone, self.email, self.card):
            field.setEnabled(False)
        self.consent.setEnabled(False)
        self.card.setText(result.card)
        text = self.tr("Welcome, %1! Card %2 is ready.").replace("%1", result.name).replace("%2", result.card)
        if result.points:
            text += " " + self.tr("Welcome bonus: %1 points.").replace("%1", str(result.points))
        self.message.show_message("ok", text)
        self.enroll_button.hide()
        self.cancel_button.setText(with_key(self.tr("Done"), "Esc"))
        self.print_button.show()
        self.print_button.setFocus()
        receipts.after_enroll(self.ctx, result, self.message.show_message)  # the card number slip
        self.bus.member_changed.emit(result.card)

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        self.enroll_button.setEnabled(True)
        if isinstance(error, DuplicateMember) and error.code is Code.DUPLICATE_CONTACT:
            card = error.params.get("card")
            # Known here (the full card): show that member. Found by the server (a masked card): refused.
            if isinstance(card, str) and cards.is_valid(card):
                self.bus.member_changed.emit(card)
                self.bus.notify.emit("info", messages.explain(error) + " " + self.tr("Showing that member."))
                self.bus.done.emit()
                return
            self.message.show_message("error", messages.explain(error) + " "
                                      + self.tr("Not enrolled: the server already has this member."))
            return
        self.message.show_message("error", messages.explain(error))

    def print_card(self) -> None:
        if self.enrolled is not None:
            printing.print_card(self.ctx, self.enrolled.card, self.enrolled.name, self.message)

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
