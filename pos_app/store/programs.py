"""Program versions on the terminal: every version kept, one active, rewards materialised."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pos_app.core.errors import Code, InvalidInput
from pos_app.core.program import Program, parse_program
from pos_app.store.models import ProgramVersion, Reward


def install(session: Session, program: Program, now: datetime) -> bool:
    """Store and activate ``program`` unless a newer version is already active. True if activated."""
    current = session.scalar(select(ProgramVersion).where(ProgramVersion.active))
    if current is not None and current.version > program.version:
        return False
    if current is not None and current.version == program.version:
        if current.source != program.source:
            raise InvalidInput(Code.PROGRAM_VERSION_CONFLICT, version=program.version)
        return False
    session.execute(update(ProgramVersion).values(active=False))
    session.add(ProgramVersion(version=program.version, source=program.source, loaded_at=now, active=True))
    session.flush()
    activate_rewards(session, program)
    return True


def activate_rewards(session: Session, program: Program) -> None:
    """Make the rewards table the catalog of ``program``: its rewards active, every other one not."""
    session.execute(update(Reward).values(active=False))
    for r in program.rewards:
        row = session.get(Reward, r.id) or Reward(id=r.id)
        row.program_version, row.name, row.cost, row.kind, row.value, row.item = (
            program.version, r.name, r.cost, r.kind, r.value, r.item)
        row.min_tier, row.starts, row.ends, row.per_member_limit, row.active = (
            r.min_tier, r.starts, r.ends, r.per_member_limit, True)
        session.add(row)


def active(session: Session) -> Program:
    row = session.scalar(select(ProgramVersion).where(ProgramVersion.active))
    if row is None:
        raise InvalidInput(Code.NO_PROGRAM)
    return parse_program(row.source)


def version(session: Session, number: int) -> Program | None:
    row = session.get(ProgramVersion, number)
    return parse_program(row.source) if row else None
