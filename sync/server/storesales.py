"""A store's sales across its terminals: a receipt earns once, and is refunded anywhere in the store.

Sales are found by store and receipt key (``books.sale_key``: NFKC, case-folded, no whitespace or
invisible characters), whichever terminal rang them. A refund's reversals come from the server's
own sale record and the running refunded amount (``reversal_for_refund``), so partial refunds from
different terminals sum exactly to what the sale earned; what the terminal proposed is corrected
through the answer's ``adjusted``, and a reversal it could not propose (a pending refund of a receipt
it did not know) is made here, under an id derived from the op's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from pos_app.base.clock import Clock
from pos_app.core.ledger import EntryKind
from pos_app.core.program import reversal_for_refund
from sync.protocol import EntryIn, OpPayload, SaleOut

# Modules, not names: pull imports (through vouchers) apply, which imports this module while it loads.
from sync.server import programs, pull
from sync.server.books import AnySale, Row, sale_key
from sync.server.db import ServerDB
from sync.server.errors import not_found
from sync.server.models import LedgerEntry, Member, Sale

_REVERSAL_NS = uuid.UUID("0b6f4a6e-3d2c-4c89-a8e1-2f5d7c9e1b43")


class Refused(Exception):
    """The refund does not fit the store's sale; the reason goes back to the terminal."""


@dataclass
class RefundPlan:
    """What the server applies for one refund op."""

    sale: AnySale
    amount: int
    adjusted: dict[str, int] = field(default_factory=dict)  # entry id -> the server's points
    generated: list[EntryIn] = field(default_factory=list)  # reversals the terminal did not propose


def plan_refund(sale: AnySale, entries: dict[str, Row], payload: OpPayload, op_id: str,
                at: datetime) -> RefundPlan:
    """The reversals of refunding ``payload.amount`` (a pending refund without one: what is left)."""
    left = sale.amount - sale.refunded_amount
    amount = payload.amount if payload.amount is not None else (left if payload.pending else 0)
    if amount <= 0 or amount > left:
        raise Refused(f"refund of {amount} does not fit receipt {sale.receipt}"
                      f" ({left} of {sale.amount} left to refund in this store)")
    earn = entries.get(sale.earn_entry_id)
    bonus = entries.get(sale.bonus_entry_id) if sale.bonus_entry_id else None
    expected: dict[str, int] = {}
    if earn is not None:
        expected[earn.id] = reversal_for_refund(earn.points, sale.amount, sale.refunded_amount, amount)
    if bonus is not None:  # the bonus goes back with the last of the sale, once
        expected[bonus.id] = bonus.points if sale.refunded_amount + amount == sale.amount else 0
    plan = RefundPlan(sale, amount)
    seen: set[str] = set()
    for entry in payload.entries:
        if entry.kind != EntryKind.REVERSE:
            raise Refused("a refund op holds reversals only")
        if entry.reverses not in expected or entry.reverses in seen:
            raise Refused("a reversal names an entry of another sale")
        seen.add(entry.reverses)
        if -entry.points != expected[entry.reverses]:
            plan.adjusted[entry.id] = -expected[entry.reverses]
    for target, points in expected.items():
        if target not in seen and points:
            entry_id = str(uuid.uuid5(_REVERSAL_NS, f"{op_id}:{target}"))
            plan.generated.append(EntryIn(id=entry_id, kind=EntryKind.REVERSE, points=0, receipt=sale.receipt,
                                          reverses=target, created_at=at, reason=f"refund of {sale.receipt}"))
            plan.adjusted[entry_id] = -points
    return plan


def fetch(db: ServerDB, store_id: str, terminal_id: str, receipt: str, clock: Clock) -> SaleOut:
    """The store's sale of ``receipt`` (any spelling of it), with its member's current state."""
    key = sale_key(receipt)
    with db.read() as session:
        sale = session.scalar(select(Sale).where(Sale.store_id == store_id, Sale.receipt_key == key)) if key \
            else None
        if sale is None:
            raise not_found("no sale with that receipt in this store")
        member = session.get_one(Member, sale.member_id)
        ids = [i for i in (sale.earn_entry_id, sale.bonus_entry_id) if i]
        found = session.execute(select(LedgerEntry.id, LedgerEntry.points).where(LedgerEntry.id.in_(ids)))
        points = {str(entry_id): int(value) for entry_id, value in found}
        now = clock()
        state = pull.member_states(session, [member], terminal_id, programs.active(session, now), now)[0]
        return SaleOut(receipt=sale.receipt, receipt_key=sale.receipt_key, terminal_id=sale.terminal_id,
                       member=state, amount=sale.amount, refunded_amount=sale.refunded_amount,
                       points_earned=sale.points_earned, earn_entry_id=sale.earn_entry_id,
                       earn_points=int(points.get(sale.earn_entry_id, 0)), bonus_entry_id=sale.bonus_entry_id,
                       bonus_points=int(points.get(sale.bonus_entry_id, 0)) if sale.bonus_entry_id else 0,
                       created_at=sale.created_at)
