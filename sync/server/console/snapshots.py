"""The dashboard's program-health figures, kept per scope so a page does not recompute them each time.

On a million ledger entries the chain's figures take over a second (bench/health_bench.py); HQ reads
them far more often than they change much. So the dashboard shows the last figures computed for its
scope (store, or the chain) with their time: figures younger than five minutes are shown as they are;
older ones are shown while one background thread computes fresh ones; a scope never computed is
computed the same way while the page says so and reloads itself (300 ms a page, not seconds). The
server computes the chain's figures when it starts (``warm_up``), so HQ seldom sees that notice. The
snapshots are rows in the database, shared by every worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from sync.server import insight
from sync.server.db import ServerDB
from sync.server.models import HealthSnapshot

log = logging.getLogger("tessera.server.console")
FRESH = timedelta(minutes=5)
_refreshing: set[str] = set()
_lock = threading.Lock()


def _compute(db: ServerDB, scope: str, now: datetime) -> insight.HealthReport:
    with db.read() as session:
        report = insight.health(session, scope or None, None, None, now)

    def work(session: Session) -> None:
        row = session.get(HealthSnapshot, scope, with_for_update=True)
        if row is None:
            session.add(HealthSnapshot(scope=scope, computed_at=now, body=report.model_dump_json()))
        elif row.computed_at < now:
            row.computed_at, row.body = now, report.model_dump_json()

    db.run_write(work)
    return report


def _refresh_later(db: ServerDB, scope: str, clock: Callable[[], datetime]) -> None:
    with _lock:
        if scope in _refreshing:
            return
        _refreshing.add(scope)

    def run() -> None:
        try:
            _compute(db, scope, clock())
        except Exception:  # a failed refresh leaves the older figures; the next view tries again
            log.exception("refreshing the health figures of %r failed", scope or "the chain")
        finally:
            with _lock:
                _refreshing.discard(scope)

    threading.Thread(target=run, name="health-snapshot", daemon=True).start()


def health(db: ServerDB, scope: str | None,
           clock: Callable[[], datetime]) -> tuple[insight.HealthReport, datetime] | None:
    """The figures of ``scope`` (None: the chain) and when they were computed; None while the first
    ones are being computed."""
    key, now = scope or "", clock()
    with db.read() as session:
        row = session.get(HealthSnapshot, key)
        kept = None if row is None else (insight.HealthReport.model_validate_json(row.body), row.computed_at)
    if kept is None or now - kept[1] >= FRESH:
        _refresh_later(db, key, clock)
    return kept


def warm_up(db: ServerDB, clock: Callable[[], datetime]) -> None:
    """The chain's figures computed behind the server's start, unless fresh ones are kept."""
    health(db, None, clock)
