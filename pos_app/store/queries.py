"""Queries the use cases share; SQL stays in the store package."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from pos_app.core import cards, vouchers
from pos_app.core.ledger import EntryKind
from pos_app.core.ops import OpKind
from pos_app.core.receipts import receipt_key
from pos_app.store import audit as trail
from pos_app.store import identity
from pos_app.store.models import (
    Allocation,
    Cashier,
    LedgerEntry,
    Member,
    MemberSpend,
    OutboxOp,
    Sale,
    Voucher,
)

if TYPE_CHECKING:
    from pos_app.store.salepath import NewEntry

@dataclass(frozen=True)
class CashierInfo:
    id: str
    name: str
    role: str


def entry_dict(entry: LedgerEntry | NewEntry) -> dict[str, Any]:
    """An entry as the outbox payloads carry it (a stored LedgerEntry or one the sale's hot path inserts)."""
    return {
        "id": entry.id, "kind": entry.kind, "points": entry.points, "store_id": entry.store_id,
        "terminal_id": entry.terminal_id, "cashier_id": entry.cashier_id, "receipt": entry.receipt,
        "amount": entry.amount, "rules_version": entry.rules_version, "reverses": entry.reverses,
        "created_at": entry.created_at.isoformat(), "reason": entry.reason,
        "available_at": entry.available_at.isoformat() if entry.available_at else None,
        "expires_at": entry.expires_at.isoformat() if entry.expires_at else None,
    }


def member_dict(member: Member) -> dict[str, Any]:
    return {
        "id": member.id, "card": member.card, "name": member.name, "phone": member.phone,
        "email": member.email, "birthday": member.birthday.isoformat() if member.birthday else None,
        "marketing_consent": member.marketing_consent, "store_id": member.store_id,
        "created_at": member.created_at.isoformat(),
    }


# Statements of the hot paths (sale, lookup), built once: constructing a select and its cache
# key costs more than running it (~0.15 ms each). Executed with their bound parameters.
_MEMBER_BY_CARD = select(Member).where(Member.card == bindparam("card"))
# The tier's spend: this terminal's sales (less refunds) plus the other terminals' as dated at the last pull.
_LOCAL_SPEND = select(func.coalesce(func.sum(Sale.amount - Sale.refunded_amount), 0)).where(
    Sale.member_id == bindparam("member_id"), Sale.created_at >= bindparam("since")).scalar_subquery()
_SPEND_ELSEWHERE = select(func.coalesce(func.sum(MemberSpend.amount), 0)).where(
    MemberSpend.member_id == bindparam("member_id"), MemberSpend.at >= bindparam("since")).scalar_subquery()
_SPEND_SINCE = select(_LOCAL_SPEND + _SPEND_ELSEWHERE)
_PENDING_OPS = select(func.count()).select_from(OutboxOp).where(OutboxOp.status == "pending")
_MEMBER_PENDING_OPS = _PENDING_OPS.where(OutboxOp.member_id == bindparam("member_id"))
# A voided redemption counts against neither the per-member limit nor the stock (issue 9).
_NOT_VOID = Voucher.state != vouchers.VoucherState.VOID
_TIMES_REDEEMED = select(func.count()).select_from(Voucher).where(
    Voucher.member_id == bindparam("member_id"), Voucher.reward_id == bindparam("reward_id"), _NOT_VOID)


_SALE_BY_RECEIPT = select(Sale).where(Sale.receipt == bindparam("receipt"))
_SALE_BY_KEY = select(Sale).where(Sale.receipt_key == bindparam("key"))
# Write-only rows (never read back in the transaction that makes them) skip the ORM unit of work.
_INSERT_OUTBOX = insert(cast(Table, OutboxOp.__table__))
_INSERT_ALLOCATIONS = insert(cast(Table, Allocation.__table__))


def add_outbox_op(session: Session, **values: Any) -> None:
    """Queue an op for the server in the caller's transaction (a plain INSERT)."""
    session.execute(_INSERT_OUTBOX, [values])


def add_allocations(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(_INSERT_ALLOCATIONS, rows)


def member_by_card(session: Session, card: str) -> Member | None:
    """The member holding a normalized card number (unique index)."""
    return session.scalar(_MEMBER_BY_CARD, {"card": card})


def sale_by_receipt(session: Session, receipt: str) -> Sale | None:
    """The sale of a typed receipt: the one with exactly that receipt, else the one with its key.

    Exact first: two sales from before receipt keys may share a key, and each stays reachable.
    """
    sale = session.scalar(_SALE_BY_RECEIPT, {"receipt": receipt})
    key = receipt_key(receipt)
    if sale is None and key:
        sale = session.scalar(_SALE_BY_KEY, {"key": key})
    return sale


def member_by_contact(session: Session, phone: str | None, email: str | None) -> Member | None:
    conditions = []
    if phone:
        conditions.append(Member.phone == phone)
    if email:
        conditions.append(func.lower(Member.email) == email.lower())
    if not conditions:
        return None
    return session.scalars(select(Member).where(or_(*conditions)).limit(1)).first()


def search_members(session: Session, text: str, limit: int) -> list[Member]:
    needle = text.strip()
    if len(needle) < 2:
        return []
    pattern = "%" + needle.replace("%", "").replace("_", "") + "%"
    digits = "".join(ch for ch in needle if ch.isdigit())
    conditions = [Member.name.ilike(pattern), Member.email.ilike(pattern)]
    if len(digits) >= 3:
        conditions.append(Member.phone.like(f"%{digits}%"))
        conditions.append(Member.card.like(f"%{digits}%"))
    return list(session.scalars(select(Member).where(or_(*conditions)).order_by(Member.name).limit(limit)))


def unused_card(session: Session, rng: random.Random) -> str:
    while True:
        number = cards.generate(rng)
        if session.scalar(select(Member.id).where(Member.card == number)) is None:
            return number


def next_voucher_code(session: Session, terminal_id: str) -> str:
    """The next code of this terminal's counter (codes of its prefix counted): chain-unique by design."""
    prefix = vouchers.prefix(terminal_id)
    # A range on the primary key ("." follows "-"): a search of the index, not a scan of every voucher.
    counter = int(session.scalar(select(func.count()).select_from(Voucher)
                                 .where(Voucher.code > prefix + "-", Voucher.code < prefix + ".")) or 0)
    while True:  # a code taken anyway (a pulled voucher, a deleted row) moves the counter on
        counter += 1
        code = vouchers.make(terminal_id, counter)
        if session.get(Voucher, code) is None:
            return code


def voucher(session: Session, code: str) -> Voucher | None:
    return session.get(Voucher, code)


def spend_since(session: Session, member_id: str, since: datetime) -> int:
    """Qualifying spend of sales at or after ``since``, on this terminal and (as of the last pull) others."""
    return int(session.scalar(_SPEND_SINCE, {"member_id": member_id, "since": since}) or 0)


def pending_ops(session: Session, member_id: str | None = None) -> int:
    if member_id is None:
        return int(session.scalar(_PENDING_OPS) or 0)
    return int(session.scalar(_MEMBER_PENDING_OPS, {"member_id": member_id}) or 0)


def times_redeemed(session: Session, member_id: str, reward_id: str) -> int:
    return int(session.scalar(_TIMES_REDEEMED, {"member_id": member_id, "reward_id": reward_id}) or 0)


def unacked_redeemed_since(session: Session, member_id: str, since: datetime) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(-LedgerEntry.points), 0)).where(
            LedgerEntry.member_id == member_id, LedgerEntry.kind == EntryKind.REDEEM,
            LedgerEntry.acked.is_(False), LedgerEntry.created_at >= since)
    )
    return int(total or 0)


def members_with_due_lots(session: Session, now: datetime) -> list[str]:
    due = select(LedgerEntry.member_id).where(LedgerEntry.remaining > 0, LedgerEntry.expires_at <= now)
    return list(session.scalars(due.distinct()))


def active_cashiers(session: Session) -> list[Cashier]:
    return list(session.scalars(select(Cashier).where(Cashier.active).order_by(Cashier.id)))


def active_managers(session: Session) -> list[Cashier]:
    return list(session.scalars(select(Cashier).where(Cashier.active, Cashier.role == "manager")
                                .order_by(Cashier.id)))


def cashier(session: Session, cashier_id: str) -> Cashier | None:
    return session.get(Cashier, cashier_id)


def upsert_cashier(session: Session, cashier_id: str, name: str, pin_hash: str, role: str) -> None:
    row = session.get(Cashier, cashier_id) or Cashier(id=cashier_id)
    row.name, row.pin_hash, row.role, row.active = name, pin_hash, role, True
    session.add(row)


def audit(session: Session, at: datetime, actor: str | None, action: str, detail: dict[str, Any], *,
          member: Member | None = None) -> None:
    """One row of the audit trail in this transaction (pos_app.store.audit.record)."""
    trail.record(session, at, action, cashier=actor, member=member, detail=detail)


def rejected_ops(session: Session) -> int:
    count = session.scalar(select(func.count()).select_from(OutboxOp).where(OutboxOp.status == "rejected"))
    return int(count or 0)


def rebuild_balances(session: Session) -> int:
    """Set members.balance (a cache) to the sum of each member's ledger entries; returns the rows fixed."""
    total = (select(func.coalesce(func.sum(LedgerEntry.points), 0))
             .where(LedgerEntry.member_id == Member.id).scalar_subquery())
    result = session.execute(update(Member).where(Member.balance != total).values(balance=total)
                             .execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def unacked_redemptions(session: Session, reward_id: str) -> int:
    """This till's redemptions of ``reward_id`` the server has not acknowledged yet (every member), less
    the voided ones."""
    return int(session.scalar(select(func.count()).select_from(Voucher).join(
        LedgerEntry, LedgerEntry.id == Voucher.entry_id).where(
        Voucher.reward_id == reward_id, LedgerEntry.acked.is_(False), _NOT_VOID)) or 0)


def voids_not_sent(session: Session, reward_id: str) -> int:
    """Redemptions of ``reward_id`` the server counted (acknowledged here, or another till's) that this
    till voided since, the void still waiting in the outbox: the server's count still holds them."""
    payloads = session.scalars(select(OutboxOp.payload).where(OutboxOp.status == "pending",
                                                              OutboxOp.kind == OpKind.VOID))
    codes = sorted({str(json.loads(p).get("voucher")) for p in payloads})
    if not codes:
        return 0
    counted = or_(Voucher.entry_id.is_(None), LedgerEntry.acked.is_(True))
    return int(session.scalar(select(func.count()).select_from(Voucher).outerjoin(
        LedgerEntry, LedgerEntry.id == Voucher.entry_id).where(
        Voucher.reward_id == reward_id, Voucher.code.in_(codes), ~_NOT_VOID, counted)) or 0)


def stock_taken(session: Session, reward_id: str) -> int:
    """How many of a stocked reward are gone as this till knows: the server's count at the last pull
    plus this till's redemptions the server has not acknowledged, less what this till voided since."""
    known = json.loads(identity.get(session, identity.StateKey.STOCK_TAKEN) or "{}")
    return max(0, int(known.get(reward_id, 0)) + unacked_redemptions(session, reward_id)
               - voids_not_sent(session, reward_id))

