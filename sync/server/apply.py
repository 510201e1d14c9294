"""Applying one terminal op to the authoritative ledger.

The server computes, the terminal proposes. With the program version the op names (the
server keeps every version; the terminal names it plus the sha256 of its source) and its own
state, the server derives: the op's time (``sync.server.rules``: ahead of its clock -> refused,
backdated before the terminal's previous op -> counted at that op's time), the member's tier
from the rolling spend in its own sales, promotions by that time in the store's zone, the
birthday bonus (member's month, once a year, one per op), the enrollment bonus (once, in the
enroll op), every lot's dates from the program, reward costs and refund reversals from its own
records. Where the terminal's figures differ the server's are applied, reported back in
``adjusted`` (points) and ``dates``, and a ``recomputed`` conflict keeps both figures. What is
not a figure but a shape (a wrong entry kind, an unknown reward, an adjustment beyond the
program's ``max_adjust_points``) refuses the op. Offline redemptions are applied even if they
overdraw (``allow_overdraft``) and reported as conflicts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.base import bulk
from pos_app.core import cards
from pos_app.core.errors import DomainError, InvalidInput
from pos_app.core.ledger import KINDS, EntryKind
from pos_app.core.ledger import Allocation as CoreAllocation
from pos_app.core.ops import OP_KINDS, OpKind
from pos_app.core.program import Program, Reward, quote_earn
from sync.protocol import EntryDates, EntryIn, OpAnswer, OpPayload, PushOp
from sync.server import holds, limits, merge, rules, staff, storesales, vouchers
from sync.server.books import (
    ALLOCATIONS,
    ENTRIES,
    SALES,
    AnySale,
    AnySpend,
    NewSale,
    Row,
    ServerBook,
    sale_key,
)
from sync.server.models import Conflict, LedgerEntry, Member, Store

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
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))  # the store's wall clock
    previous_at: datetime | None = None  # rule time of this terminal's last applied op
    member_sales: dict[str, list[AnySpend]] = field(default_factory=dict)  # rolling-window sales
    skew: timedelta = rules.MAX_SKEW
    refunded: dict[str, int] = field(default_factory=dict)  # op id -> amount a refund op left to the server
    limits: limits.Counts = field(default_factory=limits.Counts)  # past redemptions of limited rewards


@dataclass
class Verdict:
    """What the server decided for one op's entries, against what the terminal proposed."""

    at: rules.RuleTime
    adjusted: dict[str, int] = field(default_factory=dict)  # entry id -> the server's points
    dates: dict[str, EntryDates] = field(default_factory=dict)  # entry id -> the server's lot dates
    notes: list[str] = field(default_factory=list)  # why, for the recomputed conflict
    duplicate_of: AnySale | None = None  # the store's sale that already earned this op's receipt


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
    try:
        verdict = Verdict(rules.rule_time(op.created_at, ctx.now, ctx.previous_at, ctx.skew))
    except rules.BadTime as exc:
        raise Rejected(str(exc)) from None
    if verdict.at.clamped:
        verdict.notes.append(f"created_at {verdict.at.sent.isoformat()} is before this terminal's"
                             f" previous op: counted at {verdict.at.at.isoformat()}")
    local = rules.shop_time(verdict.at.at, ctx.zone)
    for entry in payload.entries:
        if entry.kind not in KINDS:
            raise Rejected(f"unknown entry kind {entry.kind!r}")
        if entry.id in ctx.known_entries:
            raise Rejected(f"entry {entry.id} was already recorded by another op")
    if len({e.id for e in payload.entries}) != len(payload.entries):
        raise Rejected("an entry id appears twice in the op")
    if op.kind == OpKind.ENROLL:
        member = _enroll_member(ctx, payload, program, verdict)
    elif op.kind == OpKind.REFUND and not (op.member_card or payload.member_card):
        member = _sale_member(ctx, payload, verdict.at.at)  # a pending refund: a sale the till did not know
    else:
        member = member_for(ctx, op.member_card or payload.member_card)
    book = ctx.books.get(member.id) or ServerBook(member, [])
    adjusted = verdict.adjusted
    conflict = None
    refund: tuple[AnySale, int] | None = None
    bonus_year: int | None = None
    redeemed: Reward | None = None  # a redeem op's reward: counted against its limits once applied
    if op.kind == OpKind.SALE:
        bonus_year = _check_sale(ctx, member, payload, program, verdict, local)
    elif op.kind == OpKind.REDEEM:
        redeemed = _check_redeem(payload, program)
    elif op.kind == OpKind.REFUND:
        refund = _check_refund(ctx, op, payload, member, verdict)
    elif op.kind == OpKind.EXPIRE:
        _check_expire(book, payload, adjusted)
    elif op.kind == OpKind.ADJUST:
        _check_adjust(payload, program)
    vouchers.check(ctx, member, op, payload)  # a void or a voucher use: the voucher can take it
    staff.check_approval(ctx, op, payload)  # an adjust or a void: its manager is known here
    for entry in payload.entries:
        if op.kind != OpKind.VOID:  # a void's one reversal gives points back: vouchers.check checked it
            _check_entry(entry, adjusted.get(entry.id, entry.points))
    # --- nothing was written above this line; below, nothing refuses ---
    if op.kind == OpKind.ENROLL:
        _add_member(ctx, member, book)
        _flag_duplicates(ctx, member, op.id)
    if refund is not None:
        refund[0].refunded_amount += refund[1]
    if bonus_year is not None:
        member.last_birthday_bonus_year = bonus_year
    debts_before = sum(d.outstanding for d in book.ledger.debts)
    rows = [_record(ctx, book, op, entry, adjusted.get(entry.id, entry.points), program, verdict)
            for entry in payload.entries]
    if op.kind == OpKind.SALE and verdict.duplicate_of is not None:
        conflict = "duplicate_receipt"
        _flag_duplicate_receipt(ctx, op, payload, member, verdict.duplicate_of)
    elif op.kind == OpKind.SALE and rows:
        bonuses = [r for r in rows[1:] if r.values["kind"] == EntryKind.BONUS]
        bonus = next((r for r in bonuses if r.points), bonuses[0] if bonuses else None)
        sale = NewSale(earn_entry_id=rows[0].id, terminal_id=ctx.terminal_id, store_id=ctx.store_id,
                       receipt=payload.receipt or "", member_id=member.id, amount=payload.amount or 0,
                       refunded_amount=0, points_earned=sum(r.points for r in rows),
                       bonus_entry_id=bonus.id if bonus else None, created_at=rows[0].values["created_at"],
                       receipt_key=sale_key(payload.receipt or ""))
        ctx.new_sales.append(sale)
        ctx.sales[sale.receipt_key] = sale
        ctx.member_sales.setdefault(member.id, []).append(sale)
        ctx.entries.update((r.id, r) for r in rows)
    ctx.previous_at = verdict.at.at
    book.save()
    if redeemed is not None and rows:
        _count_redemption(ctx, member, op, payload, redeemed, rows[0])
    if op.kind in vouchers.VOUCHER_OPS:
        conflict = vouchers.record(ctx, member, op, payload, program, rows, verdict.at.at) or conflict
    if op.kind == OpKind.VOID:  # the voided redemption frees its per-member limit and its stock
        ctx.limits.release(vouchers.find(ctx.session, payload.voucher or ""))
    new_debt = sum(d.outstanding for d in book.ledger.debts) - debts_before
    if new_debt > 0:
        conflict = "overdraft" if op.kind == OpKind.REDEEM else "negative_balance"
        add_conflict(ctx, conflict, member.id, op.id, new_debt,
                     f"{op.kind} left {cards.masked(member.card)} {new_debt} points short"
                     f" (balance {member.balance})")
    if member.blocked and op.kind in (OpKind.SALE, OpKind.REDEEM):
        add_conflict(ctx, "blocked_member", member.id, op.id, None, f"{op.kind} for a blocked member")
    if verdict.notes:
        proposed = sum(e.points for e in payload.entries)
        server = sum(r.points for r in rows)
        conflict = conflict or "recomputed"
        add_conflict(ctx, "recomputed", member.id, op.id, server - proposed,
                     f"{op.kind} for {cards.masked(member.card)}: the terminal proposed {proposed} points,"
                     f" the server applied {server} ({'; '.join(verdict.notes)})")
    return member, OpAnswer(status="applied", balance=member.balance, adjusted=adjusted, dates=verdict.dates,
                            conflict=conflict, refunded_amount=ctx.refunded.get(op.id))


def member_for(ctx: Context, card: str | None) -> Member:
    if not card:
        raise Rejected("the op names no member card")
    member = ctx.members_by_card.get(card)
    if member is None:
        raise Rejected(f"no member has card {cards.masked(card)} on the server")
    if member.store_id != ctx.store_id:
        raise Rejected("that member belongs to another store")
    return member


def _enroll_member(ctx: Context, payload: OpPayload, program: Program, verdict: Verdict) -> Member:
    m = payload.member
    if m is None:
        raise Rejected("an enroll op carries the member")
    try:
        card = cards.validate(m.card)
    except (InvalidInput, DomainError) as exc:
        raise Rejected(f"invalid card number: {exc}") from None
    if card in ctx.members_by_card:
        raise Rejected(f"card {cards.masked(card)} already belongs to a member")
    for index, entry in enumerate(payload.entries):
        if entry.kind != EntryKind.BONUS:
            raise Rejected("an enroll op holds its enrollment bonus only")
        # The enrollment bonus once per member, whatever the terminal proposed.
        _settle(verdict, entry, program.enrollment_bonus if index == 0 else 0, "enrollment bonus")
    # Not only this batch's members: an id taken by any member would fail the whole batch's write.
    if m.id in ctx.books or ctx.session.get(Member, m.id) is not None:
        raise Rejected("that member id is already enrolled")
    phone, email = _contact(ctx, m.phone, m.email)
    return Member(id=m.id, card=card, name=m.name[:200], phone=phone, email=email, birthday=m.birthday,
                  marketing_consent=m.marketing_consent, store_id=ctx.store_id, created_at=m.created_at,
                  blocked=False, balance=0, change_seq=0)


def _contact(ctx: Context, phone: str | None, email: str | None) -> tuple[str | None, str | None]:
    store = ctx.session.get(Store, ctx.store_id)  # already in the session: push loaded it
    return merge.normalized_contact((store.region if store else None) or "", phone, email)


def _flag_duplicates(ctx: Context, member: Member, op_id: str) -> None:
    """An enrollment sharing a phone or e-mail with a member of the store: applied, and flagged for HQ."""
    # Members enrolled earlier in this batch are not in the database yet: they are among the books.
    for other in merge.enroll_duplicates(ctx.session, member, (b.member for b in ctx.books.values())):
        ctx.session.add(merge.duplicate_conflict(member, other, ctx.now, ctx.terminal_id, op_id))


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


def _check_sale(ctx: Context, member: Member, payload: OpPayload, program: Program, verdict: Verdict,
                local: datetime) -> int | None:
    """Recompute the sale's earn and bonuses; returns the year of a birthday bonus it gives."""
    if not payload.entries or payload.entries[0].kind != EntryKind.EARN:
        raise Rejected("a sale op starts with its earn entry")
    if payload.currency and payload.currency != program.currency.code:
        raise Rejected(f"sale in {payload.currency}, program version {program.version}"
                       f" is in {program.currency.code}")
    amount = payload.amount
    if amount is None or amount <= 0:
        raise Rejected("a sale amount must be more than zero")
    receipt = payload.receipt or ""
    if not sale_key(receipt):
        raise Rejected("a sale op names its receipt")
    if any(bonus.kind != EntryKind.BONUS for bonus in payload.entries[1:]):
        raise Rejected("a sale op holds its earn entry and its bonuses only")
    first = ctx.sales.get(sale_key(receipt))
    if first is not None:
        # The store receipt already earned (any terminal, any spelling): applied, for nothing.
        verdict.duplicate_of = first
        verdict.adjusted.update((e.id, 0) for e in payload.entries if e.points)
        return None
    tier = rules.tier_at(program, ctx.member_sales.get(member.id, ()), verdict.at.at)
    quote = quote_earn(program, amount, tier, local)
    if payload.tier and payload.tier != tier.id:
        verdict.notes.append(f"tier {tier.id}, not {payload.tier}")
    _settle(verdict, payload.entries[0], quote.points, "earn")
    due = (program.birthday_bonus > 0 and member.birthday is not None and member.birthday.month == local.month
           and member.last_birthday_bonus_year != local.year)
    for index, bonus in enumerate(payload.entries[1:]):
        # At most one birthday bonus, in the member's month by the store's clock, once a year.
        _settle(verdict, bonus, program.birthday_bonus if due and index == 0 else 0, "birthday bonus")
    return local.year if due and len(payload.entries) > 1 else None


def _settle(verdict: Verdict, entry: EntryIn, points: int, what: str) -> None:
    if entry.points != points:
        verdict.adjusted[entry.id] = points
        verdict.notes.append(f"{what} {points}, not {entry.points}")


def _check_adjust(payload: OpPayload, program: Program) -> None:
    entries = payload.entries
    if len(entries) != 1 or entries[0].kind != EntryKind.ADJUST:
        raise Rejected("an adjust op holds one adjustment")
    if abs(entries[0].points) > program.max_adjust_points:
        raise Rejected(f"an adjustment of {entries[0].points} points is beyond the limit of"
                       f" {program.max_adjust_points} in program version {program.version}")


def _check_redeem(payload: OpPayload, program: Program) -> Reward:
    reward = program.reward(payload.reward_id or "")
    if reward is None:
        raise Rejected(f"no reward {payload.reward_id!r} in program version {program.version}")
    entries = payload.entries
    if len(entries) != 1 or entries[0].kind != EntryKind.REDEEM or entries[0].points != -reward.cost:
        raise Rejected(f"reward {reward.id} costs {reward.cost} points in program version {program.version}")
    return reward


def _count_redemption(ctx: Context, member: Member, op: PushOp, payload: OpPayload, reward: Reward,
                      entry: Row) -> None:
    """Count the redemption; past a per-member limit or the stock it was handed over offline: flag it."""
    voucher = payload.voucher[:64] if payload.voucher else None
    over = ctx.limits.breaches(reward, member.id, ctx.store_id)
    if over:
        earlier = ctx.limits.evidence(ctx.session, reward, member.id, ctx.store_id, over)
        add_conflict(ctx, "limit_exceeded_offline", member.id, op.id, reward.cost,
                     f"{reward.id} for {cards.masked(member.card)} past {', '.join(w for _, w in over)}:"
                     f" voucher {voucher or op.id} after voucher {', '.join(earlier) or 'unknown'}")
    ctx.limits.add(reward, limits.row(entry_id=entry.id, op_id=op.id, member_id=member.id,
                                      reward_id=reward.id, store_id=ctx.store_id, terminal_id=ctx.terminal_id,
                                      voucher=voucher, at=entry.values["created_at"]))


def _store_sale(ctx: Context, payload: OpPayload) -> AnySale:
    sale = ctx.sales.get(sale_key(payload.receipt or ""))
    if sale is None:
        raise Rejected(f"no sale with receipt {payload.receipt} in this store on the server")
    return sale


def _sale_member(ctx: Context, payload: OpPayload, at: datetime) -> Member:
    """The member of the store's sale a pending refund names (push locked the members of its sales).

    No such sale yet: it may be on a till that has not synced, the refund is held for it (``holds``).
    """
    if payload.pending and sale_key(payload.receipt or "") not in ctx.sales:
        refusal = holds.refusal(payload)
        if refusal is not None:
            raise Rejected(refusal)
        raise holds.Hold(at)
    sale = _store_sale(ctx, payload)
    book = ctx.books.get(sale.member_id)
    if book is None:
        raise Rejected(f"the member of receipt {payload.receipt} is not on the server")
    return book.member


def _check_refund(ctx: Context, op: PushOp, payload: OpPayload, member: Member,
                  verdict: Verdict) -> tuple[AnySale, int]:
    """The refund against the store's sale of its receipt, whichever terminal rang it."""
    sale = _store_sale(ctx, payload)
    if sale.member_id != member.id:
        raise Rejected(f"receipt {payload.receipt} is a sale of another member")
    try:
        plan = storesales.plan_refund(sale, ctx.entries, payload, op.id, verdict.at.at)
    except storesales.Refused as exc:
        raise Rejected(str(exc)) from None
    payload.entries.extend(plan.generated)
    verdict.adjusted.update(plan.adjusted)
    if payload.amount is None:
        ctx.refunded[op.id] = plan.amount  # a pending refund of what was left: its stored op says how much
    return sale, plan.amount


def _flag_duplicate_receipt(ctx: Context, op: PushOp, payload: OpPayload, member: Member,
                            first: AnySale) -> None:
    """The evidence HQ needs: both terminals, both ops, both spellings."""
    earn = ctx.entries.get(first.earn_entry_id)
    first_op = earn.values.get("op_id") if earn is not None else None
    if first_op is None:
        first_op = ctx.session.scalar(select(LedgerEntry.op_id).where(LedgerEntry.id == first.earn_entry_id))
    proposed = sum(e.points for e in payload.entries)
    add_conflict(ctx, "duplicate_receipt", member.id, op.id, -proposed,
                 f"receipt {payload.receipt} for {cards.masked(member.card)} earned already"
                 f" as {first.receipt}"
                 f" on terminal {first.terminal_id} (op {first_op}): terminal {ctx.terminal_id} (op {op.id})"
                 f" proposed {proposed} points, the server applied 0")


def _check_expire(book: ServerBook, payload: OpPayload, adjusted: dict[str, int]) -> None:
    for entry in payload.entries:
        if entry.kind != EntryKind.EXPIRE or entry.points >= 0 or not entry.reverses:
            raise Rejected("an expire op holds expiries of lots")
        lot = next((lot for lot in book.ledger.lots if lot.entry_id == entry.reverses), None)
        left = lot.remaining if lot is not None else 0
        if left < -entry.points:  # already spent or expired elsewhere: expire what is left, never twice
            adjusted[entry.id] = -left


def _record(ctx: Context, book: ServerBook, op: PushOp, entry: EntryIn, points: int, program: Program,
            verdict: Verdict) -> Row:
    values: dict[str, Any] = {
        "id": entry.id, "member_id": book.member.id, "kind": entry.kind, "points": points,
        "store_id": ctx.store_id, "terminal_id": ctx.terminal_id, "cashier_id": entry.cashier_id,
        "receipt": entry.receipt, "amount": entry.amount,
        "rules_version": entry.rules_version or program.version, "reverses": entry.reverses,
        "created_at": verdict.at.at, "recorded_at": ctx.now, "reason": entry.reason, "remaining": 0,
        "outstanding": 0, "op_id": op.id, "available_at": None, "expires_at": None}
    row = Row(values, new=True)
    book.rows[row.id] = row
    ctx.new_rows.append(row)
    ctx.known_entries.add(row.id)
    ledger = book.ledger
    allocations: list[CoreAllocation] = []
    if points > 0:
        # The lot's dates come from the program and the op's time, never from the terminal.
        available, expires = rules.lot_dates(program, entry.kind, verdict.at.at)
        values["available_at"], values["expires_at"] = available, expires
        proposed = (entry.available_at, entry.expires_at)
        if None not in proposed and tuple(rules.as_utc(d) for d in proposed if d) != (available, expires):
            verdict.dates[entry.id] = EntryDates(available_at=available, expires_at=expires)
            verdict.notes.append(f"{entry.kind} lot dates {available.date()} to {expires.date()}")
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
    """Everything the batch made, in foreign-key order, as one executemany per table (``bulk``)."""
    session = ctx.session
    session.flush()  # new members, conflicts, updated members and sales
    bulk.insert_rows(session, ENTRIES, [r.insert_values() for r in ctx.new_rows])
    bulk.update_rows(session, ENTRIES, "id", [
        {"id": r.id, "remaining": r.remaining, "outstanding": r.outstanding}
        for book in ctx.books.values() for r in book.rows.values() if not r.new and r.changed])
    bulk.insert_rows(session, SALES, [dict(vars(s)) for s in ctx.new_sales])  # NewSale's fields
    bulk.insert_rows(session, ALLOCATIONS, ctx.allocations)
    ctx.limits.write(session)


def add_conflict(ctx: Context, kind: str, member_id: str | None, op_id: str | None, points: int | None,
                 detail: str) -> None:
    ctx.session.add(Conflict(at=ctx.now, kind=kind, store_id=ctx.store_id, terminal_id=ctx.terminal_id,
                             member_id=member_id, op_id=op_id, points=points, detail=detail))
    log.warning("conflict %s on terminal %s: %s", kind, ctx.terminal_id, detail)

