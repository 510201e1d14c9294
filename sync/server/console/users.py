"""The HQ console's people: passwords hashed with scrypt, sign-in slowed and locked out on guessing,
sessions with their CSRF token, and the audit trail of what each person changed.

A wrong password counts against the client address and against the user name in the database
(:class:`~sync.server.throttle.Throttle`: three free failures, then a doubling wait up to a quarter of
an hour, every worker seeing the same counts). A session is a random token in an HttpOnly, Secure,
SameSite=Strict cookie; the server keeps its hash, its CSRF token and when it ends.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.server.db import ServerDB
from sync.server.errors import ApiError
from sync.server.models import HqAudit, HqSession, HqUser, Store
from sync.server.throttle import Throttle

HQ, STORE_MANAGER = "hq", "store-manager"
ROLES = (HQ, STORE_MANAGER)
SESSION_LIFETIME = timedelta(hours=12)
MIN_PASSWORD = 10
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
BAD_SIGN_IN = "bad_sign_in"


class UserError(ValueError):
    """A user that cannot be added as asked: the message says why, in one line."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    store_id: str | None

    def may_see(self, store: str | None) -> bool:
        return self.role == HQ or (store is not None and store == self.store_id)

    @property
    def scope(self) -> str | None:
        """The store this user's figures are of (None: every store)."""
        return None if self.role == HQ else self.store_id


@dataclass(frozen=True)
class SignedIn:
    user: User
    token: str  # for the cookie only
    csrf: str
    expires_at: datetime


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode())


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        return hmac.compare_digest(_derive(password, bytes.fromhex(salt), int(n), int(r), int(p)),
                                   bytes.fromhex(digest))
    except ValueError:
        return False


@functools.cache
def _unknown_user_hash() -> str:
    """What an unknown user name's password is checked against: the same scrypt work as a real one, so
    the answer's time does not say which names exist."""
    return hash_password(secrets.token_urlsafe(16))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(db: ServerDB, name: str, role: str, store: str | None, password: str, now: datetime) -> User:
    name = name.strip()
    if not name or len(name) > 64 or not name.isprintable():
        raise UserError("a user name is 1 to 64 printable characters")
    if role not in ROLES:
        raise UserError(f"a role is one of {', '.join(ROLES)}")
    if role == STORE_MANAGER and not store:
        raise UserError("a store manager belongs to a store: --store S")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password has at least {MIN_PASSWORD} characters")
    hashed = hash_password(password)

    def work(session: Session) -> User:
        if role == STORE_MANAGER and session.get(Store, store) is None:
            raise UserError(f"no store {store}")
        row = HqUser(name=name, role=role, store_id=store if role == STORE_MANAGER else None,
                     password_hash=hashed, created_at=now, disabled_at=None)
        session.add(row)
        session.flush()
        return User(row.id, row.name, row.role, row.store_id)

    try:
        return db.run_write(work, attempts=1)
    except IntegrityError:
        raise UserError(f"there is a user {name} already") from None


def audit(session: Session, user: User, action: str, now: datetime, store: str | None = None,
          **detail: Any) -> None:
    session.add(HqAudit(at=now, user_name=user.name, action=action, store_id=store,
                        detail=json.dumps(detail, sort_keys=True, default=str)))


class Console:
    """Sign-in, session look-up and sign-out over one database."""

    def __init__(self, db: ServerDB) -> None:
        self.db = db
        self.guesses = Throttle(db)

    def sign_in(self, name: str, password: str, now: datetime, address: str) -> SignedIn:
        by_address, by_user = f"hq:{address}", f"hq-user:{name.strip()[:50]}"
        self.guesses.check(by_address, now)
        self.guesses.check(by_user, now)
        with self.db.read() as session:
            row = session.scalar(select(HqUser).where(HqUser.name == name.strip(),
                                                      HqUser.disabled_at.is_(None)))
            user = User(row.id, row.name, row.role, row.store_id) if row is not None else None
            stored = row.password_hash if row is not None else _unknown_user_hash()
        if not password_matches(password[:200], stored) or user is None:  # same work either way
            self.guesses.failed(by_address, now)
            self.guesses.failed(by_user, now)
            raise ApiError(401, BAD_SIGN_IN, "wrong user name or password")
        self.guesses.succeeded(by_address)
        self.guesses.succeeded(by_user)
        return self._open(user, now)

    def _open(self, user: User, now: datetime) -> SignedIn:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        expires = now + SESSION_LIFETIME

        def work(session: Session) -> None:
            session.add(HqSession(token_hash=_token_hash(token), user_id=user.id, csrf=csrf, created_at=now,
                                  expires_at=expires, ended_at=None))
            audit(session, user, "sign_in", now)

        self.db.run_write(work)
        return SignedIn(user, token, csrf, expires)

    def session_of(self, token: str | None, now: datetime) -> tuple[User, str] | None:
        """The user and CSRF token of a live session cookie; None for none, an ended or expired one."""
        if not token or len(token) > 100:
            return None
        with self.db.read() as session:
            found = session.execute(
                select(HqUser, HqSession.csrf).join(HqSession, HqSession.user_id == HqUser.id).where(
                    HqSession.token_hash == _token_hash(token), HqSession.ended_at.is_(None),
                    HqSession.expires_at > now, HqUser.disabled_at.is_(None))).first()
        if found is None:
            return None
        row, csrf = found
        return User(row.id, row.name, row.role, row.store_id), csrf

    def sign_out(self, token: str | None, now: datetime) -> None:
        if not token or len(token) > 100:
            return

        def work(session: Session) -> None:
            session.execute(update(HqSession).where(HqSession.token_hash == _token_hash(token),
                                                    HqSession.ended_at.is_(None)).values(ended_at=now))

        self.db.run_write(work)
