"""Rows that only matter for a while, deleted once they cannot matter: spent or expired sign-in codes of
the member page, ended or expired sessions of the member page and the HQ console, and the console's
period figures nobody asked for in a day.

Run with the expiry task (``serve``'s background job, hourly). A day's margin is kept past each row's
end: the hourly bound on codes per card counts the last hour's codes, and a support question about a
sign-in yesterday still finds its rows. Member events (consent, downloads, deletions) are the members'
own audit trail and are never deleted here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from sync.server.db import ServerDB
from sync.server.models import HealthSnapshot, HqSession, MemberLoginCode, MemberSession

log = logging.getLogger("tessera.server")
KEEP = timedelta(days=1)
BATCH = 5_000  # rows per statement: a long backlog is cleared in short transactions


@dataclass(frozen=True)
class Pruned:
    login_codes: int
    member_sessions: int
    hq_sessions: int
    period_figures: int = 0  # the console's period reports kept (the dashboard's scopes stay)


def _prune(db: ServerDB, table: Any, key: Any, *stale: Any) -> int:
    """Delete the rows of ``table`` matching any of ``stale``, BATCH at a time; how many."""
    total = 0
    while True:
        def work(session: Session) -> int:
            keys = list(session.scalars(select(key).where(or_(*stale)).limit(BATCH)))
            if keys:
                session.execute(delete(table).where(key.in_(keys)))
            return len(keys)

        done = db.run_write(work)
        total += done
        if done < BATCH:
            return total


def prune(db: ServerDB, now: datetime) -> Pruned:
    cutoff = now - KEEP
    pruned = Pruned(
        login_codes=_prune(db, MemberLoginCode, MemberLoginCode.id, MemberLoginCode.expires_at < cutoff),
        member_sessions=_prune(db, MemberSession, MemberSession.token_hash, MemberSession.expires_at < cutoff,
                               MemberSession.ended_at < cutoff),
        hq_sessions=_prune(db, HqSession, HqSession.token_hash, HqSession.expires_at < cutoff,
                           HqSession.ended_at < cutoff),
        period_figures=_prune(db, HealthSnapshot, HealthSnapshot.scope,
                              HealthSnapshot.scope.like("period:%") & (HealthSnapshot.computed_at < cutoff)))
    if any((pruned.login_codes, pruned.member_sessions, pruned.hq_sessions, pruned.period_figures)):
        log.info("pruned %d sign-in codes, %d member sessions, %d console sessions, %d period figures",
                 pruned.login_codes, pruned.member_sessions, pruned.hq_sessions, pruned.period_figures)
    return pruned


def run_logged(db: ServerDB, now: datetime) -> Pruned | None:
    """One run for `serve`'s background task: a failure is logged in one line and retried next time."""
    try:
        return prune(db, now)
    except Exception as exc:  # the server keeps serving; the next run catches up
        log.error("pruning sign-in codes and sessions failed: %s: %s", type(exc).__name__, exc)
        return None
