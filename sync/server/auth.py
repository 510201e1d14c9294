"""Terminal registration and bearer tokens.

``terminal add`` makes a one-time registration code (single use, 24 hours);
``register`` exchanges it for a random 32-byte token. The server keeps only
sha256 hashes of codes and tokens (both are long random secrets, so a plain
hash is enough), looks the hash up on every request and refuses a revoked
terminal at once. Neither codes nor tokens are ever logged.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import uuid6
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sync.server.errors import ApiError, forbidden, unauthorized
from sync.server.models import ApiToken, Store, Terminal

log = logging.getLogger("tessera.server")

CODE_TTL = timedelta(hours=24)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
HQ = "hq"
REPORTS, MEMBERS = "reports", "members"  # what an HQ token may read
SCOPES = (REPORTS, MEMBERS)


@dataclass(frozen=True)
class Caller:
    kind: str  # "terminal" or "hq"
    terminal_id: str | None
    store_id: str | None
    scope: str | None = None  # an HQ token's: REPORTS or MEMBERS

    @property
    def reads_members(self) -> bool:
        """May see members' personal data (name, phone, e-mail, birthday): their store's terminals, and
        HQ tokens of the members scope."""
        return self.is_terminal or (self.kind == HQ and self.scope == MEMBERS)

    @property
    def is_terminal(self) -> bool:
        return self.kind == "terminal"

    def may_read_store(self, store_id: str | None) -> bool:
        return self.kind == HQ or (store_id is not None and store_id == self.store_id)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def ensure_store(session: Session, store_id: str, now: datetime) -> Store:
    store = session.get(Store, store_id)
    if store is None:
        store = Store(id=store_id, created_at=now)
        session.add(store)
        session.flush()
    return store


def add_terminal(session: Session, store_id: str, name: str, now: datetime) -> tuple[Terminal, str]:
    """A new terminal of ``store_id`` and its one-time registration code."""
    ensure_store(session, store_id, now)
    code = new_code()
    terminal = Terminal(id=str(uuid6.uuid7()), store_id=store_id, name=name, created_at=now,
                        code_hash=digest(normalize_code(code)), code_expires_at=now + CODE_TTL, last_seq=0)
    session.add(terminal)
    log.info("terminal %s added to store %s", terminal.id, store_id)
    return terminal, code


def register(session: Session, code: str, now: datetime, region: str | None = None) -> tuple[Terminal, str]:
    """Exchange a registration code for a token; the code is spent.

    ``region``: the one the technician expects; if the store has another, the registration is refused
    and the code stays good (a wrong code, or a wrong region typed: either is fixed by trying again).
    """
    terminal = session.scalar(select(Terminal).where(Terminal.code_hash == digest(normalize_code(code)))
                              .with_for_update())
    if terminal is None or terminal.revoked_at is not None:
        raise ApiError(401, "bad_code", "unknown or already used registration code")
    if terminal.code_expires_at is None or terminal.code_expires_at <= now:
        raise ApiError(401, "code_expired", "this registration code has expired: ask HQ for a new one")
    store = session.get(Store, terminal.store_id)
    known = store.region if store is not None else None
    if region and known and region.upper() != known.upper():
        raise ApiError(409, "region_mismatch",
                       f"store {terminal.store_id} is in region {known}, not {region.upper()}",
                       {"store": terminal.store_id, "region": known, "asked": region.upper()})
    token = secrets.token_urlsafe(32)
    terminal.code_hash, terminal.code_expires_at = None, None
    terminal.token_hash, terminal.registered_at = digest(token), now
    log.info("terminal %s registered", terminal.id)
    return terminal, token


def store_zone(session: Session, store_id: str) -> tuple[str | None, str | None]:
    """The store's phone region and time zone, as a terminal takes them at registration."""
    store = session.get(Store, store_id)
    return (store.region, store.tz) if store is not None else (None, None)


def revoke(session: Session, terminal_id: str, now: datetime) -> Terminal | None:
    terminal = session.get(Terminal, terminal_id)
    if terminal is None:
        return None
    terminal.revoked_at = terminal.revoked_at or now
    terminal.code_hash = None
    log.info("terminal %s revoked", terminal_id)
    return terminal


def add_hq_token(session: Session, now: datetime, scope: str = REPORTS) -> tuple[int, str]:
    """A new HQ token of ``scope`` (REPORTS: reports and conflicts; MEMBERS: also members' personal data):
    its id and the token, shown this once (the server keeps its hash)."""
    if scope not in SCOPES:
        raise ApiError(422, "bad_scope", f"a token's scope is one of {', '.join(SCOPES)}")
    token = secrets.token_urlsafe(32)
    row = ApiToken(token_hash=digest(token), scope=scope, created_at=now)
    session.add(row)
    session.flush()
    log.info("HQ token %d added (scope %s)", row.id, scope)
    return row.id, token


def hq_tokens(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(select(ApiToken).order_by(ApiToken.id))
    return [{"id": r.id, "scope": _scope(r.scope), "created_at": r.created_at.isoformat(),
             "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None} for r in rows]


def revoke_hq_token(session: Session, token_id: int, now: datetime) -> bool:
    row = session.get(ApiToken, token_id)
    if row is None:
        return False
    row.revoked_at = row.revoked_at or now
    log.info("HQ token %d revoked", token_id)
    return True


def _scope(stored: str) -> str:
    return MEMBERS if stored == HQ else stored  # tokens made before scopes could read everything


# Every request but health runs this: built once, plain SQL (no statement built or compiled per request).
_TERMINAL_OF_TOKEN = text("SELECT id, store_id, revoked_at FROM terminals WHERE token_hash = :hash")


def bearer_hash(authorization: str | None) -> str | None:
    """The stored hash of an ``Authorization: Bearer`` token, None without one."""
    if not authorization or not authorization.startswith("Bearer "):
        return None
    return digest(authorization[len("Bearer "):].strip())


def authenticate(session: Session, authorization: str | None) -> Caller:
    hashed = bearer_hash(authorization)
    if hashed is None:
        raise unauthorized()
    row = session.execute(_TERMINAL_OF_TOKEN, {"hash": hashed}).first()
    if row is not None:
        if row.revoked_at is not None:
            raise ApiError(401, "revoked", "this terminal was revoked")
        return Caller("terminal", row.id, row.store_id)
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hashed))
    if token is not None and token.revoked_at is None:
        return Caller(HQ, None, None, _scope(token.scope))
    raise unauthorized()


def require_terminal(caller: Caller) -> tuple[str, str]:
    if not caller.is_terminal or caller.terminal_id is None or caller.store_id is None:
        raise forbidden("this endpoint is for terminals")
    return caller.terminal_id, caller.store_id
