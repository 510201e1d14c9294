"""Applying one terminal op to the authoritative ledger.

The server trusts no number a terminal computed: earn points are recomputed with
the program version the terminal used (the server keeps every version, and the
terminal names it plus the sha256 of its source), reward costs and refund
reversals come from the server's own records. A mismatch in earn, bonus or
reward cost rejects the op with a reason; a refund reversal or an expiry that
the server's lots no longer support is recorded with the server's points and
reported back in ``adjusted``. Offline redemptions are applied even if they
overdraw (``allow_overdraft``) and reported as conflicts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, or_, select, update
from sqlalchemy.orm import Session

from pos_app.core import cards
from pos_app.core.errors import DomainError, InvalidInput
from pos_app.core.ledger import (
    ADJUST,
    BONUS,
    EARN,
    EXPIRE,
    KINDS,
    REDEEM,
    REVERSE,
    Debt,
    Lot,
    MemberLedger,
    add_months,
)
from pos_app.core.ledger import Allocation as CoreAllocation
from pos_app.core.program import Program, quote_earn, reversal_for_refund
from sync.protocol import EntryIn, OpAnswer, OpPayload, PushOp
from sync.server.models import Allocation, Conflict, LedgerEntry, Member, Sale

log = logging.getLogger("tessera.server")


class Rejected(Exception):
    """The op is refused; the reason goes back to the terminal and into conflicts."""


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
ROW_COLUMNS = ("id", "member_id", "kind", "points", "remaining", "outstanding", "available_at", "expires_at",
               "created_at")


class ServerBook:
    """One member's open lots and debts for the length of a batch."""

    def __init__(self, member: Member, rows: Iterable[Row]) -> None:
        self.member = member
        self.rows: dict[str, Row] = {r.id: r for r in rows}
        self.ledger = MemberLedger.load(
            (Lot(r.id, r.points, r.remaining, _req(r.values["available_at"]), _req(r.values["expires_at"]))
             for r in self.rows.values() if r.remaining > 0),
            (Debt(r.id, r.outstanding) for r in self.rows.values() if r.outstanding > 0),
        )

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


def load_sales(session: Session, terminal_id: str, receipts: Iterable[str]) -> tuple[dict[str, Any],
                                                                                   dict[str, Row]]:
    """This terminal's sales with the given receipts, and their earn and bonus entries."""
    wanted = sorted(set(receipts))
    if not wanted:
        return {}, {}
    sales: dict[str, Any] = {s.receipt: s for s in session.scalars(
        select(Sale).where(Sale.terminal_id == terminal_id, Sale.receipt.in_(wanted)))}
    ids = [i for s in sales.values() for i in (s.earn_entry_id, s.bonus_entry_id) if i]
    table = ENTRIES
    entries = {r.id: Row(dict(r._mapping), new=False) for r in session.execute(
        select(*(table.c[name] for name in ROW_COLUMNS)).where(table.c.id.in_(ids)))} if ids else {}
    return sales, entries


@dataclass
class Context:
    """What one op needs: the session, the caller and the batch's shared state."""

    session: Session
    terminal_id: str
    store_id: str
    now: datetime
    programs: dict[int, tuple[Program, str]]
    books: dict[str, ServerBook]
    members_by_card: dict[str, Member]
    known_entries: set[str]
    sales: dict[str, Any] = field(default_factory=dict)  # this terminal's sales by receipt (ORM or new)
    entries: dict[str, Row] = field(default_factory=dict)  # earn/bonus rows of those sales
    new_rows: list[Row] = field(default_factory=list)
    new_sales: list[SimpleNamespace] = field(default_factory=list)
    allocations: list[dict[str, Any]] = field(default_factory=list)


def program_for(ctx: Context, op: PushOp, payload: OpPayload) -> Program:
    version = payload.program_version or op.program_version
    found = ctx.programs.get(version)
    if found is None:
        raise Rejected(f"unknown program version {version}: load it on the server first")
    program, digest = found
    if op.program_digest and op.program_digest != digest:
        raise Rejected(f"program version {version} on this terminal differs from the server's")
    return program


def apply_op(ctx: Context, op: PushOp, payload: OpPayload) -> tuple[Member, OpAnswer]:
    """Validate and apply ``op``; raise Rejected (nothing written) when it is refused."""
    if op.kind not in ("enroll", "sale", "redeem", "refund", "adjust", "expire"):
        raise Rejected(f"unknown op kind {op.kind!r}")
    program = program_for(ctx, op, payload)
    for entry in payload.entries:
        if entry.kind not in KINDS:
            raise Rejected(f"unknown entry kind {entry.kind!r}")
        if entry.id in ctx.known_entries:
            raise Rejected(f"entry {entry.id} was already recorded by another op")
    if len({e.id for e in payload.entries}) != len(payload.entries):
        raise Rejected("an entry id appears twice in the op")
    if op.kind == "enroll":
        member = _enroll_member(ctx, payload, program)
    else:
        member = member_for(ctx, op.member_card or payload.member_card)
    book = ctx.books.get(member.id) or ServerBook(member, [])
    adjusted: dict[str, int] = {}
    conflict = None
    refund: tuple[Sale, int] | None = None
    if op.kind == "sale":
        _check_sale(ctx, member, payload, program, adjusted)
    elif op.kind == "redeem":
        _check_redeem(payload, program)
    elif op.kind == "refund":
        refund = _check_refund(ctx, payload, adjusted)
    elif op.kind == "expire":
        _check_expire(book, payload, adjusted)
    for entry in payload.entries:
        _check_entry(entry, adjusted.get(entry.id, entry.points))
    # --- nothing was written above this line; below, nothing refuses ---
    if op.kind == "enroll":
        _add_member(ctx, member, book)
    if refund is not None:
        refund[0].refunded_amount += refund[1]
    if op.kind == "sale" and len(payload.entries) > 1:
        member.last_birthday_bonus_year = payload.local_time.year
    debts_before = sum(d.outstanding for d in book.ledger.debts)
    rows = [_record(ctx, book, op, entry, adjusted.get(entry.id, entry.points), program) for entry in payload.entries]
    if op.kind == "sale" and rows:
        bonus = next((r for r in rows[1:] if r.values["kind"] == BONUS), None)
        sale = SimpleNamespace(earn_entry_id=rows[0].id, terminal_id=ctx.terminal_id, store_id=ctx.store_id,
                               receipt=payload.receipt or "", member_id=member.id, amount=payload.amount or 0,
                               refunded_amount=0, points_earned=sum(r.points for r in rows),
                               bonus_entry_id=bonus.id if bonus else None, created_at=rows[0].values["created_at"])
        ctx.new_sales.append(sale)
        ctx.sales[sale.receipt] = sale
        ctx.entries.update((r.id, r) for r in rows)
    book.save()
    new_debt = sum(d.outstanding for d in book.ledger.debts) - debts_before
    if new_debt > 0:
        conflict = "overdraft" if op.kind == "redeem" else "negative_balance"
        add_conflict(ctx, conflict, member.id, op.id, new_debt,
                     f"{op.kind} left {cards.masked(member.card)} {new_debt} points short (balance {member.balance})")
    if member.blocked and op.kind in ("sale", "redeem"):
        add_conflict(ctx, "blocked_member", member.id, op.id, None, f"{op.kind} for a blocked member")
    return member, OpAnswer(status="applied", balance=member.balance, adjusted=adjusted, conflict=conflict)


def member_for(ctx: Context, card: str | None) -> Member:
    if not card:
        raise Rejected("the op names no member card")
    member = ctx.members_by_card.get(card)
    if member is None:
        raise Rejected(f"no member has card {cards.masked(card)} on the server")
    if member.store_id != ctx.store_id:
        raise Rejected("that member belongs to another store")
    return member


def _enroll_member(ctx: Context, payload: OpPayload, program: Program) -> Member:
    m = payload.member
    if m is None:
        raise Rejected("an enroll op carries the member")
    try:
        card = cards.validate(m.card)
    except (InvalidInput, DomainError) as exc:
        raise Rejected(f"invalid card number: {exc}") from None
    if card in ctx.members_by_card:
        raise Rejected(f"card {cards.masked(card)} already belongs to a member")
    for entry in payload.entries:
        if entry.kind != BONUS or entry.points != program.enrollment_bonus:
            raise Rejected(f"enrollment bonus is {program.enrollment_bonus} in program version {program.version}")
    if m.id in ctx.books:
        raise Rejected("that member id is already enrolled")
    return Member(id=m.id, card=card, name=m.name[:200], phone=m.phone, email=m.email, birthday=m.birthday,
                  marketing_consent=m.marketing_consent, store_id=ctx.store_id, created_at=m.created_at,
                  blocked=False, balance=0, change_seq=0)


def _add_member(ctx: Context, member: Member, book: ServerBook) -> None:
    ctx.session.add(member)
    ctx.members_by_card[member.card] = member
    ctx.books[member.id] = book


def _check_entry(entry: EntryIn, points: int) -> None:
    if points > 0 and entry.kind not in (EARN, BONUS, ADJUST):
        raise Rejected(f"a {entry.kind} entry cannot add points")
    if points < 0 and entry.kind not in (REDEEM, REVERSE, EXPIRE, ADJUST):
        raise Rejected(f"a {entry.kind} entry cannot take points")
    if points == 0 and entry.kind not in (EARN, BONUS, REVERSE, EXPIRE):
        raise Rejected(f"a {entry.kind} entry of zero points")
    if entry.kind in (REVERSE, EXPIRE) and points and not entry.reverses:
        raise Rejected(f"a {entry.kind} entry names the entry it takes back")


def _check_sale(ctx: Context, member: Member, payload: OpPayload, program: Program, adjusted: dict[str, int]) -> None:
    if not payload.entries or payload.entries[0].kind != EARN:
        raise Rejected("a sale op starts with its earn entry")
    if payload.currency and payload.currency != program.currency.code:
        raise Rejected(f"sale in {payload.currency}, program version {program.version} is in {program.currency.code}")
    amount = payload.amount
    if amount is None or amount <= 0:
        raise Rejected("a sale amount must be more than zero")
    try:
        tier = program.tier(payload.tier or "")
    except InvalidInput:
        raise Rejected(f"unknown tier {payload.tier!r} in program version {program.version}") from None
    quote = quote_earn(program, amount, tier, payload.local_time.replace(tzinfo=None))
    earn = payload.entries[0]
    if earn.points != quote.points:
        raise Rejected(f"earn mismatch: the terminal gave {earn.points} points, program version "
                       f"{program.version} gives {quote.points} for this sale")
    receipt = payload.receipt or ""
    if not receipt or receipt in ctx.sales:
        raise Rejected(f"receipt {receipt} was already recorded for this terminal")
    for bonus in payload.entries[1:]:
        if bonus.kind != BONUS or bonus.points != program.birthday_bonus:
            raise Rejected(f"birthday bonus is {program.birthday_bonus} in program version {program.version}")
        year = payload.local_time.year
        if member.last_birthday_bonus_year == year:
            adjusted[bonus.id] = 0  # another terminal already gave it this year: not twice


def _check_redeem(payload: OpPayload, program: Program) -> None:
    reward = program.reward(payload.reward_id or "")
    if reward is None:
        raise Rejected(f"no reward {payload.reward_id!r} in program version {program.version}")
    if len(payload.entries) != 1 or payload.entries[0].kind != REDEEM or payload.entries[0].points != -reward.cost:
        raise Rejected(f"reward {reward.id} costs {reward.cost} points in program version {program.version}")


def _check_refund(ctx: Context, payload: OpPayload, adjusted: dict[str, int]) -> tuple[Sale, int]:
    sale = ctx.sales.get(payload.receipt or "")
    if sale is None:
        raise Rejected(f"no sale with receipt {payload.receipt} from this terminal on the server")
    amount = payload.amount or 0
    if amount <= 0 or amount > sale.amount - sale.refunded_amount:
        raise Rejected(f"refund of {amount} does not fit receipt {sale.receipt}")
    earn = ctx.entries.get(sale.earn_entry_id)
    bonus = ctx.entries.get(sale.bonus_entry_id) if sale.bonus_entry_id else None
    for entry in payload.entries:
        if entry.kind != REVERSE:
            raise Rejected("a refund op holds reversals only")
        if earn is not None and entry.reverses == earn.id:
            expected = reversal_for_refund(earn.points, sale.amount, sale.refunded_amount, amount)
        elif bonus is not None and entry.reverses == bonus.id:
            expected = bonus.points
        else:
            raise Rejected("a reversal names an entry of another sale")
        if -entry.points != expected:
            adjusted[entry.id] = -expected
    return sale, amount


def _check_expire(book: ServerBook, payload: OpPayload, adjusted: dict[str, int]) -> None:
    for entry in payload.entries:
        if entry.kind != EXPIRE or entry.points >= 0 or not entry.reverses:
            raise Rejected("an expire op holds expiries of lots")
        lot = next((lot for lot in book.ledger.lots if lot.entry_id == entry.reverses), None)
        left = lot.remaining if lot is not None else 0
        if left < -entry.points:  # already spent or expired elsewhere: expire what is left, never twice
            adjusted[entry.id] = -left


def _record(ctx: Context, book: ServerBook, op: PushOp, entry: EntryIn, points: int, program: Program) -> Row:
    values: dict[str, Any] = {
        "id": entry.id, "member_id": book.member.id, "kind": entry.kind, "points": points, "store_id": ctx.store_id,
        "terminal_id": ctx.terminal_id, "cashier_id": entry.cashier_id, "receipt": entry.receipt,
        "amount": entry.amount, "rules_version": entry.rules_version or program.version, "reverses": entry.reverses,
        "created_at": entry.created_at, "recorded_at": ctx.now, "reason": entry.reason, "remaining": 0,
        "outstanding": 0, "op_id": op.id, "available_at": None, "expires_at": None}
    row = Row(values, new=True)
    book.rows[row.id] = row
    ctx.new_rows.append(row)
    ctx.known_entries.add(row.id)
    ledger = book.ledger
    allocations: list[CoreAllocation] = []
    if points > 0:
        available = entry.available_at or entry.created_at
        expires = entry.expires_at or add_months(entry.created_at, program.expiry_months)
        values["available_at"], values["expires_at"] = available, expires
        allocations = ledger.credit(row.id, points, available, expires)
    elif points < 0:
        if entry.kind == REDEEM:
            allocations = ledger.spend(row.id, -points, ctx.now, allow_overdraft=True)
        elif entry.kind == REVERSE and entry.reverses:
            allocations = ledger.reverse_lot(row.id, entry.reverses, -points)
        elif entry.kind == EXPIRE and entry.reverses:
            lot = next(lot for lot in ledger.lots if lot.entry_id == entry.reverses)
            lot.remaining += points
            allocations = [CoreAllocation(row.id, lot.entry_id, -points)]
        else:
            allocations = ledger.debit_any(row.id, -points)
    ctx.allocations.extend({"debit_id": a.debit_id, "lot_id": a.lot_id, "points": a.points} for a in allocations)
    return row


def write_batch(ctx: Context) -> None:
    """Everything the batch made, in foreign-key order, as multi-row statements."""
    session = ctx.session
    session.flush()  # new members, conflicts, updated members and sales
    entries = ENTRIES
    if ctx.new_rows:
        session.execute(insert(entries), [r.insert_values() for r in ctx.new_rows])
    changed = [{"b_id": r.id, "b_remaining": r.remaining, "b_outstanding": r.outstanding}
               for book in ctx.books.values() for r in book.rows.values() if not r.new and r.changed]
    if changed:
        session.execute(update(entries).where(entries.c.id == bindparam("b_id")).values(
            remaining=bindparam("b_remaining"), outstanding=bindparam("b_outstanding")), changed)
    if ctx.new_sales:
        session.execute(insert(SALES), [vars(s) for s in ctx.new_sales])
    if ctx.allocations:
        session.execute(insert(ALLOCATIONS), ctx.allocations)


def add_conflict(ctx: Context, kind: str, member_id: str | None, op_id: str | None, points: int | None,
                 detail: str) -> None:
    ctx.session.add(Conflict(at=ctx.now, kind=kind, store_id=ctx.store_id, terminal_id=ctx.terminal_id,
                             member_id=member_id, op_id=op_id, points=points, detail=detail))
    log.warning("conflict %s on terminal %s: %s", kind, ctx.terminal_id, detail)


def _req(value: datetime | None) -> datetime:
    if value is None:
        raise ValueError("a lot row without availability or expiry dates")
    return value
