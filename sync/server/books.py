"""What a push batch loads and writes back: members' open lots and debts, the store's sales.

Loaded once per batch (``load_books``, ``load_sales``) and kept in memory while its
ops apply, so a batch of 500 ops costs a few queries, not a few per op.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from pos_app.core.ledger import open_ledger
from pos_app.core.receipts import receipt_key
from sync.server.models import Allocation, LedgerEntry, Member, Sale


class Row:
    """A ledger row as a batch sees it: loaded (written back if changed) or new (inserted at the end)."""

    __slots__ = ("_orig", "new", "outstanding", "remaining", "values")

    def __init__(self, values: dict[str, Any], *, new: bool) -> None:
        self.values, self.new = values, new
        self.remaining, self.outstanding = int(values["remaining"]), int(values["outstanding"])
        self._orig = (self.remaining, self.outstanding)

    @property
    def id(self) -> str:
        return str(self.values["id"])

    @property
    def points(self) -> int:
        return int(self.values["points"])

    @property
    def changed(self) -> bool:
        return (self.remaining, self.outstanding) != self._orig

    def insert_values(self) -> dict[str, Any]:
        return {**self.values, "remaining": self.remaining, "outstanding": self.outstanding}


ENTRIES = cast(Table, LedgerEntry.__table__)
SALES = cast(Table, Sale.__table__)
ALLOCATIONS = cast(Table, Allocation.__table__)
# A loaded row's creation time is never read (a new row's is): one date less to parse per open lot.
ROW_COLUMNS = ("id", "member_id", "kind", "points", "remaining", "outstanding", "available_at", "expires_at")


class ServerBook:
    """One member's open lots and debts for the length of a batch."""

    def __init__(self, member: Member, rows: Iterable[Row]) -> None:
        self.member = member
        self.rows: dict[str, Row] = {r.id: r for r in rows}
        self.ledger = open_ledger((r.id, r.points, r.remaining, r.outstanding, r.values["available_at"],
                                   r.values["expires_at"]) for r in self.rows.values())

    def save(self) -> None:
        lots = {lot.entry_id: lot.remaining for lot in self.ledger.lots}
        debts = {debt.entry_id: debt.outstanding for debt in self.ledger.debts}
        for entry_id, row in self.rows.items():
            row.remaining, row.outstanding = lots.get(entry_id, 0), debts.get(entry_id, 0)
        self.ledger.lots = [lot for lot in self.ledger.lots if lot.remaining > 0]
        self.member.balance = self.ledger.balance


def load_books(session: Session, members: Iterable[Member]) -> dict[str, ServerBook]:
    by_id = {m.id: m for m in members}
    if not by_id:
        return {}
    table = ENTRIES
    rows = session.execute(select(*(table.c[name] for name in ROW_COLUMNS)).where(
        table.c.member_id.in_(list(by_id)), or_(table.c.remaining > 0, table.c.outstanding > 0)))
    grouped: dict[str, list[Row]] = {mid: [] for mid in by_id}
    for values in rows:
        grouped[values[1]].append(Row(dict(zip(ROW_COLUMNS, values, strict=True)), new=False))
    return {mid: ServerBook(by_id[mid], grouped[mid]) for mid in by_id}


@dataclass
class NewSale:
    """A sale row this batch inserts at the end (a later op of the batch may refund it first)."""

    earn_entry_id: str
    terminal_id: str
    store_id: str
    receipt: str
    member_id: str
    amount: int
    refunded_amount: int
    points_earned: int
    bonus_entry_id: str | None
    created_at: datetime
    receipt_key: str = ""


AnySale = Sale | NewSale
KEY_LENGTH = 200  # of a sale's key; the column holds 255 for the legacy keys (legacy_key)


@functools.lru_cache(maxsize=8192)  # a batch asks for the same receipts' keys several times
def sale_key(receipt: str) -> str:
    """The store-wide key of a typed receipt (the terminal's receipt_key; NFKC may lengthen it)."""
    return receipt_key(receipt)[:KEY_LENGTH]


def legacy_key(key: str, earn_entry_id: str) -> str:
    """The key of a sale that shares a store receipt with an older one (earned before 0003): unique,
    and never the key of a typed receipt (keys hold no whitespace)."""
    return f"{key[:100]} {earn_entry_id}"


def load_sales(session: Session, store_id: str, terminal_id: str,
               receipts: Iterable[str]) -> tuple[dict[str, AnySale], dict[str, Row]]:
    """The store's sales of the given receipts by key, and their earn and bonus entries.

    A sale of this terminal with exactly the typed receipt wins over the store's sale of its key
    (two sales of one key from before receipt keys: each stays reachable from its own terminal).
    """
    typed = sorted(set(receipts))
    wanted = sorted({k for k in (sale_key(r) for r in typed) if k})
    if not wanted:
        return {}, {}
    found = list(session.scalars(select(Sale).where(Sale.store_id == store_id, or_(
        Sale.receipt_key.in_(wanted), (Sale.terminal_id == terminal_id) & Sale.receipt.in_(typed)))
        .order_by(Sale.earn_entry_id).with_for_update()))
    sales: dict[str, AnySale] = {s.receipt_key: s for s in found if s.receipt_key in wanted}
    own = (s for s in found if s.terminal_id == terminal_id and s.receipt in typed)
    sales.update((sale_key(s.receipt), s) for s in own)
    ids = [i for s in sales.values() for i in (s.earn_entry_id, s.bonus_entry_id) if i]
    table = ENTRIES
    entries = {r.id: Row(dict(r._mapping), new=False) for r in session.execute(
        select(*(table.c[name] for name in ROW_COLUMNS)).where(table.c.id.in_(ids)))} if ids else {}
    return sales, entries


class Spend:
    """A sale as the rolling spend reads it: amount, refunds, time (a plain row, not an ORM object)."""

    __slots__ = ("amount", "created_at", "refunded_amount")

    def __init__(self, amount: int, refunded_amount: int, created_at: datetime) -> None:
        self.amount, self.refunded_amount, self.created_at = amount, refunded_amount, created_at


AnySpend = AnySale | Spend


def load_member_sales(session: Session, member_ids: Iterable[str], since: datetime,
                      loaded: Iterable[AnySale] = ()) -> dict[str, list[AnySpend]]:
    """Every store's sales of these members since ``since``: the rolling spend their tier comes from.

    Plain rows (a batch reads thousands), except the sales this batch also loaded by receipt
    (``load_sales``): those are the same objects, so a refund earlier in the batch already shows in
    their ``refunded_amount``.
    """
    ids = sorted(set(member_ids))
    found: dict[str, list[AnySpend]] = {mid: [] for mid in ids}
    if not ids:
        return found
    by_entry = {s.earn_entry_id: s for s in loaded}
    table = SALES
    for entry_id, member_id, amount, refunded, at in session.execute(
            select(table.c.earn_entry_id, table.c.member_id, table.c.amount, table.c.refunded_amount,
                   table.c.created_at).where(table.c.member_id.in_(ids), table.c.created_at >= since)):
        found[member_id].append(by_entry.get(entry_id) or Spend(amount, refunded, at))
    return found
