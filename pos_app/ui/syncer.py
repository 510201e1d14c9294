"""Background sync for the window: ``SyncAgent.sync_once()`` every few seconds, with backoff.

It has its own worker (its own thread): a slow or absent network never holds up
the cashier's queue, so a sale is never waiting behind a sync. The agent (httpx,
the wire protocol) is imported on that thread, the first time it is needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from pos_app.ui.worker import Worker

if TYPE_CHECKING:
    from pos_app.results import EnrollResult, RedeemResult, RefundResult
    from pos_app.terminal import Terminal

log = logging.getLogger("tessera.ui.sync")

AgentFactory = Callable[[Path], Any]


def _default_agent(data_dir: Path) -> Any:
    from pos_app.sync_agent import SyncAgent

    return SyncAgent(data_dir)


def _default_backoff() -> Any:
    from pos_app.sync_agent import Backoff

    return Backoff()


def redeem_confirmer(data_dir: Path,
                     agent_factory: AgentFactory = _default_agent) -> Callable[[str, Any], bool]:
    """Terminal.redeem's ``confirm`` for the window, called on the cashier's worker (never the GUI thread)
    and only by a registered terminal: a short-lived agent asks the server, 1.5 s at most."""

    def confirm(card: str, op: Any) -> bool:
        agent = agent_factory(data_dir)
        try:
            return bool(agent.redeem_online(card, op))
        finally:
            agent.close()

    return confirm


# --- online first, else offline: the sync agent's shared orchestration, run on the cashier's worker ------
# The CLI calls the same functions (pos_app.sync_agent); each waits on the network 1.5 s at most, never
# on the GUI thread: the window submits these as worker jobs.


def enroll(terminal: Terminal, name: str, **fields: Any) -> EnrollResult:
    from pos_app.sync_agent import enroll_checked

    return enroll_checked(terminal, name, **fields)


def redeem(terminal: Terminal, card: str, reward_id: str, cashier: str | None) -> RedeemResult:
    from pos_app.sync_agent import redeem_confirmed

    return redeem_confirmed(terminal, card, reward_id, cashier)


def refund(terminal: Terminal, receipt: str, amount: int | None, cashier: str | None) -> RefundResult:
    """Offline, another till's receipt raises ``receipt_offline``: the cashier decides whether to queue it."""
    from pos_app.sync_agent import refund_anywhere

    return refund_anywhere(terminal, receipt, amount, cashier, queue_offline=False)


def check_voucher(terminal: Terminal, code: str) -> Any:  # a store.vouchers.VoucherView (no SQL layer here)
    from pos_app.sync_agent import check_voucher as check

    return check(terminal, code)


def use_voucher(terminal: Terminal, code: str, cashier: str | None) -> Any:  # a VoucherView
    from pos_app.sync_agent import use_voucher_anywhere

    return use_voucher_anywhere(terminal, code, cashier)


def store_day(terminal: Terminal, day: date) -> dict[str, Any] | None:
    """The whole store's day from the server; None offline or standalone (the screen says so)."""
    from pos_app.sync_agent import store_day as fetch

    return fetch(terminal, day)


class SyncRunner(QObject):
    synced = Signal(object)  # the SyncResult of one run
    keys_changed = Signal(object)  # member-QR public keys: key id -> Ed25519PublicKey

    def __init__(self, data_dir: Path, interval_s: int, parent: QObject | None = None, *,
                 agent_factory: AgentFactory = _default_agent,
                 backoff_factory: Callable[[], Any] = _default_backoff) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.worker = Worker(self)
        self.agent_factory, self.backoff_factory = agent_factory, backoff_factory
        self.agent: Any = None
        self.backoff: Any = None
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(max(interval_s, 1) * 1000)
        self.timer.timeout.connect(self.sync_now)

    def start(self) -> None:
        if not self.timer.isActive():
            self.timer.start()
            self.sync_now()

    def sync_now(self) -> None:
        if self.running or (self.backoff is not None and not self.backoff.ready()):
            return
        self.running = True
        self.worker.run(self._sync, self._done, self._failed)

    def _ensure_agent(self) -> Any:
        if self.agent is None:
            self.agent = self.agent_factory(self.data_dir)
            self.backoff = self.backoff_factory()
        return self.agent

    def _sync(self) -> tuple[Any, dict[str, Any]]:
        agent = self._ensure_agent()
        result = agent.sync_once()
        return result, agent.member_keys()

    def _done(self, outcome: tuple[Any, dict[str, Any]]) -> None:
        result, keys = outcome
        self.running = False
        if result.ok:
            self.backoff.succeeded()
        else:
            log.info("sync: %s; next try in %.0f s", result.error, self.backoff.failed())
        self.keys_changed.emit(keys)
        self.synced.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.running = False
        log.warning("sync run failed: %s", error)
        if self.backoff is not None:
            self.backoff.failed()

    def lookup_card(self, card: str, on_done: Callable[[bool], None]) -> None:
        """Ask the server for a member this terminal has not seen yet (True: now cached locally)."""
        self.worker.run(lambda: bool(self._ensure_agent().lookup_card(card)), on_done,
                        lambda _e: on_done(False))

    def stop(self) -> None:
        self.timer.stop()
        self.worker.wait(10_000)
        if self.agent is not None:
            self.agent.close()
            self.agent = None
