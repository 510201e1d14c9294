"""Manager forms: correct a member's points (audited), add or replace a cashier's PIN."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from pos_app.core import cards
from pos_app.core.errors import Code
from pos_app.ui import fmt, messages
from pos_app.ui.context import Context
from pos_app.ui.widgets import Banner, button, label

if TYPE_CHECKING:
    from pos_app.terminal import AdjustResult

_SIGNED = re.compile(r"[+-]?\d{1,7}")


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
    form.setVerticalSpacing(6)
    return form


class _Form(QWidget):
    """A form submitted with Enter, one request at a time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)


class CorrectionTab(_Form):
    """Add or take away points by hand, with a reason; recorded with the signed-in manager's id.

    Only a manager reaches this tab (F10), so signing in was the manager's PIN: it is not asked again.
    """

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result: AdjustResult | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Points correction"), role="section"))
        form = _form()
        self.card = QLineEdit()
        self.card.setObjectName("adjustCard")
        self.points = QLineEdit()
        self.points.setObjectName("adjustPoints")
        self.points.setPlaceholderText(self.tr("e.g. 50 or -20"))
        signed_points = QRegularExpression(r"[+-]?\d{0,7}")
        self.points.setValidator(QRegularExpressionValidator(signed_points, self.points))
        self.reason = QLineEdit()
        self.reason.setObjectName("adjustReason")
        self.reason.setMaxLength(200)
        form.addRow(self.tr("Card number"), self.card)
        form.addRow(self.tr("Points (+ to add, - to take away)"), self.points)
        form.addRow(self.tr("Reason (required)"), self.reason)
        layout.addLayout(form)
        layout.addWidget(label(self.tr("The correction is recorded with your name and sent to the server."),
                               role="muted"))
        layout.addStretch(1)
        self.message = Banner()
        layout.addWidget(self.message)
        self.apply_button = button(self.tr("Apply correction"), "Enter", kind="primary")
        self.apply_button.clicked.connect(self.submit)
        layout.addWidget(self.apply_button)
        for field in (self.card, self.points, self.reason):
            field.returnPressed.connect(self.submit)

    def start(self) -> None:
        self.message.clear_message()
        (self.points if self.card.text() else self.card).setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        card = cards.normalize(self.card.text())
        text = self.points.text().strip()
        reason = self.reason.text().strip()
        if not card:
            return self._refuse(self.tr("Type or scan the member's card number."), self.card)
        if not _SIGNED.fullmatch(text) or int(text) == 0:
            return self._refuse(self.tr("Type the points as a whole number other than zero, e.g. 50 or -20."),
                                self.points)
        if not reason:
            return self._refuse(self.tr("Type the reason for the correction."), self.reason)
        points, manager = int(text), self.ctx.cashier_id
        self._busy = True
        self.apply_button.setEnabled(False)
        self.ctx.run(lambda t: t.adjust(card, points, reason, manager), self._done, self._refused)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.message.show_message("error", text)
        field.setFocus()

    def _done(self, result: AdjustResult) -> None:
        self._busy = False
        self.apply_button.setEnabled(True)
        self.result = result
        card = cards.normalize(self.card.text())
        self.message.show_message("ok", self.tr("Corrected by %1 points. New balance of card %2: %3 points.")
                                  .replace("%1", fmt.points(result.points)).replace("%2", card)
                                  .replace("%3", fmt.points(result.balance)))
        self.points.clear()
        self.reason.clear()
        self.card.setFocus()

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        self.apply_button.setEnabled(True)
        self.message.show_message("error", messages.explain(error))
        self.card.setFocus()


class CashiersTab(_Form):
    """A new cashier, or a new PIN (or name, or role) for an existing id."""

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Cashiers"), role="section"))
        form = _form()
        self.cashier_id = QLineEdit()
        self.cashier_id.setObjectName("cashierId")
        self.cashier_id.setMaxLength(32)
        self.cashier_id.setValidator(QRegularExpressionValidator(QRegularExpression(r"[A-Za-z0-9._-]{0,32}"),
                                                                 self.cashier_id))
        self.name = QLineEdit()
        self.name.setObjectName("cashierName")
        self.name.setMaxLength(100)
        self.pin = QLineEdit()
        self.pin.setObjectName("cashierPin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), self.pin))
        self.role = QComboBox()
        self.role.setObjectName("cashierRole")
        self.role.setMinimumHeight(44)
        self.role.addItem(self.tr("Cashier"), "cashier")
        self.role.addItem(self.tr("Manager"), "manager")
        form.addRow(self.tr("Cashier ID (an existing ID gets the new PIN)"), self.cashier_id)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("PIN (4 to 6 digits)"), self.pin)
        form.addRow(self.tr("Role"), self.role)
        layout.addLayout(form)
        layout.addStretch(1)
        self.message = Banner()
        layout.addWidget(self.message)
        self.save_button = button(self.tr("Save cashier"), "Enter", kind="primary")
        self.save_button.clicked.connect(self.submit)
        layout.addWidget(self.save_button)
        for field in (self.cashier_id, self.name, self.pin):
            field.returnPressed.connect(self.submit)

    def clear(self) -> None:
        for field in (self.cashier_id, self.name, self.pin):
            field.clear()
        self.role.setCurrentIndex(0)
        self.message.clear_message()

    def start(self) -> None:
        self.cashier_id.setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        cashier_id, name, pin = self.cashier_id.text().strip(), self.name.text().strip(), self.pin.text()
        role = str(self.role.currentData())
        if not cashier_id:
            return self._refuse(self.tr("Type the cashier's ID."), self.cashier_id)
        if not name:
            return self._refuse(self.tr("Type the cashier's name."), self.name)
        if not re.fullmatch(r"\d{4,6}", pin):
            return self._refuse(messages.text(Code.PIN_FORMAT, {}), self.pin)
        manager = self.ctx.cashier_id  # the signed-in manager approves it (the audit's actor)
        self._busy = True
        self.save_button.setEnabled(False)
        self.ctx.run(lambda t: t.add_cashier(cashier_id, name, pin, role, manager),
                     lambda _r: self._done(name), self._refused)

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.message.show_message("error", text)
        field.setFocus()

    def _done(self, name: str) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.clear()
        self.message.show_message("ok", self.tr("Saved: %1 signs in with the new PIN.").replace("%1", name))
        self.cashier_id.setFocus()

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.pin.clear()
        self.message.show_message("error", messages.explain(error))
        self.pin.setFocus()
