"""A sale from the keyboard: amount, the points it will earn, Enter; undo within the window."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import ANA, MARCO, StepClock, scan, settle

from pos_app.ui.sale import SalePanel
from pos_app.ui.window import MainWindow
from tests.clocks import FakeClock


def start_sale(qtbot: QtBot, window: MainWindow, mono: StepClock, card: str = MARCO) -> SalePanel:
    scan(qtbot, window, card, mono)
    qtbot.keyClick(window.workspace.scan, Qt.Key.Key_F2)
    sale = window.workspace.sale
    assert window.workspace.right.currentWidget() is sale
    assert sale.amount.hasFocus()
    return sale


def test_quote_is_shown_before_enter_confirms_the_sale(qtbot: QtBot, cashier: MainWindow,
                                                       mono: StepClock) -> None:
    terminal = cashier.terminal
    before = terminal.member(MARCO).balance
    sale = start_sale(qtbot, cashier, mono)
    assert not sale.confirm_button.isEnabled()
    qtbot.keyClicks(sale.amount, "42.50")
    settle(qtbot, cashier)
    expected = terminal.quote(MARCO, 4250).points
    assert sale.quote_label.text().startswith(f"€42.50 earns {expected} points")
    assert sale.confirm_button.isEnabled()
    assert terminal.member(MARCO).balance == before  # nothing recorded yet
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    after = terminal.member(MARCO)
    assert after.balance == before + expected
    ws = cashier.workspace
    assert f"New balance: {after.balance:,} points" in ws.banner.text()
    assert ws.right.currentWidget() is ws.redeem and ws.scan.hasFocus()
    assert ws.member_panel.spendable.text() == f"{after.spendable:,}"
    assert ws.undo_button.isVisible()
    assert re.fullmatch(r"Undo sale \((1:59|2:00)\)\nF6", ws.undo_button.text())


def test_receipt_number_typed_by_the_cashier_is_used(qtbot: QtBot, cashier: MainWindow,
                                                     mono: StepClock) -> None:
    sale = start_sale(qtbot, cashier, mono)
    qtbot.keyClicks(sale.amount, "10")
    qtbot.keyClicks(sale.receipt, "R-777")
    settle(qtbot, cashier)
    qtbot.mouseClick(sale.confirm_button, Qt.MouseButton.LeftButton)
    settle(qtbot, cashier)
    assert "Receipt R-777" in cashier.workspace.banner.text()
    refund = cashier.terminal.refund("R-777")  # the sale exists under that receipt
    assert refund.refunded_amount == 1000


def test_enter_before_the_quote_arrives_still_confirms_once_it_is_shown(qtbot: QtBot, cashier: MainWindow,
                                                                        mono: StepClock) -> None:
    before = cashier.terminal.member(MARCO).balance
    sale = start_sale(qtbot, cashier, mono)
    qtbot.keyClicks(sale.amount, "8")
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)  # typed fast; the quote may still be on its way
    settle(qtbot, cashier)
    assert cashier.terminal.member(MARCO).balance == before + cashier.terminal.quote(MARCO, 800).points


def test_bad_amount_is_refused_and_nothing_is_recorded(qtbot: QtBot, cashier: MainWindow,
                                                       mono: StepClock) -> None:
    before = cashier.terminal.status()["pending_ops"]
    sale = start_sale(qtbot, cashier, mono)
    qtbot.keyClicks(sale.amount, "12.345")
    settle(qtbot, cashier)
    assert sale.quote_label.text() == "That is not an amount yet."
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert sale.message.kind == "error"
    assert cashier.terminal.status()["pending_ops"] == before


def test_escape_cancels_the_sale(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    sale = start_sale(qtbot, cashier, mono)
    qtbot.keyClicks(sale.amount, "5")
    qtbot.keyClick(sale.amount, Qt.Key.Key_Escape)
    settle(qtbot, cashier)
    assert cashier.workspace.right.currentWidget() is cashier.workspace.redeem
    assert cashier.workspace.scan.hasFocus()


def test_sale_needs_a_member_first(qtbot: QtBot, cashier: MainWindow) -> None:
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_F2)
    assert cashier.workspace.right.currentWidget() is not cashier.workspace.sale


def test_last_sale_can_be_undone_within_the_window(qtbot: QtBot, cashier: MainWindow, mono: StepClock,
                                                   clock: FakeClock) -> None:
    before = cashier.terminal.member(MARCO).balance
    sale = start_sale(qtbot, cashier, mono)
    qtbot.keyClicks(sale.amount, "30")
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert cashier.terminal.member(MARCO).balance > before
    clock.advance(seconds=90)
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_F6)
    settle(qtbot, cashier)
    assert cashier.terminal.member(MARCO).balance == before
    assert "undone" in cashier.workspace.banner.text()
    assert not cashier.workspace.undo_button.isVisible()


def test_undo_is_refused_after_the_window(qtbot: QtBot, cashier: MainWindow, mono: StepClock,
                                          clock: FakeClock) -> None:
    sale = start_sale(qtbot, cashier, mono)
    qtbot.keyClicks(sale.amount, "30")
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    after_sale = cashier.terminal.member(MARCO).balance
    clock.advance(seconds=cashier.ctx.options.undo_window_seconds + 1)
    sale.undo()
    settle(qtbot, cashier)
    assert cashier.terminal.member(MARCO).balance == after_sale
    assert "Too late to undo" in cashier.workspace.banner.text()
    assert not cashier.workspace.undo_button.isVisible()


def test_status_bar_counts_the_new_pending_op(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    before = cashier.terminal.status()["pending_ops"]
    assert cashier.status.pending.text() == f"To sync: {before}"
    assert cashier.status.online.text() == "● Standalone"  # a demo terminal has no server
    sale = start_sale(qtbot, cashier, mono)
    qtbot.keyClicks(sale.amount, "3")
    qtbot.keyClick(sale.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert cashier.status.pending.text() == f"To sync: {before + 1}"


def test_another_customer_scanned_mid_sale_drops_that_sale(qtbot: QtBot, cashier: MainWindow,
                                                           mono: StepClock) -> None:
    ana_before = cashier.terminal.member(ANA).balance
    marco_before = cashier.terminal.member(MARCO).balance
    sale = start_sale(qtbot, cashier, mono, MARCO)
    qtbot.keyClicks(sale.amount, "40")
    settle(qtbot, cashier)
    scan(qtbot, cashier, ANA, mono)  # the next customer steps up before Enter
    ws = cashier.workspace
    assert ws.member.view.card == ANA and ws.right.currentWidget() is ws.redeem
    qtbot.keyClick(ws.scan, Qt.Key.Key_F2)
    qtbot.keyClicks(ws.sale.amount, "10")
    qtbot.keyClick(ws.sale.amount, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert cashier.terminal.member(MARCO).balance == marco_before
    assert cashier.terminal.member(ANA).balance == ana_before + cashier.terminal.quote(ANA, 1000).points
