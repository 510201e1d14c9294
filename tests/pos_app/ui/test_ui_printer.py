"""Slips on the ESC/POS printer after a redemption, a sale and an enrollment; a dead printer loses nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import MARCO, StepClock, scan, settle

from pos_app.printer import slips
from pos_app.ui import receipts
from pos_app.ui.app import prepare
from pos_app.ui.window import MainWindow
from tests.pos_app.printer.fake_printer import FakePrinter, closed_port

CODE128 = b"\x1dkI"


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    with FakePrinter() as fake:
        yield fake


def use_printer(window: MainWindow, target: str, *, points_slip: bool = False) -> None:
    options = window.ctx.options
    options.printer, options.printer_target, options.printer_points_slip = "network", target, points_slip


def redeem_coffee(qtbot: QtBot, window: MainWindow, mono: StepClock) -> None:
    scan(qtbot, window, MARCO, mono)
    redeem = window.workspace.redeem
    redeem.ask("coffee")
    qtbot.keyClick(redeem.confirm_button, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert redeem.pages.currentIndex() == 2 and redeem.last is not None


def test_a_redemption_prints_the_voucher(qtbot: QtBot, cashier: MainWindow, mono: StepClock,
                                         printer: FakePrinter) -> None:
    use_printer(cashier, printer.target)
    redeem_coffee(qtbot, cashier, mono)
    qtbot.waitUntil(lambda: len(printer.jobs) == 1)
    slip = printer.jobs[0]
    voucher = cashier.workspace.redeem.last.voucher  # type: ignore[union-attr]
    assert slip.startswith(b"\x1b@") and slip.rstrip(b"\n").endswith(b"\x1dV\x00")
    assert voucher.encode() + b"\n" in slip and CODE128 in slip and ("{B" + voucher).encode() in slip
    assert b"Free coffee" in slip and b"*********" + MARCO[-4:].encode() in slip
    assert MARCO.encode() not in slip
    assert cashier.workspace.redeem.message.kind != "error"


@pytest.mark.allow_log("tessera.ui.receipts", "slip not printed")
def test_a_printer_that_is_off_is_said_and_the_redemption_stands(qtbot: QtBot, cashier: MainWindow,
                                                                 mono: StepClock) -> None:
    terminal = cashier.terminal
    before = terminal.member(MARCO).balance
    port = closed_port()
    use_printer(cashier, f"127.0.0.1:{port}")
    redeem_coffee(qtbot, cashier, mono)
    banner = cashier.workspace.redeem.message
    qtbot.waitUntil(lambda: banner.kind == "error")
    assert banner.text().startswith(f"The receipt printer 127.0.0.1:{port} cannot be reached")
    assert "nothing else was undone" in banner.text()
    last = cashier.workspace.redeem.last
    assert last is not None and cashier.workspace.redeem.voucher.text() == last.voucher  # still on screen
    assert terminal.member(MARCO).balance == before - 100
    entries = {e.id: e for e in terminal.recent_visits(MARCO, limit=20)}
    assert entries[last.entry_id].kind == "redeem" and entries[last.entry_id].points == -100


def test_a_sale_prints_the_points_slip_when_enabled(qtbot: QtBot, cashier: MainWindow, mono: StepClock,
                                                    printer: FakePrinter) -> None:
    use_printer(cashier, printer.target, points_slip=True)
    scan(qtbot, cashier, MARCO, mono)
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_F2)
    sale = cashier.workspace.sale
    qtbot.keyClicks(sale.amount, "42.50")
    settle(qtbot, cashier)
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    qtbot.waitUntil(lambda: len(printer.jobs) == 1)
    view = cashier.terminal.member(MARCO)
    assert b"Points earned" in printer.jobs[0] and f"{view.balance:,}".encode() in printer.jobs[0]
    assert "Sale recorded" in cashier.workspace.banner.text()  # the slip did not replace the sale's words


@pytest.mark.allow_log("tessera.ui.receipts", "slip not printed")
def test_a_sale_with_the_printer_off_is_recorded_and_says_so(qtbot: QtBot, cashier: MainWindow,
                                                            mono: StepClock) -> None:
    before = cashier.terminal.member(MARCO).balance
    use_printer(cashier, f"127.0.0.1:{closed_port()}", points_slip=True)
    scan(qtbot, cashier, MARCO, mono)
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_F2)
    sale = cashier.workspace.sale
    qtbot.keyClicks(sale.amount, "42.50")
    settle(qtbot, cashier)
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    banner = cashier.workspace.banner
    qtbot.waitUntil(lambda: "cannot be reached" in banner.text())
    assert "nothing else was undone" in banner.text()
    assert sale.last is not None and sale.last.points > 0  # the sale was recorded, its undo offered
    assert cashier.terminal.member(MARCO).balance == before + sale.last.points


def test_a_sale_prints_nothing_unless_enabled(qtbot: QtBot, cashier: MainWindow, mono: StepClock,
                                              printer: FakePrinter) -> None:
    use_printer(cashier, printer.target, points_slip=False)
    scan(qtbot, cashier, MARCO, mono)
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_F2)
    sale = cashier.workspace.sale
    qtbot.keyClicks(sale.amount, "10")
    settle(qtbot, cashier)
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert receipts.printer_worker(cashier.ctx).pending == 0 and printer.jobs == []


def test_an_enrollment_prints_the_new_card_number(qtbot: QtBot, cashier: MainWindow,
                                                  printer: FakePrinter) -> None:
    use_printer(cashier, printer.target)
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_F4)
    panel = cashier.workspace.enroll
    qtbot.keyClicks(panel.name, "Luca Verdi")
    qtbot.keyClicks(panel.phone, "+39 333 444 5566")
    qtbot.keyClick(panel.phone, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert panel.enrolled is not None
    qtbot.waitUntil(lambda: len(printer.jobs) == 1)
    card = panel.enrolled.card
    assert card.encode() + b"\n" in printer.jobs[0] and b"\x1dk\x02" + card.encode() in printer.jobs[0]
    assert b"Luca Verdi" in printer.jobs[0]


def test_korean_window_prints_english_labels_on_a_latin_printer(qtbot: QtBot, cashier: MainWindow,
                                                                 mono: StepClock, printer: FakePrinter,
                                                                 qapp: QApplication) -> None:
    prepare(qapp, "ko")
    use_printer(cashier, printer.target)
    redeem_coffee(qtbot, cashier, mono)
    qtbot.waitUntil(lambda: len(printer.jobs) == 1)
    assert b"Points spent" in printer.jobs[0] and b"?" not in printer.jobs[0].split(b"Points spent")[1][:40]


@pytest.mark.allow_log("tessera.ui.receipts", "slip not printed")
def test_wrong_printer_settings_are_said_once(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    cashier.ctx.options.printer, cashier.ctx.options.printer_target = "usb", "epson"
    redeem_coffee(qtbot, cashier, mono)
    banner = cashier.workspace.redeem.message
    assert banner.kind == "error" and banner.text().startswith("The receipt printer is not set up right")
    assert receipts.printer_worker(cashier.ctx).pending == 0


def test_every_slip_label_is_marked_for_translation() -> None:
    assert set(receipts.LABELS) == set(slips.LABELS)
