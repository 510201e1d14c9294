"""A member's ledger for one transaction: open lots and debts in, changes out.

Loads only rows with points left or debt outstanding (partial indexes), lets the
pure :class:`pos_app.core.ledger.MemberLedger` decide, then writes back the new
remainders, the allocations and the cached balance.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from pos_app.core.ledger import Allocation as CoreAllocation
from pos_app.core.ledger import Lot, open_ledger
from pos_app.store import queries
from pos_app.store.models import LedgerEntry, Member

# Built once: the open rows of one member (partial indexes on remaining / outstanding).
_OPEN_ROWS = select(LedgerEntry).where(
    LedgerEntry.member_id == bindparam("member_id"),
    or_(LedgerEntry.remaining > 0, LedgerEntry.outstanding > 0),
)


class MemberBook:
    def __init__(self, session: Session, member: Member) -> None:
        self.session = session
        self.member = member
        rows = session.scalars(_OPEN_ROWS, {"member_id": member.id}).all()
        self.rows: dict[str, LedgerEntry] = {row.id: row for row in rows}
        self.ledger = open_ledger(
            (r.id, r.points, r.remaining, r.outstanding, r.available_at, r.expires_at) for r in rows)
        self.allocations: list[CoreAllocation] = []

    def add(self, **fields: Any) -> LedgerEntry:
        entry = LedgerEntry(member_id=self.member.id, remaining=0, outstanding=0, **fields)
        self.session.add(entry)
        self.rows[entry.id] = entry
        return entry

    def credit(self, entry: LedgerEntry, available_at: datetime, expires_at: datetime) -> None:
        entry.available_at, entry.expires_at = available_at, expires_at
        self.allocations += self.ledger.credit(entry.id, entry.points, available_at, expires_at)

    def spend(self, entry: LedgerEntry, now: datetime, *, allow_overdraft: bool = False) -> None:
        self.allocations += self.ledger.spend(entry.id, -entry.points, now, allow_overdraft=allow_overdraft)

    def reverse(self, entry: LedgerEntry, lot_id: str) -> None:
        self.allocations += self.ledger.reverse_lot(entry.id, lot_id, -entry.points)

    def debit(self, entry: LedgerEntry) -> None:
        self.allocations += self.ledger.debit_any(entry.id, -entry.points)

    def lot(self, lot_id: str) -> Lot | None:
        return next((lot for lot in self.ledger.lots if lot.entry_id == lot_id), None)

    def save(self) -> None:
        lots = {lot.entry_id: lot.remaining for lot in self.ledger.lots}
        debts = {debt.entry_id: debt.outstanding for debt in self.ledger.debts}
        for entry_id, row in self.rows.items():
            row.remaining = lots.get(entry_id, 0)
            row.outstanding = debts.get(entry_id, 0)
        self.session.flush()  # entries first: allocations reference them, no relationship orders the inserts
        allocation_rows = [{"debit_id": a.debit_id, "lot_id": a.lot_id, "points": a.points}
                           for a in self.allocations]
        queries.add_allocations(self.session, allocation_rows)
        self.allocations = []
        self.member.balance = self.ledger.balance
