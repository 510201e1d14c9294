"""Background sync of a registered terminal: its own thread, backoff, status refresh, server lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import MARCO, StepClock, scan, settle, sign_in

from pos_app.core import qrtoken
from pos_app.terminal import Terminal
from pos_app.ui.window import MainWindow
from tests.clocks import FakeClock

UNSYNCED = "2900000000063"  # valid check digit, not in the demo data


@dataclass
class Result:
    ok: bool
    error: str | None = None
    program_changed: bool = False


@dataclass
class FakeAgent:
    results: list[Result]
    keys: dict[str, Any] = field(default_factory=dict)
    calls: int = 0
    looked_up: list[str] = field(default_factory=list)
    closed: bool = False

    def sync_once(self) -> Result:
        self.calls += 1
        return self.results.pop(0) if self.results else Result(True)

    def member_keys(self) -> dict[str, Any]:
        return self.keys

    def lookup_card(self, card: str) -> bool:
        self.looked_up.append(card)
        return False

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def registered(demo: Terminal) -> Terminal:
    from pos_app.store import identity  # test-side setup: pretend `tessera-pos register` ran

    with demo.db.transaction() as session:
        identity.put(session, "store_id", "shop-7")
        identity.put(session, "server_url", "http://127.0.0.1:9")
    demo.store_id = "shop-7"
    return demo


def open_window(qtbot: QtBot, terminal: Terminal, agent: FakeAgent, mono: StepClock) -> MainWindow:
    win = MainWindow(terminal.options, terminal=terminal, monotonic=mono, sync_agent_factory=lambda _d: agent)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    return win


def test_unregistered_terminal_does_not_sync(qtbot: QtBot, window: MainWindow) -> None:
    assert window.syncer is None


def test_registered_terminal_syncs_on_its_own_thread(qtbot: QtBot, registered: Terminal,
                                                     mono: StepClock) -> None:
    agent = FakeAgent([Result(True)])
    win = open_window(qtbot, registered, agent, mono)
    assert win.syncer is not None and win.syncer.worker is not win.worker
    qtbot.waitUntil(lambda: agent.calls == 1 and not win.syncer.running)
    win.close()
    assert agent.closed


def test_failed_sync_backs_off(qtbot: QtBot, registered: Terminal, mono: StepClock) -> None:
    agent = FakeAgent([Result(False, "server unreachable")])
    win = open_window(qtbot, registered, agent, mono)
    qtbot.waitUntil(lambda: agent.calls == 1 and not win.syncer.running)
    assert win.syncer.backoff.failures == 1 and not win.syncer.backoff.ready()
    win.syncer.sync_now()  # the timer fires again, but the backoff says not yet
    assert not win.syncer.running and agent.calls == 1


def test_published_keys_verify_phone_codes(qtbot: QtBot, registered: Terminal, mono: StepClock,
                                           clock: FakeClock) -> None:
    key = qrtoken.generate_private_key()
    agent = FakeAgent([Result(True)], keys={"k1": key.public_key()})
    win = open_window(qtbot, registered, agent, mono)
    qtbot.waitUntil(lambda: win.ctx.qr_keys is not None)
    sign_in(qtbot, win)
    scan(qtbot, win, qrtoken.sign(MARCO, clock.now, key, "k1"), mono)
    assert win.workspace.member.view.card == MARCO
    demo_signed = qrtoken.sign(MARCO, clock.now, qrtoken.demo_private_key(), qrtoken.DEMO_KEY_ID)
    win.workspace.clear_member()
    scan(qtbot, win, demo_signed, mono)  # a real store does not trust the public demo key
    assert win.workspace.member is None
    assert "does not know this member code" in win.workspace.banner.text()


def test_unknown_card_is_looked_up_on_the_server(qtbot: QtBot, registered: Terminal, mono: StepClock) -> None:
    agent = FakeAgent([Result(True)])
    win = open_window(qtbot, registered, agent, mono)
    sign_in(qtbot, win)
    qtbot.keyClicks(win.workspace.scan, UNSYNCED)
    qtbot.keyClick(win.workspace.scan, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: agent.looked_up == [UNSYNCED])
    settle(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace.banner.kind == "error")
    assert win.workspace.banner.text() == "No member has card *********0063."


def test_last_sync_time_reaches_the_status_bar(qtbot: QtBot, registered: Terminal, mono: StepClock) -> None:
    from pos_app.store import identity

    agent = FakeAgent([Result(True)])
    win = open_window(qtbot, registered, agent, mono)
    with registered.db.transaction() as session:  # what the real agent records after a good run
        identity.put(session, "last_sync_at", datetime(2026, 11, 18, 9, 58, tzinfo=UTC).isoformat())
        identity.put(session, "online", "1")
    win.syncer.synced.emit(Result(True))
    settle(qtbot, win)
    assert win.status.online.text() == "● Online"
    assert win.status.last_sync.text() != "Last sync: never"
    assert Path(registered.data_dir).exists()


@pytest.mark.allow_log("tessera.sync", "sync failed: this terminal is not registered")
def test_real_agent_without_a_server_leaves_sales_alone(qtbot: QtBot, registered: Terminal,
                                                        mono: StepClock) -> None:
    win = MainWindow(registered.options, terminal=registered, monotonic=mono)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, win)
    assert win.syncer is not None
    qtbot.waitUntil(lambda: win.syncer.backoff is not None and not win.syncer.running, timeout=10_000)
    assert win.syncer.backoff.failures == 1  # no token, no server: a failed run, not a crash
    before = registered.member(MARCO).balance
    sign_in(qtbot, win)
    scan(qtbot, win, MARCO, mono)
    qtbot.keyClick(win.workspace.scan, Qt.Key.Key_F2)
    qtbot.keyClicks(win.workspace.sale.amount, "20")
    qtbot.keyClick(win.workspace.sale.amount, Qt.Key.Key_Return)
    settle(qtbot, win)
    assert registered.member(MARCO).balance > before
    assert win.status.online.text() == "● Offline"
    win.close()
