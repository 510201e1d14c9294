"""POST /v1/sync/push: one batch of a terminal's ops, in one transaction.

Order of work inside the transaction:
1. lock the terminal row (its pushes are serialized: seq order, no double apply
   even when the same request arrives twice at once);
2. find which op ids are already stored (a replay gets the stored answer);
3. lock the members the batch names, in id order (no deadlock between terminals);
4. apply new ops in seq order; a missing seq defers the rest of the batch;
5. take one change-feed value for all members touched and commit.
Either the whole batch commits with every answer stored, or nothing does.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Table, or_, select, update
from sqlalchemy.orm import Session

from pos_app.base import bulk
from pos_app.base.clock import Clock
from pos_app.core import cards
from pos_app.core.ops import OpKind
from pos_app.core.program import Program
from pos_app.core.tiers import window_start
from sync.protocol import OpAnswer, OpPayload, OpResult, PushOp, PushRequest, PushResponse
from sync.server import expiry, holds, limits, merge, rules, staff
from sync.server.apply import Context, Rejected, add_conflict, apply_op, write_batch
from sync.server.books import load_books, load_member_sales, load_sales, sale_key
from sync.server.db import Retry, ServerDB, db_lock_conflict
from sync.server.errors import ApiError, forbidden
from sync.server.models import LedgerEntry, Member, Op, Redemption, Store, Terminal
from sync.server.programs import all_programs

log = logging.getLogger("tessera.server")
OPS = cast(Table, Op.__table__)
MAX_SKEW_MS = 10 * 365 * 86_400_000  # a clock years off is said as ten years off


def push(db: ServerDB, terminal_id: str, store_id: str, request: PushRequest,
         clock: Clock) -> PushResponse:
    if request.terminal_id != terminal_id:
        raise forbidden("a terminal pushes only its own ops")
    ops = sorted(request.ops, key=lambda o: o.seq)
    poisoned: dict[str, str] = {}

    def run(batch: list[PushOp]) -> PushResponse:
        return _run(db, terminal_id, store_id, batch, clock, poisoned)

    try:
        response = run(ops)
    except ApiError:
        raise
    except Exception as exc:
        if db_lock_conflict(exc):
            raise
        # The batch applied but could not be written, every time: one op's rows are refused by the
        # database. Op by op, each in its own transaction, finds it; it becomes a dead letter and the
        # ops after it still apply (a committed op is answered as a duplicate if the answer is lost).
        log.error("writing the batch of terminal %s failed (%s): applying its %d ops one by one",
                  terminal_id, type(exc).__name__, len(ops))
        response = _one_by_one(run, terminal_id, ops, poisoned)
    if request.app_version is not None or request.pending is not None or request.sent_at is not None:
        _note_terminal(db, terminal_id, request, response.server_time)
    applied = sum(1 for r in response.results if r.status == "applied")
    rejected = sum(1 for r in response.results if r.status == "rejected")
    log.info("push from %s: %d ops, %d applied, %d rejected, last seq %d", terminal_id, len(ops), applied,
             rejected, response.last_seq)
    return response


def _note_terminal(db: ServerDB, terminal_id: str, request: PushRequest, now: datetime) -> None:
    """What the till said of itself with this push, kept for HQ (a separate small write: never the
    reason a batch fails)."""
    skew = None
    if request.sent_at is not None:
        sent = request.sent_at if request.sent_at.tzinfo else request.sent_at.replace(tzinfo=UTC)
        skew = max(-MAX_SKEW_MS, min((sent - now) // timedelta(milliseconds=1), MAX_SKEW_MS))

    def work(session: Session) -> None:
        session.execute(update(Terminal).where(Terminal.id == terminal_id).values(
            app_version=request.app_version, pending_ops=request.pending, clock_skew_ms=skew,
            oldest_pending_at=request.oldest_pending_at if request.pending else None))

    db.run_write(work)


def _one_by_one(run: Callable[[list[PushOp]], PushResponse], terminal_id: str, ops: list[PushOp],
                poisoned: dict[str, str]) -> PushResponse:
    results: list[OpResult] = []
    response: PushResponse | None = None
    for op in ops:
        try:
            response = run([op])
        except ApiError:
            raise
        except Exception as exc:
            if db_lock_conflict(exc) or op.id in poisoned:
                raise
            log.error("op %s (seq %d) of terminal %s cannot be written (%s): a dead letter", op.id, op.seq,
                      terminal_id, type(exc).__name__)
            poisoned[op.id] = "the server could not store this op (its database refused it)"
            response = run([op])
        results.extend(response.results)
    assert response is not None  # a failed batch held at least one op
    return PushResponse(results=results, last_seq=response.last_seq, server_time=response.server_time)


def _run(db: ServerDB, terminal_id: str, store_id: str, ops: list[PushOp], clock: Clock,
         poisoned: dict[str, str]) -> PushResponse:
    touched_ids: set[str] = set()  # members the committed batch changed (a retried batch starts again)
    unreleased: set[str] = set()  # receipt keys whose held refunds failed to apply: the expiry pass will

    def work(session: Session) -> PushResponse:
        with session.no_autoflush:
            return _batch(session)

    def _batch(session: Session) -> PushResponse:
        now = clock()
        terminal = session.get(Terminal, terminal_id, with_for_update=True)
        if terminal is None or terminal.revoked_at is not None:
            raise ApiError(401, "revoked", "this terminal was revoked")
        ids = [op.id for op in ops]
        stored = ({row.op_id: row for row in session.scalars(select(Op).where(Op.op_id.in_(ids)))}
                  if ids else {})
        payloads, bad = _parse_payloads(ops)
        member_cards = {card for card in (_card_of(op, payloads.get(op.id)) for op in ops) if card}
        aliases = merge.alias_members(session, member_cards)  # cards of merged members open their KEEP
        member_cards |= set(aliases.values())
        # The store's sales of the batch's receipts (locked first): a refund naming no card is its sale's.
        receipts = (p.receipt for p in payloads.values() if p.receipt)
        sales, sale_entries = load_sales(session, store_id, terminal_id, receipts)
        sale_members = sorted({s.member_id for s in sales.values()})
        members = list(session.scalars(select(Member).where(or_(
            Member.card.in_(sorted(member_cards)), Member.id.in_(sale_members)))
            .order_by(Member.id).with_for_update())) if member_cards or sale_members else []
        entry_ids = [e.id for p in payloads.values() for e in p.entries]
        known = (set(session.scalars(select(LedgerEntry.id).where(LedgerEntry.id.in_(entry_ids))))
                 if entry_ids else set())
        store = session.get(Store, store_id)
        known_programs = _programs(session)
        confirmed = limits.confirmed_online(session, terminal_id, ids)
        since = window_start(max(rules.earliest(now),
                                 min((rules.as_utc(op.created_at) for op in ops), default=now)))
        ctx = Context(session=session, terminal_id=terminal_id, store_id=store_id, now=now,
                      programs=known_programs, books=load_books(session, members),
                      members_by_card=_with_aliases({m.card: m for m in members}, aliases),
                      known_entries=known, sales=sales,
                      entries=sale_entries, zone=rules.zone_or_utc(store.tz if store else None),
                      previous_at=previous_at(session, terminal_id),
                      member_sales=load_member_sales(session, (m.id for m in members), since, sales.values()),
                      limits=limits.load(session, (m.id for m in members),
                                         (p for p, _ in known_programs.values())))
        results: list[OpResult] = []
        ops_rows: list[dict[str, Any]] = []
        touched: dict[str, Member] = {}
        touched_ids.clear()
        waiting = holds.keys_waiting(session, store_id, (p.receipt for _, p in _sale_payloads(ops, payloads)))
        released: holds.Released = {}
        answered: dict[str, OpAnswer] = {}
        last = terminal.last_seq
        for index, op in enumerate(ops):
            if op.id in stored or op.id in answered:
                first = answered.get(op.id) or OpAnswer.model_validate_json(stored[op.id].answer)
                if op.id in stored and stored[op.id].terminal_id != terminal_id:
                    results.append(OpResult(id=op.id, seq=op.seq, status="rejected",
                                            reason="this op id belongs to another terminal"))
                    continue
                results.append(OpResult(id=op.id, seq=op.seq, status="duplicate", reason=first.reason,
                                        answer=first))
                continue
            if op.seq <= last:
                reason = f"sequence number {op.seq} was already used by another op of this terminal"
                add_conflict(ctx, "seq_reused", None, op.id, None, reason)
                results.append(OpResult(id=op.id, seq=op.seq, status="rejected", reason=reason,
                                        answer=OpAnswer(status="rejected", reason=reason)))
                continue
            if op.seq > last + 1:
                reason = f"waiting for seq {last + 1}: seq {op.seq} and later are deferred"
                log.warning("terminal %s: gap before seq %d (expected %d)", terminal_id, op.seq, last + 1)
                results.extend(OpResult(id=o.id, seq=o.seq, status="deferred", reason=reason)
                               for o in ops[index:])
                break
            if op.id in confirmed:  # confirmed online (POST /v1/redeem): recorded once, now in seq order
                ops_rows.append(_confirmed_row(confirmed[op.id], op, terminal_id, now))
                first = OpAnswer.model_validate_json(confirmed[op.id].answer or "{}")
                results.append(OpResult(id=op.id, seq=op.seq, status="duplicate", answer=first))
                answered[op.id], last, ctx.previous_at = first, op.seq, confirmed[op.id].created_at
                confirmed[op.id].awaiting_push = False
                continue
            member_id, answer = _apply_one(ctx, op, payloads.get(op.id),
                                           bad.get(op.id) or poisoned.get(op.id), touched, poisoned)
            ops_rows.append({"op_id": op.id, "terminal_id": terminal_id, "seq": op.seq, "kind": op.kind,
                             "member_id": member_id, "status": answer.status,
                             "answer": answer.model_dump_json(),
                             "payload": json.dumps(_stored_payload(ctx, op), sort_keys=True, default=str),
                             # an applied op's time as the rules counted it: the floor for the next op's
                             "created_at": (ctx.previous_at if answer.status == "applied" and ctx.previous_at
                                            else rules.as_utc(op.created_at)), "received_at": now})
            answered[op.id] = answer
            results.append(OpResult(id=op.id, seq=op.seq, status=answer.status, reason=answer.reason,
                                    answer=answer))
            last = op.seq
            key = sale_key(payloads[op.id].receipt or "") if op.id in payloads else ""
            if answer.status == "held":
                waiting.add(key)
            elif op.kind == OpKind.SALE and answer.status == "applied" and key in waiting - unreleased:
                released.update(_release(ctx, key, touched, unreleased))
        _released_rows(ops_rows, released)
        if ctx.previous_at is not None:
            _flag_unrecorded(ctx, [r for r in limits.unrecorded(session, terminal_id, ctx.previous_at)
                                   if r.awaiting_push and r.op_id not in answered])
        touched_ids.update(touched)
        if touched:  # before the batch's flush: one UPDATE per member carries its balance and feed value
            change = db.next_change(session)
            for member in touched.values():
                member.change_seq = change
        write_batch(ctx)
        bulk.insert_rows(session, OPS, ops_rows)
        terminal.last_seq, terminal.last_seen_at = last, now
        return PushResponse(results=results, last_seq=last, server_time=now)

    response = db.run_write(work)
    # A lot this push brought may already be past its date (a till offline for a year): expired now, not
    # at the next hourly pass, so the server's balance is the one the till shows after its pull.
    try:
        expiry.expire_members_due(db, sorted(touched_ids), clock())
    except Exception:  # the batch is committed: its answers must reach the till; the hourly pass expires
        log.exception("expiring the lots due of terminal %s's members failed", terminal_id)
    return response


def _apply_one(ctx: Context, op: PushOp, payload: OpPayload | None, refusal: str | None,
               touched: dict[str, Member], poisoned: dict[str, str]) -> tuple[str | None, OpAnswer]:
    try:
        if refusal is not None or payload is None:
            raise Rejected(refusal or "malformed op payload")
        if op.kind == OpKind.STAFF:  # names no member: who may approve manager acts (sync.server.staff)
            return None, staff.apply_staff(ctx, op, payload)
        member, answer = apply_op(ctx, op, payload)
        touched[member.id] = member
        return member.id, answer
    except holds.Hold as held:
        assert payload is not None  # raised by apply_op, which had the payload
        return None, holds.hold(ctx, op, payload, held.at)
    except Rejected as exc:
        reason = str(exc)
        known = ctx.members_by_card.get(_card_of(op, payload) or "")
        if known is not None and known.store_id == ctx.store_id:
            touched[known.id] = known  # the terminal must re-pull this member's true state
        add_conflict(ctx, "rejected", known.id if known else None, op.id, None,
                     f"{op.kind} op {op.seq} rejected: {reason}")
        return (known.id if known else None), OpAnswer(status="rejected", reason=reason)
    except Exception:
        # A bug must not wedge the terminal's queue: roll back, then reject just this op.
        log.exception("applying op %s of terminal %s failed", op.id, ctx.terminal_id)
        poisoned[op.id] = "the server could not apply this op (internal error)"
        raise Retry() from None


def _release(ctx: Context, key: str, touched: dict[str, Member], unreleased: set[str]) -> holds.Released:
    """The refunds held for the sale just applied; a bug there must not refuse the sale: the batch runs
    again without releasing them (the expiry pass applies them later)."""
    try:
        return holds.release(ctx, key, touched)
    except Exception:
        log.exception("applying the refunds held for receipt key %r failed", key)
        unreleased.add(key)
        raise Retry() from None


def _released_rows(rows: list[dict[str, Any]], released: holds.Released) -> None:
    """Held ops of this batch released by a later sale of it: their rows carry the outcome."""
    for row in rows:
        if row["op_id"] in released:
            answer, amount = released[row["op_id"]]
            row["status"], row["answer"] = answer.status, answer.model_dump_json()
            if amount is not None:
                row["payload"] = json.dumps({**json.loads(row["payload"]), "amount": amount}, sort_keys=True,
                                            default=str)


def _sale_payloads(ops: list[PushOp], payloads: dict[str, OpPayload]) -> list[tuple[PushOp, OpPayload]]:
    return [(op, payloads[op.id]) for op in ops if op.kind == OpKind.SALE and op.id in payloads]


def _with_aliases(by_card: dict[str, Member], aliases: dict[str, str]) -> dict[str, Member]:
    by_card.update((alias, by_card[card]) for alias, card in aliases.items() if card in by_card)
    return by_card


def _flag_unrecorded(ctx: Context, found: list[Redemption]) -> None:
    for redemption in found:
        redemption.awaiting_push = False
        add_conflict(ctx, "redeem_not_recorded", redemption.member_id, redemption.op_id, None,
                     f"{redemption.reward_id} (voucher {redemption.voucher}) was confirmed online at"
                     f" {rules.as_utc(redemption.created_at).isoformat()} but the till never recorded it:"
                     " the points are off the balance, no goods were handed over; void or adjust it")


def _confirmed_row(redemption: Redemption, op: PushOp, terminal_id: str, now: datetime) -> dict[str, Any]:
    return {"op_id": op.id, "terminal_id": terminal_id, "seq": op.seq, "kind": op.kind,
            "member_id": redemption.member_id, "status": "applied", "answer": redemption.answer or "{}",
            "payload": json.dumps(op.payload, sort_keys=True, default=str),
            "created_at": redemption.created_at, "received_at": now}


def _stored_payload(ctx: Context, op: PushOp) -> dict[str, Any]:
    """The op as pushed; a pending refund also names the amount the server refunded (reports read it)."""
    amount = ctx.refunded.get(op.id)
    return op.payload if amount is None else {**op.payload, "amount": amount}


def _parse_payloads(ops: list[PushOp]) -> tuple[dict[str, OpPayload], dict[str, str]]:
    payloads: dict[str, OpPayload] = {}
    bad: dict[str, str] = {}
    for op in ops:
        try:
            payloads[op.id] = OpPayload.model_validate(op.payload)
        except ValidationError as exc:
            bad[op.id] = f"malformed op payload ({exc.error_count()} errors)"
    return payloads, bad


def _card_of(op: PushOp, payload: OpPayload | None) -> str | None:
    if op.member_card:
        return cards.normalize(op.member_card)
    if payload is not None and payload.member is not None:
        return cards.normalize(payload.member.card)
    if payload is not None and payload.member_card:
        return cards.normalize(payload.member_card)
    return None


def _programs(session: Session) -> dict[int, tuple[Program, str]]:
    return all_programs(session)


def previous_at(session: Session, terminal_id: str) -> datetime | None:
    """Rule time of the terminal's latest applied op (walks the (terminal_id, seq) index backwards)."""
    return session.scalar(select(Op.created_at).where(Op.terminal_id == terminal_id, Op.status == "applied")
                          .order_by(Op.seq.desc()).limit(1))
