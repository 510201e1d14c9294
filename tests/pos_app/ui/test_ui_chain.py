"""The cashier window keeps the chain-wide rules: two tills of one store on the real server (127.0.0.1).

Each window is built over a registered terminal's data dir; what it asks of the server (a duplicate
phone, another till's sale, a voucher) runs on its worker through the sync agent's shared
orchestration, as the command line does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import MARCO, StepClock, scan, settle, sign_in

from pos_app.config import Options
from pos_app.core import cards
from pos_app.core.errors import Code, DomainError
from pos_app.sync_agent import redeem_confirmed, use_voucher_anywhere
from pos_app.ui.window import MainWindow
from tests.sync import conftest as chain
from tests.sync.conftest import LiveServer, Node

# The live server, its database and the registered tills of the sync suite (its conftest is not above us).
db_url, server, proxy, make_node = chain.db_url, chain.server, chain.proxy, chain.make_node

PIN = "4242"
WindowFactory = Callable[[Node], MainWindow]


@dataclass
class Quiet:
    """The window's background sync, held still: each test syncs its tills itself, so what a till
    knows when the cashier acts is what the test says (the online paths open agents of their own)."""

    ok: bool = True
    error: str | None = None
    program_changed: bool = False

    def sync_once(self) -> Quiet:
        return self

    def member_keys(self) -> dict[str, Any]:
        return {}

    def lookup_card(self, _card: str) -> bool:
        return False

    def close(self) -> None:
        pass


@pytest.fixture
def open_window(qtbot: QtBot, mono: StepClock) -> Iterator[WindowFactory]:
    """``open_window(node)``: a signed-in manager's window over that till's data dir."""
    opened: list[MainWindow] = []

    def make(node: Node) -> MainWindow:
        node.terminal.add_cashier("mara", "Mara", PIN, "manager", None)
        win = MainWindow(node.terminal.options, terminal=node.terminal, monotonic=mono,
                         sync_agent_factory=lambda _dir: Quiet())
        qtbot.addWidget(win)
        win.resize(1024, 768)
        win.show()
        qtbot.waitExposed(win)
        settle(qtbot, win)
        sign_in(qtbot, win, PIN)
        assert win.pages.currentWidget() is win.workspace
        opened.append(win)
        return win

    yield make
    for win in opened:
        win.close()


def enroll_in_window(qtbot: QtBot, win: MainWindow, name: str, phone: str) -> None:
    qtbot.keyClick(win.workspace.scan, Qt.Key.Key_F4)
    panel = win.workspace.enroll
    qtbot.keyClicks(panel.name, name)
    qtbot.keyClicks(panel.phone, phone)
    qtbot.keyClick(panel.phone, Qt.Key.Key_Return)
    settle(qtbot, win)


def refund_in_window(qtbot: QtBot, win: MainWindow, receipt: str) -> None:
    qtbot.keyClick(win.workspace.scan, Qt.Key.Key_F5)
    panel = win.workspace.refund
    qtbot.keyClicks(panel.receipt, receipt)
    qtbot.keyClick(panel.receipt, Qt.Key.Key_Return)
    settle(qtbot, win)


def test_a_duplicate_found_online_is_refused_naming_the_masked_card(
        qtbot: QtBot, make_node: Callable[..., Node], open_window: WindowFactory) -> None:
    till1, till2 = make_node("t1"), make_node("t2")
    first = till1.terminal.enroll("Ioana Marin", phone="0721555777")
    assert till1.sync().ok
    win = open_window(till2)
    enroll_in_window(qtbot, win, "Ioana M.", "+40 721 555 777")
    shown = win.workspace.enroll.message.text()
    card = cards.masked(first.card)
    assert shown == (f"Ioana Marin is already a member with this phone or e-mail (card {card})."
                     " Not enrolled: the server already has this member.")
    assert win.workspace.enroll.enrolled is None
    assert till2.terminal.search("Ioana") == []  # nobody was enrolled on till 2
    assert till2.terminal.status()["pending_ops"] == 1  # only the new cashier's op


def test_a_receipt_of_till_1_is_refunded_from_till_2s_window(
        qtbot: QtBot, server: LiveServer, make_node: Callable[..., Node], open_window: WindowFactory) -> None:
    till1, till2 = make_node("t1"), make_node("t2")
    before = server.balance(MARCO)
    sold = till1.terminal.sale(MARCO, 10000, receipt="T1-0042")
    assert sold.points_earned > 0 and till1.sync().ok
    assert server.balance(MARCO) == before + sold.points_earned
    win = open_window(till2)
    refund_in_window(qtbot, win, "T1-0042")
    assert f"Refunded €100.00 on receipt T1-0042: {sold.points_earned} points taken back" in \
        win.workspace.banner.text()
    assert till2.sync().ok
    assert server.balance(MARCO) == before
    refund_in_window(qtbot, win, "T1-0042")  # the whole sale is refunded: not a second time
    assert win.workspace.refund.message.text() == "Receipt T1-0042 is already fully refunded."
    assert server.balance(MARCO) == before


def test_offline_an_unknown_receipt_is_queued_after_the_cashier_confirms(
        qtbot: QtBot, server: LiveServer, make_node: Callable[..., Node], open_window: WindowFactory) -> None:
    till1 = make_node("t1")
    till2 = make_node("t2", url=server.url)  # straight to the server: stopping it refuses connections
    before = server.balance(MARCO)
    assert till1.terminal.sale(MARCO, 4000, receipt="T1-0077").points_earned > 0
    assert till1.sync().ok
    server.stop()
    try:
        win = open_window(till2)
        waiting = till2.terminal.status()["pending_ops"]  # the new cashier's op
        refund_in_window(qtbot, win, "T1-0077")
        panel = win.workspace.refund
        assert panel.message.text().startswith(
            "Receipt T1-0077 was not rung on this till and the server cannot be reached now. "
            "Queue the refund anyway? It will be applied when the sale reaches the server")
        assert panel.refund_button.text().startswith("Queue refund")
        assert till2.terminal.status()["pending_ops"] == waiting  # nothing queued before the cashier says so
        qtbot.keyClick(panel.refund_button, Qt.Key.Key_Return)
        settle(qtbot, win)
        assert win.workspace.banner.text() == \
            "Refund of receipt T1-0077 queued: it will be applied when the sale reaches the server."
        assert till2.terminal.status()["pending_ops"] == waiting + 1
    finally:
        server.start()
    assert till2.sync().ok
    assert server.balance(MARCO) == before  # the server applied the pending refund to till 1's sale


def test_a_voucher_scanned_is_shown_used_once_and_refused_after(
        qtbot: QtBot, mono: StepClock, server: LiveServer, make_node: Callable[..., Node],
        open_window: WindowFactory) -> None:
    till1, till2 = make_node("t1"), make_node("t2")
    redeemed = redeem_confirmed(till1.terminal, MARCO, "coffee")
    assert till1.sync().ok and till2.sync().ok
    win = open_window(till2)
    scan(qtbot, win, redeemed.voucher, mono)
    panel = win.workspace.voucher
    assert win.workspace.right.currentWidget() is panel
    assert panel.reward.text() == "Free coffee · 100 points"
    assert panel.state.text() == "State: valid, not used yet"
    assert panel.expiry.text().startswith("Valid until ")
    assert panel.use_button.isEnabled() and panel.void_button.isVisible()  # Mara is a manager
    qtbot.mouseClick(panel.use_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    assert panel.message.text() == f"Voucher {redeemed.voucher} used: Free coffee."
    assert panel.state.text() == "State: used"
    # used on till 2: the server refuses it on till 1, and till 2's window says so when it is scanned again
    with pytest.raises(DomainError) as used:
        use_voucher_anywhere(till1.terminal, redeemed.voucher)
    assert used.value.code is Code.VOUCHER_USED
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    typed = redeemed.voucher.replace("-", " ").lower()  # typed by hand, as forgiving as the command line
    qtbot.keyClicks(win.workspace.scan, typed)
    qtbot.keyClick(win.workspace.scan, Qt.Key.Key_Return)
    settle(qtbot, win)
    assert win.workspace.right.currentWidget() is panel
    assert panel.message.text() == f"Voucher {redeemed.voucher} was already used."
    assert not panel.use_button.isEnabled() and not panel.void_button.isVisible()


def test_a_manager_voids_a_voucher_in_the_window_and_the_points_come_back(
        qtbot: QtBot, mono: StepClock, server: LiveServer, make_node: Callable[..., Node],
        open_window: WindowFactory) -> None:
    till1, till2 = make_node("t1"), make_node("t2")
    before = server.balance(MARCO)
    redeemed = redeem_confirmed(till1.terminal, MARCO, "coffee")
    assert till2.sync().ok
    win = open_window(till2)
    scan(qtbot, win, redeemed.voucher, mono)
    panel = win.workspace.voucher
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    assert panel.message.text() == f"Void voucher {redeemed.voucher} and give 100 points back to the member?"
    assert till2.terminal.voucher(redeemed.voucher).state == "issued"  # asking is not voiding
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    settle(qtbot, win)
    voided = f"Voucher {redeemed.voucher} voided: 100 points given back."
    assert win.workspace.banner.text().startswith(voided)
    assert till2.terminal.voucher(redeemed.voucher).state == "void"
    assert till1.sync().ok and till2.sync().ok
    assert server.balance(MARCO) == before


def test_the_manager_sees_the_whole_store_day_beside_this_till(
        qtbot: QtBot, make_node: Callable[..., Node], open_window: WindowFactory) -> None:
    till1, till2 = make_node("t1"), make_node("t2")
    till1.terminal.sale(MARCO, 4250, receipt="T1-7", cashier="ioana")
    till2.terminal.sale(MARCO, 1000, receipt="T2-7", cashier="mihai")
    assert till1.sync().ok and till2.sync().ok
    # A loaded CI host can take longer than the till's 1.5 s to answer; this test is about the figures.
    dataclasses.replace(Options.load(till1.data_dir), online_wait_ms=20_000).save(till1.data_dir)
    win = open_window(till1)
    qtbot.keyClick(win.workspace.scan, Qt.Key.Key_F10)
    summary = win.manager.summary
    qtbot.waitUntil(lambda: summary.store is not None, timeout=25_000)  # the worker's answer from the server
    settle(qtbot, win)
    assert summary.report is not None and summary.store is not None
    assert (summary.report["sales"], summary.store["sales"]) == (1, 2)
    assert summary.values["transactions"].text() == "1" and summary.store_values["transactions"].text() == "2"
    assert summary.scope_buttons["store"].isEnabled()
    cashiers = {summary.cashiers.item(r, 0).text() for r in range(summary.cashiers.rowCount())}
    assert cashiers == {"ioana"}
    qtbot.mouseClick(summary.scope_buttons["store"], Qt.MouseButton.LeftButton)
    cashiers = {summary.cashiers.item(r, 0).text() for r in range(summary.cashiers.rowCount())}
    assert cashiers == {"ioana", "mihai"} and sum(summary.sales_chart.shown) == 2
