"""What the console's pages show, read in one snapshot each; and the terminal changes it makes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sync.server import insight
from sync.server.auth import add_terminal, revoke
from sync.server.console.users import User, audit
from sync.server.db import ServerDB
from sync.server.models import Conflict, Store, Terminal

QUIET_AFTER = timedelta(days=1)
PAGE = 50


@dataclass(frozen=True)
class TerminalRow:
    id: str
    name: str
    store: str
    registered_at: datetime | None
    last_seen_at: datetime | None
    revoked_at: datetime | None
    quiet: bool  # registered, not revoked, not seen for a day
    app_version: str | None = None  # as its last push said
    pending_ops: int | None = None
    clock_skew_ms: int | None = None


@dataclass(frozen=True)
class Dashboard:
    health: insight.HealthReport
    as_of: datetime
    quiet_terminals: list[TerminalRow]
    conflicts_7_days: int
    terminals: int


def _row(t: Terminal, now: datetime) -> TerminalRow:
    live = t.registered_at is not None and t.revoked_at is None
    quiet = live and (t.last_seen_at is None or t.last_seen_at < now - QUIET_AFTER)
    return TerminalRow(t.id, t.name, t.store_id, t.registered_at, t.last_seen_at, t.revoked_at, quiet,
                       t.app_version, t.pending_ops, t.clock_skew_ms)


def terminals(session: Session, user: User, now: datetime, page: int = 0) -> list[TerminalRow]:
    query = select(Terminal).order_by(Terminal.store_id, Terminal.name, Terminal.id)
    if user.scope is not None:
        query = query.where(Terminal.store_id == user.scope)
    return [_row(t, now) for t in session.scalars(query.offset(page * PAGE).limit(PAGE))]


def stores(session: Session, user: User) -> list[str]:
    query = select(Store.id).order_by(Store.id)
    if user.scope is not None:
        query = query.where(Store.id == user.scope)
    return list(session.scalars(query))


def dashboard(session: Session, user: User, now: datetime, health: insight.HealthReport,
              as_of: datetime) -> Dashboard:
    query = select(Terminal).where(Terminal.registered_at.is_not(None), Terminal.revoked_at.is_(None))
    conflicts = select(func.count()).select_from(Conflict).where(Conflict.at >= now - timedelta(days=7))
    if user.scope is not None:
        query = query.where(Terminal.store_id == user.scope)
        conflicts = conflicts.where(Conflict.store_id == user.scope)
    live = [_row(t, now) for t in session.scalars(query)]
    quiet = [t for t in live if t.quiet]
    return Dashboard(health, as_of, quiet, int(session.scalar(conflicts) or 0), len(live))


def add(db: ServerDB, user: User, store: str, name: str, now: datetime) -> tuple[str, str]:
    """A new terminal of ``store`` (one the user may see); its id and one-time registration code."""
    if not user.may_see(store):
        raise PermissionError(store)

    def work(session: Session) -> tuple[str, str]:
        if session.get(Store, store) is None:
            raise LookupError(store)
        terminal, code = add_terminal(session, store, name.strip()[:200] or "terminal", now)
        audit(session, user, "terminal.add", now, store, terminal=terminal.id, name=terminal.name)
        return terminal.id, code

    return db.run_write(work, attempts=1)


def revoke_one(db: ServerDB, user: User, terminal_id: str, now: datetime) -> bool:
    """Revoke a terminal the user may see; False if there is none such (another store's included)."""
    def work(session: Session) -> bool:
        terminal = session.get(Terminal, terminal_id)
        if terminal is None or not user.may_see(terminal.store_id):
            return False
        revoke(session, terminal_id, now)
        audit(session, user, "terminal.revoke", now, terminal.store_id, terminal=terminal_id)
        return True

    return db.run_write(work, attempts=1)
