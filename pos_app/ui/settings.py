"""Terminal settings a manager may change: language, camera, resolution, idle lock, scan cooldown;
and the terminal's backups.

Saved with ``Terminal.save_settings`` (atomic replace of config.toml, audited as ``settings.change``
with the signed-in manager, in one transaction) on the worker; the
window then applies what can change at once (idle lock, camera) and the language
at the next start.

Backups: "Back up now" writes one into ``backups/``; "Restore…" puts a chosen backup in place of the
database after a manager's PIN (typed here, checked against the backup's managers and counted against
the PIN pad lockout; see pos_app.store.restore), keeping the replaced database aside. Both run on the
worker, like every database call. The tab lives as long as the window, so it also takes the daily
backup (:meth:`Terminal.daily_backup`, a no-op after the first of the day) every quarter of an hour.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pos_app.ui import i18n, messages
from pos_app.ui.context import Context
from pos_app.ui.widgets import Banner, button, label

if TYPE_CHECKING:
    from pos_app.config import Options
    from pos_app.terminal import Terminal

log = logging.getLogger("tessera.ui.settings")

DAILY_BACKUP_CHECK_MS = 15 * 60 * 1000
RESOLUTIONS = [(1280, 720), (1920, 1080), (640, 480)]
NO_CAMERA, OTHER_SOURCE = "", "\0other"


def list_cameras() -> list[tuple[int | str, str]]:
    """Worker side: probes the devices (OpenCV and Qt Multimedia load here, never at start-up)."""
    from pos_app.scanning import capture

    return list(capture.list_cameras())


def _save(terminal: Terminal, options: Options, manager: str | None) -> Options:
    return terminal.save_settings(options, manager)


def _daily_backup(terminal: Terminal) -> Path | None:
    return terminal.daily_backup()


class SettingsTab(QWidget):
    saved = Signal(object, object)  # old Options, new Options
    restored = Signal(object)  # pos_app.store.restore.Restored: the database was replaced
    # True just before a restore job is queued, False once it ended (restored or not): the window holds its
    # background sync meanwhile, so no other connection has the database open while it is moved aside
    restoring = Signal(bool)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._busy = False
        self._cameras: list[tuple[str, str]] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label(self.tr("Settings"), role="section"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(4)
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem(self.tr("As the computer"), "")
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.camera = QComboBox()
        self.camera.setObjectName("cameraSource")
        self.camera.currentIndexChanged.connect(self._camera_picked)
        self.path = QLineEdit()
        self.path.setObjectName("cameraPath")
        self.path.setPlaceholderText(self.tr("camera number, file, folder or URL"))
        self.resolution = QComboBox()
        self.resolution.setObjectName("resolution")
        for width, height in RESOLUTIONS:
            self.resolution.addItem(f"{width} × {height}", f"{width}x{height}")
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(0, 240)
        self.idle.setSpecialValueText(self.tr("never"))
        self.cooldown = QSpinBox()
        self.cooldown.setObjectName("scanCooldown")
        self.cooldown.setRange(1, 60)
        for widget in (self.language, self.camera, self.resolution, self.idle, self.cooldown):
            widget.setMinimumHeight(44)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Camera"), self.camera)
        form.addRow(self.tr("Other source"), self.path)
        form.addRow(self.tr("Resolution"), self.resolution)
        form.addRow(self.tr("Lock after idle (minutes)"), self.idle)
        form.addRow(self.tr("Same code again after (seconds)"), self.cooldown)
        layout.addLayout(form)
        layout.addWidget(label(self.tr("A new language applies after the terminal restarts. "
                                       "Camera changes apply at once."), role="muted"))
        layout.addStretch(1)
        self.message = Banner()
        layout.addWidget(self.message)
        self.save_button = button(self.tr("Save settings"), "Enter", kind="primary")
        self.save_button.clicked.connect(self.submit)
        bottom = self._backup_row()  # one row with saving: the screen fits 1024 x 768 in every language
        bottom.addWidget(self.save_button, 3)
        layout.addLayout(bottom)
        self.path.returnPressed.connect(self.submit)
        # the file to restore: a dialog on the GUI thread (tests put a function returning a path here)
        self.choose_backup: Callable[[], Path | None] = self._ask_for_backup
        self.daily_timer = QTimer(self)
        self.daily_timer.setInterval(DAILY_BACKUP_CHECK_MS)
        self.daily_timer.timeout.connect(self.daily_backup)
        self.daily_timer.start()

    def _backup_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.restore_pin = QLineEdit()
        self.restore_pin.setObjectName("restorePin")
        self.restore_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.restore_pin.setMaxLength(6)
        self.restore_pin.setPlaceholderText(self.tr("PIN"))  # short: the row is shared with three buttons
        self.restore_pin.setToolTip(self.tr("A manager's PIN, needed to restore a backup"))
        self.restore_pin.setMinimumHeight(44)
        self.backup_button = button(self.tr("Back up now"))
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button = button(self.tr("Restore…"))
        self.restore_button.clicked.connect(self.restore)
        row.addWidget(self.backup_button, 2)
        row.addWidget(self.restore_pin, 2)
        row.addWidget(self.restore_button, 2)
        return row

    # --- showing -------------------------------------------------------------------------

    def start(self) -> None:
        self.message.clear_message()
        self.show_options(self.ctx.options)
        if self._cameras is None:
            self.ctx.worker.run(list_cameras, self._listed, lambda _e: self._listed([]))
        self.language.setFocus()

    def _listed(self, found: list[tuple[int | str, str]]) -> None:
        self._cameras = [(str(source), name) for source, name in found]
        self.show_options(self.ctx.options)

    def show_options(self, options: Options) -> None:
        self.language.setCurrentIndex(max(self.language.findData(options.language), 0))
        self.camera.blockSignals(True)
        self.camera.clear()
        self.camera.addItem(self.tr("None"), NO_CAMERA)
        for source, name in self._cameras or []:
            self.camera.addItem(name, source)
        self.camera.addItem(self.tr("Other (type below)"), OTHER_SOURCE)
        index = self.camera.findData(options.camera) if options.camera else 0
        self.camera.setCurrentIndex(index if index >= 0 else self.camera.count() - 1)
        self.camera.blockSignals(False)
        self.path.setText(options.camera if index < 0 else "")
        self._camera_picked()
        res = self.resolution.findData(f"{options.camera_width}x{options.camera_height}")
        self.resolution.setCurrentIndex(max(res, 0))
        self.idle.setValue((options.idle_lock_seconds + 59) // 60 if options.idle_lock_seconds > 0 else 0)
        self.cooldown.setValue(max(options.scan_cooldown_seconds, 1))

    def _camera_picked(self, _index: int = 0) -> None:
        self.path.setEnabled(self.camera.currentData() == OTHER_SOURCE)

    # --- saving ---------------------------------------------------------------------------

    def chosen(self) -> Options:
        source = self.camera.currentData()
        camera = self.path.text().strip() if source == OTHER_SOURCE else str(source or "")
        width, height = (int(n) for n in str(self.resolution.currentData() or "1280x720").split("x"))
        return dataclasses.replace(self.ctx.options, language=str(self.language.currentData() or ""),
                                   camera=camera, camera_width=width, camera_height=height,
                                   idle_lock_seconds=self.idle.value() * 60,
                                   scan_cooldown_seconds=self.cooldown.value())

    def submit(self) -> None:
        if self._busy or self.ctx.terminal is None:
            return
        new = self.chosen()
        if self.camera.currentData() == OTHER_SOURCE and not new.camera:
            self.message.show_message("error", self.tr("Type the camera source, or pick None."))
            self.path.setFocus()
            return
        old, manager = dataclasses.replace(self.ctx.options), self.ctx.cashier_id
        self._set_busy(True)
        self.ctx.run(lambda t: _save(t, new, manager), lambda saved: self._saved(old, saved), self._failed)

    def _saved(self, old: Options, new: Options) -> None:
        self._set_busy(False)
        for field in dataclasses.fields(new):  # in place: the window and the terminal share this object
            setattr(self.ctx.options, field.name, getattr(new, field.name))
        text = self.tr("Settings saved.")
        if old.language != new.language:
            text += " " + self.tr("Restart the terminal to use the new language.")
        self.message.show_message("ok", text)
        self.saved.emit(old, new)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.message.show_message("error", self.tr("Cannot save the settings: %1")
                                  .replace("%1", messages.explain(error)))

    # --- backups --------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.save_button, self.backup_button, self.restore_button):
            widget.setEnabled(not busy)

    def back_up(self) -> None:
        if self._busy or self.ctx.terminal is None:
            return
        self._set_busy(True)
        self.ctx.run(lambda t: t.back_up(), self._backed_up, self._backup_failed)

    def _backed_up(self, made: Path) -> None:
        self._set_busy(False)
        self.message.show_message("ok", self.tr("Backup written: %1").replace("%1", str(made)))

    def _backup_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.message.show_message("error", self.tr("Cannot write the backup: %1")
                                  .replace("%1", messages.explain(error)))

    def _ask_for_backup(self) -> Path | None:
        folder = self.ctx.terminal.data_dir / "backups" if self.ctx.terminal is not None else Path.home()
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("Restore a backup"), str(folder),
                                                    self.tr("Terminal backups (*.db)"))
        return Path(name) if name else None

    def restore(self) -> None:
        if self._busy or self.ctx.terminal is None:
            return
        pin = self.restore_pin.text().strip()
        if not pin:
            self.message.show_message("error", self.tr("Type a manager's PIN, then choose the backup."))
            self.restore_pin.setFocus()
            return
        source = self.choose_backup()
        if source is None:
            return
        self.restore_pin.clear()
        self._set_busy(True)
        self.restoring.emit(True)
        self.ctx.run(lambda t: t.restore_backup(source, pin), self._restored, self._restore_failed)

    def _restored(self, done: Any) -> None:  # a pos_app.store.restore.Restored
        self._set_busy(False)
        kept = str(done.replaced) if done.replaced is not None else "-"
        # no restart: the window reopens its background sync on the restored database (MainWindow)
        self.message.show_message("ok", self.tr("Restored %1. The replaced database is kept in %2.")
                                  .replace("%1", str(done.source)).replace("%2", kept))
        self.restored.emit(done)
        self.restoring.emit(False)

    def _restore_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.restoring.emit(False)
        self.message.show_message("error", self.tr("Nothing was restored: %1")
                                  .replace("%1", messages.explain(error)))

    def daily_backup(self) -> None:
        """The first backup of the day, on the worker (a no-op after it); a failure is logged, and
        ``doctor`` reports a stale newest backup."""
        if self.ctx.terminal is not None:
            self.ctx.run(_daily_backup, None, lambda e: log.warning("daily backup failed: %s", e))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)
