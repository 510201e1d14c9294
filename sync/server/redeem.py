"""POST /v1/redeem: one redemption confirmed by the server while the customer waits.

The terminal sends the redeem op it will later push. In one short transaction the server checks
its own rules with its own counts (the reward's window and tier, the member's spendable points,
``per_member_limit``, ``stock``) and either applies the op at once or refuses it with the rule's
code (409). The op is recorded by id: the same request again, or the same op pushed from the
outbox, is a duplicate and never a second redemption. ``offline_daily_redeem_limit`` does not
apply: it bounds only what a till hands over without asking.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.base.clock import Clock
from pos_app.core import cards
from pos_app.core import rewards as reward_rules
from pos_app.core.errors import Code, render
from pos_app.core.ops import OpKind
from sync.protocol import OpAnswer, OpPayload, PushOp, RedeemRequest, RedeemResponse
from sync.server import limits, merge, rules
from sync.server.apply import Context, Rejected, apply_op, program_for, write_batch
from sync.server.books import load_books, load_member_sales
from sync.server.db import ServerDB
from sync.server.errors import ApiError, forbidden
from sync.server.models import LedgerEntry, Member, Op, Redemption, Store, Terminal
from sync.server.programs import all_programs
from sync.server.push import previous_at


def refused(code: Code | str, message: str, **params: str | int) -> ApiError:
    return ApiError(409, str(code), message, params)


def redeem(db: ServerDB, terminal_id: str, store_id: str, request: RedeemRequest,
           clock: Clock) -> RedeemResponse:
    try:
        payload = OpPayload.model_validate(request.payload)
    except ValidationError as exc:
        raise ApiError(422, "bad_request", f"malformed redeem payload ({exc.error_count()} errors)") from None

    def work(session: Session) -> RedeemResponse:
        with session.no_autoflush:
            return _redeem(session, payload)

    def _redeem(session: Session, payload: OpPayload) -> RedeemResponse:
        now = clock()
        terminal = session.get(Terminal, terminal_id, with_for_update=True)  # serialized with its pushes
        if terminal is None or terminal.revoked_at is not None:
            raise ApiError(401, "revoked", "this terminal was revoked")
        earlier = _earlier(session, request.id, terminal_id)
        if earlier is not None:
            return earlier
        card = cards.normalize(request.member_card)
        card = merge.alias_members(session, [card]).get(card, card)  # a merged card opens its KEEP
        member = session.scalar(select(Member).where(Member.card == card).with_for_update())
        if member is None or member.store_id != store_id:
            raise refused(Code.UNKNOWN_CARD, f"no member has card {cards.masked(card)}",
                          card=cards.masked(card))
        if member.blocked:
            raise refused(Code.MEMBER_BLOCKED, "this member is blocked: ask a manager")
        programs = all_programs(session)
        store = session.get(Store, store_id)
        op = PushOp(id=request.id, seq=1, kind=OpKind.REDEEM, member_card=card, payload=request.payload,
                    created_at=request.created_at, program_version=request.program_version,
                    program_digest=request.program_digest)
        entry_ids = [e.id for e in payload.entries]
        known = set(session.scalars(select(LedgerEntry.id).where(LedgerEntry.id.in_(entry_ids)))) \
            if entry_ids else set()
        ctx = Context(session=session, terminal_id=terminal_id, store_id=store_id, now=now,
                      programs=programs, books=load_books(session, [member]), members_by_card={card: member},
                      known_entries=known,
                      zone=rules.zone_or_utc(store.tz if store else None),
                      previous_at=previous_at(session, terminal_id),
                      member_sales=load_member_sales(session, [member.id], rules.earliest(now)),
                      limits=limits.load(session, [member.id], (p for p, _ in programs.values())))
        try:
            program = program_for(ctx, op, payload)
            at = rules.rule_time(op.created_at, now, ctx.previous_at, ctx.skew).at
        except (Rejected, rules.BadTime) as exc:
            raise refused("rejected", str(exc)) from None
        reward = program.reward(payload.reward_id or "")
        if reward is None:
            wanted = payload.reward_id or ""
            raise refused(Code.UNKNOWN_REWARD, render(Code.UNKNOWN_REWARD, {"reward": wanted}), reward=wanted)
        book = ctx.books[member.id]
        tier = rules.tier_at(program, ctx.member_sales.get(member.id, ()), at)
        verdict = reward_rules.check(program, reward, tier, book.ledger.summary(now).spendable,
                                     ctx.limits.taken(member.id, reward.id), rules.shop_time(at, ctx.zone))
        if not verdict.allowed and verdict.code is not None:
            raise refused(verdict.code, verdict.reason, **verdict.params)
        for code, _what in ctx.limits.breaches(reward, member.id, store_id):
            params: dict[str, str | int] = {"reward": reward.name}
            if code is Code.REWARD_LIMIT:
                params["limit"] = reward.per_member_limit or 0
            raise refused(code, render(code, params), **params)
        try:
            member, answer = apply_op(ctx, op, payload)
        except Rejected as exc:
            raise refused("rejected", str(exc)) from None
        ctx.limits.new_rows[-1].update(online=True, awaiting_push=True, answer=answer.model_dump_json())
        write_batch(ctx)
        member.change_seq = db.next_change(session)  # every till learns the new balance and count on pull
        return RedeemResponse(op_id=op.id, answer=answer)

    return db.run_write(work)


def _earlier(session: Session, op_id: str, terminal_id: str) -> RedeemResponse | None:
    """The answer this op id already got, confirmed online or pushed (None: a new op)."""
    found = session.scalar(select(Redemption).where(Redemption.op_id == op_id))
    stored = session.get(Op, op_id)
    owner = stored.terminal_id if stored is not None else found.terminal_id if found is not None else None
    if owner is not None and owner != terminal_id:
        raise forbidden("this op id belongs to another terminal")
    if stored is not None:
        answer = OpAnswer.model_validate_json(stored.answer)
        if answer.status != "applied":
            raise refused("rejected", answer.reason or "this op was rejected")
        return RedeemResponse(op_id=op_id, answer=answer, duplicate=True)
    if found is not None and found.answer:
        return RedeemResponse(op_id=op_id, answer=OpAnswer.model_validate_json(found.answer), duplicate=True)
    return None
