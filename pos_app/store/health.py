"""The terminal's storage health for `tessera-pos doctor`: plain values, the CLI formats them.

The file is inspected as it is and never written: its header is read before SQLite opens it (a
0-byte or damaged file is reported, not turned into an empty schema), then the integrity check,
the journal mode and the schema revision are read on a read-only connection, so doctor also runs
on a read-only data dir, and a database that lost its WAL mode is reported, not repaired.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pos_app.store.db import head_revision
from pos_app.store.disk import header_fault, newest_backup, writable_fault

LOW_DISK_BYTES = 50 * 1024 * 1024  # below this a sale may fail: doctor fails
TIGHT_DISK_BYTES = 500 * 1024 * 1024  # below this doctor warns


@dataclass(frozen=True)
class DatabaseHealth:
    path: Path
    integrity: str  # "ok", or what is wrong (SQLite's first complaint, or the header's)
    journal_mode: str  # "wal" is what the terminal runs on
    revision: str | None  # the file's schema revision
    head: str | None  # the newest revision this program knows
    size_bytes: int
    others_bits: int  # permission bits for group and others; 0 when owner-only
    writable: bool

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.journal_mode == "wal" and self.revision == self.head

    @property
    def owner_only(self) -> bool:
        return self.others_bits == 0


@dataclass(frozen=True)
class DiskHealth:
    data_dir_writable: bool
    free_bytes: int
    newest_backup: Path | None
    backup_age_days: float | None


def _connect_read_only(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A read-only connection, and whether it is ``immutable``.

    mode=ro still needs the WAL index beside the file; a read-only folder may not have one, and then
    only immutable=1 can read the file (it ignores a WAL, so doctor reads what was checkpointed, and
    SQLite then reports the journal mode as "delete" whatever the file says).
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn, False
    except sqlite3.OperationalError:
        return sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True), True


def _header_journal_mode(path: Path) -> str:
    with path.open("rb") as f:
        header = f.read(20)
    return "wal" if header[18:20] == b"\x02\x02" else "delete"


def inspect(path: Path) -> tuple[str, str, str | None]:
    """(integrity, journal mode, schema revision) of the database file at ``path``, read-only."""
    fault = header_fault(path)
    if fault is not None:
        return fault.message, "unknown", None
    try:
        conn, immutable = _connect_read_only(path)
    except sqlite3.Error as exc:
        return f"cannot open: {exc}", "unknown", None
    try:
        integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        mode = (_header_journal_mode(path) if immutable
                else str(conn.execute("PRAGMA journal_mode").fetchone()[0]))
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return integrity, mode, str(row[0]) if row else None
    except sqlite3.Error as exc:  # damaged pages: integrity_check itself can give up
        return f"damaged ({exc}): restore a backup with `tessera-pos restore FILE`", "unknown", None
    finally:
        conn.close()


def database_health(path: Path) -> DatabaseHealth | None:
    """Everything doctor reports about the database at ``path``; None when there is no such file."""
    if not path.exists():  # sqlite3.connect would create an empty one
        return None
    integrity, mode, revision = inspect(path)
    info = path.stat()
    return DatabaseHealth(path=path, integrity=integrity, journal_mode=mode, revision=revision,
                          head=head_revision(), size_bytes=info.st_size, others_bits=info.st_mode & 0o077,
                          writable=writable_fault(path) is None)


@dataclass(frozen=True)
class QueueHealth:
    pending: int  # ops the server has not answered yet
    oldest_pending: datetime | None  # when the oldest of them was made
    dead_letters: int  # ops the server rejected: kept, listed by `tessera-pos sync --rejected`


def queue_health(path: Path) -> QueueHealth | None:
    """The outbox of the database at ``path``, read-only; None when it cannot be read."""
    try:
        conn, _immutable = _connect_read_only(path)
    except sqlite3.Error:
        return None
    try:
        pending, oldest = conn.execute(
            "SELECT count(*), min(created_at) FROM outbox WHERE status = 'pending'").fetchone()
        dead = conn.execute("SELECT count(*) FROM outbox WHERE status = 'rejected'").fetchone()[0]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    # Stored as UTCDateTime writes it: naive UTC text.
    at = datetime.fromisoformat(oldest).replace(tzinfo=UTC) if oldest else None
    return QueueHealth(pending=int(pending), oldest_pending=at, dead_letters=int(dead))


def disk_health(data_dir: Path, db_path: Path, now: datetime | None = None) -> DiskHealth:
    now = now or datetime.now(UTC)
    newest = newest_backup(db_path)
    age = None if newest is None else (now.timestamp() - newest.stat().st_mtime) / 86400
    writable = data_dir.is_dir() and os.access(data_dir, os.W_OK | os.X_OK)
    free = shutil.disk_usage(data_dir if data_dir.is_dir() else data_dir.parent).free
    return DiskHealth(data_dir_writable=writable, free_bytes=free, newest_backup=newest, backup_age_days=age)
