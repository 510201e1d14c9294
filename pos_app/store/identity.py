"""Key/value facts of this terminal kept in ``sync_state``: identity, server, cursors, PIN lock."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.orm import Session

from pos_app.core.pins import LockState
from pos_app.store.models import SyncState


def get(session: Session, key: str) -> str | None:
    row = session.get(SyncState, key)
    return row.value if row is not None else None


def put(session: Session, key: str, value: str | None) -> None:
    row = session.get(SyncState, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


def pin_lock(session: Session) -> LockState:
    raw = get(session, "pin_lock")
    if not raw:
        return LockState(0, None)
    data = json.loads(raw)
    until = datetime.fromisoformat(data["locked_until"]) if data.get("locked_until") else None
    return LockState(int(data["failures"]), until)


def set_pin_lock(session: Session, state: LockState) -> None:
    until = state.locked_until.isoformat() if state.locked_until else None
    put(session, "pin_lock", json.dumps({"failures": state.failures, "locked_until": until}))
