"""The main window: sign-in page, the workspace, the status bar; idle lock and status refresh."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

from pos_app.core.errors import TesseraError
from pos_app.ui import fmt, messages
from pos_app.ui.context import Cashier, Context
from pos_app.ui.manager import ManagerPage
from pos_app.ui.signin import SignInPage, lock_seconds
from pos_app.ui.statusbar import StatusBar
from pos_app.ui.syncer import SyncRunner
from pos_app.ui.worker import Worker
from pos_app.ui.workspace import Workspace

if TYPE_CHECKING:
    from pos_app.config import Options
    from pos_app.terminal import Terminal

log = logging.getLogger("tessera.ui")

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel}


class MainWindow(QMainWindow):
    ready = Signal()  # the terminal is open: the PIN pad accepts PINs
    signed_in = Signal(str)  # cashier id
    locked = Signal()

    def __init__(self, options: Options, *, terminal: Terminal | None = None,
                 loader: Callable[[], Terminal] | None = None, camera: str | None = None,
                 monotonic: Callable[[], float] = time.monotonic, status_interval_ms: int = 10_000,
                 sync_agent_factory: Callable[[Path], Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main")
        self.setWindowTitle(self.tr("Tessera – loyalty terminal"))
        self.worker = Worker(self)
        self.ctx = Context(self.worker, options, monotonic=monotonic, camera=camera or options.camera or None)
        self.pages = QStackedWidget()
        self.signin = SignInPage(monotonic)
        self.signin.pin_entered.connect(self._sign_in)
        self.workspace = Workspace(self.ctx)
        self.workspace.lock_requested.connect(self.lock)
        self.workspace.bus.member_changed.connect(lambda _card: self.refresh_status())
        self.workspace.manager_requested.connect(self.open_manager)
        self.manager = ManagerPage(self.ctx)
        self.manager.back_requested.connect(self.close_manager)
        self.manager.settings_saved.connect(self._settings_saved)
        self.manager.settings.restoring.connect(self._restoring)
        self.manager.settings.restored.connect(self._restored)
        self.pages.addWidget(self.signin)
        self.pages.addWidget(self.workspace)
        self.pages.addWidget(self.manager)
        self.setCentralWidget(self.pages)
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self.worker.failed.connect(self._unhandled)
        self.syncer: SyncRunner | None = None
        self._sync_agent_factory = sync_agent_factory
        self._sync_held = False  # a restore is replacing the database: no background sync starts

        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._idle)
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(status_interval_ms)
        self.status_timer.timeout.connect(self.refresh_status)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

        if terminal is not None:
            self._opened(terminal)
        elif loader is not None:
            self.signin.message.show_message("info", self.tr("Opening the terminal database…"))
            self.worker.run(loader, self._opened, self._open_failed)

    # --- terminal ---------------------------------------------------------------------

    @property
    def terminal(self) -> Terminal | None:
        return self.ctx.terminal

    def _opened(self, terminal: Terminal) -> None:
        self.ctx.terminal = terminal
        fmt.use_zone(terminal.zone)  # times shown on the store's clock, as its days and hours are
        program = terminal.program  # read once at open; cached by the terminal
        self.ctx.currency = program.currency
        self.ctx.program_name = program.name
        self.signin.message.clear_message()
        self.signin.set_ready(True)
        self.refresh_status()
        self.status_timer.start()
        if self.ctx.camera:
            self.workspace.camera.start(self.ctx.camera, self.worker, self.ctx.options.scan_cooldown_seconds,
                                        self._camera_size())
        self.ready.emit()

    def _open_failed(self, error: BaseException) -> None:
        if isinstance(error, TesseraError):  # said plainly (a damaged or empty database): no traceback
            log.error("cannot open the terminal: %s", error.message)
        else:
            log.error("cannot open the terminal", exc_info=error)
        self.signin.message.show_message("error", self.tr("Cannot open the terminal database: %1")
                                         .replace("%1", messages.explain(error)))

    def refresh_status(self) -> None:
        if self.ctx.terminal is not None:
            self.ctx.run(lambda t: t.status(), self._status, lambda e: log.warning("status: %s", e))

    def _status(self, status: dict[str, Any]) -> None:
        self.status.show_status(status)
        if (status.get("server_url") and self.syncer is None and not self._sync_held
                and self.ctx.terminal is not None):
            self._start_sync(self.ctx.terminal.data_dir)

    def _start_sync(self, data_dir: Path) -> None:
        """A registered terminal syncs in the background, on its own thread."""
        self.syncer = SyncRunner(data_dir, self.ctx.options.sync_interval_seconds, self)
        if self._sync_agent_factory is not None:
            self.syncer.agent_factory = self._sync_agent_factory
        self.syncer.synced.connect(self._synced)
        self.syncer.keys_changed.connect(lambda keys: setattr(self.ctx, "qr_keys", keys or None))
        self.workspace.remote_lookup = self.syncer.lookup_card
        self.syncer.start()

    def _synced(self, result: Any) -> None:
        if getattr(result, "program_changed", False):
            self.ctx.run(_reload_program, self._program_reloaded)
        self.refresh_status()

    def _program_reloaded(self, program: Any) -> None:
        self.ctx.currency, self.ctx.program_name = program.currency, program.name

    def _stop_sync(self) -> None:
        """The background sync stopped and dropped: its agent's connections to the database are closed."""
        syncer, self.syncer = self.syncer, None
        self.workspace.remote_lookup = None
        if syncer is not None:
            syncer.stop()  # waits for a sync in flight (bounded by the agent's network timeouts)
            syncer.deleteLater()

    def _restoring(self, started: bool) -> None:
        """Around a restore from the settings screen: the sync holds connections of its own to the
        database file the restore moves aside, so it stops first; once the restore ended (done or refused)
        the status refresh starts a new one, whose agent opens the database now in place (none when the
        restored backup is of an unregistered terminal)."""
        self._sync_held = started
        if started:
            self._stop_sync()
        else:
            self.refresh_status()

    def _restored(self, _done: Any) -> None:
        """The terminal reopened itself on the backup (Terminal.restore_backup): its program may differ."""
        self.ctx.run(_reload_program, self._program_reloaded)

    # --- cashiers -------------------------------------------------------------------------

    def _sign_in(self, pin: str) -> None:
        if self.ctx.terminal is None:
            self.signin.set_ready(False)
            return
        self.ctx.run(lambda t: t.sign_in(pin), self._signed_in, self._sign_in_refused)

    def _signed_in(self, info: Any) -> None:
        self.ctx.cashier = Cashier(info.id, info.name, info.role)
        self.status.show_cashier(info.name)
        self.signin.reset()
        self.workspace.reset()
        self.pages.setCurrentWidget(self.workspace)
        self.workspace.focus_scan()
        self._restart_idle()
        self.signed_in.emit(info.id)

    def _sign_in_refused(self, error: BaseException) -> None:
        self.signin.refused(messages.explain(error), lock_seconds(error))

    def open_manager(self) -> None:
        """The manager's screen; a plain cashier never gets here (the button is hidden for them too)."""
        cashier = self.ctx.cashier
        if cashier is None or cashier.role != "manager":
            return
        member = self.workspace.member
        self.manager.start(cashier.name, member.view.card if member is not None else "")
        self.pages.setCurrentWidget(self.manager)

    def close_manager(self) -> None:
        if self.pages.currentWidget() is self.manager:
            self.pages.setCurrentWidget(self.workspace)
            self.workspace.refresh_member("")  # a correction may have changed the member on screen
            self.workspace.focus_scan()

    def _settings_saved(self, old: Options, new: Options) -> None:
        if ((old.camera, old.camera_width, old.camera_height)
                != (new.camera, new.camera_width, new.camera_height)):
            self.restart_camera(new.camera or None)
        self._restart_idle()

    def restart_camera(self, source: str | None) -> None:
        """Stop the capture and start the new source (None: no camera)."""
        camera = self.workspace.camera
        camera.stop()
        self.ctx.camera = source
        if source:
            camera.start(source, self.worker, self.ctx.options.scan_cooldown_seconds, self._camera_size())
        else:
            camera.clear()
            camera.hide()

    def lock(self) -> None:
        """Back to the PIN pad; the next cashier signs in (switch cashier is the same thing)."""
        self.ctx.cashier = None
        self.idle_timer.stop()
        self.status.show_cashier(None)
        self.workspace.reset()
        self.manager.cashiers.clear()  # no typed PIN stays behind a lock
        self.pages.setCurrentWidget(self.signin)
        self.signin.reset()
        self.locked.emit()

    def _idle(self) -> None:
        if self.ctx.cashier is not None:
            self.lock()

    def _restart_idle(self) -> None:
        seconds = self.ctx.options.idle_lock_seconds
        if self.ctx.cashier is not None and seconds > 0:
            self.idle_timer.start(seconds * 1000)

    def _camera_size(self) -> tuple[int, int]:
        return self.ctx.options.camera_width, self.ctx.options.camera_height

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.idle_timer.isActive():
            self._restart_idle()
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and isinstance(watched, QWidget)):
            return self._to_scan_field(watched, event)
        return False

    def _to_scan_field(self, target: QWidget, event: QKeyEvent) -> bool:
        """Typing while a list or a button has focus goes to the scan field.

        A scanner burst (or a person typing a name) must never land in the
        rewards list, where its Enter would start a redemption.
        """
        text = event.text()
        if (self.pages.currentWidget() is not self.workspace or not self.isVisible()
                or not text or not text.isprintable() or text == " "
                or event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                        | Qt.KeyboardModifier.AltModifier)):
            return False
        if (isinstance(target, QLineEdit | QAbstractSpinBox | QTextEdit)
                or not self.workspace.isAncestorOf(target)):
            return False
        scan = self.workspace.scan
        scan.setFocus()
        QApplication.sendEvent(scan, QKeyEvent(event.type(), event.key(), event.modifiers(), text))
        return True

    # --- errors and shutdown -------------------------------------------------------------

    def _unhandled(self, error: BaseException) -> None:
        self.workspace.banner.show_message("error", messages.explain(error))

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.status_timer.stop()
        self.idle_timer.stop()
        self.workspace.camera.stop()
        if self.syncer is not None:
            self.syncer.stop()
        self.worker.wait(5000)
        super().closeEvent(event)


def _reload_program(terminal: Terminal) -> Any:
    """Worker side: a new program version arrived with the sync; the next sale uses it."""
    terminal.reload_program()
    return terminal.program
