"""What the console's pages show, read in one snapshot each; and the terminal changes it makes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from sync.server import insight
from sync.server.auth import add_terminal, revoke
from sync.server.console.users import User, audit
from sync.server.db import ServerDB
from sync.server.models import Conflict, Store, Terminal

QUIET_AFTER = timedelta(days=1)
PAGE = 50
BEHIND_SHOWN = 20  # the dashboard lists the terminals waiting longest; the terminals page has all


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
    oldest_pending_at: datetime | None = None  # the oldest op still queued on it, as its last push said
    dead_letters: int = 0  # its ops the server rejected, not acknowledged yet


@dataclass(frozen=True)
class Dashboard:
    health: insight.HealthReport | None  # None: the scope's first figures are being computed
    as_of: datetime | None
    quiet_terminals: list[TerminalRow]
    conflicts_7_days: int
    terminals: int
    behind: list[TerminalRow]  # terminals still holding ops, the longest-waiting op first
    dead_letters: int


def _row(t: Terminal, now: datetime, dead: int = 0) -> TerminalRow:
    live = t.registered_at is not None and t.revoked_at is None
    quiet = live and (t.last_seen_at is None or t.last_seen_at < now - QUIET_AFTER)
    return TerminalRow(t.id, t.name, t.store_id, t.registered_at, t.last_seen_at, t.revoked_at, quiet,
                       t.app_version, t.pending_ops, t.clock_skew_ms, t.oldest_pending_at, dead)


def _dead_letters(session: Session, terminal_ids: list[str]) -> dict[str, int]:
    """Rejected ops per terminal that HQ has not acknowledged (one grouped count for the page)."""
    if not terminal_ids:
        return {}
    rows = session.execute(select(Conflict.terminal_id, func.count())
                           .where(Conflict.kind == "rejected", Conflict.acknowledged_at.is_(None),
                                  Conflict.terminal_id.in_(terminal_ids))
                           .group_by(Conflict.terminal_id))
    return {str(terminal): int(count) for terminal, count in rows}


def _rows(session: Session, found: list[Terminal], now: datetime) -> list[TerminalRow]:
    dead = _dead_letters(session, [t.id for t in found])
    return [_row(t, now, dead.get(t.id, 0)) for t in found]


def terminals(session: Session, user: User, now: datetime, page: int = 0) -> tuple[list[TerminalRow], bool]:
    """A page of the terminals the user may see, by store and name; and whether more follow."""
    query = select(Terminal).order_by(Terminal.store_id, Terminal.name, Terminal.id)
    if user.scope is not None:
        query = query.where(Terminal.store_id == user.scope)
    found = list(session.scalars(query.offset(page * PAGE).limit(PAGE + 1)))
    return _rows(session, found[:PAGE], now), len(found) > PAGE


def terminal_row(session: Session, user: User, terminal_id: str, now: datetime) -> TerminalRow | None:
    """One terminal the user may see (None for another store's, as for one that does not exist)."""
    terminal = session.get(Terminal, terminal_id)
    if terminal is None or not user.may_see(terminal.store_id):
        return None
    return _rows(session, [terminal], now)[0]


def stores(session: Session, user: User) -> list[str]:
    query = select(Store.id).order_by(Store.id)
    if user.scope is not None:
        query = query.where(Store.id == user.scope)
    return list(session.scalars(query))


def dashboard(session: Session, user: User, now: datetime, health: insight.HealthReport | None,
              as_of: datetime | None) -> Dashboard:
    """Counted and listed in SQL (a chain has tens of thousands of tills): quiet and behind, a page each."""
    live = select(Terminal).where(Terminal.registered_at.is_not(None), Terminal.revoked_at.is_(None))
    conflicts = select(func.count()).select_from(Conflict).where(Conflict.at >= now - timedelta(days=7))
    dead = select(func.count()).select_from(Conflict).where(Conflict.kind == "rejected",
                                                            Conflict.acknowledged_at.is_(None))
    if user.scope is not None:
        live = live.where(Terminal.store_id == user.scope)
        conflicts = conflicts.where(Conflict.store_id == user.scope)
        dead = dead.where(Conflict.store_id == user.scope)
    quiet = live.where((Terminal.last_seen_at.is_(None)) | (Terminal.last_seen_at < now - QUIET_AFTER))
    behind = live.where(Terminal.oldest_pending_at.is_not(None))
    count = select(func.count()).select_from(live.subquery())

    def listed(query: Select[Terminal], limit: int) -> list[TerminalRow]:
        return _rows(session, list(session.scalars(query.order_by(Terminal.id).limit(limit))), now)

    return Dashboard(health, as_of, listed(quiet.order_by(Terminal.last_seen_at), PAGE),
                     int(session.scalar(conflicts) or 0), int(session.scalar(count) or 0),
                     listed(behind.order_by(Terminal.oldest_pending_at), BEHIND_SHOWN),
                     int(session.scalar(dead) or 0))


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
