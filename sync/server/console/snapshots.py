"""The dashboard's program-health figures, kept per scope so a page does not recompute them each time.

On a million ledger entries the chain's figures take over a second (bench/health_bench.py); HQ reads
them far more often than they change much. So the dashboard shows the last figures computed for its
scope (store, or the chain) with their time: figures younger than five minutes are shown as they are;
older ones are shown while one background thread computes fresh ones; a scope never computed is
computed the same way while the page says so and reloads itself (300 ms a page, not seconds); the
period report keeps its figures the same way, per store and pair of days. The
server computes the chain's figures when it starts (``warm_up``), so HQ seldom sees that notice. The
snapshots are rows in the database, shared by every worker.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from sync.server import insight
from sync.server.db import ServerDB
from sync.server.models import HealthSnapshot

log = logging.getLogger("tessera.server.console")
FRESH = timedelta(minutes=5)
_refreshing: set[str] = set()
_lock = threading.Lock()


@dataclass(frozen=True)
class Asked:
    """Whose figures over which days: ``store`` None is the chain; ``start``/``end`` None the report's
    own defaults (the last 30 days), as the dashboard asks."""

    store: str | None = None
    start: date | None = None
    end: date | None = None

    @property
    def key(self) -> str:
        """The snapshot's row: the dashboard's scopes keep their plain keys ("" the chain, else the store);
        a period's is a digest of what it names (the key column is short, store ids are not)."""
        if self.start is None and self.end is None:
            return self.store or ""
        named = f"{self.store or ''}|{self.start}|{self.end}"
        return "period:" + hashlib.sha256(named.encode()).hexdigest()[:40]


def _compute(db: ServerDB, asked: Asked, now: datetime) -> insight.HealthReport:
    with db.read() as session:
        report = insight.health(session, asked.store, asked.start, asked.end, now)
    key = asked.key

    def work(session: Session) -> None:
        row = session.get(HealthSnapshot, key, with_for_update=True)
        if row is None:
            session.add(HealthSnapshot(scope=key, computed_at=now, body=report.model_dump_json()))
        elif row.computed_at < now:
            row.computed_at, row.body = now, report.model_dump_json()

    db.run_write(work)
    return report


def _refresh_later(db: ServerDB, asked: Asked, clock: Callable[[], datetime]) -> None:
    key = asked.key
    with _lock:
        if key in _refreshing:
            return
        _refreshing.add(key)

    def run() -> None:
        try:
            _compute(db, asked, clock())
        except Exception:  # a failed refresh leaves the older figures; the next view tries again
            log.exception("refreshing the health figures of %r failed", asked)
        finally:
            with _lock:
                _refreshing.discard(key)

    threading.Thread(target=run, name="health-snapshot", daemon=True).start()


Kept = tuple[insight.HealthReport, datetime]


def health(db: ServerDB, scope: str | None, clock: Callable[[], datetime],
           start: date | None = None, end: date | None = None) -> Kept | None:
    """The figures of ``scope`` (None: the chain) over ``start``..``end`` (None: the last 30 days) and
    when they were computed; None while the first ones are being computed (the caller has checked the
    period: insight.check_period)."""
    asked = Asked(scope, start, end)
    now = clock()
    with db.read() as session:
        row = session.get(HealthSnapshot, asked.key)
        kept = None if row is None else (insight.HealthReport.model_validate_json(row.body), row.computed_at)
    if kept is None or now - kept[1] >= FRESH:
        _refresh_later(db, asked, clock)
    return kept


def warm_up(db: ServerDB, clock: Callable[[], datetime]) -> None:
    """The chain's figures computed behind the server's start, unless fresh ones are kept."""
    health(db, None, clock)
