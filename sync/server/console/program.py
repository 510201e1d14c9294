"""The console's program page: a program file checked before it is loaded (the line of each error),
a readable preview, the difference from the active version, activation now or at an instant, and the
version history (loaded, active from, state).

A version loaded "now" is active at once for every till (they pull it); one loaded "at" an instant is
sent to tills and used by the server from that instant (sync.server.programs: a lower version whose
instant comes after a higher one is active is superseded, never active). The same text again changes
nothing, except the instant of a version still scheduled.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
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


def active_source(session: Session, now: datetime | None = None) -> str:
    row = programs.active_row(session, now or datetime.now(UTC))
    return row.source if row is not None else ""


def check(session: Session, source: str, now: datetime | None = None) -> Checked:
    try:
        program = parse_program(source)
    except TesseraError as exc:
        params = dict(exc.params)
        return Checked(None, Problem(exc.message, _line_of(source, params, exc.message)), [], {})
    current = active_source(session, now)
    diff = list(difflib.unified_diff(current.splitlines(), source.splitlines(), "active", "new", lineterm=""))
    return Checked(program, None, diff, preview(program))


@dataclass(frozen=True)
class Version:
    """A row of the version history."""

    version: int
    loaded_at: datetime
    active_from: datetime | None  # None: from loaded_at
    state: str  # programs.ACTIVE, SCHEDULED, SUPERSEDED or PAST
    digest: str


def history(session: Session, now: datetime | None = None) -> list[Version]:
    """The 50 highest versions, each with its state at ``now``."""
    at = now or datetime.now(UTC)
    pv = ProgramVersion
    rows = session.execute(select(pv.version, pv.loaded_at, pv.active_from, pv.digest)).all()
    states = programs.states([(v, loaded, start) for v, loaded, start, _ in rows], at)
    shown = sorted(rows, key=lambda r: r[0], reverse=True)[:50]
    return [Version(v, loaded, start, states[v], digest[:12]) for v, loaded, start, digest in shown]


def instant(fields: dict[str, str]) -> datetime | None:
    """The form's choice: None to activate now, else the instant typed (datetime-local: read as UTC)."""
    if fields.get("when") != "at":
        return None
    return programs.parse_instant(fields.get("at", ""), naive_zone=UTC)


def activate(db: ServerDB, user: User, source: str, now: datetime,
             at: datetime | None = None) -> programs.Loaded:
    """Load ``source`` as a version active now or from ``at`` (HQ only: PermissionError otherwise)."""
    if user.scope is not None:
        raise PermissionError("program")

    def work(session: Session) -> programs.Loaded:
        loaded = programs.put(session, source, now, at)
        if loaded.stored or loaded.moved:
            audit(session, user, "program.schedule" if loaded.active_from else "program.activate", now, None,
                  version=loaded.program.version,
                  active_from=loaded.active_from.isoformat() if loaded.active_from else None,
                  moved=loaded.moved, superseded=loaded.superseded)
        return loaded

    return db.run_write(work, attempts=1)


def done_text(t: Callable[..., str], loaded: programs.Loaded) -> str:
    """What the page says after a load, in its language."""
    version, at = loaded.program.version, loaded.active_from
    when = at.strftime("%Y-%m-%d %H:%M UTC") if at else ""
    key = ("program_same" if not (loaded.stored or loaded.moved) else "program_loaded" if at is None
           else "program_scheduled")
    text = t(key, version=version, at=when)
    if loaded.superseded:
        text += " " + t("program_supersedes", versions=", ".join(str(v) for v in loaded.superseded))
    return text
