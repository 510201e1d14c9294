"""Expiry on the server: every lot past its date, expired in the authoritative ledger.

``tessera-server expire`` runs it once; ``serve`` runs it at start and then every
``expire_every`` seconds (an hour by default). For each member holding a lot past
its date the server writes one ``expire`` entry per lot that takes what is left of
it (the core ledger's ``due_expiries``/``expire``, as on the terminal), and stamps
the member with a change-feed value so every terminal learns of it on its next
pull. Idempotent: an expired lot has nothing left, so a second run writes nothing.
Safe beside the terminals' own expiry: the members are locked like a push batch
locks them, and a terminal's later expire op for a lot the server already expired
is applied as what is left of the lot, zero (``sync.server.apply._check_expire``).

The same pass settles held pending refunds (``sync.server.holds.settle``): one whose sale has
arrived is applied, one held past the hold period becomes a dead letter with its reason.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import uuid6
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from pos_app.core.ledger import EntryKind
from sync.server import holds
from sync.server.books import ALLOCATIONS, ENTRIES, load_books
from sync.server.db import ServerDB
from sync.server.models import LedgerEntry, Member

log = logging.getLogger("tessera.server")

SERVER_TERMINAL = "server"  # terminal_id of entries the server writes itself (like the opening balances)
EXPIRE_EVERY = 3600.0  # seconds between two runs of `serve`'s expiry
BATCH = 200  # members per transaction: a run over a large chain never holds many locks for long


@dataclass(frozen=True)
class ExpiryRun:
    points_expired: int
    members: int

    def as_dict(self) -> dict[str, int]:
        return {"points_expired": self.points_expired, "members": self.members}


def expire_due(db: ServerDB, now: datetime) -> ExpiryRun:
    """Settle held refunds, then expire every lot whose date is at or before ``now``; returns what expired."""
    holds.settle(db, now)
    with db.read() as session:
        member_ids = sorted(set(session.scalars(select(LedgerEntry.member_id).where(
            LedgerEntry.remaining > 0, LedgerEntry.expires_at <= now))))
    points = members = 0
    for start in range(0, len(member_ids), BATCH):
        part = member_ids[start:start + BATCH]
        done = db.run_write(partial(_expire_members, db, part, now))
        points += done.points_expired
        members += done.members
    if members:
        log.info("expired %d points of %d members", points, members)
    return ExpiryRun(points, members)


def expire_members_due(db: ServerDB, member_ids: Sequence[str], now: datetime) -> ExpiryRun:
    """Expire the due lots of these members only (those a push just touched); one read if none is due."""
    if not member_ids:
        return ExpiryRun(0, 0)
    with db.read() as session:
        due = sorted(set(session.scalars(select(LedgerEntry.member_id).where(
            LedgerEntry.member_id.in_(member_ids), LedgerEntry.remaining > 0,
            LedgerEntry.expires_at <= now))))
    return db.run_write(partial(_expire_members, db, due, now)) if due else ExpiryRun(0, 0)


def _expire_members(db: ServerDB, member_ids: Sequence[str], now: datetime, session: Session) -> ExpiryRun:
    # Locked in id order, as a push batch locks them: no deadlock with a terminal's push.
    members = list(session.scalars(select(Member).where(Member.id.in_(member_ids)).order_by(Member.id)
                                   .with_for_update()))
    books = load_books(session, members)
    new_rows: list[dict[str, Any]] = []
    allocations: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    touched: list[Member] = []
    for book in books.values():
        due = book.ledger.due_expiries(now)  # read again under the lock: a push may have taken them since
        if not due:
            continue
        for lot in due:
            entry_id = str(uuid6.uuid7())
            new_rows.append(_expire_row(book.member, entry_id, lot.entry_id, lot.remaining, now))
            allocation = book.ledger.expire(entry_id, lot)
            allocations.append({"debit_id": allocation.debit_id, "lot_id": allocation.lot_id,
                                "points": allocation.points})
        book.save()
        changed += [{"b_id": r.id, "b_remaining": r.remaining, "b_outstanding": r.outstanding}
                    for r in book.rows.values() if r.changed]
        touched.append(book.member)
    if not touched:
        return ExpiryRun(0, 0)
    session.flush()
    session.execute(insert(ENTRIES), new_rows)
    if changed:  # always, in fact: every expired lot is a loaded row whose remaining went to 0
        session.execute(update(ENTRIES).where(ENTRIES.c.id == bindparam("b_id")).values(
            remaining=bindparam("b_remaining"), outstanding=bindparam("b_outstanding")), changed)
    session.execute(insert(ALLOCATIONS), allocations)
    change = db.next_change(session)
    for member in touched:
        member.change_seq = change
    return ExpiryRun(-sum(int(r["points"]) for r in new_rows), len(touched))


def _expire_row(member: Member, entry_id: str, lot_id: str, remaining: int, now: datetime) -> dict[str, Any]:
    return {"id": entry_id, "member_id": member.id, "kind": EntryKind.EXPIRE, "points": -remaining,
            "store_id": member.store_id, "terminal_id": SERVER_TERMINAL, "cashier_id": None, "receipt": None,
            "amount": None, "rules_version": None, "reverses": lot_id, "created_at": now, "recorded_at": now,
            "reason": "points expired", "remaining": 0, "outstanding": 0, "op_id": None,
            "available_at": None, "expires_at": None}


def run_logged(db: ServerDB, now: datetime) -> ExpiryRun | None:
    """One run for `serve`'s background task: a failure is logged in one line and retried next time."""
    try:
        return expire_due(db, now)
    except Exception as exc:  # the server keeps serving; the next run catches up
        log.error("expiring due points failed: %s: %s", type(exc).__name__, exc)
        return None
