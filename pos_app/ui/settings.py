"""Terminal settings a manager may change: language, camera, resolution, idle lock, scan cooldown.

Saved with ``Options.save`` (atomic replace of config.toml) on the worker; the
window then applies what can change at once (idle lock, camera) and the language
at the next start.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from pos_app.ui import i18n, messages
from pos_app.ui.context import Context
from pos_app.ui.widgets import Banner, button, label

if TYPE_CHECKING:
    from pos_app.config import Options

RESOLUTIONS = [(1280, 720), (1920, 1080), (640, 480)]
NO_CAMERA, OTHER_SOURCE = "", "\0other"


def list_cameras() -> list[tuple[int | str, str]]:
    """Worker side: probes the devices (OpenCV and Qt Multimedia load here, never at start-up)."""
    from pos_app.scanning import capture

    return list(capture.list_cameras())


def _save(options: Options, data_dir: Any) -> Options:
    options.save(data_dir)
    return options


class SettingsTab(QWidget):
    saved = Signal(object, object)  # old Options, new Options

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
        layout.addWidget(self.save_button)
        self.path.returnPressed.connect(self.submit)

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
        old, data_dir = dataclasses.replace(self.ctx.options), self.ctx.terminal.data_dir
        self._busy = True
        self.save_button.setEnabled(False)
        self.ctx.worker.run(lambda: _save(new, data_dir), lambda saved: self._saved(old, saved), self._failed)

    def _saved(self, old: Options, new: Options) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        for field in dataclasses.fields(new):  # in place: the window and the terminal share this object
            setattr(self.ctx.options, field.name, getattr(new, field.name))
        text = self.tr("Settings saved.")
        if old.language != new.language:
            text += " " + self.tr("Restart the terminal to use the new language.")
        self.message.show_message("ok", text)
        self.saved.emit(old, new)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.message.show_message("error", self.tr("Cannot save the settings: %1")
                                  .replace("%1", messages.explain(error)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        super().keyPressEvent(event)
