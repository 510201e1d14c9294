"""Pending refunds held until their sale arrives.

Offline, a till can queue a refund of a receipt it does not know (a pending refund). If the server
has no sale of that store receipt yet, the sale may simply be on another till that has not synced:
the server holds the refund (``held_refunds``) and answers the op ``held``, so the till's queue goes
on. When a sale of that receipt key arrives from any terminal of the store, the push that brings it
applies the refund (exactly the amount the refund named, or what was left if it named none, by the
same reversals as any refund: ``storesales.plan_refund``). A refund still held after the hold
period (``TESSERA_REFUND_HOLD_DAYS``, 14 days by default) is dead-lettered by the expiry pass with a
``rejected`` conflict. The terminal that queued it learns the outcome on pull (``PullPage.refunds``);
the held op's stored answer becomes the outcome, so a replay of the op gets it too.

The expiry pass also applies a held refund whose sale exists by then: a push of the sale that ran at
the same time as the push holding the refund could not see it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from pos_app.core import cards
from pos_app.core.ledger import EntryKind
from sync.protocol import EntryIn, HeldRefundOut, OpAnswer, OpPayload, PushOp

# Modules, not names: apply imports this module while it loads; its names are read at call time.
from sync.server import apply, programs, storesales
from sync.server.books import AnySale, Row, load_books, load_sales, sale_key
from sync.server.db import ServerDB
from sync.server.models import Conflict, HeldRefund, Member, Op, Sale
from sync.server.rules import as_utc

log = logging.getLogger("tessera.server")

ENV_HOLD_DAYS = "TESSERA_REFUND_HOLD_DAYS"
HOLD_DAYS = 14  # how long a pending refund waits for its sale before it is a dead letter
MAX_HOLD_DAYS = 3650
REPORTED_FOR = timedelta(days=90)  # a resolved hold is in its terminal's pulls this long
HELD, APPLIED, REJECTED = "held", "applied", "rejected"


class Hold(Exception):
    """A pending refund of a receipt the store has no sale of yet: hold it (raised before any write)."""

    def __init__(self, at: datetime) -> None:
        super().__init__("held")
        self.at = at  # the op's time as the rules counted it


def hold_period() -> timedelta:
    """The server's hold period: ``TESSERA_REFUND_HOLD_DAYS`` (whole days, 1 to 3650) or 14 days."""
    raw = os.environ.get(ENV_HOLD_DAYS, "").strip()
    if not raw:
        return timedelta(days=HOLD_DAYS)
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_HOLD_DAYS:
        log.error("%s=%r is not a number of days from 1 to %d: holding refunds %d days", ENV_HOLD_DAYS, raw,
                  MAX_HOLD_DAYS, HOLD_DAYS)
        return timedelta(days=HOLD_DAYS)
    return timedelta(days=int(raw))


def refusal(payload: OpPayload) -> str | None:
    """Why a pending refund without its sale cannot be held (None: it can)."""
    if payload.entries:
        return "a pending refund proposes no reversals"
    if payload.amount is not None and payload.amount <= 0:
        return "a refund amount must be more than zero"
    receipt = payload.receipt or ""
    if not sale_key(receipt) or len(receipt) > 64:
        return "a pending refund names its receipt (at most 64 characters)"
    return None


def hold(ctx: apply.Context, op: PushOp, payload: OpPayload, at: datetime) -> OpAnswer:
    """Record the pending refund as held; the op's answer says so."""
    receipt = payload.receipt or ""
    days = hold_period().days
    ctx.session.add(HeldRefund(
        op_id=op.id, terminal_id=ctx.terminal_id, store_id=ctx.store_id, receipt=receipt,
        receipt_key=sale_key(receipt), amount=payload.amount, cashier_id=_cashier(op),
        program_version=payload.program_version or op.program_version, created_at=at, held_at=ctx.now,
        state=HELD))
    log.info("refund of receipt %s from terminal %s held for its sale", receipt, ctx.terminal_id)
    return OpAnswer(status="held", reason=f"no sale with receipt {receipt} in this store yet: the refund is"
                                          f" held until it arrives (at most {days} days)")


def _cashier(op: PushOp) -> str | None:
    value = op.payload.get("cashier_id") if isinstance(op.payload, dict) else None
    return str(value)[:36] if value else None


# --- applying held refunds when their sale arrives -------------------------------------------------


Released = dict[str, tuple[OpAnswer, int | None]]  # op id -> its final answer, the amount refunded


def release(ctx: apply.Context, receipt: str, touched: dict[str, Member]) -> Released:
    """Apply the refunds held for the store's sale of ``receipt`` (in ``ctx.sales``), oldest first.

    Each refunds what it named, bounded by what is left of the sale; one that does not fit is
    dead-lettered with the reason. Held ops stored earlier get their final answer here; the caller
    writes the answers of ops of its own batch (the returned ones not stored yet).
    """
    key = sale_key(receipt)
    sale = ctx.sales.get(key)
    if sale is None:
        return {}
    released: Released = {}
    for held in _held(ctx.session, ctx.store_id, key):
        answer, amount = _apply(ctx, held, sale, touched)
        if answer is not None:
            released[held.op_id] = (answer, amount)
            _store_answer(ctx.session, held.op_id, answer, amount)
    return released


def keys_waiting(session: Session, store_id: str, receipts: Iterable[str | None]) -> set[str]:
    """The receipt keys among ``receipts`` that refunds are held for in the store (one query a batch)."""
    keys = sorted({k for k in (sale_key(r or "") for r in receipts) if k})
    if not keys:
        return set()
    return set(session.scalars(select(HeldRefund.receipt_key).where(
        HeldRefund.store_id == store_id, HeldRefund.receipt_key.in_(keys), HeldRefund.state == HELD)))


def _held(session: Session, store_id: str, key: str) -> list[HeldRefund]:
    """The refunds held for a key: stored ones (locked) and ones this batch added (not flushed)."""
    found = {h.op_id: h for h in session.scalars(select(HeldRefund).where(
        HeldRefund.store_id == store_id, HeldRefund.receipt_key == key, HeldRefund.state == HELD)
        .order_by(HeldRefund.created_at, HeldRefund.op_id).with_for_update())}
    for new in session.new:
        if isinstance(new, HeldRefund) and new.store_id == store_id and new.receipt_key == key \
                and new.state == HELD:
            found.setdefault(new.op_id, new)
    return sorted(found.values(), key=lambda h: (as_utc(h.created_at), h.op_id))


def _apply(ctx: apply.Context, held: HeldRefund, sale: AnySale,
           touched: dict[str, Member]) -> tuple[OpAnswer | None, int | None]:
    book = ctx.books.get(sale.member_id)
    if book is None:  # the sale's member is not locked here: the expiry pass applies it later
        return None, None
    member = book.member
    at = max(as_utc(held.created_at), as_utc(sale.created_at))
    wanted = OpPayload.model_construct(program_version=held.program_version, receipt=held.receipt,
                                       amount=held.amount, entries=[], pending=True)
    try:
        plan = storesales.plan_refund(sale, ctx.entries, wanted, held.op_id, at)
    except storesales.Refused as exc:
        return dead_letter(ctx.session, held, f"held refund of receipt {held.receipt}: {exc}", ctx.now), None
    debts_before = sum(d.outstanding for d in book.ledger.debts)
    for entry in plan.generated:
        _record(ctx, book, held, entry, plan.adjusted[entry.id], at)
    book.save()
    sale.refunded_amount += plan.amount
    touched[member.id] = member
    held.state, held.refunded, held.resolved_at = APPLIED, plan.amount, ctx.now
    new_debt = sum(d.outstanding for d in book.ledger.debts) - debts_before
    if new_debt > 0:
        _conflict(ctx.session, held, "negative_balance", member.id, new_debt, ctx.now,
                  f"refund left {cards.masked(member.card)} {new_debt} points short"
                  f" (balance {member.balance})")
    log.info("held refund of receipt %s from terminal %s applied: %d of %d refunded", held.receipt,
             held.terminal_id, plan.amount, sale.amount)
    return OpAnswer(status="applied", balance=member.balance, adjusted=plan.adjusted,
                    refunded_amount=plan.amount), plan.amount


def _record(ctx: apply.Context, book: Any, held: HeldRefund, entry: EntryIn, points: int,
            at: datetime) -> None:
    """One reversal of the held refund, as the terminal that queued it would have written it."""
    values: dict[str, Any] = {
        "id": entry.id, "member_id": book.member.id, "kind": EntryKind.REVERSE, "points": points,
        "store_id": held.store_id, "terminal_id": held.terminal_id, "cashier_id": held.cashier_id,
        "receipt": held.receipt, "amount": None, "rules_version": held.program_version,
        "reverses": entry.reverses, "created_at": at, "recorded_at": ctx.now, "reason": entry.reason,
        "remaining": 0, "outstanding": 0, "op_id": held.op_id, "available_at": None, "expires_at": None}
    row = Row(values, new=True)
    book.rows[row.id] = row
    ctx.new_rows.append(row)
    ctx.known_entries.add(row.id)
    if points < 0 and entry.reverses:
        ctx.allocations.extend({"debit_id": a.debit_id, "lot_id": a.lot_id, "points": a.points}
                               for a in book.ledger.reverse_lot(row.id, entry.reverses, -points))


def _store_answer(session: Session, op_id: str, answer: OpAnswer, amount: int | None) -> None:
    """The held op's stored answer (and amount: the reports read it) becomes its outcome."""
    stored = session.get(Op, op_id)
    if stored is None:  # an op of the running batch: its row is written with the batch
        return
    stored.status, stored.answer = answer.status, answer.model_dump_json()
    if amount is not None:
        stored.payload = json.dumps({**json.loads(stored.payload or "{}"), "amount": amount}, sort_keys=True,
                                    default=str)


def dead_letter(session: Session, held: HeldRefund, reason: str, now: datetime) -> OpAnswer:
    held.state, held.reason, held.resolved_at = REJECTED, reason, now
    _conflict(session, held, "rejected", None, None, now, f"refund op {held.op_id} rejected: {reason}")
    return OpAnswer(status="rejected", reason=reason)


def _conflict(session: Session, held: HeldRefund, kind: str, member_id: str | None, points: int | None,
              now: datetime, detail: str) -> None:
    session.add(Conflict(at=now, kind=kind, store_id=held.store_id, terminal_id=held.terminal_id,
                         member_id=member_id, op_id=held.op_id, points=points, detail=detail))
    log.warning("conflict %s on terminal %s: %s", kind, held.terminal_id, detail)


# --- the expiry pass -----------------------------------------------------------------------------


def settle(db: ServerDB, now: datetime, period: timedelta | None = None) -> tuple[int, int]:
    """Apply held refunds whose sale is there now; dead-letter those held past the hold period.

    Returns (applied, dead-lettered).
    """
    period = period if period is not None else hold_period()
    with db.read() as session:
        waiting = list(session.execute(
            select(HeldRefund.op_id, Sale.earn_entry_id).outerjoin(Sale, and_(
                Sale.store_id == HeldRefund.store_id, Sale.receipt_key == HeldRefund.receipt_key))
            .where(HeldRefund.state == HELD).order_by(HeldRefund.held_at, HeldRefund.op_id)))
    applied = dead = 0
    for op_id, sale in waiting:
        if sale is not None:
            applied += db.run_write(partial(_settle_one, db, op_id, now, None))
        else:
            dead += db.run_write(partial(_settle_one, db, op_id, now, period))
    if applied or dead:
        log.info("held refunds: %d applied, %d dead-lettered", applied, dead)
    return applied, dead


def _settle_one(db: ServerDB, op_id: str, now: datetime, period: timedelta | None, session: Session) -> int:
    found = session.get(HeldRefund, op_id)
    if found is None or found.state != HELD:
        return 0
    # Locked in the order a push takes them (the store's sales, the member, the hold): no deadlock.
    sales, entries = load_sales(session, found.store_id, found.terminal_id, [found.receipt])
    sale = sales.get(found.receipt_key)
    if period is not None:  # no sale: a dead letter once the hold period is over
        held = session.get_one(HeldRefund, op_id, with_for_update=True, populate_existing=True)
        if sale is not None or held.state != HELD or as_utc(held.held_at) + period > now:
            return 0  # a sale that came since: the next pass applies the refund
        reason = (f"no sale with receipt {held.receipt} arrived in this store within {period.days} days"
                  f" (held since {as_utc(held.held_at).date().isoformat()})")
        _store_answer(session, op_id, dead_letter(session, held, reason, now), None)
        return 1
    if sale is None:
        return 0
    member = session.get_one(Member, sale.member_id, with_for_update=True)
    held = session.get_one(HeldRefund, op_id, with_for_update=True, populate_existing=True)
    if held.state != HELD:
        return 0
    ctx = apply.Context(session=session, terminal_id=held.terminal_id, store_id=held.store_id, now=now,
                        programs=programs.all_programs(session), books=load_books(session, [member]),
                        members_by_card={member.card: member}, known_entries=set(), sales=sales,
                        entries=entries)
    touched: dict[str, Member] = {}
    release(ctx, held.receipt, touched)
    apply.write_batch(ctx)
    if touched:
        change = db.next_change(session)
        for changed in touched.values():
            changed.change_seq = change
    return 1 if held.state == APPLIED else 0


# --- what a terminal learns on pull ------------------------------------------------------------


def for_terminal(session: Session, terminal_id: str, now: datetime) -> list[HeldRefundOut]:
    """The terminal's refunds still held, and those resolved lately with their outcome."""
    rows = list(session.scalars(select(HeldRefund).where(
        HeldRefund.terminal_id == terminal_id,
        or_(HeldRefund.state == HELD, HeldRefund.resolved_at >= now - REPORTED_FOR))
        .order_by(HeldRefund.held_at, HeldRefund.op_id)))
    answers = _answers(session, [r.op_id for r in rows if r.state != HELD])
    return [HeldRefundOut(op_id=r.op_id, status=r.state, reason=r.reason,  # type: ignore[arg-type]
                          answer=answers.get(r.op_id)) for r in rows]


def _answers(session: Session, op_ids: Iterable[str]) -> dict[str, OpAnswer]:
    wanted = list(op_ids)
    if not wanted:
        return {}
    return {op_id: OpAnswer.model_validate_json(answer) for op_id, answer in session.execute(
        select(Op.op_id, Op.answer).where(Op.op_id.in_(wanted)))}
