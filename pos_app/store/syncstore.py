"""The terminal database side of sync: the outbox and the answers, program versions.

The member mirror (rebasing members on the server's state) is in ``pos_app.store.mirror``.
Entries of ops the server answered (applied, duplicate or rejected) are
acknowledged; so are those of ops at or below the ``terminal_seq`` a pull
reports, because the server state already reflects them even if their answer
was lost on the way. Rejected ops stay in the outbox as dead letters with their
reason; their entries stop counting once the server state arrives.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from pos_app.core.errors import Code, InvalidInput
from pos_app.core.program import parse_program
from pos_app.store import programs
from pos_app.store.mirror import base_entry_id
from pos_app.store.models import LedgerEntry, Member, OutboxOp, ProgramVersion, Sale

OUTBOX = cast(Table, OutboxOp.__table__)
ENTRIES = cast(Table, LedgerEntry.__table__)


# --- outbox -------------------------------------------------------------------------


@dataclass(frozen=True)
class QueuedOp:
    seq: int
    op_id: str
    kind: str
    payload: str
    created_at: datetime


def pending_batch(session: Session, limit: int, through_seq: int | None = None) -> list[QueuedOp]:
    table = OUTBOX
    query = select(table.c.seq, table.c.op_id, table.c.kind, table.c.payload, table.c.created_at).where(
        table.c.status == "pending").order_by(table.c.seq).limit(limit)
    if through_seq is not None:
        query = query.where(table.c.seq <= through_seq)
    return [QueuedOp(*row) for row in session.execute(query)]


def first_pending_after(session: Session, seq: int) -> datetime | None:
    """When the first op still pending after ``seq`` was made (None: none is)."""
    table = OUTBOX
    return session.scalar(select(table.c.created_at).where(table.c.status == "pending", table.c.seq > seq)
                          .order_by(table.c.seq).limit(1))


def last_seq(session: Session) -> int:
    return int(session.scalar(select(func.max(OutboxOp.seq))) or 0)


def entry_ids(payload: str | dict[str, Any]) -> list[str]:
    try:
        data = json.loads(payload) if isinstance(payload, str) else payload
        return [str(e["id"]) for e in data.get("entries", [])]
    except (ValueError, KeyError, TypeError):
        return []


def record_answers(session: Session, answers: Sequence[tuple[int, str, str | None, str]], now: datetime,
                   entries: dict[int, list[str]] | None = None) -> None:
    """Store the server's answers: (seq, status, reason, result JSON). Their entries count as acknowledged.

    ``entries`` (seq -> entry ids) saves reading the payloads again when the caller has them.
    """
    if not answers:
        return
    table = OUTBOX
    answered = update(table).where(table.c.seq == bindparam("b_seq")).values(
        status=bindparam("b_status"), reason=bindparam("b_reason"), result=bindparam("b_result"),
        acked_at=now)
    session.execute(answered, [{"b_seq": seq, "b_status": status, "b_reason": reason, "b_result": result}
                               for seq, status, reason, result in answers])
    if entries is None:
        ops = session.scalars(select(OutboxOp).where(OutboxOp.seq.in_([a[0] for a in answers])))
        entries = {op.seq: entry_ids(op.payload) for op in ops}
    _ack(session, [i for seq, *_ in answers for i in entries.get(seq, [])])


def _answer_fixes(results: Sequence[str]) -> tuple[dict[str, int], dict[str, tuple[datetime, datetime]]]:
    points: dict[str, int] = {}
    dates: dict[str, tuple[datetime, datetime]] = {}
    for raw in results:
        try:
            answer = json.loads(raw)
            if answer.get("status") != "applied":
                continue
            points.update({str(k): int(v) for k, v in (answer.get("adjusted") or {}).items()})
            for entry_id, d in (answer.get("dates") or {}).items():
                dates[str(entry_id)] = (datetime.fromisoformat(d["available_at"]),
                                        datetime.fromisoformat(d["expires_at"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # an answer this terminal cannot read changes nothing; the next pull still rebases
    return points, dates


def apply_corrections(session: Session, results: Sequence[str]) -> int:
    """Where the server applied its own figures (``adjusted``, ``dates``), this terminal's rows follow.

    Call before ``record_answers`` acknowledges the entries. An entry still unacknowledged counts in
    the member's balance as a local entry, so the balance moves with it; one a pull already settled is
    held in the member's mirror base row, which moves the other way (the balance already is the
    server's). Sale rows take the corrected points.
    Returns the number of entries corrected.
    """
    points, dates = _answer_fixes(results)
    ids = sorted(set(points) | set(dates))
    if not ids:
        return 0
    entries = {e.id: e for e in session.scalars(select(LedgerEntry).where(LedgerEntry.id.in_(ids)))}
    for entry_id, entry in entries.items():
        delta = points.get(entry_id, entry.points) - entry.points
        if delta:
            member = session.get_one(Member, entry.member_id)
            base = session.get(LedgerEntry, base_entry_id(member.id)) if entry.acked else None
            if base is not None:
                base.points -= delta
            else:
                member.balance += delta
                if entry.points > 0 or entry.remaining > 0:
                    entry.remaining = max(0, min(entry.points + delta, entry.remaining + delta))
            entry.points += delta
        if entry_id in dates and entry.points > 0:
            entry.available_at, entry.expires_at = dates[entry_id]
    session.flush()
    _correct_sales(session, list(entries))
    return len(entries)


def _correct_sales(session: Session, ids: list[str]) -> None:
    sales = session.scalars(select(Sale).where(or_(Sale.earn_entry_id.in_(ids),
                                                   Sale.bonus_entry_id.in_(ids))))
    for sale in sales:
        parts = [i for i in (sale.earn_entry_id, sale.bonus_entry_id) if i]
        sale.points_earned = int(session.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0))
                                                .where(LedgerEntry.id.in_(parts))) or 0)


def count_attempt(session: Session, seqs: Sequence[int]) -> None:
    if seqs:
        session.execute(update(OutboxOp).where(OutboxOp.seq.in_(seqs)).values(attempts=OutboxOp.attempts + 1))


def settle_through(session: Session, seq: int) -> int:
    """Entries of still-pending ops the server has already processed (answer lost) stop counting as local."""
    ops = list(session.scalars(select(OutboxOp).where(OutboxOp.status == "pending", OutboxOp.seq <= seq)))
    ids = [i for op in ops for i in entry_ids(op.payload)]
    _ack(session, ids)
    return len(ops)


def _ack(session: Session, ids: list[str]) -> None:
    table = ENTRIES
    for start in range(0, len(ids), 500):
        session.execute(update(table).where(table.c.id.in_(ids[start:start + 500])).values(acked=True))


def settle_held(session: Session, outcomes: Sequence[tuple[str, str, str | None, str | None]],
                now: datetime) -> int:
    """Held pending refunds the server has settled since: (op id, status, reason, answer JSON).

    An applied one is done; a rejected one is a dead letter with the server's reason. Returns how many
    outbox rows changed (an op no longer held here, or still held there, changes nothing).
    """
    done = {op_id: (status, reason, answer) for op_id, status, reason, answer in outcomes
            if status in ("applied", "rejected")}
    if not done:
        return 0
    changed = 0
    held = select(OutboxOp).where(OutboxOp.status == "held", OutboxOp.op_id.in_(list(done)))
    for op in session.scalars(held):
        status, reason, answer = done[op.op_id]
        op.status, op.reason, op.acked_at = status, reason if status == "rejected" else None, now
        op.result = answer or json.dumps({"status": status})
        changed += 1
    return changed


def dead_letters(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(OutboxOp).where(OutboxOp.status == "rejected").order_by(OutboxOp.seq))
    return [{"seq": r.seq, "op_id": r.op_id, "kind": r.kind, "reason": r.reason,
             "created_at": r.created_at.isoformat(),
             "rejected_at": r.acked_at.isoformat() if r.acked_at else None}
            for r in rows]


def program_digests(session: Session) -> dict[int, str]:
    import hashlib

    return {row.version: hashlib.sha256(row.source.encode("utf-8")).hexdigest()
            for row in session.scalars(select(ProgramVersion))}


# --- programs -------------------------------------------------------------------------


def install_programs(session: Session, sources: Sequence[str], active_version: int | None,
                     now: datetime) -> bool:
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
        raise InvalidInput(Code.SERVER_PROGRAM_MISSING, version=active_version)
    session.execute(update(ProgramVersion).values(active=False))
    target.active = True
    programs.activate_rewards(session, parse_program(target.source))
    return True
