"""The terminal database's health for `tessera-pos doctor`: plain values, the CLI formats them.

The file is inspected as it is: the integrity check and the journal mode are
read on a bare connection before SQLAlchemy (whose connections switch to WAL)
opens it, so a database that lost its WAL mode is reported, not repaired.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pos_app.store.db import current_revision, head_revision, make_engine


@dataclass(frozen=True)
class DatabaseHealth:
    path: Path
    integrity: str  # "ok", or SQLite's first complaint
    journal_mode: str  # "wal" is what the terminal runs on
    revision: str | None  # the file's schema revision
    head: str | None  # the newest revision this program knows
    size_bytes: int
    others_bits: int  # permission bits for group and others; 0 when owner-only

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.journal_mode == "wal" and self.revision == self.head

    @property
    def owner_only(self) -> bool:
        return self.others_bits == 0


def pragmas(path: Path) -> tuple[str, str]:
    """(``PRAGMA integrity_check``, ``PRAGMA journal_mode``) of the database file at ``path``."""
    conn = sqlite3.connect(path)
    try:
        integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()
    return integrity, mode


def schema_revision(path: Path) -> str | None:
    engine = make_engine(path)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def database_health(path: Path) -> DatabaseHealth | None:
    """Everything doctor reports about the database at ``path``; None when there is no such file."""
    if not path.exists():  # sqlite3.connect would create an empty one
        return None
    integrity, mode = pragmas(path)
    info = path.stat()
    return DatabaseHealth(path=path, integrity=integrity, journal_mode=mode, revision=schema_revision(path),
                          head=head_revision(), size_bytes=info.st_size, others_bits=info.st_mode & 0o077)
