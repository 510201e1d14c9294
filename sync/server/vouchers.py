"""Vouchers on the server: the chain's record of every redemption's voucher and its state.

A redeem op records its voucher (issued, with the reward's ``voucher_days``); a terminal online
uses one with POST /v1/vouchers/{code}/use (the server marks it used, or says why not); a
terminal offline used it already and says so with a ``voucher_use`` op: a voucher used a second
time that way is applied and flagged ``voucher_reused`` for HQ. A manager's ``void`` op carries
the reversal returning the points and voids the voucher; a used or voided voucher cannot be voided.
Every change stamps the member on the change feed, so each till's pull brings the state.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.core import cards
from pos_app.core import vouchers as codes
from pos_app.core.ledger import EntryKind
from pos_app.core.ops import OpKind
from pos_app.core.program import Program
from sync.protocol import OpPayload, PushOp, VoucherOut, VoucherUse

# A module import: apply imports this module while it loads, its names are read at call time.
from sync.server import apply
from sync.server.books import Row
from sync.server.db import ServerDB
from sync.server.errors import not_found
from sync.server.models import Member, Voucher
from sync.server.rules import as_utc

VOUCHER_OPS = frozenset({OpKind.REDEEM, OpKind.VOID, OpKind.VOUCHER_USE})


def find(session: Session, code: str) -> Voucher | None:
    """The voucher, also one added earlier in this batch (not flushed yet: pushes run without autoflush)."""
    found = session.get(Voucher, code)
    if found is None:
        found = next((o for o in session.new if isinstance(o, Voucher) and o.code == code), None)
    return found


def check(ctx: apply.Context, member: Member, op: PushOp, payload: OpPayload) -> None:
    """Refuse a void or a voucher use that cannot apply (nothing written)."""
    if op.kind not in (OpKind.VOID, OpKind.VOUCHER_USE):
        return
    voucher = _of_member(ctx, member, payload)
    if op.kind == OpKind.VOUCHER_USE:
        if payload.entries:
            raise apply.Rejected("a voucher use carries no ledger entry")
        return
    if voucher.state != codes.VoucherState.ISSUED:
        raise apply.Rejected(f"voucher {voucher.code} is {voucher.state}: it cannot be voided")
    entries = payload.entries
    if (len(entries) != 1 or entries[0].kind != EntryKind.REVERSE or entries[0].points != voucher.cost
            or entries[0].reverses != voucher.entry_id):
        raise apply.Rejected(f"a void of voucher {voucher.code} returns its {voucher.cost} points with one"
                       " reversal of its redemption")


def record(ctx: apply.Context, member: Member, op: PushOp, payload: OpPayload, program: Program,
           rows: Sequence[Row], at: datetime) -> str | None:
    """After an applied redeem, void or voucher use: the voucher's new state; a conflict kind or None."""
    if op.kind == OpKind.REDEEM:
        return _issue(ctx, member, op, payload, program, rows, at)
    voucher = find(ctx.session, payload.voucher or "")
    if voucher is None:  # check() found it
        return None
    if op.kind == OpKind.VOID:
        voucher.state, voucher.voided_at = codes.VoucherState.VOID, ctx.now
        voucher.void_entry_id = rows[0].id if rows else None
        return None
    if voucher.state == codes.VoucherState.ISSUED:
        voucher.state, voucher.used_at, voucher.used_by = codes.VoucherState.USED, at, ctx.terminal_id
        return None
    # Handed over at a till that could not ask (offline) after it was used or voided elsewhere.
    earlier = (f"used by terminal {voucher.used_by} at {voucher.used_at}" if voucher.state == "used"
               else f"voided at {voucher.voided_at}")
    apply.add_conflict(ctx, "voucher_reused", member.id, op.id, voucher.cost,
                 f"voucher {voucher.code} ({voucher.reward_id}) for {cards.masked(member.card)} used offline"
                 f" at {as_utc(at).isoformat()} but it was {earlier}")
    return "voucher_reused"


def _issue(ctx: apply.Context, member: Member, op: PushOp, payload: OpPayload, program: Program,
           rows: Sequence[Row], at: datetime) -> str | None:
    reward = program.reward(payload.reward_id or "")
    if not payload.voucher or not rows or reward is None:
        return None
    if find(ctx.session, payload.voucher) is not None:
        apply.add_conflict(ctx, "voucher_duplicate", member.id, op.id, None,
                     f"voucher code {payload.voucher} was already issued: this redemption's is not recorded")
        return "voucher_duplicate"
    ctx.session.add(Voucher(code=payload.voucher, store_id=ctx.store_id, member_id=member.id,
                            reward_id=reward.id, cost=reward.cost, entry_id=rows[0].id,
                            terminal_id=ctx.terminal_id, state=codes.VoucherState.ISSUED, created_at=at,
                            expires_at=as_utc(at) + timedelta(days=reward.voucher_days)))
    return None


def _of_member(ctx: apply.Context, member: Member, payload: OpPayload) -> Voucher:
    voucher = find(ctx.session, payload.voucher or "")
    if voucher is None:
        raise apply.Rejected(f"no voucher {payload.voucher!r} on the server")
    if voucher.member_id != member.id:
        raise apply.Rejected(f"voucher {voucher.code} belongs to another member")
    return voucher


# --- the API: GET /v1/vouchers/{code}, POST /v1/vouchers/{code}/use ---------------------------------------


def lookup(db: ServerDB, store_id: str, code: str, now: datetime) -> VoucherOut:
    with db.read() as session:
        voucher, card = _in_store(session, store_id, code)
        return out(voucher, card, now)


def use(db: ServerDB, terminal_id: str, store_id: str, code: str, now: datetime) -> VoucherUse:
    """Mark the voucher used if it is issued and not past its date; else say what it is (nothing written)."""

    def work(session: Session) -> VoucherUse:
        voucher, card = _in_store(session, store_id, code, lock=True)
        if codes.state_at(voucher.state, as_utc(voucher.expires_at), now) != codes.VoucherState.ISSUED:
            return VoucherUse(taken=False, voucher=out(voucher, card, now))
        voucher.state, voucher.used_at, voucher.used_by = codes.VoucherState.USED, now, terminal_id
        member = session.get_one(Member, voucher.member_id, with_for_update=True)
        member.change_seq = db.next_change(session)  # every till's next pull brings the new state
        return VoucherUse(taken=True, voucher=out(voucher, card, now))

    return db.run_write(work)


def _in_store(session: Session, store_id: str, code: str, *, lock: bool = False) -> tuple[Voucher, str]:
    canonical = codes.parse(code)
    query = select(Voucher, Member.card).join(Member, Member.id == Voucher.member_id).where(
        Voucher.code == (canonical or code), Voucher.store_id == store_id)
    row = session.execute(query.with_for_update(of=Voucher) if lock else query).first()
    if row is None:
        raise not_found("no voucher with that code in this store")
    return row[0], row[1]


def out(voucher: Voucher, card: str, now: datetime) -> VoucherOut:
    return VoucherOut(
        code=voucher.code, member_id=voucher.member_id, member_card=card, reward_id=voucher.reward_id,
        cost=voucher.cost, entry_id=voucher.entry_id, terminal_id=voucher.terminal_id,
        state=codes.state_at(voucher.state, as_utc(voucher.expires_at), now).value,
        created_at=voucher.created_at,
        expires_at=voucher.expires_at, used_at=voucher.used_at, used_by=voucher.used_by,
        voided_at=voucher.voided_at)


def of_members(session: Session, members: Sequence[Member], now: datetime) -> dict[str, list[VoucherOut]]:
    """Every voucher of these members, by member id (what a pull page carries)."""
    cards_of = {m.id: m.card for m in members}
    found: dict[str, list[VoucherOut]] = {mid: [] for mid in cards_of}
    for voucher in session.scalars(select(Voucher).where(Voucher.member_id.in_(list(cards_of)))
                                   .order_by(Voucher.created_at, Voucher.code)):
        found[voucher.member_id].append(out(voucher, cards_of[voucher.member_id], now))
    return found
