"""Steps 4 and 5: the camera (live preview and a test scan) and the receipt printer (a test print).

Cameras are listed, the capture worker loaded and the test slip sent on the wizard's worker thread:
a camera probe or a printer that is off never freezes the wizard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication as QCA
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from pos_app.ui import messages
from pos_app.ui.camera import CameraSlot
from pos_app.ui.widgets import button
from pos_app.ui.wizard import jobs, steps
from pos_app.ui.wizard.pages import Page
from pos_app.ui.wizard.steps import Setup

log = logging.getLogger("tessera.ui.wizard")

PREVIEW = (384, 216)
NONE, OTHER = "", "other"


def list_cameras() -> list[tuple[int | str, str]]:
    from pos_app.ui.settings import list_cameras  # worker side: OpenCV and Qt Multimedia load here

    return list_cameras()


class CameraPage(Page):
    def __init__(self, setup: Setup, worker: Any, parent: QWidget | None = None, *,
                 lister: Callable[[], list[tuple[int | str, str]]] = list_cameras) -> None:
        super().__init__(setup, parent)
        self.worker, self.lister = worker, lister
        self.listed = False
        self.read = ""  # the last code the test scan decoded
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.choice = QComboBox()
        self.choice.setObjectName("camera")
        self.choice.addItem("", NONE)
        self.choice.addItem("", OTHER)
        self.source = QLineEdit()
        self.source.setObjectName("cameraSource")
        self.choice_label, self.source_label = QLabel(), QLabel()
        form.addRow(self.choice_label, self.choice)
        form.addRow(self.source_label, self.source)
        self.layout_.addLayout(form)
        row = QHBoxLayout()
        self.preview = CameraSlot()
        self.preview.setObjectName("preview")
        self.preview.setFixedSize(*PREVIEW)
        self.preview.scanned.connect(self._scanned)
        row.addWidget(self.preview)
        self.scan_button = button("", kind="primary")
        self.scan_button.setObjectName("testScan")
        self.scan_button.clicked.connect(self.test_scan)
        row.addWidget(self.scan_button)
        self.layout_.addLayout(row)
        self.choice.currentIndexChanged.connect(self._update)
        self.source.textChanged.connect(self._update)
        self.finish_layout()
        if setup.camera:
            self.choice.setCurrentIndex(1)
            self.source.setText(setup.camera)
        self._update()

    def title(self) -> str:
        return QCA.translate("Wizard", "Camera")

    def retranslate(self) -> None:
        self.intro.setText(QCA.translate("Wizard", "The camera reads member cards and phone codes. Hold a "
                                                   "card in front of it and press Test scan."))
        self.choice.setItemText(0, QCA.translate("Wizard", "No camera (a USB scanner or the keyboard)"))
        self.choice.setItemText(self.choice.count() - 1,
                                QCA.translate("Wizard", "Video file, image folder or address…"))
        self.choice_label.setText(QCA.translate("Wizard", "Camera"))
        self.source_label.setText(QCA.translate("Wizard", "Source"))
        self.scan_button.setText(QCA.translate("Wizard", "Test scan"))

    def entered(self) -> None:
        if not self.listed:
            self.listed = True
            self.worker.run(self.lister, self._listed, lambda e: log.warning("no camera list: %s", e))

    def _listed(self, found: list[tuple[int | str, str]]) -> None:
        for source, name in found:
            self.choice.insertItem(self.choice.count() - 1, name, str(source))

    def chosen(self) -> str:
        data = self.choice.currentData()
        return self.source.text().strip() if data == OTHER else str(data or "")

    def _update(self) -> None:
        self.source.setEnabled(self.choice.currentData() == OTHER)
        self.scan_button.setEnabled(bool(self.chosen()) and not steps.check_camera(self.chosen()))
        self.changed.emit()

    def test_scan(self) -> None:
        """Start the live preview on the chosen source; the first code it decodes is shown."""
        problem = steps.check_camera(self.chosen())
        if problem:
            self.refuse(problem)
            return
        self.preview.stop()
        self.read = ""
        hold = QCA.translate("Wizard", "Hold a member card in front of the camera…")
        self.message.show_message("info", hold)
        self.preview.start(self.chosen(), self.worker, cooldown_s=1.0)

    def _scanned(self, text: str) -> None:
        self.read = text
        self.message.show_message("ok", QCA.translate("Wizard", "Test scan read %1.").replace("%1", text))

    def left(self) -> None:
        self.preview.stop()

    def accept(self) -> bool:
        problem = steps.check_camera(self.chosen())
        if problem:
            return self.refuse(problem)
        self.setup.camera = self.chosen()
        return True


class PrinterPage(Page):
    def __init__(self, setup: Setup, worker: Any, parent: QWidget | None = None) -> None:
        super().__init__(setup, parent)
        self.worker = worker
        self.busy = False
        self.sent = 0  # bytes of the last test print
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.kind = QComboBox()
        self.kind.setObjectName("printerKind")
        for kind in steps.PRINTER_KINDS:
            self.kind.addItem("", kind)
        self.target = QLineEdit()
        self.target.setObjectName("printerTarget")
        self.kind_label, self.target_label = QLabel(), QLabel()
        form.addRow(self.kind_label, self.kind)
        form.addRow(self.target_label, self.target)
        self.layout_.addLayout(form)
        row = QHBoxLayout()
        self.print_button = button("", kind="primary")
        self.print_button.setObjectName("testPrint")
        self.print_button.clicked.connect(self.test_print)
        self.none_button = button("")
        self.none_button.setObjectName("noPrinter")
        self.none_button.clicked.connect(lambda: self.kind.setCurrentIndex(0))
        self.none_button.hide()
        row.addWidget(self.print_button)
        row.addWidget(self.none_button)
        self.layout_.addLayout(row)
        self.kind.currentIndexChanged.connect(self._update)
        self.target.textChanged.connect(self._update)
        self.finish_layout()
        self.kind.setCurrentIndex(max(self.kind.findData(setup.printer), 0))
        self.target.setText(setup.printer_target)
        self._update()

    def title(self) -> str:
        return QCA.translate("Wizard", "Receipt printer")

    def retranslate(self) -> None:
        names = [QCA.translate("Wizard", "No receipt printer (vouchers as PDF)"),
                 QCA.translate("Wizard", "File or device node"), QCA.translate("Wizard", "Network (ESC/POS)"),
                 QCA.translate("Wizard", "USB (ESC/POS)")]
        for index, name in enumerate(names):
            self.kind.setItemText(index, name)
        self.intro.setText(QCA.translate("Wizard", "Vouchers and points slips print on an ESC/POS receipt "
                                                   "printer. Press Test print to check it."))
        self.kind_label.setText(QCA.translate("Wizard", "Printer"))
        self.target_label.setText(QCA.translate("Wizard", "Address"))
        self.print_button.setText(QCA.translate("Wizard", "Test print"))
        self.none_button.setText(QCA.translate("Wizard", "Go on without a printer"))
        self._update()

    def _update(self) -> None:
        kind = str(self.kind.currentData())
        self.target.setEnabled(kind != "none")
        hints = {"file": "/dev/usb/lp0", "network": "192.0.2.10:9100", "usb": "04b8:0202", "none": ""}
        self.target.setPlaceholderText(hints.get(kind, ""))
        self.print_button.setEnabled(kind != "none" and not self.busy)
        if kind == "none":
            self.none_button.hide()
        self.changed.emit()

    def complete(self) -> bool:
        return not self.busy

    def test_print(self) -> None:
        kind, target = str(self.kind.currentData()), self.target.text().strip()
        problem = steps.check_printer(kind, target)
        if problem:
            self.refuse(problem)
            return
        self.busy = True
        self.message.show_message("info", QCA.translate("Wizard", "Printing a test slip…"))
        self._update()
        self.worker.run(lambda: jobs.test_print(kind, target), self._printed, self._failed)

    def _printed(self, sent: int) -> None:
        self.busy, self.sent = False, sent
        self.none_button.hide()
        self.message.show_message("ok", QCA.translate("Wizard", "Test slip sent to the printer: check it "
                                                                "came out."))
        self._update()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.message.show_message("error", messages.explain(error))
        self.none_button.show()
        self._update()

    def accept(self) -> bool:
        kind, target = str(self.kind.currentData()), self.target.text().strip()
        problem = steps.check_printer(kind, target)
        if problem:
            return self.refuse(problem)
        self.setup.printer, self.setup.printer_target = kind, target if kind != "none" else ""
        return True
