"""Guessing is slowed down: failed attempts per client address earn a growing wait (429).

The first few failures cost nothing (a technician mistyping a registration code), then each failure
doubles the wait, up to a quarter of an hour; a success forgets the address. The counts live in the
database (``guess_attempts``), so every worker of a multi-worker server and a restarted server see the
same ones. The table stays small: an address that stopped failing is forgotten a day after its last
failure (pruned, a few rows at a time, whenever a failure is counted).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sync.server.db import ServerDB
from sync.server.errors import ApiError
from sync.server.models import GuessAttempt

FREE_FAILURES = 3
FIRST_WAIT = timedelta(seconds=2)
LONGEST_WAIT = timedelta(minutes=15)
FORGET_AFTER = timedelta(days=1)
PRUNE_BATCH = 100
TOO_MANY = "too_many_attempts"
ADDRESS_LENGTH = 64


class Throttle:
    def __init__(self, db: ServerDB) -> None:
        self.db = db

    def check(self, address: str, now: datetime) -> None:
        """Raise 429 ``too_many_attempts`` (with ``retry_after`` seconds) while ``address`` must wait."""
        with self.db.read() as session:
            wait_until = session.scalar(select(GuessAttempt.wait_until)
                                        .where(GuessAttempt.address == address[:ADDRESS_LENGTH]))
        if wait_until is None or now >= wait_until:
            return
        seconds = math.ceil((wait_until - now).total_seconds())
        raise ApiError(429, TOO_MANY, f"too many failed attempts from this address: try again in {seconds} s",
                       {"retry_after": seconds})

    def failed(self, address: str, now: datetime) -> int:
        """Count a failure of ``address``; returns its failures in a row."""
        def work(session: Session) -> int:
            _prune(session, now)
            row = session.get(GuessAttempt, address[:ADDRESS_LENGTH], with_for_update=True)
            if row is None:
                row = GuessAttempt(address=address[:ADDRESS_LENGTH], failures=0, wait_until=None, last_at=now)
                session.add(row)
            row.failures += 1
            row.last_at = now
            over = row.failures - FREE_FAILURES
            if over > 0:
                row.wait_until = now + min(FIRST_WAIT * 2 ** min(over - 1, 20), LONGEST_WAIT)
            return row.failures

        return self.db.run_write(work)  # two workers adding the same address: the loser retries

    def succeeded(self, address: str) -> None:
        def work(session: Session) -> None:
            session.execute(delete(GuessAttempt).where(GuessAttempt.address == address[:ADDRESS_LENGTH]))

        self.db.run_write(work)


def _prune(session: Session, now: datetime) -> None:
    stale = list(session.scalars(select(GuessAttempt.address).where(GuessAttempt.last_at < now - FORGET_AFTER)
                                 .order_by(GuessAttempt.last_at).limit(PRUNE_BATCH)))
    if stale:
        session.execute(delete(GuessAttempt).where(GuessAttempt.address.in_(stale)))
