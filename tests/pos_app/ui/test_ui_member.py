"""Finding the member (scan, typed card or phone, name search) and what the member panel shows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import ANA, ELENA, MARCO, StepClock, scan, settle

from pos_app.core import qrtoken
from pos_app.ui.window import MainWindow
from tests.clocks import FakeClock


def test_scanned_card_opens_the_member_panel(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    scan(qtbot, cashier, MARCO, mono)
    ws = cashier.workspace
    assert ws.member is not None and ws.member.view.card == MARCO
    panel = ws.member_panel
    assert panel.name.text() == "Marco Rossi"
    assert panel.tier.text() == "Silver tier"
    view = cashier.terminal.member(MARCO)
    assert panel.spendable.text() == f"{view.spendable:,}"
    assert panel.next_tier.text() == "€1,450.00 more to spend for Gold"
    assert 0 < panel.progress.value() < 100
    assert panel.visits.count() >= 3
    assert ws.scan.text() == "" and ws.scan.hasFocus()


def test_rewards_show_what_can_be_taken_and_why_not(qtbot: QtBot, cashier: MainWindow,
                                                    mono: StepClock) -> None:
    scan(qtbot, cashier, ANA, mono)  # bronze
    points = cashier.terminal.member(ANA).spendable
    assert 250 <= points < 800
    rewards = cashier.workspace.redeem.list
    texts = [rewards.item(i).text() for i in range(rewards.count())]
    allowed = [t for t in texts if "\n" not in t]
    refused = [t for t in texts if "\n" in t]
    assert [t.split("   ")[0] for t in allowed] == ["Free coffee", "5.00 off your basket"]
    assert "10% off your basket needs Silver tier or higher." in "".join(refused)
    assert f"Tessera tote bag needs 800 points; {points} available." in "".join(refused)
    # allowed ones first and highlighted
    assert rewards.item(0).background().color().name() == "#dff5e3"
    assert rewards.item(len(allowed)).background().style() == Qt.BrushStyle.NoBrush


def test_typed_card_number_by_a_person_finds_the_member(qtbot: QtBot, cashier: MainWindow) -> None:
    field = cashier.workspace.scan
    qtbot.keyClicks(field, ELENA)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert cashier.workspace.member.view.name == "Elena Ionescu"
    assert cashier.workspace.member_panel.next_tier.text() == "Top tier reached"


def test_typed_phone_number_finds_the_member(qtbot: QtBot, cashier: MainWindow) -> None:
    qtbot.keyClicks(cashier.workspace.scan, "+40721000004")
    qtbot.mouseClick(cashier.workspace.find_button, Qt.MouseButton.LeftButton)
    settle(qtbot, cashier)
    assert cashier.workspace.member.view.card == ELENA


def test_name_search_lists_members_to_pick_from(qtbot: QtBot, cashier: MainWindow) -> None:
    ws = cashier.workspace
    qtbot.keyClicks(ws.scan, "example.org")
    qtbot.keyClick(ws.scan, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert ws.left.currentWidget() is ws.results
    names = [ws.results.list.item(i).text().split("\n")[0] for i in range(ws.results.list.count())]
    assert names == sorted(names) and "Marco Rossi" in names and len(names) >= 3
    assert ws.results.list.hasFocus()
    row = names.index("Marco Rossi")
    ws.results.list.setCurrentRow(row)
    qtbot.keyClick(ws.results.list, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert ws.member.view.card == MARCO


def test_single_search_hit_opens_directly(qtbot: QtBot, cashier: MainWindow) -> None:
    qtbot.keyClicks(cashier.workspace.scan, "Popescu")
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert cashier.workspace.member.view.card == ANA


def test_unknown_and_mistyped_cards_are_explained(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    scan(qtbot, cashier, "2900000000063", mono)  # valid check digit, nobody has it
    assert cashier.workspace.banner.kind == "error"
    assert cashier.workspace.banner.text() == "No member has card *********0063."
    scan(qtbot, cashier, "2900000000011", mono)  # wrong check digit
    assert "mistyped" in cashier.workspace.banner.text()
    assert cashier.workspace.member is None


def test_nothing_found_says_so(qtbot: QtBot, cashier: MainWindow) -> None:
    qtbot.keyClicks(cashier.workspace.scan, "Zebedee")
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert "No member found" in cashier.workspace.results.title.text()


def test_phone_qr_token_goes_the_same_scan_path(qtbot: QtBot, cashier: MainWindow, mono: StepClock,
                                                clock: FakeClock) -> None:
    token = qrtoken.sign(MARCO, clock.now, qrtoken.demo_private_key(), qrtoken.DEMO_KEY_ID)
    scan(qtbot, cashier, token, mono)
    assert cashier.workspace.member.view.card == MARCO
    cashier.workspace.clear_member()
    scan(qtbot, cashier, token, mono)  # a replayed token is refused
    assert cashier.workspace.member is None
    assert "already used" in cashier.workspace.banner.text()


def test_camera_codes_use_the_same_path_as_the_scanner(qtbot: QtBot, cashier: MainWindow) -> None:
    cashier.workspace.camera.scanned.emit(ANA)
    settle(qtbot, cashier)
    assert cashier.workspace.member.view.card == ANA


def test_escape_clears_the_member_and_keeps_the_scan_field_ready(qtbot: QtBot, cashier: MainWindow,
                                                                 mono: StepClock) -> None:
    scan(qtbot, cashier, MARCO, mono)
    qtbot.keyClick(cashier.workspace.scan, Qt.Key.Key_Escape)
    assert cashier.workspace.member is None
    assert not cashier.workspace.sale_button.isEnabled()
    assert cashier.workspace.scan.hasFocus()


def test_scan_while_the_rewards_list_has_focus_goes_to_the_scan_field(qtbot: QtBot, cashier: MainWindow,
                                                                      mono: StepClock) -> None:
    """A burst into the rewards list must not start a redemption with its Enter."""
    scan(qtbot, cashier, MARCO, mono)
    ws = cashier.workspace
    qtbot.keyClick(ws.scan, Qt.Key.Key_F3)
    assert ws.redeem.list.hasFocus()
    mono.step = 0.004
    qtbot.keyClicks(ws.redeem.list, ELENA)  # the scanner "types" into whatever has focus
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    mono.step = 0.2
    settle(qtbot, cashier)
    assert ws.redeem.pages.currentIndex() == 0  # no "Redeem ...?" question
    assert ws.member.view.card == ELENA


def test_a_token_used_in_the_window_is_refused_by_the_command_line_too(qtbot: QtBot, cashier: MainWindow,
                                                                       mono: StepClock,
                                                                       clock: FakeClock) -> None:
    """One replay guard, in the terminal database: shared by every process of the terminal and kept
    across restarts."""
    from pos_app.terminal import Terminal

    token = qrtoken.sign(MARCO, clock.now, qrtoken.demo_private_key(), qrtoken.DEMO_KEY_ID)
    scan(qtbot, cashier, token, mono)
    assert cashier.workspace.member.view.card == MARCO
    terminal = cashier.terminal
    assert terminal is not None
    restarted = Terminal(terminal.data_dir, clock=clock)
    try:
        with pytest.raises(qrtoken.TokenReplayed):
            restarted.card_of_token(token)
    finally:
        restarted.close()
