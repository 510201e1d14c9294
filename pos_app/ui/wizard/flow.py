"""The first-run wizard: six steps on a stacked widget, Back and Next, and the finish job.

Next is enabled while the current step is complete and runs its check when pressed; the last step's
Next is Finish, which writes config.toml, creates the database and the first manager on the worker
thread and then emits :attr:`SetupWizard.completed` with the saved Options.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication as QCA
from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui import fmt, i18n, messages
from pos_app.ui.widgets import Banner, button, label
from pos_app.ui.wizard import devices, jobs, steps
from pos_app.ui.wizard.devices import CameraPage, PrinterPage
from pos_app.ui.wizard.manager import ManagerPage
from pos_app.ui.wizard.pages import LanguagePage, Page, RegionPage, ServerPage, fill
from pos_app.ui.wizard.steps import Setup
from pos_app.ui.worker import Worker

if TYPE_CHECKING:
    from pos_app.config import Options
    from pos_app.ui.context import Context

log = logging.getLogger("tessera.ui.wizard")

SIZE = (1024, 768)  # the window's (pos_app.ui.app.WINDOW_SIZE): the wizard is laid out for it
Finisher = Callable[[Setup], Any]  # worker side: saves everything, returns the saved Options


def current_language() -> str:
    """The language the window is shown in now (pos_app.ui.i18n.install sets it), English if none."""
    app = QApplication.instance()
    chosen = str(app.property("tessera_language") or "") if app is not None else ""
    return chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT


class SetupWizard(QWidget):
    completed = Signal(object)  # the saved Options

    def __init__(self, data_dir: Path, *, setup: Setup | None = None, worker: Worker | None = None,
                 finisher: Finisher | None = None, agent_factory: jobs.AgentFactory = jobs.default_agent,
                 optional_manager: bool = False, camera_lister: Callable[[], Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("wizard")
        self.data_dir = data_dir
        self.setup = setup or Setup(language=current_language())
        self.worker = worker or Worker(self)
        self.finisher = finisher or (lambda chosen: jobs.finish(data_dir, chosen))
        self.busy = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 24)
        self.heading = label(role="title")
        self.step_label = label(role="section")
        self.step_label.setObjectName("step")
        outer.addWidget(self.heading)
        outer.addWidget(self.step_label)
        self.stack = QStackedWidget()
        language = LanguagePage(self.setup)
        language.language_chosen.connect(self._language)
        self.pages: list[Page] = [
            language, RegionPage(self.setup),
            ServerPage(self.setup, data_dir, self.worker.run, agent_factory),
            CameraPage(self.setup, self.worker, lister=camera_lister or devices.list_cameras),
            PrinterPage(self.setup, self.worker),
            ManagerPage(self.setup, optional=optional_manager)]
        for page in self.pages:
            page.changed.connect(self._update)
            self.stack.addWidget(page)
        outer.addWidget(self.stack, 1)
        self.message = Banner()
        outer.addWidget(self.message)
        row = QHBoxLayout()
        self.back_button = button("")
        self.back_button.setObjectName("back")
        self.back_button.clicked.connect(self.back)
        self.next_button = button("", kind="primary")
        self.next_button.setObjectName("next")
        self.next_button.clicked.connect(self.next)
        for nav in (self.back_button, self.next_button):
            nav.setMinimumWidth(160)
            nav.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        outer.addLayout(row)
        self.retranslate()
        self.pages[0].entered()

    # --- navigation ------------------------------------------------------------------------------

    @property
    def page(self) -> Page:
        current = self.stack.currentWidget()
        assert isinstance(current, Page)
        return current

    @property
    def index(self) -> int:
        return self.stack.currentIndex()

    def go(self, index: int) -> None:
        self.page.left()
        self.stack.setCurrentIndex(index)
        self.page.message.clear_message()
        self.page.entered()
        self.retranslate()

    def next(self) -> None:
        if self.busy or not self.next_button.isEnabled() or not self.page.accept():
            return
        if self.index == len(self.pages) - 1:
            self.finish()
        else:
            if self.index == 0:  # the language suggests the store's country
                region_page = self.pages[1]
                assert isinstance(region_page, RegionPage)
                region_page.pick(steps.REGION_OF_LANGUAGE.get(self.setup.language, self.setup.region))
            self.go(self.index + 1)

    def back(self) -> None:
        if not self.busy and self.index > 0:
            self.go(self.index - 1)

    def _update(self) -> None:
        self.back_button.setEnabled(self.index > 0 and not self.busy)
        self.next_button.setEnabled(not self.busy and self.page.complete())

    # --- language ----------------------------------------------------------------------------------

    def _language(self, code: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            from pos_app.ui.app import prepare

            prepare(app, code)  # translators, font, style; Qt's LanguageChange events come later
        for page in self.pages:  # now, so the step the technician looks at is already in the language
            page.retranslate()
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(QCA.translate("Wizard", "Tessera – first start"))
        self.heading.setText(QCA.translate("Wizard", "Set up this terminal"))
        self.step_label.setText(fill(QCA.translate("Wizard", "Step %1 of %2: %3"), str(self.index + 1),
                                     str(len(self.pages)), self.page.title()))
        self.back_button.setText(QCA.translate("Wizard", "Back"))
        last = self.index == len(self.pages) - 1
        finish, forward = QCA.translate("Wizard", "Finish"), QCA.translate("Wizard", "Next")
        self.next_button.setText(finish if last else forward)
        self._update()

    # --- finishing ---------------------------------------------------------------------------------

    def finish(self) -> None:
        self.busy = True
        self.page.left()
        self.message.show_message("info", QCA.translate("Wizard", "Saving the settings and creating the "
                                                                  "terminal database…"))
        self._update()
        chosen = self.setup
        self.worker.run(lambda: self.finisher(chosen), self._finished, self._failed)

    def _finished(self, options: Options) -> None:
        self.busy = False
        self.message.show_message("ok", QCA.translate("Wizard", "Setup done."))
        self._update()
        self.completed.emit(options)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        log.warning("first-run setup failed: %s", error)
        self.message.show_message("error", QCA.translate("Wizard", "Setup failed: %1")
                                  .replace("%1", messages.explain(error)))
        self._update()

    def closeEvent(self, event: Any) -> None:
        for page in self.pages:
            page.left()
        self.worker.wait(10_000)
        super().closeEvent(event)


def start(data_dir: Path, opened: Callable[[Options], None], **kwargs: Any) -> SetupWizard:
    """The first start: show the wizard; when it is done, close it and call ``opened(options)``."""
    wizard = SetupWizard(data_dir, **kwargs)

    def done(options: Options) -> None:
        opened(options)
        wizard.close()

    wizard.completed.connect(done)
    wizard.resize(*SIZE)
    wizard.setMinimumSize(*SIZE)
    wizard.show()
    return wizard


def run_again_button(parent: QWidget, ctx: Context) -> QPushButton:
    """The settings' "Run setup again" button (a manager's screen): opens :func:`run_again`."""
    again = button(QCA.translate("Wizard", "Run setup again"), parent=None)
    again.setObjectName("runSetupAgain")
    again.clicked.connect(lambda: run_again(parent, ctx))
    return again


def run_again(parent: QWidget | None, ctx: Context) -> QDialog:
    """"Run setup again" from a manager's settings: the wizard over the open terminal, prefilled.

    Finishing saves config.toml (updating ``ctx.options`` in place, as the settings do) and adds the
    manager named on the last step, approved by the manager signed in. Changes of language, camera
    and printer apply after a restart, as from the settings.
    """
    import dataclasses

    terminal = ctx.terminal
    if terminal is None:
        raise RuntimeError("the terminal is not open yet")
    options = ctx.options
    # Not "registered": a manager may register again with a new code; standalone keeps what is there.
    setup = Setup(language=options.language or current_language(),
                  region=options.region or terminal.phone_region or "IT", camera=options.camera,
                  printer=options.printer, printer_target=options.printer_target)
    manager = ctx.cashier_id

    def finisher(chosen: Setup) -> Options:
        return jobs.save_again(terminal.data_dir, chosen, options, terminal, manager)

    dialog = QDialog(parent)
    dialog.setObjectName("setupAgain")
    layout = QVBoxLayout(dialog)
    wizard = SetupWizard(terminal.data_dir, setup=setup, worker=ctx.worker, finisher=finisher,
                         optional_manager=True, parent=dialog)
    layout.addWidget(wizard)
    dialog.setWindowTitle(wizard.windowTitle())
    dialog.resize(*SIZE)

    spoken = current_language()

    def done(saved: Options) -> None:
        for field in dataclasses.fields(saved):  # in place: the window and the terminal share this object
            setattr(ctx.options, field.name, getattr(saved, field.name))
        if ctx.terminal is not None:
            fmt.use_zone(ctx.terminal.zone)  # a new store, or a time zone set, shows its clock at once
        dialog.accept()

    def ended(result: int) -> None:
        for page in wizard.pages:  # a child gets no closeEvent: stop the camera preview here
            page.left()
        if result != QDialog.DialogCode.Accepted and current_language() != spoken:
            wizard._language(spoken)  # cancelled: the window speaks as before

    wizard.completed.connect(done)
    dialog.finished.connect(ended)
    dialog.wizard = wizard  # type: ignore[attr-defined]
    dialog.show()
    return dialog
