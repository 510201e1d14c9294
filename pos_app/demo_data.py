"""The demo program, cashiers and members a throwaway demo terminal starts with."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from pos_app import assets

if TYPE_CHECKING:
    from pos_app.terminal import Terminal

DEMO_CASHIERS = (("cashier", "Demo Cashier", "1111", "cashier"), ("manager", "Demo Manager", "9999", "manager"))
# Past spend that puts some demo members in higher tiers: card -> amounts in minor units.
DEMO_HISTORY = {"2900000000025": (30000, 25000), "2900000000049": (210000,)}


def _fixed(at: datetime) -> Callable[[], datetime]:
    return lambda: at


def program_text() -> str:
    return assets.read_text("demo_program.toml")


def seed(terminal: Terminal) -> None:
    for cashier_id, name, pin, role in DEMO_CASHIERS:
        terminal.add_cashier(cashier_id, name, pin, role)
    rows = csv.DictReader(io.StringIO(assets.read_text("demo_members.csv")))
    real_clock = terminal.clock
    start = real_clock() - timedelta(days=40)
    try:
        for row in rows:
            history = DEMO_HISTORY.get(row["card"], ())
            terminal.clock = _fixed(start)
            terminal.enroll(row["name"], phone=row["phone"] or None, email=row["email"] or None, card=row["card"],
                            birthday=date.fromisoformat(row["birthday"]) if row["birthday"] else None)
            for n, amount in enumerate(history):
                terminal.clock = _fixed(start + timedelta(days=n + 1))
                terminal.sale(row["card"], amount, receipt=f"DEMO-{row['card'][-4:]}-{n + 1}", cashier="cashier")
            terminal.clock = real_clock
            opening = int(row["opening_balance"])
            if opening:
                terminal.adjust(row["card"], opening, "opening balance", "manager")
    finally:
        terminal.clock = real_clock
