"""The demo program, cashiers and members a throwaway demo terminal starts with."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from pos_app.base import assets
from pos_app.base.clock import Clock

if TYPE_CHECKING:
    from pos_app.terminal import Terminal

DEMO_CASHIERS = (("cashier", "Demo Cashier", "1111", "cashier"),
                 ("manager", "Demo Manager", "9999", "manager"))
# Past spend that puts some demo members in higher tiers: card -> amounts in minor units.
DEMO_HISTORY = {"2900000000025": (30000, 25000), "2900000000049": (210000,)}


def program_text() -> str:
    return assets.read_text("demo_program.toml")


class SeedClock:
    """The seeding's own clock: the real time, or a moment in the past while demo history is written.

    The seeding terminal is opened on it, so :func:`seed` moves its own clock and
    never swaps the clock of a terminal from outside.
    """

    def __init__(self, real: Clock) -> None:
        self.real = real
        self._at: datetime | None = None

    def __call__(self) -> datetime:
        return self.real() if self._at is None else self._at

    def freeze(self, at: datetime | None) -> None:
        """Read ``at`` from now on; ``None`` goes back to the real time."""
        self._at = at


def seed(terminal: Terminal, clock: SeedClock) -> None:
    """Demo cashiers and members, with some past spend, on a terminal opened on ``clock``."""
    for cashier_id, name, pin, role in DEMO_CASHIERS:
        terminal.add_cashier(cashier_id, name, pin, role)
    rows = csv.DictReader(io.StringIO(assets.read_text("demo_members.csv")))
    start = clock.real() - timedelta(days=40)
    try:
        for row in rows:
            history = DEMO_HISTORY.get(row["card"], ())
            clock.freeze(start)
            birthday = date.fromisoformat(row["birthday"]) if row["birthday"] else None
            terminal.enroll(row["name"], phone=row["phone"] or None, email=row["email"] or None,
                            card=row["card"], birthday=birthday)
            for n, amount in enumerate(history):
                clock.freeze(start + timedelta(days=n + 1))
                receipt = f"DEMO-{row['card'][-4:]}-{n + 1}"
                terminal.sale(row["card"], amount, receipt=receipt, cashier="cashier")
            clock.freeze(None)
            opening = int(row["opening_balance"])
            if opening:
                terminal.adjust(row["card"], opening, "opening balance", "manager")
    finally:
        clock.freeze(None)
