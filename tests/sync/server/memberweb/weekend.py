"""A Saturday at the till for the member page's history: purchases in a weekend promotion across tiers,
the cap, a basket under the minimum, refunds, redemptions and a void, rung on a registered till at last
Saturday's time (the server counts promotions by the op's time in the store's zone, and takes no op
from its future) and synced now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from pos_app.base import assets
from pos_app.core.program import Program, parse_program
from sync.server import admin
from tests.clocks import FakeClock
from tests.sync.conftest import Node

ANA = "2900000000018"
PROGRAM = parse_program(assets.read_text("demo_program.toml"))


def last_weekend_morning(program: Program = PROGRAM, zone: str = admin.DEMO_TZ) -> datetime:
    """10:00 in the store on the latest Saturday before today whose best promotion is the weekend's
    (not a Black Friday that happens to cover it)."""
    where = ZoneInfo(zone)
    day = (datetime.now(UTC) - timedelta(days=1)).astimezone(where).date()
    while True:
        if day.weekday() == 5:
            local = datetime(day.year, day.month, day.day, 10, 0)
            best = program.best_promotion(local)
            if best is not None and best.id == "weekend":
                return local.replace(tzinfo=where).astimezone(UTC)
        day -= timedelta(days=1)


@dataclass(frozen=True)
class Saturday:
    till: Node
    at: datetime  # when the first sale was rung
    coffee: str  # the voucher of a free coffee, still to use
    voided: str  # the voucher of 5.00 off, voided by the manager


def ring_saturday(make_node: Callable[..., Node]) -> Saturday:
    """On one till, offline last Saturday morning and synced now, in this order: R-A 2000.00 (Bronze: 1
    point a euro, weekend x2 = 4000), R-B 2000.00 (Gold now: x1.5 x2 = 6000, capped at 5000), R-C 0.50
    (under the 1.00 minimum: 0), R-A refunded, 1000.00 of R-B refunded, R-D 100.00 (Silver after the
    refunds: x1.25 x2 = 250), a free coffee, 5.00 off voided by the manager."""
    from pos_app.terminal import Terminal

    till = make_node("t1")
    start = last_weekend_morning()
    clock = FakeClock(start)
    then = Terminal(till.data_dir, clock=clock)  # the same till, its use cases at Saturday's time
    try:
        then.add_cashier("manager", "Manager", "9999", "manager")  # the server learns who approves the void
        for receipt, amount in (("R-A", 200000), ("R-B", 200000), ("R-C", 50)):
            then.sale(ANA, amount, receipt=receipt, cashier="ioana")
            clock.advance(minutes=1)
        then.refund("R-A", cashier="ioana")
        clock.advance(minutes=1)
        then.refund("R-B", 100000, cashier="ioana")
        clock.advance(minutes=1)
        then.sale(ANA, 10000, receipt="R-D", cashier="ioana")
        clock.advance(minutes=1)
        coffee = then.redeem(ANA, "coffee", cashier="ioana").voucher
        clock.advance(minutes=1)
        voided = then.redeem(ANA, "5off", cashier="ioana").voucher
        clock.advance(minutes=1)
        then.void_voucher(voided, "manager")
    finally:
        then.close()
    result = till.sync()
    assert result.ok and not result.rejected, result
    return Saturday(till, start, coffee, voided)
