"""The console's conflicts: what sync found for HQ to review, each with its evidence (the terminal, the
op and its cashier, the member, the points), acknowledged with a note, or resolved: two members found
as possible duplicates merged, or the voucher of a redemption that went past a limit voided."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.server import corrections, merge
from sync.server.console.users import User, audit
from sync.server.db import ServerDB
from sync.server.models import Conflict, LedgerEntry, Member, Op, Terminal, Voucher

PAGE = 50
NOTE_LENGTH = 500


@dataclass(frozen=True)
class Evidence:
    id: int
    at: datetime
    kind: str
    store: str | None
    terminal: str  # its name (and id)
    card: str | None
    related_card: str | None  # possible_duplicate: the other member
    points: int | None
    op_kind: str | None
    op_at: datetime | None
    cashier: str | None
    detail: str
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    note: str | None
    voucher: str | None = None  # the still-issued voucher of the conflict's redemption, which HQ may void


def _cashier(payload: str | None) -> str | None:
    if not payload:
        return None
    try:
        body: dict[str, Any] = json.loads(payload)
    except ValueError:
        return None
    entries = body.get("entries") or [{}]
    first = entries[0] if isinstance(entries, list) and entries and isinstance(entries[0], dict) else {}
    cashier = first.get("cashier_id") or body.get("approved_by")
    return str(cashier) if cashier else None


def listing(session: Session, user: User, *, open_only: bool, page: int = 0) -> tuple[list[Evidence], bool]:
    query = select(Conflict).order_by(Conflict.id.desc())
    if open_only:
        query = query.where(Conflict.acknowledged_at.is_(None))
    if user.scope is not None:
        query = query.where(Conflict.store_id == user.scope)
    rows = list(session.scalars(query.offset(page * PAGE).limit(PAGE + 1)))
    shown = rows[:PAGE]
    member_ids = {r.member_id for r in shown if r.member_id} | {r.related_member_id for r in shown
                                                                if r.related_member_id}
    cards: dict[str, str] = {i: c for i, c in session.execute(
        select(Member.id, Member.card).where(Member.id.in_(member_ids)))} if member_ids else {}
    terminal_ids = {r.terminal_id for r in shown if r.terminal_id}
    names: dict[str, str] = {i: n for i, n in session.execute(
        select(Terminal.id, Terminal.name).where(Terminal.id.in_(terminal_ids)))} if terminal_ids else {}
    op_ids = {r.op_id for r in shown if r.op_id}
    ops = {o.op_id: o for o in session.scalars(select(Op).where(Op.op_id.in_(op_ids)))} if op_ids else {}
    issued = _issued_vouchers(session, op_ids)
    found = []
    for r in shown:
        op = ops.get(r.op_id or "")
        terminal = f"{names.get(r.terminal_id, '?')} ({r.terminal_id})" if r.terminal_id else "server"
        found.append(Evidence(
            r.id, r.at, r.kind, r.store_id, terminal, cards.get(r.member_id or ""),
            cards.get(r.related_member_id or ""), r.points, op.kind if op else None,
            op.created_at if op else None, _cashier(op.payload if op else None), r.detail,
            r.acknowledged_at, r.acknowledged_by, r.note, issued.get(r.op_id or "")))
    return found, len(rows) > PAGE


def _issued_vouchers(session: Session, op_ids: set[str]) -> dict[str, str]:
    """op id -> the code of the voucher its redemption issued, while that voucher is still issued."""
    if not op_ids:
        return {}
    rows = session.execute(select(LedgerEntry.op_id, Voucher.code)
                           .join(Voucher, Voucher.entry_id == LedgerEntry.id)
                           .where(LedgerEntry.op_id.in_(op_ids), Voucher.state == "issued"))
    return {str(op_id): str(code) for op_id, code in rows}


def void(db: ServerDB, user: User, conflict_id: int, now: datetime) -> corrections.Corrected | None:
    """Void the voucher a conflict names (a redemption past a limit offline, say): its points go back to
    the member, the conflict is acknowledged with a note saying so. None: no such conflict for this user,
    or no voucher left to void."""
    with db.read() as session:
        row = session.get(Conflict, conflict_id)
        if row is None or row.acknowledged_at is not None or not user.may_see(row.store_id or ""):
            return None
        code = _issued_vouchers(session, {row.op_id} if row.op_id else set()).get(row.op_id or "")
    if code is None:
        return None
    done = corrections.void_voucher(db, code, user.name, now, user.scope)
    acknowledge(db, user, conflict_id, f"voucher {code} voided: {done.points} points back", now)
    db.run_write(lambda s: audit(s, user, "voucher.void", now, done.store_id, conflict=conflict_id,
                                 voucher=code, points=done.points))
    return done


def acknowledge(db: ServerDB, user: User, conflict_id: int, note: str, now: datetime) -> bool:
    """Mark a conflict the user may see as reviewed; False if there is none such."""
    def work(session: Session) -> bool:
        row = session.get(Conflict, conflict_id, with_for_update=True)
        if row is None or not user.may_see(row.store_id) or row.acknowledged_at is not None:
            return False
        row.acknowledged_at, row.acknowledged_by, row.note = now, user.name, note.strip()[:NOTE_LENGTH]
        audit(session, user, "conflict.acknowledge", now, row.store_id, conflict=conflict_id, note=row.note)
        return True

    return db.run_write(work)


def merge_duplicates(db: ServerDB, user: User, conflict_id: int, now: datetime) -> dict[str, Any] | None:
    """Merge a possible duplicate's newer member into the older one (HQ only); None if not such a conflict."""
    with db.read() as session:
        row = session.get(Conflict, conflict_id)
        mergeable = row is not None and row.kind == "possible_duplicate" and row.related_member_id
        if row is None or not mergeable or user.scope is not None:
            return None
        keep = session.get(Member, row.related_member_id)
        other = session.get(Member, row.member_id) if row.member_id else None
    if keep is None or other is None:
        return None
    result = merge.merge(db, keep.card, other.card, now)
    acknowledge(db, user, conflict_id, f"merged {other.card[-4:]} into {keep.card[-4:]}", now)
    db.run_write(lambda s: audit(s, user, "member.merge", now, keep.store_id, conflict=conflict_id))
    return result
