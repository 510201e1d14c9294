"""Enrolling a member: required fields, phone normalised, consent off by default, no duplicates."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import ANA, MARCO, StepClock, scan, settle

from pos_app.ui.enroll import EnrollPanel
from pos_app.ui.window import MainWindow


def open_enroll(qtbot: QtBot, window: MainWindow) -> EnrollPanel:
    qtbot.keyClick(window.workspace.scan, Qt.Key.Key_F4)
    panel = window.workspace.enroll
    assert window.workspace.right.currentWidget() is panel and panel.name.hasFocus()
    return panel


def test_enroll_by_keyboard_creates_the_member(qtbot: QtBot, cashier: MainWindow) -> None:
    panel = open_enroll(qtbot, cashier)
    assert not panel.consent.isChecked()
    qtbot.keyClicks(panel.name, "Luca Verdi")
    qtbot.keyClick(panel.name, Qt.Key.Key_Tab)
    assert panel.phone.hasFocus()
    qtbot.keyClicks(panel.phone, "+39 333 444 5566")
    qtbot.keyClick(panel.phone, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert panel.enrolled is not None
    card = panel.enrolled.card
    member = cashier.terminal.member(card)
    assert member.name == "Luca Verdi"
    assert member.phone == "+393334445566"
    assert member.balance == panel.enrolled.points
    assert f"Card {card} is ready" in panel.message.text()
    assert panel.print_button.isVisible()
    assert cashier.workspace.member.view.card == card  # the new member is on screen
    found = cashier.terminal.search("Luca Verdi")
    assert [m.card for m in found] == [card]


def test_consent_is_recorded_only_when_ticked(qtbot: QtBot, cashier: MainWindow) -> None:
    panel = open_enroll(qtbot, cashier)
    qtbot.keyClicks(panel.name, "Ioana Marin")
    qtbot.keyClicks(panel.email, "ioana@example.org")
    qtbot.mouseClick(panel.consent, Qt.MouseButton.LeftButton)
    assert panel.consent.isChecked()
    qtbot.mouseClick(panel.enroll_button, Qt.MouseButton.LeftButton)
    settle(qtbot, cashier)
    assert panel.enrolled is not None
    from sqlalchemy import select

    from pos_app.store.models import Member  # test-side check of the stored flag

    with cashier.terminal.db.reader() as session:
        consent = session.scalar(select(Member.marketing_consent).where(Member.card == panel.enrolled.card))
    assert consent is True


def test_name_and_a_contact_are_required(qtbot: QtBot, cashier: MainWindow) -> None:
    panel = open_enroll(qtbot, cashier)
    qtbot.keyClick(panel.name, Qt.Key.Key_Return)
    assert panel.message.text() == "Type the member's name."
    qtbot.keyClicks(panel.name, "Nobody Else")
    qtbot.keyClick(panel.name, Qt.Key.Key_Return)
    assert panel.message.text() == "Type a phone number or an e-mail address."
    assert panel.phone.hasFocus()
    assert cashier.terminal.search("Nobody Else") == []


def test_bad_phone_is_explained(qtbot: QtBot, cashier: MainWindow) -> None:
    panel = open_enroll(qtbot, cashier)
    qtbot.keyClicks(panel.name, "Short Phone")
    qtbot.keyClicks(panel.phone, "12")
    qtbot.keyClick(panel.phone, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert panel.message.text() == "That phone number is not valid."
    assert cashier.terminal.search("Short Phone") == []


def test_existing_phone_shows_that_member_instead_of_a_duplicate(qtbot: QtBot, cashier: MainWindow) -> None:
    members_before = len(cashier.terminal.search("example.org"))
    panel = open_enroll(qtbot, cashier)
    qtbot.keyClicks(panel.name, "Ana P.")
    qtbot.keyClicks(panel.phone, "+40 721 000 001")  # Ana's phone, typed differently
    qtbot.keyClick(panel.phone, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    ws = cashier.workspace
    assert panel.enrolled is None
    assert ws.member is not None and ws.member.view.card == ANA
    assert "already a member" in ws.banner.text() and ANA in ws.banner.text()
    assert ws.right.currentWidget() is ws.redeem
    assert len(cashier.terminal.search("example.org")) == members_before
    assert cashier.terminal.search("Ana P.") == []


def test_enroll_clears_the_previous_customer(qtbot: QtBot, cashier: MainWindow, mono: StepClock) -> None:
    scan(qtbot, cashier, MARCO, mono)
    open_enroll(qtbot, cashier)
    assert cashier.workspace.member is None
    assert not cashier.workspace.sale_button.isEnabled()


def test_print_card_after_enrolling(qtbot: QtBot, cashier: MainWindow, opened: list[str]) -> None:
    panel = open_enroll(qtbot, cashier)
    qtbot.keyClicks(panel.name, "Print Me")
    qtbot.keyClicks(panel.email, "print@example.org")
    qtbot.keyClick(panel.email, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    qtbot.keyClick(panel.print_button, Qt.Key.Key_F7)
    settle(qtbot, cashier)
    assert [Path(p).name for p in opened] == [f"card-{panel.enrolled.card}.pdf"]
    assert Path(opened[0]).read_bytes().startswith(b"%PDF")
