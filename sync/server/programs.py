"""Program versions on the server: every version kept forever, the highest one active.

Terminals compute earn with the version they have; the server recomputes with
that same version, found by number and checked by the sha256 of its source.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.core.errors import Code, InvalidInput
from pos_app.core.program import Program, parse_program
from sync.server.models import ProgramVersion

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


def load(session: Session, source: str, now: datetime) -> tuple[Program, bool]:
    """Store a program version. Returns (program, stored); the same text twice is a no-op."""
    program = parse_program(source)
    digest = source_digest(source)
    row = session.get(ProgramVersion, program.version)
    if row is not None:
        if row.digest != digest:
            raise InvalidInput(Code.PROGRAM_VERSION_TAKEN, version=program.version)
        return program, False
    session.add(ProgramVersion(version=program.version, source=source, digest=digest, loaded_at=now))
    return program, True


def all_programs(session: Session) -> dict[int, tuple[Program, str]]:
    rows = session.execute(select(ProgramVersion.version, ProgramVersion.digest)).all()
    missing = [r.version for r in rows if (r.version, r.digest) not in _cache]
    if missing:
        for row in session.scalars(select(ProgramVersion).where(ProgramVersion.version.in_(missing))):
            _parsed(row.version, row.source, row.digest)
    return {r.version: (_cache[(r.version, r.digest)], r.digest) for r in rows}


def active(session: Session) -> Program | None:
    row = session.scalar(select(ProgramVersion).order_by(ProgramVersion.version.desc()).limit(1))
    return _parsed(row.version, row.source, row.digest) if row is not None else None


def newer_than(session: Session, version: int) -> list[ProgramVersion]:
    return list(session.scalars(select(ProgramVersion).where(ProgramVersion.version > version)
                                .order_by(ProgramVersion.version)))


def latest_version(session: Session) -> int | None:
    value = session.scalar(select(func.max(ProgramVersion.version)))
    return int(value) if value is not None else None
