"""The console's members: search (card, phone, e-mail or name; paged in SQL), one member's page, and
what HQ or the member's store manager may do to them (block, GDPR export and erase).

A store manager finds and opens only their store's members: another store's card is "no such member".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.core import cards, contact
from pos_app.core.errors import Code, InvalidInput, UnknownCard
from pos_app.core.limits import clipped
from sync.server import corrections
from sync.server.console.users import User, audit
from sync.server.db import ServerDB
from sync.server.memberweb import account, view
from sync.server.models import Member

PAGE = 50


@dataclass(frozen=True)
class Found:
    card: str
    name: str
    store: str
    balance: int
    blocked: bool


@dataclass(frozen=True)
class Page:
    rows: list[Found]
    page: int
    more: bool


@dataclass(frozen=True)
class Detail:
    card: str
    store: str
    blocked: bool
    phone: str | None
    email: str | None
    home: view.Home


def _where(text: str) -> Any:
    """The condition a search text stands for: a card, a phone, an e-mail, else part of a name."""
    text = text.strip()
    if cards.looks_like_card(text):
        return Member.card == text.replace(" ", "")
    if "@" in text:
        return func.lower(Member.email) == contact.normalize_email(text)
    if contact.looks_like_phone(text):
        keys = contact.phone_lookup_keys(text)
        return Member.phone.in_(keys) if keys else Member.phone == text
    pattern = "%" + text.replace("\\", "").replace("%", "").replace("_", "") + "%"
    return Member.name.ilike(pattern)


def search(session: Session, user: User, text: str, page: int = 0) -> Page:
    query = select(Member.card, Member.name, Member.store_id, Member.balance, Member.blocked)
    if text.strip():
        query = query.where(_where(text[:100]))
    if user.scope is not None:
        query = query.where(Member.store_id == user.scope)
    rows = session.execute(query.order_by(Member.name, Member.card).offset(page * PAGE).limit(PAGE + 1)).all()
    return Page([Found(*r) for r in rows[:PAGE]], page, len(rows) > PAGE)


def _member(session: Session, user: User, card: str) -> Member | None:
    member = session.scalar(select(Member).where(Member.card == card))
    return member if member is not None and user.may_see(member.store_id) else None


def detail(session: Session, user: User, card: str, now: datetime) -> Detail | None:
    member = _member(session, user, card)
    if member is None:
        return None
    home = view.home(session, member.id, now)
    if home is None:
        return None
    return Detail(member.card, member.store_id, member.blocked, member.phone, member.email, home)


def block(db: ServerDB, user: User, card: str, blocked: bool, now: datetime) -> bool:
    def work(session: Session) -> bool:
        member = _member(session, user, card)
        if member is None:
            return False
        if member.blocked != blocked:
            member.blocked = blocked
            member.change_seq = db.next_change(session)  # every till pulls it
            audit(session, user, "member.block" if blocked else "member.unblock", now, member.store_id,
                  card=cards.masked(card))
        return True

    return db.run_write(work)


def correct(db: ServerDB, user: User, card: str, points_text: str, reason: str, now: datetime) -> bool:
    """A balance correction with a reason (corrections.correct); False if the user may not see the member.
    Bad points or no reason raise InvalidInput with the reason said."""
    text = points_text.strip().replace(" ", "")
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        raise InvalidInput(Code.POINTS_FORMAT, text=clipped(points_text, 20))
    try:
        done = corrections.correct(db, card, int(text), reason, user.name, now, user.scope)
    except UnknownCard:
        return False
    db.run_write(lambda s: audit(s, user, "member.correct", now, done.store_id, card=cards.masked(card),
                                 points=done.points, reason=reason.strip()[:200]))
    return True


def member_id(db: ServerDB, user: User, card: str) -> str | None:
    with db.read() as session:
        member = _member(session, user, card)
        return member.id if member is not None else None


def export(db: ServerDB, user: User, card: str, now: datetime) -> dict[str, Any] | None:
    found = member_id(db, user, card)
    if found is None:
        return None
    data = account.export(db, found, now, f"console:{user.name}")
    db.run_write(lambda s: audit(s, user, "member.export", now, data["profile"]["store"],
                                 card=cards.masked(card)))
    return data


def erase(db: ServerDB, user: User, card: str, now: datetime) -> bool:
    found = member_id(db, user, card)
    if found is None:
        return False
    with db.read() as session:
        store = session.scalar(select(Member.store_id).where(Member.id == found))
    account.delete(db, found, now, f"console:{user.name}")
    db.run_write(lambda s: audit(s, user, "member.erase", now, store, card=cards.masked(card)))
    return True
