"""Program versions on the server: every version kept forever, each active from an instant.

A version is loaded to be active at once (``active_from`` NULL) or from a later instant. The active
version at an instant is the highest one whose instant has come: a version scheduled for later is not
sent to terminals and decides nothing on the server before it. A lower version whose instant comes
after a higher one is active never becomes active: it is "superseded" (a higher version loaded while a
lower one waits supersedes it). Terminals compute earn with the version they have; the server recomputes
with that same version, found by number and checked by the sha256 of its source.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from pos_app.base.clock import utc_now
from pos_app.core.errors import Code, InvalidInput
from pos_app.core.program import Program, parse_program
from sync.server.models import ProgramVersion

# An activation instant this far in the past is taken as "now" (the clocks of HQ's desk and the server,
# the time to type the command); further back is refused.
PAST_TOLERANCE = timedelta(minutes=1)
ACTIVE, SCHEDULED, SUPERSEDED, PAST = "active", "scheduled", "superseded", "past"

_cache: dict[tuple[int, str], Program] = {}
_lock = threading.Lock()


def source_digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _parsed(version: int, source: str, digest: str) -> Program:
    key = (version, digest)
    with _lock:
        program = _cache.get(key)
        if program is None:
            program = _cache[key] = parse_program(source)
    return program


def due(now: datetime) -> ColumnElement[bool]:
    """The versions whose activation instant has come at ``now``."""
    return or_(ProgramVersion.active_from.is_(None), ProgramVersion.active_from <= now)


@dataclass(frozen=True)
class Loaded:
    """What loading a program file did."""

    program: Program
    stored: bool  # a new version
    active_from: datetime | None  # None: active since it was loaded
    state: str = ACTIVE  # at the time of loading: ACTIVE, SCHEDULED, SUPERSEDED or PAST
    moved: bool = False  # the same text of a version still scheduled, given another instant
    superseded: list[int] = field(default_factory=list)  # lower scheduled versions now never active

    def as_dict(self, digest: str) -> dict[str, object]:
        return {"version": self.program.version, "stored": self.stored, "name": self.program.name,
                "digest": digest, "rewards": [r.id for r in self.program.rewards],
                "active_from": self.active_from.isoformat() if self.active_from else None,
                "state": self.state, "moved": self.moved, "superseded": self.superseded}


def activation_instant(at: datetime | None, now: datetime) -> datetime | None:
    """``at`` as stored: None for now (or a moment ago); refused if naive or further in the past."""
    if at is None:
        return None
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput(Code.PROGRAM_ACTIVATION_FORMAT, value=at.isoformat())
    if at < now - PAST_TOLERANCE:
        raise InvalidInput(Code.PROGRAM_ACTIVATION_PAST, at=at.isoformat(),
                           now=now.astimezone(UTC).isoformat(timespec="seconds"))
    return at.astimezone(UTC) if at > now else None


def put(session: Session, source: str, now: datetime, at: datetime | None = None) -> Loaded:
    """Store a program version, active from ``at`` (None: now). The same text again changes nothing,
    except the instant of a version still scheduled, when ``at`` is given."""
    program = parse_program(source)
    active_from = activation_instant(at, now)
    digest = source_digest(source)
    row = session.get(ProgramVersion, program.version)
    if row is not None:
        if row.digest != digest:
            raise InvalidInput(Code.PROGRAM_VERSION_TAKEN, version=program.version)
        pending = row.active_from is not None and row.active_from > now
        if not pending or at is None or row.active_from == active_from:
            return Loaded(program, False, row.active_from, _state_of(session, program.version, now))
        row.active_from = active_from or now  # moved to now: active from now, not from when it was loaded
        superseded = _superseded_by(session, program.version, row.active_from, now)
        return Loaded(program, False, active_from, _state_of(session, program.version, now), True, superseded)
    session.add(ProgramVersion(version=program.version, source=source, digest=digest, loaded_at=now,
                               active_from=active_from))
    superseded = _superseded_by(session, program.version, active_from or now, now)
    return Loaded(program, True, active_from, _state_of(session, program.version, now), superseded=superseded)


def load(session: Session, source: str, now: datetime,
         active_from: datetime | None = None) -> tuple[Program, bool]:
    """Store a program version. Returns (program, stored); the same text twice is a no-op."""
    loaded = put(session, source, now, active_from)
    return loaded.program, loaded.stored


def _state_of(session: Session, version: int, now: datetime) -> str:
    pv = ProgramVersion
    rows = session.execute(select(pv.version, pv.loaded_at, pv.active_from))
    return states([(v, loaded, at) for v, loaded, at in rows], now)[version]


def _superseded_by(session: Session, version: int, start: datetime, now: datetime) -> list[int]:
    """Lower versions still scheduled at or after ``start``: ``version`` will be active by then."""
    return list(session.scalars(select(ProgramVersion.version).where(
        ProgramVersion.version < version, ProgramVersion.active_from > now,
        ProgramVersion.active_from >= start).order_by(ProgramVersion.version)))


def all_programs(session: Session) -> dict[int, tuple[Program, str]]:
    """Every version, scheduled ones too: an op is recomputed by the version it names."""
    rows = session.execute(select(ProgramVersion.version, ProgramVersion.digest)).all()
    missing = [r.version for r in rows if (r.version, r.digest) not in _cache]
    if missing:
        for row in session.scalars(select(ProgramVersion).where(ProgramVersion.version.in_(missing))):
            _parsed(row.version, row.source, row.digest)
    return {r.version: (_cache[(r.version, r.digest)], r.digest) for r in rows}


def active(session: Session, now: datetime | None = None) -> Program | None:
    """The version active at ``now`` (default: this machine's clock)."""
    row = session.scalar(select(ProgramVersion).where(due(now or utc_now()))
                         .order_by(ProgramVersion.version.desc()).limit(1))
    return _parsed(row.version, row.source, row.digest) if row is not None else None


def active_row(session: Session, now: datetime) -> ProgramVersion | None:
    return session.scalar(select(ProgramVersion).where(due(now)).order_by(ProgramVersion.version.desc())
                          .limit(1))


def newer_than(session: Session, version: int, now: datetime | None = None) -> list[ProgramVersion]:
    """The versions above ``version`` a terminal may have at ``now``: none scheduled for later."""
    return list(session.scalars(select(ProgramVersion).where(ProgramVersion.version > version,
                                                             due(now or utc_now()))
                                .order_by(ProgramVersion.version)))


def latest_version(session: Session) -> int | None:
    """The highest version loaded, scheduled or not."""
    value = session.scalar(select(func.max(ProgramVersion.version)))
    return int(value) if value is not None else None


def states(rows: Iterable[tuple[int, datetime, datetime | None]], now: datetime) -> dict[int, str]:
    """Each version's state at ``now`` from (version, loaded_at, active_from): active, scheduled (to be
    active at its instant), superseded (never active: a higher one is active by its instant) or past."""
    rows = list(rows)
    starts = {v: at or loaded for v, loaded, at in rows}
    scheduled = {v for v, _, at in rows if at is not None}
    current = max((v for v, _, at in rows if at is None or at <= now), default=None)
    found = {}
    for v, _, _ in rows:
        # A higher version beats v if its instant came first, or at the same instant if it was scheduled for
        # it (one loaded at v's very instant came after v was active: v had its turn).
        beaten = any(u > v and (start < starts[v] or (start == starts[v] and u in scheduled))
                     for u, start in starts.items())
        found[v] = (ACTIVE if v == current else SUPERSEDED if beaten
                    else SCHEDULED if starts[v] > now else PAST)
    return found


def parse_instant(text: str, naive_zone: tzinfo | None = None) -> datetime:
    """An activation instant typed by HQ: ISO 8601 with its UTC offset (``2026-12-24T06:00:00+02:00``).
    A time without an offset (or a bare date) is refused, unless ``naive_zone`` says what it means."""
    try:
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(Code.PROGRAM_ACTIVATION_FORMAT, value=text) from None
    if at.tzinfo is None or at.utcoffset() is None:
        if naive_zone is None or len(text.strip()) <= len("2026-12-24"):
            raise InvalidInput(Code.PROGRAM_ACTIVATION_FORMAT, value=text)
        at = at.replace(tzinfo=naive_zone)
    return at
