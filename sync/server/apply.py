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
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from pos_app.core import cards
from pos_app.core.errors import DomainError, InvalidInput
from pos_app.core.ledger import KINDS, EntryKind, add_months
from pos_app.core.ledger import Allocation as CoreAllocation
from pos_app.core.ops import OP_KINDS, OpKind
from pos_app.core.program import Program, quote_earn, reversal_for_refund
from sync.protocol import EntryIn, OpAnswer, OpPayload, PushOp
from sync.server.books import ALLOCATIONS, ENTRIES, SALES, AnySale, NewSale, Row, ServerBook
from sync.server.models import Conflict, Member

log = logging.getLogger("tessera.server")


class Rejected(Exception):
    """The op is refused; the reason goes back to the terminal and into conflicts."""


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
    sales: dict[str, AnySale] = field(default_factory=dict)  # this terminal's sales by receipt (ORM or new)
    entries: dict[str, Row] = field(default_factory=dict)  # earn/bonus rows of those sales
    new_rows: list[Row] = field(default_factory=list)
    new_sales: list[NewSale] = field(default_factory=list)
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
    if op.kind not in OP_KINDS:
        raise Rejected(f"unknown op kind {op.kind!r}")
    program = program_for(ctx, op, payload)
    for entry in payload.entries:
        if entry.kind not in KINDS:
            raise Rejected(f"unknown entry kind {entry.kind!r}")
        if entry.id in ctx.known_entries:
            raise Rejected(f"entry {entry.id} was already recorded by another op")
    if len({e.id for e in payload.entries}) != len(payload.entries):
        raise Rejected("an entry id appears twice in the op")
    if op.kind == OpKind.ENROLL:
        member = _enroll_member(ctx, payload, program)
    else:
        member = member_for(ctx, op.member_card or payload.member_card)
    book = ctx.books.get(member.id) or ServerBook(member, [])
    adjusted: dict[str, int] = {}
    conflict = None
    refund: tuple[AnySale, int] | None = None
    if op.kind == OpKind.SALE:
        _check_sale(ctx, member, payload, program, adjusted)
    elif op.kind == OpKind.REDEEM:
        _check_redeem(payload, program)
    elif op.kind == OpKind.REFUND:
        refund = _check_refund(ctx, payload, adjusted)
    elif op.kind == OpKind.EXPIRE:
        _check_expire(book, payload, adjusted)
    for entry in payload.entries:
        _check_entry(entry, adjusted.get(entry.id, entry.points))
    # --- nothing was written above this line; below, nothing refuses ---
    if op.kind == OpKind.ENROLL:
        _add_member(ctx, member, book)
    if refund is not None:
        refund[0].refunded_amount += refund[1]
    if op.kind == OpKind.SALE and len(payload.entries) > 1:
        member.last_birthday_bonus_year = payload.local_time.year
    debts_before = sum(d.outstanding for d in book.ledger.debts)
    rows = [_record(ctx, book, op, entry, adjusted.get(entry.id, entry.points), program)
            for entry in payload.entries]
    if op.kind == OpKind.SALE and rows:
        bonus = next((r for r in rows[1:] if r.values["kind"] == EntryKind.BONUS), None)
        sale = NewSale(earn_entry_id=rows[0].id, terminal_id=ctx.terminal_id, store_id=ctx.store_id,
                       receipt=payload.receipt or "", member_id=member.id, amount=payload.amount or 0,
                       refunded_amount=0, points_earned=sum(r.points for r in rows),
                       bonus_entry_id=bonus.id if bonus else None, created_at=rows[0].values["created_at"])
        ctx.new_sales.append(sale)
        ctx.sales[sale.receipt] = sale
        ctx.entries.update((r.id, r) for r in rows)
    book.save()
    new_debt = sum(d.outstanding for d in book.ledger.debts) - debts_before
    if new_debt > 0:
        conflict = "overdraft" if op.kind == OpKind.REDEEM else "negative_balance"
        add_conflict(ctx, conflict, member.id, op.id, new_debt,
                     f"{op.kind} left {cards.masked(member.card)} {new_debt} points short"
                     f" (balance {member.balance})")
    if member.blocked and op.kind in (OpKind.SALE, OpKind.REDEEM):
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
        if entry.kind != EntryKind.BONUS or entry.points != program.enrollment_bonus:
            raise Rejected(f"enrollment bonus is {program.enrollment_bonus}"
                           f" in program version {program.version}")
    if m.id in ctx.books:
        raise Rejected("that member id is already enrolled")
    return Member(id=m.id, card=card, name=m.name[:200], phone=m.phone, email=m.email, birthday=m.birthday,
                  marketing_consent=m.marketing_consent, store_id=ctx.store_id, created_at=m.created_at,
                  blocked=False, balance=0, change_seq=0)


def _add_member(ctx: Context, member: Member, book: ServerBook) -> None:
    ctx.session.add(member)
    ctx.members_by_card[member.card] = member
    ctx.books[member.id] = book


# Which entry kinds may add points, take points, or carry zero points (a rule recomputed it to nothing).
ADDING = frozenset({EntryKind.EARN, EntryKind.BONUS, EntryKind.ADJUST})
TAKING = frozenset({EntryKind.REDEEM, EntryKind.REVERSE, EntryKind.EXPIRE, EntryKind.ADJUST})
MAY_BE_ZERO = frozenset({EntryKind.EARN, EntryKind.BONUS, EntryKind.REVERSE, EntryKind.EXPIRE})


def _check_entry(entry: EntryIn, points: int) -> None:
    if points > 0 and entry.kind not in ADDING:
        raise Rejected(f"a {entry.kind} entry cannot add points")
    if points < 0 and entry.kind not in TAKING:
        raise Rejected(f"a {entry.kind} entry cannot take points")
    if points == 0 and entry.kind not in MAY_BE_ZERO:
        raise Rejected(f"a {entry.kind} entry of zero points")
    if entry.kind in (EntryKind.REVERSE, EntryKind.EXPIRE) and points and not entry.reverses:
        raise Rejected(f"a {entry.kind} entry names the entry it takes back")


def _check_sale(ctx: Context, member: Member, payload: OpPayload, program: Program,
                adjusted: dict[str, int]) -> None:
    if not payload.entries or payload.entries[0].kind != EntryKind.EARN:
        raise Rejected("a sale op starts with its earn entry")
    if payload.currency and payload.currency != program.currency.code:
        raise Rejected(f"sale in {payload.currency}, program version {program.version}"
                       f" is in {program.currency.code}")
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
        if bonus.kind != EntryKind.BONUS or bonus.points != program.birthday_bonus:
            raise Rejected(f"birthday bonus is {program.birthday_bonus} in program version {program.version}")
        year = payload.local_time.year
        if member.last_birthday_bonus_year == year:
            adjusted[bonus.id] = 0  # another terminal already gave it this year: not twice


def _check_redeem(payload: OpPayload, program: Program) -> None:
    reward = program.reward(payload.reward_id or "")
    if reward is None:
        raise Rejected(f"no reward {payload.reward_id!r} in program version {program.version}")
    entries = payload.entries
    if len(entries) != 1 or entries[0].kind != EntryKind.REDEEM or entries[0].points != -reward.cost:
        raise Rejected(f"reward {reward.id} costs {reward.cost} points in program version {program.version}")


def _check_refund(ctx: Context, payload: OpPayload, adjusted: dict[str, int]) -> tuple[AnySale, int]:
    sale = ctx.sales.get(payload.receipt or "")
    if sale is None:
        raise Rejected(f"no sale with receipt {payload.receipt} from this terminal on the server")
    amount = payload.amount or 0
    if amount <= 0 or amount > sale.amount - sale.refunded_amount:
        raise Rejected(f"refund of {amount} does not fit receipt {sale.receipt}")
    earn = ctx.entries.get(sale.earn_entry_id)
    bonus = ctx.entries.get(sale.bonus_entry_id) if sale.bonus_entry_id else None
    for entry in payload.entries:
        if entry.kind != EntryKind.REVERSE:
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
        if entry.kind != EntryKind.EXPIRE or entry.points >= 0 or not entry.reverses:
            raise Rejected("an expire op holds expiries of lots")
        lot = next((lot for lot in book.ledger.lots if lot.entry_id == entry.reverses), None)
        left = lot.remaining if lot is not None else 0
        if left < -entry.points:  # already spent or expired elsewhere: expire what is left, never twice
            adjusted[entry.id] = -left


def _record(ctx: Context, book: ServerBook, op: PushOp, entry: EntryIn, points: int, program: Program) -> Row:
    values: dict[str, Any] = {
        "id": entry.id, "member_id": book.member.id, "kind": entry.kind, "points": points,
        "store_id": ctx.store_id, "terminal_id": ctx.terminal_id, "cashier_id": entry.cashier_id,
        "receipt": entry.receipt, "amount": entry.amount,
        "rules_version": entry.rules_version or program.version, "reverses": entry.reverses,
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
        if entry.kind == EntryKind.REDEEM:
            allocations = ledger.spend(row.id, -points, ctx.now, allow_overdraft=True)
        elif entry.kind == EntryKind.REVERSE and entry.reverses:
            allocations = ledger.reverse_lot(row.id, entry.reverses, -points)
        elif entry.kind == EntryKind.EXPIRE and entry.reverses:
            lot = next(lot for lot in ledger.lots if lot.entry_id == entry.reverses)
            lot.remaining += points
            allocations = [CoreAllocation(row.id, lot.entry_id, -points)]
        else:
            allocations = ledger.debit_any(row.id, -points)
    ctx.allocations.extend({"debit_id": a.debit_id, "lot_id": a.lot_id, "points": a.points}
                           for a in allocations)
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
        session.execute(insert(SALES), [asdict(s) for s in ctx.new_sales])
    if ctx.allocations:
        session.execute(insert(ALLOCATIONS), ctx.allocations)


def add_conflict(ctx: Context, kind: str, member_id: str | None, op_id: str | None, points: int | None,
                 detail: str) -> None:
    ctx.session.add(Conflict(at=ctx.now, kind=kind, store_id=ctx.store_id, terminal_id=ctx.terminal_id,
                             member_id=member_id, op_id=op_id, points=points, detail=detail))
    log.warning("conflict %s on terminal %s: %s", kind, ctx.terminal_id, detail)

