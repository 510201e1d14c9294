"""One person, one member: finding duplicates by phone or e-mail, and merging two members.

Duplicates are looked for within one store: a member belongs to a store and a terminal
serves only its own store's members, so a person enrolled in two stores is two members
on purpose. ``merge`` moves everything of OTHER to KEEP (ledger entries with their lots
and debts, sales, and every other row naming the member), keeps one enrollment bonus
(the second is reversed with a reason), deletes OTHER and records its card as an alias
of KEEP: a terminal scanning it, or pushing an op queued offline with it, gets KEEP.
Terminals converge on pull: KEEP's state names its aliases, the mirror folds them in.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from contextlib import suppress
from datetime import datetime
from typing import Any

import uuid6
from sqlalchemy import Table, func, or_, select, update
from sqlalchemy.orm import Session

from pos_app.core import cards, contact
from pos_app.core.errors import Code, DomainError, InvalidInput, UnknownCard
from pos_app.core.ledger import EntryKind
from sync.server.books import ENTRIES, ServerBook, load_books
from sync.server.db import ServerDB
from sync.server.models import Allocation, Base, CardAlias, Conflict, LedgerEntry, Member, Op

log = logging.getLogger("tessera.server")
ENROLLMENT_BONUS = "enrollment bonus"  # the reason both ends give the enroll op's bonus entry


def duplicates(session: Session, store_id: str, phone: str | None, email: str | None,
               exclude: Iterable[str] = ()) -> list[Member]:
    """Members of ``store_id`` with this (normalised) phone or e-mail, oldest first."""
    wanted = [c for c in (Member.phone == phone if phone else None, Member.email == email if email else None)
              if c is not None]
    if not wanted:
        return []
    skip = set(exclude)
    found = session.scalars(select(Member).where(Member.store_id == store_id, or_(*wanted))
                            .order_by(Member.created_at, Member.id))
    return [m for m in found if m.id not in skip]


def normalized_contact(region: str, phone: str | None, email: str | None) -> tuple[str | None, str | None]:
    """Phone and e-mail as the server keeps them (phone in ``region``); as sent if they do not parse."""
    with suppress(InvalidInput):  # the terminal accepted it: keep what it sent rather than lose the member
        phone = contact.normalize_phone(phone, region) if phone else None
    try:
        email = contact.normalize_email(email) if email else None
    except InvalidInput:
        email = email.casefold() if email else None
    return phone, email


def enroll_duplicates(session: Session, member: Member, pending: Iterable[Member]) -> list[Member]:
    """Members of ``member``'s store sharing its phone or e-mail: in the database or in ``pending``."""
    if not member.phone and not member.email:
        return []
    found = {m.id: m for m in duplicates(session, member.store_id, member.phone, member.email, [member.id])}
    for other in pending:
        if other.id not in found and other.id != member.id and other.store_id == member.store_id and (
                shares(other, member.phone, member.email)):
            found[other.id] = other
    return list(found.values())


def shares(member: Member, phone: str | None, email: str | None) -> bool:
    return bool((phone and member.phone == phone) or (email and member.email == email))


def duplicate_detail(member: Member | Any, other: Member) -> str:
    """The conflict's sentence: both cards, both names, what they share and what HQ can do."""
    return (f"{cards.masked(member.card)} ({member.name}) has the same"
            f" {same_contact(other, member.phone, member.email)} as {cards.masked(other.card)}"
            f" ({other.name}): merge with `tessera-server member merge KEEP OTHER`")


def duplicate_conflict(member: Member, other: Member, now: datetime, terminal_id: str | None,
                       op_id: str | None) -> Conflict:
    detail = duplicate_detail(member, other)
    log.warning("conflict possible_duplicate: %s", detail)
    return Conflict(at=now, kind="possible_duplicate", store_id=member.store_id, terminal_id=terminal_id,
                    member_id=member.id, op_id=op_id, points=None, detail=detail, related_member_id=other.id)


def same_contact(member: Member, phone: str | None, email: str | None) -> str:
    """Which of phone and e-mail ``member`` shares (for a conflict's detail)."""
    same = [what for what, mine, theirs in (("phone", member.phone, phone), ("e-mail", member.email, email))
            if mine and mine == theirs]
    return " and ".join(same) or "contact"


def alias_members(session: Session, numbers: Iterable[str]) -> dict[str, str]:
    """Alias card -> the card of the member it now opens."""
    wanted = sorted(set(numbers))
    if not wanted:
        return {}
    rows = session.execute(select(CardAlias.card, Member.card).join(Member, Member.id == CardAlias.member_id)
                           .where(CardAlias.card.in_(wanted)))
    return {alias: card for alias, card in rows}


def aliases_by_member(session: Session, member_ids: Sequence[str]) -> dict[str, list[str]]:
    """Member id -> the cards merged into it."""
    found: dict[str, list[str]] = {}
    if member_ids:
        for card, member_id in session.execute(select(CardAlias.card, CardAlias.member_id)
                                               .where(CardAlias.member_id.in_(list(member_ids)))
                                               .order_by(CardAlias.card)):
            found.setdefault(member_id, []).append(card)
    return found


def merge(db: ServerDB, keep_card: str, other_card: str, now: datetime) -> dict[str, Any]:
    keep_number, other_number = cards.validate(keep_card), cards.validate(other_card)
    if keep_number == other_number:
        raise InvalidInput(Code.MERGE_SELF, card=cards.masked(keep_number))

    def work(session: Session) -> dict[str, Any]:
        merged = alias_members(session, [keep_number, other_number])
        for number in (other_number, keep_number):
            if number in merged:
                raise DomainError(Code.MERGE_ALREADY, card=cards.masked(number),
                                  into=cards.masked(merged[number]))
        found = {m.card: m for m in session.scalars(
            select(Member).where(Member.card.in_([keep_number, other_number])).order_by(Member.id)
            .with_for_update())}
        for number in (keep_number, other_number):
            if number not in found:
                raise UnknownCard(card=cards.masked(number))
        keep, other = found[keep_number], found[other_number]
        if keep.store_id != other.store_id:
            raise DomainError(Code.MERGE_OTHER_STORE, card=cards.masked(other_number), store=other.store_id,
                              into=cards.masked(keep_number), other=keep.store_id)
        return _merge(db, session, keep, other, now)

    result = db.run_write(work, attempts=1)
    log.info("merged member %s into %s", cards.masked(other_number), cards.masked(keep_number))
    return result


def _merge(db: ServerDB, session: Session, keep: Member, other: Member, now: datetime) -> dict[str, Any]:
    bonuses = _enrollment_bonuses(session, [keep.id, other.id])
    moved = _move_rows(session, other.id, keep.id)
    session.execute(update(CardAlias).where(CardAlias.member_id == other.id).values(member_id=keep.id))
    session.add(CardAlias(card=other.card, member_id=keep.id, merged_member_id=other.id, merged_at=now))
    keep.phone, keep.email = keep.phone or other.phone, keep.email or other.email
    keep.birthday = keep.birthday or other.birthday
    keep.last_birthday_bonus_year = max(keep.last_birthday_bonus_year or 0,
                                        other.last_birthday_bonus_year or 0) or None
    keep.marketing_consent = keep.marketing_consent and other.marketing_consent  # the stricter one
    keep.blocked = keep.blocked or other.blocked  # a merge never unblocks a blocked card's holder
    other_card, other_id = other.card, other.id
    session.flush()
    session.delete(other)
    session.flush()
    reversed_points = _reverse_second_bonus(session, keep, bonuses, other_card, now)
    keep.balance = int(session.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0))
                                      .where(LedgerEntry.member_id == keep.id)) or 0)
    keep.change_seq = db.next_change(session)
    detail = f"card {cards.masked(other_card)} merged into {cards.masked(keep.card)}: {moved} rows moved"
    if reversed_points:
        detail += f", second enrollment bonus of {reversed_points} points reversed"
    session.add(Conflict(at=now, kind="merged", store_id=keep.store_id, terminal_id=None, member_id=keep.id,
                         op_id=None, points=-reversed_points if reversed_points else None, detail=detail))
    return {"keep": keep.card, "merged": other_card, "merged_member_id": other_id, "balance": keep.balance,
            "rows_moved": moved, "bonus_reversed": reversed_points, "store": keep.store_id}


def _move_rows(session: Session, old: str, new: str) -> int:
    """Every row of every table naming ``old`` by ``member_id`` now names ``new``."""
    moved = 0
    for table in Base.metadata.sorted_tables:
        if "member_id" in table.c and table.name not in (CardAlias.__tablename__,):
            result: Any = session.execute(update(table).where(table.c.member_id == old).values(member_id=new))
            moved += int(result.rowcount or 0)
    return moved


def _enrollment_bonuses(session: Session, member_ids: list[str]) -> list[LedgerEntry]:
    """The enrollment bonus entries of these members (the bonus of an enroll op), oldest first."""
    enroll_ops = select(Op.op_id).where(Op.kind == "enroll", Op.member_id.in_(member_ids))
    return list(session.scalars(select(LedgerEntry).where(
        LedgerEntry.member_id.in_(member_ids), LedgerEntry.kind == EntryKind.BONUS, LedgerEntry.points > 0,
        LedgerEntry.op_id.in_(enroll_ops)).order_by(LedgerEntry.created_at, LedgerEntry.id)))


def _reverse_second_bonus(session: Session, keep: Member, bonuses: list[LedgerEntry], other_card: str,
                          now: datetime) -> int:
    """Only one enrollment bonus survives: the later ones are reversed (lot first, then any, then debt)."""
    total = 0
    for bonus in bonuses[1:]:
        book = load_books(session, [keep])[keep.id]
        entry_id = str(uuid6.uuid7())
        allocations = book.ledger.reverse_lot(entry_id, bonus.id, bonus.points)
        debt = sum(d.outstanding for d in book.ledger.debts if d.entry_id == entry_id)
        session.add(LedgerEntry(
            id=entry_id, member_id=keep.id, kind=EntryKind.REVERSE, points=-bonus.points,
            store_id=keep.store_id, terminal_id="server", rules_version=bonus.rules_version, created_at=now,
            recorded_at=now,
            reason=f"merge of card {cards.masked(other_card)}: one enrollment bonus per member",
            reverses=bonus.id, remaining=0, outstanding=debt, available_at=None, expires_at=None))
        session.flush()
        _write_book(session, book, entry_id)
        session.add_all(Allocation(debit_id=a.debit_id, lot_id=a.lot_id, points=a.points)
                        for a in allocations)
        total += bonus.points
    return total


def _write_book(session: Session, book: ServerBook, skip: str) -> None:
    lots = {lot.entry_id: lot.remaining for lot in book.ledger.lots}
    debts = {d.entry_id: d.outstanding for d in book.ledger.debts}
    table: Table = ENTRIES
    for row in book.rows.values():
        remaining, outstanding = lots.get(row.id, 0), debts.get(row.id, 0)
        if row.id != skip and (remaining, outstanding) != (row.remaining, row.outstanding):
            session.execute(update(table).where(table.c.id == row.id)
                            .values(remaining=remaining, outstanding=outstanding))



def full_cards(db: ServerDB, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conflicts as HQ's command line shows them: ``card`` in full, ``other_card`` for a possible duplicate.

    A member merged away since is named by its card (now an alias of the member it was merged into).
    """
    ids = [r["id"] for r in rows]
    if not ids:
        return rows
    with db.read() as session:
        found = {c.id: (c.member_id, c.related_member_id) for c in session.scalars(
            select(Conflict).where(Conflict.id.in_(ids)))}
        wanted = {i for pair in found.values() for i in pair if i}
        numbers: dict[str, str] = {}
        for member_id, card in session.execute(select(Member.id, Member.card).where(Member.id.in_(wanted))):
            numbers[member_id] = card
        for old, card in session.execute(select(CardAlias.merged_member_id, CardAlias.card)
                                         .where(CardAlias.merged_member_id.in_(wanted))):
            numbers.setdefault(old, card)
    for row in rows:
        of_member, related = found.get(row["id"], (None, None))
        row["card"] = numbers.get(of_member or "", row["card"])
        row["other_card"] = numbers.get(related) if related else None
    return rows
