"""Redeeming a reward: pick, confirm, voucher code; refusals in words; printing the voucher."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import ANA, MARCO, StepClock, scan, settle

from pos_app.ui.window import MainWindow


def row_of(window: MainWindow, reward_id: str) -> int:
    rewards = window.workspace.redeem.list
    return next(i for i in range(rewards.count())
                if rewards.item(i).data(Qt.ItemDataRole.UserRole) == reward_id)


def test_redeem_by_keyboard_shows_the_voucher(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    terminal = cashier.terminal
    before = terminal.member(MARCO).balance
    scan(qtbot, cashier, MARCO, mono)
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_F3)
    redeem = cashier.workspace.redeem
    assert redeem.list.hasFocus()
    redeem.list.setCurrentRow(row_of(cashier, "coffee"))
    qtbot.keyClick(redeem.list, Qt.Key.Key_Return)
    assert redeem.pages.currentIndex() == 1
    assert redeem.question.text() == "Redeem Free coffee for 100 points?"
    assert terminal.member(MARCO).balance == before  # asking is not redeeming
    qtbot.keyClick(redeem.confirm_button, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert redeem.pages.currentIndex() == 2
    code = redeem.voucher.text()
    assert code and code == redeem.last.voucher
    assert terminal.member(MARCO).balance == before - 100
    assert f"New balance: {before - 100:,} points" in redeem.result.text()
    qtbot.keyClick(redeem.back_button, Qt.Key.Key_Return)
    assert redeem.pages.currentIndex() == 0
    assert cashier.workspace.scan.hasFocus()


def test_redeem_by_touch(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    before = cashier.terminal.member(MARCO).balance
    scan(qtbot, cashier, MARCO, mono)
    redeem = cashier.workspace.redeem
    item = redeem.list.item(row_of(cashier, "5off"))
    rect = redeem.list.visualItemRect(item)
    qtbot.mouseClick(redeem.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert redeem.pages.currentIndex() == 1
    qtbot.mouseClick(redeem.confirm_button, Qt.MouseButton.LeftButton)
    settle(qtbot, cashier)
    assert cashier.terminal.member(MARCO).balance == before - 250


def test_cancel_leaves_the_points_alone(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    before = cashier.terminal.member(MARCO).balance
    scan(qtbot, cashier, MARCO, mono)
    redeem = cashier.workspace.redeem
    redeem.ask("coffee")
    qtbot.keyClick(redeem.cancel_button, Qt.Key.Key_Escape)
    settle(qtbot, cashier)
    assert redeem.pages.currentIndex() == 0
    assert cashier.terminal.member(MARCO).balance == before


def test_reward_the_member_cannot_take_says_why(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    before = cashier.terminal.member(ANA).balance
    scan(qtbot, cashier, ANA, mono)
    redeem = cashier.workspace.redeem
    redeem.focus_list()
    redeem.list.setCurrentRow(row_of(cashier, "10pct"))
    qtbot.keyClick(redeem.list, Qt.Key.Key_Return)
    assert redeem.pages.currentIndex() == 0
    assert redeem.message.kind == "error"
    assert redeem.message.text() == "10% off your basket needs Silver tier or higher."
    assert cashier.terminal.member(ANA).balance == before


def test_refusal_from_the_terminal_is_shown_in_words(qtbot: QtBot, cashier: MainWindow,
                                                     mono: StepClock) -> None:
    scan(qtbot, cashier, ANA, mono)
    redeem = cashier.workspace.redeem
    redeem.ask("5off")
    spendable = cashier.terminal.member(ANA).spendable
    cashier.terminal.adjust(ANA, -(spendable - 10), "test: spent elsewhere", "manager")  # another till
    qtbot.keyClick(redeem.confirm_button, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert redeem.message.text() == "5.00 off your basket needs 250 points; 10 available."
    assert cashier.terminal.member(ANA).spendable == 10


def test_print_voucher_writes_a_pdf_and_opens_it(qtbot: QtBot, cashier: MainWindow, mono: StepClock,
                                                 opened: list[str]) -> None:
    scan(qtbot, cashier, MARCO, mono)
    redeem = cashier.workspace.redeem
    redeem.ask("coffee")
    qtbot.keyClick(redeem.confirm_button, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    qtbot.keyClick(redeem.back_button, Qt.Key.Key_F8)
    settle(qtbot, cashier)
    assert len(opened) == 1
    pdf = Path(opened[0])
    assert pdf.name == f"voucher-{redeem.last.voucher}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
