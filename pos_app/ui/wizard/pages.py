"""The wizard's first three steps: language, the store's region, the server (or standalone).

Every page sets its texts in :meth:`Page.retranslate`, called again on Qt's LanguageChange: picking a
language on the first step retranslates the whole wizard at once. Texts are of context "Wizard".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication as QCA
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pos_app.core.errors import Code, TesseraError
from pos_app.ui import i18n, messages
from pos_app.ui.widgets import Banner, button, label
from pos_app.ui.wizard import jobs, steps
from pos_app.ui.wizard.steps import Setup

CONTEXT = "Wizard"


def fill(template: str, *values: str) -> str:
    """Qt's %1, %2, ... in one pass: a value holding "%2" stays as it is."""
    def value(match: re.Match[str]) -> str:
        index = int(match[1])
        return values[index - 1] if index <= len(values) else match[0]

    return re.sub(r"%([1-9])", value, template)


def problem_text(key: str) -> str:
    """A check's problem key (pos_app.ui.wizard.steps) in the UI language."""
    texts = {
        steps.NAME_EMPTY: QCA.translate("Wizard", "Type the manager's name."),
        steps.NAME_LONG: QCA.translate("Wizard", "The name is too long (80 characters at most)."),
        steps.PIN_FORMAT: QCA.translate("Wizard", "A PIN has 4 to 6 digits."),
        steps.PIN_MISMATCH: QCA.translate("Wizard", "The two PINs differ: type the same PIN twice."),
        steps.REGION_UNKNOWN: QCA.translate("Wizard", "Type a two-letter country code such as IT or RO."),
        steps.URL_FORMAT: QCA.translate("Wizard", "The server address must look like https://host:port."),
        steps.CODE_EMPTY: QCA.translate("Wizard", "Type the registration code HQ gave you."),
        steps.CAMERA_MISSING: QCA.translate("Wizard", "That video file or image folder does not exist."),
        steps.PRINTER_TARGET: QCA.translate("Wizard", "The printer address does not fit the printer kind."),
    }
    return texts.get(key, key)


class Page(QWidget):
    """One step: its title, its widgets, whether Next may be pressed, the check when it is."""

    changed = Signal()  # complete() may have changed: the wizard updates its Next button

    def __init__(self, setup: Setup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup = setup
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(10)
        self.intro = label(role="muted")
        self.layout_.addWidget(self.intro)

    def finish_layout(self) -> None:
        self.message = Banner()
        self.message.setObjectName("banner")
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.message)
        self.retranslate()

    def title(self) -> str:
        raise NotImplementedError

    def retranslate(self) -> None:
        raise NotImplementedError

    def complete(self) -> bool:
        return True

    def accept(self) -> bool:
        """Next was pressed: store the choices in ``setup`` and say True, or show why not."""
        return True

    def entered(self) -> None:
        """The page became the current one."""

    def left(self) -> None:
        """The page stops being the current one (stop previews)."""

    def refuse(self, key: str) -> bool:
        self.message.show_message("error", problem_text(key))
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class LanguagePage(Page):
    language_chosen = Signal(str)

    def __init__(self, setup: Setup, parent: QWidget | None = None) -> None:
        super().__init__(setup, parent)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for code, name in i18n.LANGUAGES.items():  # each in its own language: readable before choosing
            radio = QRadioButton(name)
            radio.setObjectName(f"language_{code}")
            radio.setChecked(code == setup.language)
            radio.toggled.connect(lambda on, c=code: self._chosen(c) if on else None)
            self.group.addButton(radio)
            self.buttons[code] = radio
            self.layout_.addWidget(radio)
        self.finish_layout()

    def title(self) -> str:
        return QCA.translate("Wizard", "Language")

    def retranslate(self) -> None:
        self.intro.setText(QCA.translate("Wizard", "Choose the language of this terminal. You can change it "
                                                   "later in the settings."))

    def _chosen(self, code: str) -> None:
        self.setup.language = code
        self.language_chosen.emit(code)


class RegionPage(Page):
    OTHER = "other"

    def __init__(self, setup: Setup, parent: QWidget | None = None) -> None:
        super().__init__(setup, parent)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.choice = QComboBox()
        self.choice.setObjectName("region")
        for code in steps.REGIONS:
            self.choice.addItem(code, code)
        self.choice.addItem("", self.OTHER)
        self.other = QLineEdit()
        self.other.setObjectName("regionCode")
        self.other.setMaxLength(2)
        self.choice_label, self.other_label = QLabel(), QLabel()
        form.addRow(self.choice_label, self.choice)
        form.addRow(self.other_label, self.other)
        self.layout_.addLayout(form)
        self.currency = label(role="value")
        self.currency.setObjectName("currency")
        self.layout_.addWidget(self.currency)
        self.note = label(role="muted")
        self.layout_.addWidget(self.note)
        self.choice.currentIndexChanged.connect(self._update)
        self.other.textChanged.connect(self._update)
        self.finish_layout()
        self.pick(setup.region)

    def pick(self, region: str) -> None:
        index = self.choice.findData(region)
        if index >= 0:
            self.choice.setCurrentIndex(index)
        else:
            self.choice.setCurrentIndex(self.choice.findData(self.OTHER))
            self.other.setText(region)
        self._update()

    def title(self) -> str:
        return QCA.translate("Wizard", "Store region and currency")

    def retranslate(self) -> None:
        names = {"IT": QCA.translate("Wizard", "Italy"), "RO": QCA.translate("Wizard", "Romania"),
                 "KR": QCA.translate("Wizard", "South Korea"),
                 "GB": QCA.translate("Wizard", "United Kingdom")}
        for index, code in enumerate(steps.REGIONS):
            self.choice.setItemText(index, f"{names[code]} ({code})")
        self.choice.setItemText(len(steps.REGIONS), QCA.translate("Wizard", "Another country…"))
        self.intro.setText(QCA.translate("Wizard", "Where is the store? Phone numbers typed without + are "
                                                   "read in this country."))
        self.choice_label.setText(QCA.translate("Wizard", "Country"))
        self.other_label.setText(QCA.translate("Wizard", "Country code (ISO, two letters)"))
        self.note.setText(QCA.translate("Wizard", "Amounts and points follow the loyalty program: a "
                                                  "registered terminal takes the server's, a standalone "
                                                  "one starts with the starter program in EUR."))
        self._update()

    def region(self) -> str:
        data = self.choice.currentData()
        return self.other.text().strip().upper() if data == self.OTHER else str(data)

    def _update(self) -> None:
        self.other.setEnabled(self.choice.currentData() == self.OTHER)
        code = steps.currency_for(self.region()) if not steps.check_region(self.region()) else ""
        self.currency.setText(QCA.translate("Wizard", "Currency: %1").replace("%1", code or "–"))
        self.changed.emit()

    def complete(self) -> bool:
        return bool(self.region())

    def accept(self) -> bool:
        problem = steps.check_region(self.region())
        if problem:
            return self.refuse(problem)
        self.setup.region = self.region()
        return True


def registration_text(error: BaseException, url: str) -> str:
    """Why registering failed, plainly: the wire's code (bad_code, code_expired) or the stable code's text."""
    if jobs.is_unreachable(error):
        return QCA.translate("Wizard", "The server %1 cannot be reached. Check the address and the network, "
                                       "or go on standalone and register later.").replace("%1", url)
    if isinstance(error, TesseraError) and error.code == Code.REGION_MISMATCH:
        template = QCA.translate("Wizard", "The server's store %1 is in %2, not in %3: choose %2 on the "
                                           "previous step, or check the registration code.")
        return fill(template, *(str(error.params.get(k, "")) for k in ("store", "region", "asked")))
    if isinstance(error, TesseraError):
        return messages.explain(error)
    code = getattr(error, "code", "")
    if code == "bad_code":
        reason = QCA.translate("Wizard", "this registration code is unknown or was already used: ask HQ "
                                         "for a new one")
    elif code == "code_expired":
        reason = QCA.translate("Wizard", "this registration code has expired: ask HQ for a new one")
    else:
        reason = str(getattr(error, "message", "") or error)
    return messages.text(Code.REGISTRATION_FAILED, {"reason": reason})


class ServerPage(Page):
    """Register with the loyalty server now, or run standalone and register later."""

    def __init__(self, setup: Setup, data_dir: Path, run: Callable[..., Any],
                 agent_factory: jobs.AgentFactory, parent: QWidget | None = None) -> None:
        super().__init__(setup, parent)
        self.data_dir, self.run, self.agent_factory = data_dir, run, agent_factory
        self.busy = False
        self.register_radio, self.standalone_radio = QRadioButton(), QRadioButton()
        self.register_radio.setObjectName("withServer")
        self.standalone_radio.setObjectName("standalone")
        group = QButtonGroup(self)
        group.addButton(self.register_radio)
        group.addButton(self.standalone_radio)
        self.register_radio.setChecked(True)
        self.layout_.addWidget(self.register_radio)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.url, self.code = QLineEdit(), QLineEdit()
        self.url.setObjectName("serverUrl")
        self.code.setObjectName("registrationCode")
        self.url.setText(setup.server_url)
        self.url_label, self.code_label = QLabel(), QLabel()
        form.addRow(self.url_label, self.url)
        form.addRow(self.code_label, self.code)
        self.layout_.addLayout(form)
        row = QHBoxLayout()
        self.register_button = button("", kind="primary")
        self.register_button.setObjectName("register")
        self.register_button.clicked.connect(self.register)
        self.offline_button = button("")
        self.offline_button.setObjectName("goStandalone")
        self.offline_button.clicked.connect(lambda: self.standalone_radio.setChecked(True))
        self.offline_button.hide()
        row.addWidget(self.register_button)
        row.addWidget(self.offline_button)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.standalone_radio)
        self.later = label(role="muted")
        self.layout_.addWidget(self.later)
        for signal in (self.register_radio.toggled, self.url.textChanged, self.code.textChanged):
            signal.connect(self._update)
        self.finish_layout()
        self._update()

    def title(self) -> str:
        return QCA.translate("Wizard", "Loyalty server")

    def retranslate(self) -> None:
        self.intro.setText(QCA.translate("Wizard", "A terminal registered with the loyalty server shares "
                                                   "members and points with the other tills of the chain."))
        self.register_radio.setText(QCA.translate("Wizard", "Register with the server now"))
        self.standalone_radio.setText(QCA.translate("Wizard", "Standalone for now"))
        self.url_label.setText(QCA.translate("Wizard", "Server address"))
        self.url.setPlaceholderText("https://loyalty.example.com")
        self.code_label.setText(QCA.translate("Wizard", "Registration code"))
        self.register_button.setText(QCA.translate("Wizard", "Register"))
        self.offline_button.setText(QCA.translate("Wizard", "Go on standalone"))
        self.later.setText(QCA.translate("Wizard", "Standalone, the terminal works on its own; register it "
                                                   "later in the settings or with tessera-pos register."))

    def _update(self) -> None:
        online = self.register_radio.isChecked() and not self.setup.registered
        for widget in (self.url, self.code, self.register_button):
            widget.setEnabled(online and not self.busy)
        self.changed.emit()

    def complete(self) -> bool:
        return not self.busy and (self.setup.registered or self.standalone_radio.isChecked())

    def register(self) -> None:
        problem = steps.check_server(self.url.text(), self.code.text())
        if problem:
            self.refuse(problem)
            return
        self.busy = True
        self.offline_button.hide()
        self.message.show_message("info", QCA.translate("Wizard", "Registering with %1…")
                                  .replace("%1", self.url.text().strip()))
        self._update()
        url, code, region, factory = self.url.text().strip(), self.code.text(), self.setup.region, \
            self.agent_factory
        self.run(lambda: jobs.register(self.data_dir, url, code, region, factory), self._registered,
                 self._failed)

    def _registered(self, answer: jobs.Registered) -> None:
        self.busy = False
        self.setup.registered, self.setup.server_url = True, self.url.text().strip()
        self.setup.region = answer.region or self.setup.region
        self.message.show_message("ok", fill(QCA.translate("Wizard", "Registered as %1 of store %2."),
                                             answer.terminal_name, answer.store_id))
        self._update()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.message.show_message("error", registration_text(error, self.url.text().strip()))
        self.offline_button.setVisible(jobs.is_unreachable(error))
        self._update()
