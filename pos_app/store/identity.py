"""Key/value facts of this terminal kept in ``sync_state``: identity, server, cursors, PIN lock.

Every key is a :class:`StateKey`; how a value is written as text and read back
is decided here only: :func:`put` for writes, :func:`read` (all facts at once, typed)
for reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.core.pins import LockState
from pos_app.store.models import SyncState


class StateKey(StrEnum):
    TERMINAL_ID = "terminal_id"
    STORE_ID = "store_id"
    SERVER_URL = "server_url"
    ONLINE = "online"  # "1" or "0": the last contact with the server worked
    LAST_SYNC_AT = "last_sync_at"
    CLOCK_SKEW_SECONDS = "clock_skew_seconds"  # terminal clock minus the server's, at the last sync
    PULL_CURSOR = "pull_cursor"
    PULL_TAG = "pull_tag"  # the entity tag of the last page pulled at PULL_CURSOR: nothing new is a 304
    SEQ_BASE = "seq_base"  # outbox seq - seq_base = the op's seq on the wire (since registration)
    SERVER_PROGRAM_VERSION = "server_program_version"
    MEMBER_QR_KEYS = "member_qr_keys"  # JSON: key id -> public key text
    PIN_LOCK = "pin_lock"  # JSON: failures, locked_until
    STOCK_TAKEN = "stock_taken"  # JSON: reward id -> redemptions the server counted against its stock
    REGION = "region"  # ISO 3166 alpha-2 of the store ("RO"): phones typed without "+" are read in it
    TZ = "tz"  # the store's IANA time zone, from the server: the shop's days and hours follow it
    QR_SEEN = "qr_seen"  # JSON: replay key -> expiry of the member QR tokens used here (not in TerminalState)
    RESTORED = "restored"  # "1" after `restore`: the next push first learns the server's last seq


@dataclass(frozen=True)
class TerminalState:
    """Every fact but the PIN lock, typed, as one read gives them."""

    terminal_id: str | None = None
    store_id: str | None = None
    server_url: str | None = None
    online: bool = False
    last_sync_at: datetime | None = None
    clock_skew_seconds: float | None = None
    pull_cursor: str = ""
    pull_tag: str = ""
    seq_base: int = 0
    server_program_version: int = 0
    member_qr_keys: dict[str, str] = field(default_factory=dict)
    region: str = ""
    tz: str = ""
    restored: bool = False


Value = str | bool | int | float | datetime | None


def _text(value: Value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: bool is an int
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


# Built once; by primary key (a search, not a scan: cashier-facing use cases read it).
_READ = select(SyncState.key, SyncState.value).where(
    SyncState.key.in_([str(k) for k in StateKey if k not in (StateKey.PIN_LOCK, StateKey.QR_SEEN)]))


def read(session: Session) -> TerminalState:
    """All the facts in one SELECT."""
    raw: dict[str, str] = dict(session.execute(_READ).all())
    last, skew = raw.get(StateKey.LAST_SYNC_AT), raw.get(StateKey.CLOCK_SKEW_SECONDS)
    keys = raw.get(StateKey.MEMBER_QR_KEYS)
    return TerminalState(
        terminal_id=raw.get(StateKey.TERMINAL_ID),
        store_id=raw.get(StateKey.STORE_ID),
        server_url=raw.get(StateKey.SERVER_URL),
        online=raw.get(StateKey.ONLINE) == "1",
        last_sync_at=datetime.fromisoformat(last) if last else None,
        clock_skew_seconds=float(skew) if skew else None,
        pull_cursor=raw.get(StateKey.PULL_CURSOR) or "",
        pull_tag=raw.get(StateKey.PULL_TAG) or "",
        seq_base=int(raw.get(StateKey.SEQ_BASE) or 0),
        server_program_version=int(raw.get(StateKey.SERVER_PROGRAM_VERSION) or 0),
        member_qr_keys=json.loads(keys) if keys else {},
        region=raw.get(StateKey.REGION) or "",
        tz=raw.get(StateKey.TZ) or "",
        restored=raw.get(StateKey.RESTORED) == "1",
    )


def get(session: Session, key: StateKey) -> str | None:
    """One fact as stored (text); the use cases read :func:`read`'s typed values."""
    row = session.get(SyncState, key)
    return row.value if row is not None else None


def put(session: Session, key: StateKey, value: Value) -> None:
    """Store a fact (None deletes it): booleans as "1"/"0", datetimes in ISO format, numbers as text."""
    text = _text(value)
    row = session.get(SyncState, key)
    if text is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(SyncState(key=key, value=text))
    else:
        row.value = text


def pin_lock(session: Session) -> LockState:
    raw = get(session, StateKey.PIN_LOCK)
    if not raw:
        return LockState(0, None)
    data = json.loads(raw)
    until = datetime.fromisoformat(data["locked_until"]) if data.get("locked_until") else None
    return LockState(int(data["failures"]), until, int(data.get("series", 0)))


def set_pin_lock(session: Session, state: LockState) -> None:
    until = state.locked_until.isoformat() if state.locked_until else None
    put(session, StateKey.PIN_LOCK, json.dumps({"failures": state.failures, "locked_until": until,
                                                "series": state.series}))
