"""Ledger math for one member: lots, allocations, debts, derived balances.

Both the terminal and the server load a member's open lots and debts into a
:class:`MemberLedger`, apply one operation, and persist the changes it reports.

Invariants (checked by property tests):
- balance == sum of all entry points;
- every debit is covered by allocations plus its outstanding debt;
- sum(open lot remaining) - sum(outstanding debt) == balance;
- a lot is never allocated beyond its points.
Debits consume lots oldest-expiry first. A debit that cannot be covered (a refund
after the points were spent, or an overdraft found at sync) leaves a debt that the
next lots pay off before they become spendable: the balance goes negative,
visibly, instead of being hidden.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from pos_app.core.errors import NotEnoughPoints


class EntryKind(StrEnum):
    """What a ledger entry is; the value is what the databases and the wire carry."""

    EARN = "earn"
    REDEEM = "redeem"
    REVERSE = "reverse"
    ADJUST = "adjust"
    EXPIRE = "expire"
    BONUS = "bonus"
    # The terminal's bookkeeping rows mirroring the server's lots (pos_app.store.mirror): never sent.
    SERVER = "server"


# The kinds an op may carry to the server (a set: ``str in StrEnum`` raises on Python 3.11).
KINDS = frozenset(kind for kind in EntryKind if kind is not EntryKind.SERVER)
# Old names, for the report modules that still import them.
EARN, REDEEM, REVERSE = EntryKind.EARN, EntryKind.REDEEM, EntryKind.REVERSE
ADJUST, EXPIRE, BONUS = EntryKind.ADJUST, EntryKind.EXPIRE, EntryKind.BONUS


@dataclass
class Lot:
    """Points a positive entry added, with what is left of them."""

    entry_id: str
    points: int
    remaining: int
    available_at: datetime
    expires_at: datetime

    def spendable(self, now: datetime) -> bool:
        return self.remaining > 0 and self.available_at <= now < self.expires_at


@dataclass
class Debt:
    """The part of a debit no lot could cover."""

    entry_id: str
    outstanding: int


@dataclass(frozen=True)
class Allocation:
    debit_id: str
    lot_id: str
    points: int


@dataclass(frozen=True)
class Summary:
    balance: int
    spendable: int
    pending: int
    expiring_soon: int


@dataclass
class MemberLedger:
    lots: list[Lot] = field(default_factory=list)
    debts: list[Debt] = field(default_factory=list)

    @classmethod
    def load(cls, lots: Iterable[Lot], debts: Iterable[Debt]) -> MemberLedger:
        return cls([lot for lot in lots if lot.remaining > 0], [d for d in debts if d.outstanding > 0])

    @property
    def balance(self) -> int:
        return sum(lot.remaining for lot in self.lots) - sum(d.outstanding for d in self.debts)

    def summary(self, now: datetime, soon: timedelta = timedelta(days=30)) -> Summary:
        spendable = sum(lot.remaining for lot in self.lots if lot.spendable(now))
        pending = sum(lot.remaining for lot in self.lots if lot.remaining > 0 and lot.available_at > now)
        expiring = sum(
            lot.remaining for lot in self.lots if lot.remaining > 0 and now <= lot.expires_at < now + soon
        )
        debt = sum(d.outstanding for d in self.debts)
        return Summary(self.balance, max(spendable - debt, 0), pending, expiring)

    def _order(self, lots: Iterable[Lot]) -> list[Lot]:
        return sorted(lots, key=lambda lot: (lot.expires_at, lot.available_at, lot.entry_id))

    def _take(self, debit_id: str, points: int, lots: list[Lot]) -> tuple[list[Allocation], int]:
        allocations = []
        left = points
        for lot in lots:
            if left == 0:
                break
            take = min(lot.remaining, left)
            if take > 0:
                lot.remaining -= take
                left -= take
                allocations.append(Allocation(debit_id, lot.entry_id, take))
        return allocations, left

    def credit(self, entry_id: str, points: int, available_at: datetime,
               expires_at: datetime) -> list[Allocation]:
        """Add a lot; outstanding debts are paid from it first (oldest debt first)."""
        if points <= 0:
            raise ValueError("a credit adds points")
        lot = Lot(entry_id, points, points, available_at, expires_at)
        self.lots.append(lot)
        allocations = []
        for debt in self.debts:
            take = min(debt.outstanding, lot.remaining)
            if take:
                debt.outstanding -= take
                lot.remaining -= take
                allocations.append(Allocation(debt.entry_id, lot.entry_id, take))
        self.debts = [d for d in self.debts if d.outstanding > 0]
        return allocations

    def spend(self, entry_id: str, points: int, now: datetime, *,
              allow_overdraft: bool = False) -> list[Allocation]:
        """Redeem from spendable lots, oldest expiry first.

        With ``allow_overdraft`` (the server applying an offline redemption) a
        shortfall becomes a debt instead of a refusal.
        """
        if points <= 0:
            raise ValueError("a debit takes points")
        available = self.summary(now).spendable
        if points > available and not allow_overdraft:
            raise NotEnoughPoints(available=available, needed=points)
        spendable_lots = self._order(lot for lot in self.lots if lot.spendable(now))
        allocations, left = self._take(entry_id, points, spendable_lots)
        if left:
            more, left = self._take(entry_id, left, self._order(self.lots))
            allocations += more
        if left:
            self.debts.append(Debt(entry_id, left))
        return allocations

    def reverse_lot(self, entry_id: str, lot_id: str, points: int) -> list[Allocation]:
        """Take back points a lot added (a refund): that lot first, then any other, then debt."""
        if points <= 0:
            raise ValueError("a reversal takes points")
        own = [lot for lot in self.lots if lot.entry_id == lot_id]
        allocations, left = self._take(entry_id, points, own)
        if left:
            more, left = self._take(entry_id, left, self._order(self.lots))
            allocations += more
        if left:
            self.debts.append(Debt(entry_id, left))
        return allocations

    def debit_any(self, entry_id: str, points: int) -> list[Allocation]:
        """A manager's negative adjustment: oldest expiry first, any lot, may go negative."""
        if points <= 0:
            raise ValueError("a debit takes points")
        allocations, left = self._take(entry_id, points, self._order(self.lots))
        if left:
            self.debts.append(Debt(entry_id, left))
        return allocations

    def due_expiries(self, now: datetime) -> list[Lot]:
        """Lots past their expiry that still hold points, oldest first."""
        return self._order(lot for lot in self.lots if lot.remaining > 0 and lot.expires_at <= now)

    def expire(self, entry_id: str, lot: Lot) -> Allocation:
        allocation = Allocation(entry_id, lot.entry_id, lot.remaining)
        lot.remaining = 0
        return allocation


def add_months(at: datetime, months: int) -> datetime:
    """Calendar months later, clamped to the month's last day (Jan 31 + 1 -> Feb 28/29)."""
    month_index = at.month - 1 + months
    year, month = at.year + month_index // 12, month_index % 12 + 1
    day = min(at.day, calendar.monthrange(year, month)[1])
    return at.replace(year=year, month=month, day=day)


OpenRow = tuple[str, int, int, int, datetime | None, datetime | None]


def open_ledger(rows: Iterable[OpenRow]) -> MemberLedger:
    """The pure ledger of a member's open rows.

    A row is (id, points, remaining, outstanding, available_at, expires_at).
    Both databases load a member's lots and debts this way (terminal and server).
    """
    lots, debts = [], []
    for entry_id, points, remaining, outstanding, available_at, expires_at in rows:
        if remaining > 0:
            if available_at is None or expires_at is None:
                raise ValueError("a lot row without availability or expiry dates")
            lots.append(Lot(entry_id, points, remaining, available_at, expires_at))
        if outstanding > 0:
            debts.append(Debt(entry_id, outstanding))
    return MemberLedger.load(lots, debts)
