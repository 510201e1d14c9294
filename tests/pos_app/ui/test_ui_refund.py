"""Refunds by receipt number, in full or in part, through the refund panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import MARCO, StepClock, scan, settle

from pos_app.ui.refund import RefundPanel
from pos_app.ui.window import MainWindow


def open_refund(qtbot: QtBot, window: MainWindow) -> RefundPanel:
    qtbot.keyClick(window.workspace.scan, Qt.Key.Key_F5)
    panel = window.workspace.refund
    assert window.workspace.right.currentWidget() is panel and panel.receipt.hasFocus()
    return panel


def test_partial_refund_takes_back_part_of_the_points(qtbot: QtBot, cashier: MainWindow,
                                                      mono: StepClock) -> None:
    terminal = cashier.terminal
    sold = terminal.sale(MARCO, 10000, receipt="R-100")
    scan(qtbot, cashier, MARCO, mono)
    panel = open_refund(qtbot, cashier)
    qtbot.keyClicks(panel.receipt, "R-100")
    qtbot.keyClicks(panel.amount, "25.00")
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    after = terminal.member(MARCO)
    assert after.balance == sold.balance - sold.points_earned // 4
    ws = cashier.workspace
    assert "Refunded €25.00 on receipt R-100" in ws.banner.text()
    assert ws.member_panel.spendable.text() == f"{after.spendable:,}"
    # the rest of the receipt can still be refunded, and no more than that
    left = terminal.refund("R-100")
    assert left.refunded_amount == 7500


def test_full_refund_when_no_amount_is_typed(qtbot: QtBot, cashier: MainWindow) -> None:
    terminal = cashier.terminal
    before = terminal.member(MARCO).balance
    terminal.sale(MARCO, 5000, receipt="R-200")
    panel = open_refund(qtbot, cashier)
    qtbot.keyClicks(panel.receipt, "R-200")
    qtbot.mouseClick(panel.refund_button, Qt.MouseButton.LeftButton)
    settle(qtbot, cashier)
    assert terminal.member(MARCO).balance == before
    assert "Refunded €50.00" in cashier.workspace.banner.text()


def test_unknown_receipt_and_too_large_amount_are_explained(qtbot: QtBot, cashier: MainWindow) -> None:
    cashier.terminal.sale(MARCO, 1000, receipt="R-300")
    panel = open_refund(qtbot, cashier)
    qtbot.keyClicks(panel.receipt, "NOPE-1")
    qtbot.keyClick(panel.receipt, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert panel.message.text() == "No sale has receipt NOPE-1."
    panel.receipt.clear()
    qtbot.keyClicks(panel.receipt, "R-300")
    qtbot.keyClicks(panel.amount, "20")
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert panel.message.text() == "The refund is larger than what is left on receipt R-300."
    assert cashier.terminal.refund("R-300").refunded_amount == 1000  # still whole


def test_empty_receipt_is_asked_for(qtbot: QtBot, cashier: MainWindow) -> None:
    panel = open_refund(qtbot, cashier)
    with qtbot.assertNotEmitted(cashier.worker.settled):
        qtbot.keyClick(panel.receipt, Qt.Key.Key_Return)
    assert panel.message.text() == "Type or scan the receipt number."
