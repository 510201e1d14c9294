"""The terminal database side of sync: outbox batches, answers, and the member mirror.

How the terminal mirrors the server (DESIGN: local balance = server balance at
last pull + local entries not yet acknowledged):

- A pull carries, per changed member, the server's balance and its open lots and
  debts. The terminal *rebases* the member: it starts a ``MemberLedger`` from
  the server's lots and debts and replays on top of it every local entry not
  yet acknowledged (``acked = 0``), oldest first, recomputing their
  allocations. Redemptions therefore still consume real lots, oldest expiry
  first, including lots earned at other terminals.
- Server lots and debts that are not this terminal's own entries are kept as
  bookkeeping rows of kind ``server`` with 0 points (``reason`` names the
  original kind): they carry ``remaining``/``outstanding`` so allocations can
  reference them; reports ignore the kind.
- One more ``server`` row per member (``base_entry_id``) holds
  ``server balance - sum(acknowledged local entries)``, so the sum of the
  member's ledger still equals its balance and ``rebuild_balances`` keeps working.
- Entries of ops the server answered (applied, duplicate or rejected) are
  acknowledged; so are those of ops at or below the ``terminal_seq`` a pull
  reports, because the server state already reflects them even if their answer
  was lost on the way. Rejected ops stay in the outbox as dead letters with
  their reason; their entries stop counting once the server state arrives.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from pos_app.core.errors import InvalidInput
from pos_app.core.ledger import EXPIRE, REDEEM, REVERSE, Debt, Lot, MemberLedger
from pos_app.core.program import parse_program
from pos_app.store.models import Allocation, LedgerEntry, Member, OutboxOp, ProgramVersion, Reward

SERVER_KIND = "server"
_BASE_NS = uuid.UUID("6f1d3c52-7a55-4f0e-9d1e-3b0c2b6f7a10")
FAR_FUTURE = timedelta(days=365 * 100)


@dataclass(frozen=True)
class ServerLot:
    entry_id: str
    kind: str
    points: int
    remaining: int
    available_at: datetime
    expires_at: datetime
    created_at: datetime


@dataclass(frozen=True)
class ServerDebt:
    entry_id: str
    kind: str
    points: int
    outstanding: int
    created_at: datetime


@dataclass(frozen=True)
class ServerMember:
    id: str
    card: str
    name: str
    phone: str | None
    email: str | None
    birthday: date | None
    marketing_consent: bool
    store_id: str
    created_at: datetime
    blocked: bool
    balance: int
    spend_elsewhere: int
    last_birthday_bonus_year: int | None
    lots: Sequence[ServerLot] = field(default_factory=tuple)
    debts: Sequence[ServerDebt] = field(default_factory=tuple)


def base_entry_id(member_id: str) -> str:
    return str(uuid.uuid5(_BASE_NS, member_id))


# --- outbox -------------------------------------------------------------------------


def pending_batch(session: Session, limit: int, through_seq: int | None = None) -> list[OutboxOp]:
    query = select(OutboxOp).where(OutboxOp.status == "pending").order_by(OutboxOp.seq).limit(limit)
    if through_seq is not None:
        query = query.where(OutboxOp.seq <= through_seq)
    return list(session.scalars(query))


def last_seq(session: Session) -> int:
    return int(session.scalar(select(func.max(OutboxOp.seq))) or 0)


def entry_ids(op: OutboxOp) -> list[str]:
    try:
        return [str(e["id"]) for e in json.loads(op.payload).get("entries", [])]
    except (ValueError, KeyError, TypeError):
        return []


def record_answers(session: Session, answers: Sequence[tuple[int, str, str | None, str]], now: datetime) -> None:
    """Store the server's answers: (seq, status, reason, result JSON). Their entries count as acknowledged."""
    rows = {op.seq: op for op in session.scalars(select(OutboxOp).where(
        OutboxOp.seq.in_([a[0] for a in answers])))} if answers else {}
    acked: list[str] = []
    for seq, status, reason, result in answers:
        op = rows.get(seq)
        if op is None:
            continue
        op.status, op.reason, op.result, op.acked_at = status, reason, result, now
        acked.extend(entry_ids(op))
    _ack(session, acked)


def count_attempt(session: Session, seqs: Sequence[int]) -> None:
    if seqs:
        session.execute(update(OutboxOp).where(OutboxOp.seq.in_(seqs)).values(attempts=OutboxOp.attempts + 1))


def settle_through(session: Session, seq: int) -> int:
    """Entries of still-pending ops the server has already processed (answer lost) stop counting as local."""
    ops = list(session.scalars(select(OutboxOp).where(OutboxOp.status == "pending", OutboxOp.seq <= seq)))
    ids = [i for op in ops for i in entry_ids(op)]
    _ack(session, ids)
    return len(ops)


def _ack(session: Session, ids: list[str]) -> None:
    for start in range(0, len(ids), 500):
        session.execute(update(LedgerEntry).where(LedgerEntry.id.in_(ids[start:start + 500]))
                        .values(acked=True).execution_options(synchronize_session=False))


def dead_letters(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(OutboxOp).where(OutboxOp.status == "rejected").order_by(OutboxOp.seq))
    return [{"seq": r.seq, "op_id": r.op_id, "kind": r.kind, "reason": r.reason,
             "created_at": r.created_at.isoformat(), "rejected_at": r.acked_at.isoformat() if r.acked_at else None}
            for r in rows]


def program_digests(session: Session) -> dict[int, str]:
    import hashlib

    return {row.version: hashlib.sha256(row.source.encode("utf-8")).hexdigest()
            for row in session.scalars(select(ProgramVersion))}


# --- programs -------------------------------------------------------------------------


def install_programs(session: Session, sources: Sequence[str], active_version: int | None, now: datetime) -> bool:
    """Store the server's program versions (the server's text wins) and activate its active one."""
    changed = False
    for source in sources:
        program = parse_program(source)
        row = session.get(ProgramVersion, program.version)
        if row is None:
            session.add(ProgramVersion(version=program.version, source=source, loaded_at=now, active=False))
            changed = True
        elif row.source != source:
            row.source, row.loaded_at = source, now
            changed = True
    session.flush()
    if active_version is None:
        return changed
    current = session.scalar(select(ProgramVersion).where(ProgramVersion.active))
    if current is not None and current.version == active_version and not changed:
        return False
    target = session.get(ProgramVersion, active_version)
    if target is None:
        raise InvalidInput(f"the server's active program version {active_version} was not sent")
    session.execute(update(ProgramVersion).values(active=False))
    target.active = True
    program = parse_program(target.source)
    session.execute(update(Reward).values(active=False))
    for r in program.rewards:
        reward = session.get(Reward, r.id) or Reward(id=r.id)
        reward.program_version, reward.name, reward.cost, reward.kind, reward.value, reward.item = (
            program.version, r.name, r.cost, r.kind, r.value, r.item)
        reward.min_tier, reward.starts, reward.ends, reward.per_member_limit, reward.active = (
            r.min_tier, r.starts, r.ends, r.per_member_limit, True)
        session.add(reward)
    return True


# --- the member mirror ------------------------------------------------------------------


def apply_members(session: Session, states: Sequence[ServerMember], now: datetime) -> int:
    """Rebase every member in ``states`` on the server's state (see the module docstring)."""
    if not states:
        return 0
    locals_by_card = {m.card: m for m in session.scalars(select(Member).where(
        Member.card.in_([s.card for s in states])))}
    members: list[tuple[Member, ServerMember]] = []
    for state in states:
        member = locals_by_card.get(state.card)
        if member is None:
            member = Member(id=state.id, card=state.card, created_at=state.created_at, balance=0, base_spend=0)
            session.add(member)
        member.name, member.phone, member.email, member.birthday = state.name, state.phone, state.email, state.birthday
        member.marketing_consent, member.store_id, member.blocked = state.marketing_consent, state.store_id, state.blocked
        member.base_spend = state.spend_elsewhere
        if state.last_birthday_bonus_year and (member.last_birthday_bonus_year or 0) < state.last_birthday_bonus_year:
            member.last_birthday_bonus_year = state.last_birthday_bonus_year
        member.server_balance, member.server_synced_at = state.balance, now
        members.append((member, state))
    session.flush()
    ids = [m.id for m, _ in members]
    rows: dict[str, LedgerEntry] = {}
    for row in session.scalars(select(LedgerEntry).where(LedgerEntry.member_id.in_(ids), or_(
            LedgerEntry.remaining > 0, LedgerEntry.outstanding > 0, LedgerEntry.acked.is_(False)))):
        rows[row.id] = row
    wanted = [x.entry_id for _, st in members for x in _open_items(st)] + [base_entry_id(i) for i in ids]
    for start in range(0, len(wanted), 500):
        for row in session.scalars(select(LedgerEntry).where(LedgerEntry.id.in_(wanted[start:start + 500]))):
            rows[row.id] = row
    acked_sums = {r[0]: int(r[1] or 0) for r in session.execute(
        select(LedgerEntry.member_id, func.sum(LedgerEntry.points)).where(
            LedgerEntry.member_id.in_(ids), LedgerEntry.acked.is_(True), LedgerEntry.kind != SERVER_KIND)
        .group_by(LedgerEntry.member_id))}
    by_member: dict[str, list[LedgerEntry]] = {i: [] for i in ids}
    for row in rows.values():
        by_member[row.member_id].append(row)
    unacked_ids: list[str] = []
    new_allocations: list[Allocation] = []
    for member, state in members:
        mine = by_member[member.id]
        unacked = sorted((r for r in mine if not r.acked), key=lambda r: (r.created_at, r.id))
        unacked_ids.extend(r.id for r in unacked)
        ledger, allocations = _rebase(state, unacked, now)
        lots = {lot.entry_id: lot for lot in ledger.lots}
        debts = {d.entry_id: d.outstanding for d in ledger.debts}
        for x in _open_items(state):
            if x.entry_id not in rows:
                rows[x.entry_id] = _mirror_row(session, member, x)
                mine.append(rows[x.entry_id])
        base = rows.get(base_entry_id(member.id))
        if base is None:
            base = rows[base_entry_id(member.id)] = _base_row(session, member)
        base.points = state.balance - int(acked_sums.get(member.id) or 0)
        for row in mine:
            lot = lots.get(row.id)
            row.remaining = lot.remaining if lot else 0
            if lot is not None and row.kind == SERVER_KIND:
                row.available_at, row.expires_at = lot.available_at, lot.expires_at
            row.outstanding = debts.get(row.id, 0)
        member.balance = ledger.balance
        new_allocations.extend(Allocation(debit_id=a.debit_id, lot_id=a.lot_id, points=a.points) for a in allocations)
    session.flush()
    for start in range(0, len(unacked_ids), 500):
        chunk = unacked_ids[start:start + 500]
        session.execute(delete(Allocation).where(or_(Allocation.debit_id.in_(chunk), Allocation.lot_id.in_(chunk))))
    session.add_all(new_allocations)
    return len(members)


def _open_items(state: ServerMember) -> list[ServerLot | ServerDebt]:
    return [*state.lots, *state.debts]


def _rebase(state: ServerMember, unacked: Sequence[LedgerEntry], now: datetime) -> tuple[MemberLedger, list[Any]]:
    ledger = MemberLedger.load((Lot(x.entry_id, x.points, x.remaining, x.available_at, x.expires_at)
                                for x in state.lots), (Debt(x.entry_id, x.outstanding) for x in state.debts))
    allocations: list[Any] = []
    for e in unacked:
        if e.points > 0:
            available = e.available_at or e.created_at
            allocations += ledger.credit(e.id, e.points, available, e.expires_at or available + FAR_FUTURE)
        elif e.points < 0 and e.kind == REDEEM:
            allocations += ledger.spend(e.id, -e.points, now, allow_overdraft=True)
        elif e.points < 0 and e.kind in (REVERSE, EXPIRE) and e.reverses:
            allocations += ledger.reverse_lot(e.id, e.reverses, -e.points)
        elif e.points < 0:
            allocations += ledger.debit_any(e.id, -e.points)
    return ledger, allocations


def _mirror_row(session: Session, member: Member, x: ServerLot | ServerDebt) -> LedgerEntry:
    row = LedgerEntry(id=x.entry_id, member_id=member.id, kind=SERVER_KIND, points=0, store_id=member.store_id,
                      terminal_id=SERVER_KIND, created_at=x.created_at, reason=f"{x.kind} at another terminal",
                      remaining=0, outstanding=0, acked=True)
    if isinstance(x, ServerLot):
        row.available_at, row.expires_at = x.available_at, x.expires_at
    session.add(row)
    return row


def _base_row(session: Session, member: Member) -> LedgerEntry:
    row = LedgerEntry(id=base_entry_id(member.id), member_id=member.id, kind=SERVER_KIND, points=0,
                      store_id=member.store_id, terminal_id=SERVER_KIND, created_at=member.created_at,
                      reason="balance held at the server", remaining=0, outstanding=0, acked=True)
    session.add(row)
    return row
