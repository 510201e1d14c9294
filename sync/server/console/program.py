"""The console's program page: a program file checked before it is loaded (the line of each error),
a readable preview, the difference from the active version, activation, and the version history.

A loaded version is active at once for every till (they pull it); the same text again changes nothing.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.core.errors import TesseraError
from pos_app.core.money import format_amount
from pos_app.core.program import Program, parse_program
from sync.server import programs
from sync.server.console.users import User, audit
from sync.server.db import ServerDB
from sync.server.models import ProgramVersion

TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass(frozen=True)
class Problem:
    message: str
    line: int | None  # 1-based, where it could be found


@dataclass(frozen=True)
class Checked:
    program: Program | None
    problem: Problem | None
    diff: list[str]
    preview: dict[str, Any]


def _line_of(source: str, params: dict[str, Any], message: str) -> int | None:
    """The line a program error is about: TOML's own, else the first line setting the key or id named."""
    found = TOML_LINE.search(message)
    if found:
        return int(found.group(1))
    for name in ("key", "id", "tier"):
        value = params.get(name)
        if not value:
            continue
        pattern = re.compile(rf'^\s*{re.escape(str(value))}\s*=' if name == "key" else
                             rf'^\s*(id|tier|min_tier)\s*=\s*"{re.escape(str(value))}"')
        for number, text in enumerate(source.splitlines(), start=1):
            if pattern.search(text):
                return number
    return None


def preview(program: Program) -> dict[str, Any]:
    cur = program.currency
    return {
        "name": program.name, "version": program.version, "currency": cur.code,
        "earn": f"{program.points_per_unit} per 1 {cur.code}, from {format_amount(program.min_basket, cur)}",
        "tiers": [(t.name, format_amount(t.min_spend, cur), t.multiplier_percent) for t in program.tiers],
        "promotions": [(p.name, p.multiplier_percent, p.starts, p.ends, sorted(p.weekdays), p.hours)
                       for p in program.promotions],
        "rewards": [(r.name, r.cost, r.kind) for r in program.rewards],
        "expiry_months": program.expiry_months,
    }


def active_source(session: Session) -> str:
    row = session.scalar(select(ProgramVersion).order_by(ProgramVersion.version.desc()).limit(1))
    return row.source if row is not None else ""


def check(session: Session, source: str) -> Checked:
    try:
        program = parse_program(source)
    except TesseraError as exc:
        params = dict(exc.params)
        return Checked(None, Problem(exc.message, _line_of(source, params, exc.message)), [], {})
    current = active_source(session)
    diff = list(difflib.unified_diff(current.splitlines(), source.splitlines(), "active", "new", lineterm=""))
    return Checked(program, None, diff, preview(program))


def history(session: Session) -> list[tuple[int, datetime, str]]:
    rows = session.execute(select(ProgramVersion.version, ProgramVersion.loaded_at, ProgramVersion.digest)
                           .order_by(ProgramVersion.version.desc()).limit(50))
    return [(v, at, digest[:12]) for v, at, digest in rows]


def activate(db: ServerDB, user: User, source: str, now: datetime) -> tuple[int, bool]:
    """Load ``source`` as a new version (HQ only: PermissionError otherwise); (version, stored)."""
    if user.scope is not None:
        raise PermissionError("program")

    def work(session: Session) -> tuple[int, bool]:
        program, stored = programs.load(session, source, now)
        if stored:
            audit(session, user, "program.activate", now, None, version=program.version)
        return program.version, stored

    return db.run_write(work, attempts=1)
