"""HQ's corrections: a member's balance adjusted, or a voucher voided, by one entry the server books itself.

The same ledger rules as a till's adjustment: points added are a lot spendable at once and expiring with
the program's months; points taken come out of the member's open lots, oldest first, and what the lots
do not cover is a debt. The change feed carries the member to every till at its next pull. The bound is
the program's ``max_adjust_points``, as for a manager at a till.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import uuid6
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos_app.core import cards, vouchers
from pos_app.core.errors import Code, DomainError, InvalidInput, UnknownCard
from pos_app.core.ledger import EntryKind
from pos_app.core.limits import clipped
from pos_app.core.program import Program
from sync.server import programs, rules
from sync.server.books import ALLOCATIONS, ENTRIES, Row, load_books
from sync.server.db import ServerDB
from sync.server.models import Member, Voucher

log = logging.getLogger("tessera.server")
SERVER_TERMINAL = "server"
MAX_REASON = 200


@dataclass(frozen=True)
class Corrected:
    entry_id: str
    card: str
    store_id: str
    points: int
    balance: int


def correct(db: ServerDB, card: str, points: int, reason: str, by: str, now: datetime,
            store_scope: str | None = None) -> Corrected:
    """Add (or take, ``points`` < 0) points with a reason, in the name of ``by``. A member outside
    ``store_scope`` (a store manager's store) is no such member."""
    number = cards.validate(card)
    why = clipped(reason.strip(), MAX_REASON)
    if not why:
        raise InvalidInput(Code.ADJUST_REASON)
    if points == 0:
        raise InvalidInput(Code.ADJUST_ZERO)

    def work(session: Session) -> Corrected:
        member = session.scalar(select(Member).where(Member.card == number).with_for_update())
        if member is None or (store_scope is not None and member.store_id != store_scope):
            raise UnknownCard(card=cards.masked(number))
        program = programs.active(session, now)
        if program is None or abs(points) > program.max_adjust_points:
            limit = program.max_adjust_points if program else 0
            raise InvalidInput(Code.POINTS_TOO_LARGE, text=str(points), limit=limit)
        entry_id = _book(db, session, member, program, EntryKind.ADJUST, points, f"{why} ({by})", None, now)
        return Corrected(entry_id, member.card, member.store_id, points, member.balance)

    done = db.run_write(work, attempts=1)
    log.info("member %s corrected by %+d points by %s", cards.masked(done.card), points, by)
    return done


def void_voucher(db: ServerDB, code: str, by: str, now: datetime,
                 store_scope: str | None = None) -> Corrected:
    """Void an issued voucher in the name of ``by``, as a manager's void at a till: its points come back
    as a lot spendable at once (a reversal of its redemption), the voucher is void on every till from its
    next pull, and the redemption stops counting against the reward's limits. A used, voided or unknown
    voucher (or one outside ``store_scope``) is refused with the till's own codes."""
    wanted = vouchers.normalize(code)

    def work(session: Session) -> Corrected:
        voucher = session.scalar(select(Voucher).where(Voucher.code == wanted).with_for_update())
        if voucher is None or (store_scope is not None and voucher.store_id != store_scope):
            raise DomainError(Code.UNKNOWN_VOUCHER, voucher=wanted)
        if voucher.state == vouchers.VoucherState.USED:
            raise DomainError(Code.VOUCHER_USED, voucher=wanted)
        if voucher.state == vouchers.VoucherState.VOID:
            raise DomainError(Code.VOUCHER_VOID, voucher=wanted)
        member = session.scalar(select(Member).where(Member.id == voucher.member_id).with_for_update())
        program = programs.active(session, now)
        if member is None or program is None:
            raise DomainError(Code.UNKNOWN_VOUCHER, voucher=wanted)
        entry_id = _book(db, session, member, program, EntryKind.REVERSE, voucher.cost,
                         f"voucher {voucher.code} voided ({by})", voucher.entry_id, now)
        voucher.state, voucher.voided_at, voucher.void_entry_id = vouchers.VoucherState.VOID, now, entry_id
        return Corrected(entry_id, member.card, member.store_id, voucher.cost, member.balance)

    done = db.run_write(work, attempts=1)
    log.info("voucher %s of member %s voided by %s", wanted, cards.masked(done.card), by)
    return done


def _book(db: ServerDB, session: Session, member: Member, program: Program, kind: str, points: int,
          reason: str, reverses: str | None, now: datetime) -> str:
    """One entry the server writes itself, with the ledger's lots and debts; the member goes out on the
    change feed. Points given are a lot (its dates by the program); points taken come out of the lots."""
    book = load_books(session, [member])[member.id]
    entry_id = str(uuid6.uuid7())
    available, expires = rules.lot_dates(program, kind, now) if points > 0 else (None, None)
    row = Row({"id": entry_id, "member_id": member.id, "kind": kind, "points": points,
               "store_id": member.store_id, "terminal_id": SERVER_TERMINAL, "cashier_id": None,
               "receipt": None, "amount": None, "rules_version": program.version, "reverses": reverses,
               "created_at": now, "recorded_at": now, "reason": reason, "remaining": 0,
               "outstanding": 0, "op_id": None, "available_at": available, "expires_at": expires},
              new=True)
    book.rows[entry_id] = row
    if points > 0 and available is not None and expires is not None:
        moves = book.ledger.credit(entry_id, points, available, expires)
    else:
        moves = book.ledger.debit_any(entry_id, -points)
    book.save()
    member.change_seq = db.next_change(session)
    session.flush()
    session.execute(insert(ENTRIES), [row.insert_values()])
    for old in (r for r in book.rows.values() if not r.new and r.changed):
        session.execute(update(ENTRIES).where(ENTRIES.c.id == old.id).values(
            remaining=old.remaining, outstanding=old.outstanding))
    if moves:
        session.execute(insert(ALLOCATIONS), [
            {"debit_id": m.debit_id, "lot_id": m.lot_id, "points": m.points} for m in moves])
    return entry_id
