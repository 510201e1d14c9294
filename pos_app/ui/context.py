"""What every screen shares: the worker, the open terminal, the signed-in cashier, the clocks."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from pos_app.base.clock import utc_now
from pos_app.core.money import Currency, currency
from pos_app.ui.worker import Done, Failed, Worker

if TYPE_CHECKING:
    from pos_app.config import Options
    from pos_app.terminal import Terminal


@dataclass
class Cashier:
    id: str
    name: str
    role: str


@dataclass
class Context:
    worker: Worker
    options: Options
    monotonic: Callable[[], float] = time.monotonic
    terminal: Terminal | None = None
    cashier: Cashier | None = None
    currency: Currency = field(default_factory=lambda: currency("EUR"))
    program_name: str = "Tessera"
    camera: str | None = None
    qr_keys: dict[str, Any] | None = None  # member-QR public keys published by the server (None: not synced)

    def run(self, job: Callable[[Terminal], Any], on_done: Done | None = None,
            on_error: Failed | None = None) -> int:
        """Run ``job(terminal)`` on the worker thread."""
        terminal = self.terminal
        if terminal is None:
            raise RuntimeError("the terminal is not open yet")
        return self.worker.run(lambda: job(terminal), on_done, on_error)

    def now(self) -> datetime:
        """The terminal's clock (tests drive it): undo windows are measured with it."""
        return self.terminal.clock() if self.terminal is not None else utc_now()

    def today(self) -> date:
        """The shop's day now (the store's zone): the day the reports and the audit trail open on."""
        return self.terminal.today() if self.terminal is not None else self.now().astimezone().date()

    def shop_time(self, at: datetime) -> datetime:
        """``at`` on the shop's clock, naive, as the audit trail shows it."""
        if self.terminal is not None:
            return self.terminal.local_time(at)
        return at.astimezone().replace(tzinfo=None)

    @property
    def cashier_id(self) -> str | None:
        return self.cashier.id if self.cashier else None


class Bus(QObject):
    """Signals between screens, so panels need not know each other."""

    member_changed = Signal(str)  # card: reload the member panel
    notify = Signal(str, str)  # kind ("ok", "info", "error"), text
    done = Signal()  # a panel finished: back to the member/rewards view, focus the scan field
