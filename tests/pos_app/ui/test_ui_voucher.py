"""Vouchers in the scan field of a standalone till: view, use, refusals, language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from ui_helpers import ANA, MARCO, StepClock, scan, settle, sign_in

from pos_app.terminal import Terminal
from pos_app.ui.app import prepare
from pos_app.ui.voucher import voucher_code
from pos_app.ui.window import MainWindow
from tests.clocks import FakeClock


def test_a_voucher_code_is_told_from_cards_phones_and_names(demo: Terminal) -> None:
    code = demo.redeem(MARCO, "coffee").voucher
    assert voucher_code(code) == code
    assert voucher_code(code.replace("-", "").lower()) == code  # typed by hand
    assert voucher_code(MARCO) is None and voucher_code(ANA) is None  # card numbers stay cards
    assert voucher_code("Marco") is None and voucher_code("+40 721 000 001") is None
    assert voucher_code(code[:-1] + ("1" if code[-1] != "1" else "2")) is None  # a wrong check character


def open_voucher(qtbot: QtBot, win: MainWindow, code: str, mono: StepClock) -> None:
    scan(qtbot, win, code, mono)
    assert win.workspace.right.currentWidget() is win.workspace.voucher


def test_scanning_a_voucher_shows_it_and_use_takes_it_once(qtbot: QtBot, cashier: MainWindow,
                                                          mono: StepClock) -> None:
    code = cashier.terminal.redeem(MARCO, "coffee").voucher
    scan(qtbot, cashier, MARCO, mono)  # a member on screen stays there while the voucher is looked at
    open_voucher(qtbot, cashier, code, mono)
    panel = cashier.workspace.voucher
    assert panel.code_label.text() == code
    assert panel.state.text() == "State: valid, not used yet"
    assert panel.member.text() == "Member card *********0025"
    assert not panel.void_button.isVisible()  # a plain cashier cannot void
    qtbot.keyClick(panel.use_button, Qt.Key.Key_Return)
    settle(qtbot, cashier)
    assert panel.message.text() == f"Voucher {code} used: Free coffee."
    assert cashier.terminal.voucher(code).state == "used"
    assert cashier.workspace.member is not None and cashier.workspace.member.view.card == MARCO
    scan(qtbot, cashier, code, mono)  # the camera seeing it again changes nothing on screen
    assert panel.message.text() == f"Voucher {code} used: Free coffee."
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert cashier.workspace.right.currentWidget() is cashier.workspace.redeem
    open_voucher(qtbot, cashier, code, mono)
    assert panel.message.text() == f"Voucher {code} was already used."
    assert not panel.use_button.isEnabled()


def test_unknown_expired_and_void_vouchers_are_explained(qtbot: QtBot, cashier: MainWindow, mono: StepClock,
                                                         clock: FakeClock) -> None:
    terminal = cashier.terminal
    other = terminal.redeem(MARCO, "coffee").voucher
    unknown = terminal.redeem(MARCO, "coffee").voucher
    with terminal.db.transaction() as session:  # a code of the right form that this till never issued
        from pos_app.store.models import Voucher

        row = session.get(Voucher, unknown)
        assert row is not None
        session.delete(row)
    open_voucher(qtbot, cashier, unknown, mono)
    assert cashier.workspace.voucher.message.text() == f"No voucher has code {unknown}."
    terminal.void_voucher(other, "manager")
    open_voucher(qtbot, cashier, other, mono)
    assert cashier.workspace.voucher.message.text() == f"Voucher {other} was voided: it cannot be used."
    late = terminal.redeem(MARCO, "coffee").voucher
    expires = terminal.voucher(late).expires_at
    assert expires is not None
    clock.advance(seconds=(expires - clock()).total_seconds() + 1)
    open_voucher(qtbot, cashier, late, mono)
    assert cashier.workspace.voucher.message.text().startswith(f"Voucher {late} expired on ")
    assert not cashier.workspace.voucher.use_button.isEnabled()


@pytest.fixture
def speaking(qapp: QApplication, qtbot: QtBot, demo: Terminal, mono: StepClock,
             request: pytest.FixtureRequest) -> Iterator[MainWindow]:
    """A signed-in window started in ``request.param``'s language (a new language applies at start)."""
    prepare(qapp, request.param)
    win = MainWindow(demo.options, terminal=demo, monotonic=mono)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot, win)
    sign_in(qtbot, win)
    yield win
    win.close()


@pytest.mark.parametrize(("speaking", "valid", "used"), [
    ("it", "Stato: valido, non ancora usato", "Il buono {} è già stato usato."),
    ("ro", "Stare: valabil, încă nefolosit", "Voucherul {} a fost deja folosit."),
    ("ko", "상태: 유효함, 아직 사용 안 함", "쿠폰 {}은(는) 이미 사용되었습니다."),
], indirect=["speaking"])
def test_the_voucher_view_speaks_the_window_language(qtbot: QtBot, speaking: MainWindow, mono: StepClock,
                                                    valid: str, used: str) -> None:
    code = speaking.terminal.redeem(MARCO, "coffee").voucher
    open_voucher(qtbot, speaking, code, mono)
    panel = speaking.workspace.voucher
    assert panel.state.text() == valid
    qtbot.keyClick(panel.use_button, Qt.Key.Key_Return)
    settle(qtbot, speaking)
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    open_voucher(qtbot, speaking, code, mono)
    assert panel.message.text() == used.format(code)
