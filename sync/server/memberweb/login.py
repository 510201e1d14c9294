"""Signing in to the member page: one-time codes sent out of band, then a session cookie.

A code is six digits, kept only as a hash, good for ten minutes and five tries, spent by the sign-in it
opens; a newer code replaces the older ones. A member gets at most five codes an hour. Wrong codes
are guesses: they are slowed down per client address and per member by the database-backed
:class:`~sync.server.throttle.Throttle`, so every worker sees the same counts. A session is a random
token in an HttpOnly, Secure, SameSite=Strict cookie; the server keeps its hash and when it ends.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import uuid6
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pos_app.core import cards
from pos_app.core.errors import TesseraError, UnknownCard
from sync.server.db import ServerDB
from sync.server.errors import ApiError
from sync.server.models import Member, MemberLoginCode, MemberSession
from sync.server.throttle import Throttle

CODE_DIGITS = 6
CODE_LIFETIME = timedelta(minutes=10)
CODE_TRIES = 5
CODES_PER_HOUR = 5
SESSION_LIFETIME = timedelta(days=14)
BAD_CODE = "bad_login_code"
TOO_MANY_CODES = "too_many_codes"


@dataclass(frozen=True)
class IssuedCode:
    member_id: str
    card: str
    name: str
    phone: str | None
    email: str | None
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class SignedIn:
    member_id: str
    token: str  # for the cookie only: never stored, never logged
    expires_at: datetime


def _hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def issue_code(db: ServerDB, card: str, now: datetime, address: str) -> IssuedCode:
    """A fresh code for the member of ``card`` (UnknownCard if none or blocked); 429 past the hourly bound."""
    number = cards.validate(card)
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"

    def work(session: Session) -> IssuedCode:
        member = session.scalar(select(Member).where(Member.card == number).with_for_update())
        if member is None or member.blocked:
            raise UnknownCard(card=cards.masked(number))
        recent = session.scalar(select(func.count()).select_from(MemberLoginCode).where(
            MemberLoginCode.member_id == member.id, MemberLoginCode.created_at > now - timedelta(hours=1)))
        if (recent or 0) >= CODES_PER_HOUR:
            raise ApiError(429, TOO_MANY_CODES, "too many sign-in codes asked for this card: try in an hour",
                           {"retry_after": 3600})
        session.execute(update(MemberLoginCode).where(MemberLoginCode.member_id == member.id,
                                                      MemberLoginCode.spent_at.is_(None)).values(spent_at=now))
        session.add(MemberLoginCode(id=str(uuid6.uuid7()), member_id=member.id,
                                    code_hash=_hash(member.id, code), created_at=now,
                                    expires_at=now + CODE_LIFETIME, attempts=0, spent_at=None,
                                    address=address[:64]))
        return IssuedCode(member.id, member.card, member.name, member.phone, member.email, code,
                          now + CODE_LIFETIME)

    return db.run_write(work, attempts=1)


class Login:
    """Sign-in, session look-up and sign-out over one database."""

    def __init__(self, db: ServerDB) -> None:
        self.db = db
        self.guesses = Throttle(db)

    def sign_in(self, card: str, code: str, now: datetime, address: str) -> SignedIn:
        """A session for the right code; 401 ``bad_login_code`` otherwise, 429 while guessing is slowed."""
        by_address = f"member-web:{address}"
        self.guesses.check(by_address, now)
        try:
            number = cards.validate(card)
        except TesseraError:  # a mistyped card is a failed try too
            self._failed(by_address, None, now)
            raise
        with self.db.read() as session:
            member_id = session.scalar(select(Member.id).where(Member.card == number,
                                                               Member.blocked.is_(False)))
        by_member = f"member:{member_id}" if member_id else None
        if by_member:
            self.guesses.check(by_member, now)
        if member_id is None or not self._spend(member_id, code.strip(), now):
            self._failed(by_address, by_member, now)
            raise ApiError(401, BAD_CODE, "that code is wrong, used or expired: ask for a new one")
        self.guesses.succeeded(by_address)
        if by_member:
            self.guesses.succeeded(by_member)
        return self._open(member_id, now)

    def _failed(self, by_address: str, by_member: str | None, now: datetime) -> None:
        self.guesses.failed(by_address, now)
        if by_member:
            self.guesses.failed(by_member, now)

    def _spend(self, member_id: str, code: str, now: datetime) -> bool:
        def work(session: Session) -> bool:
            row = session.scalar(select(MemberLoginCode).where(
                MemberLoginCode.member_id == member_id, MemberLoginCode.spent_at.is_(None),
                MemberLoginCode.expires_at > now).order_by(MemberLoginCode.created_at.desc())
                .limit(1).with_for_update())
            if row is None:
                return False
            if hmac.compare_digest(row.code_hash, _hash(member_id, code)):
                row.spent_at = now
                return True
            row.attempts += 1
            if row.attempts >= CODE_TRIES:
                row.spent_at = now  # burnt: the member asks for a new one
            return False

        return self.db.run_write(work, attempts=1)

    def _open(self, member_id: str, now: datetime) -> SignedIn:
        token = secrets.token_urlsafe(32)
        expires = now + SESSION_LIFETIME

        def work(session: Session) -> None:
            session.add(MemberSession(token_hash=_hash(token), member_id=member_id, created_at=now,
                                      expires_at=expires, ended_at=None))

        self.db.run_write(work)
        return SignedIn(member_id, token, expires)

    def member_of(self, token: str | None, now: datetime) -> str | None:
        """The member a session cookie belongs to; None for none, an ended one or an expired one."""
        if not token or len(token) > 100:
            return None
        with self.db.read() as session:
            return session.scalar(select(MemberSession.member_id)
                                  .join(Member, Member.id == MemberSession.member_id).where(
                MemberSession.token_hash == _hash(token), MemberSession.ended_at.is_(None),
                MemberSession.expires_at > now, Member.blocked.is_(False)))

    def sign_out(self, token: str | None, now: datetime) -> None:
        if not token or len(token) > 100:
            return

        def work(session: Session) -> None:
            session.execute(update(MemberSession).where(MemberSession.token_hash == _hash(token),
                                                        MemberSession.ended_at.is_(None)).values(ended_at=now))

        self.db.run_write(work)
