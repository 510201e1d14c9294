"""Step 6: the first manager's name and PIN, typed twice (the PIN rules of pos_app.core.pins)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication as QCA
from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from pos_app.ui.wizard import steps
from pos_app.ui.wizard.pages import Page
from pos_app.ui.wizard.steps import Setup


def _pin_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(6)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,6}"), field))
    return field


class ManagerPage(Page):
    """``optional``: run again from the settings, where a manager exists already (empty: add none)."""

    def __init__(self, setup: Setup, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(setup, parent)
        self.optional = optional
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.name = QLineEdit()
        self.name.setObjectName("managerName")
        self.name.setMaxLength(steps.MAX_MANAGER_NAME + 1)  # one more: too long is said, not cut silently
        self.pin, self.again = _pin_field("managerPin"), _pin_field("managerPinAgain")
        self.name_label, self.pin_label, self.again_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.name_label, self.name)
        form.addRow(self.pin_label, self.pin)
        form.addRow(self.again_label, self.again)
        self.layout_.addLayout(form)
        for field in (self.name, self.pin, self.again):
            field.textChanged.connect(self.changed)
        self.finish_layout()

    def title(self) -> str:
        return QCA.translate("Wizard", "First manager")

    def retranslate(self) -> None:
        if self.optional:
            text = QCA.translate("Wizard", "Add another manager here, or leave the fields empty.")
        else:
            text = QCA.translate("Wizard", "The manager signs in with this PIN and adds the cashiers. "
                                           "A PIN has 4 to 6 digits.")
        self.intro.setText(text)
        self.name_label.setText(QCA.translate("Wizard", "Manager's name"))
        self.pin_label.setText(QCA.translate("Wizard", "PIN"))
        self.again_label.setText(QCA.translate("Wizard", "PIN again"))

    def _empty(self) -> bool:
        return not (self.name.text().strip() or self.pin.text() or self.again.text())

    def complete(self) -> bool:
        return self.optional or bool(self.pin.text() and self.again.text())

    def accept(self) -> bool:
        if self.optional and self._empty():
            self.setup.manager_name = self.setup.manager_pin = ""
            return True
        problem = steps.check_manager(self.name.text(), self.pin.text(), self.again.text())
        if problem:
            if problem in (steps.PIN_MISMATCH, steps.PIN_FORMAT):
                self.again.clear()
            return self.refuse(problem)
        self.setup.manager_name, self.setup.manager_pin = self.name.text().strip(), self.pin.text()
        return True
