"""Backing up the terminal database by hand and putting a backup back in its place.

A restore never deletes anything: the database it replaces (damaged, empty or sound) and its WAL
files move into ``backups/replaced-STAMP/``. The backup is checked first (header, integrity, a
schema this program knows, the same terminal), copied beside the database with SQLite's backup
API, fsynced, and renamed into place; then the usual migration brings it to the newest schema.

What the backup does not hold is not lost: ops this till pushed after the backup are on the
server, and the restored database is marked so that its next pull starts from the beginning
(members, lots and balances as the server has them) and its next push first asks the server how
far this till's sequence got (:meth:`pos_app.sync_agent.SyncAgent.push`). Sales rung after the
backup and never pushed are gone with the damaged file; the replaced file is kept for that reason.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory

from pos_app.base.files import atomic_path, fsync_dir
from pos_app.core.errors import Code, InvalidInput
from pos_app.store import identity
from pos_app.store.db import MIGRATIONS, Database, backup, migrate
from pos_app.store.disk import BACKUPS, forget_header, header_fault, newest_backup
from pos_app.store.identity import StateKey


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    terminal_id: str | None
    revision: str | None
    members: int
    pin_hashes: dict[str, tuple[str, str]]  # cashier id -> (role, PIN hash) of the active cashiers


def _unusable(path: Path, reason: str) -> InvalidInput:
    return InvalidInput(Code.BACKUP_UNUSABLE, path=str(path), reason=reason)


def check_backup(path: Path) -> BackupInfo:
    """What the backup at ``path`` holds; InvalidInput ``backup_unusable`` unless it can be restored."""
    if not path.is_file():
        raise _unusable(path, "no such file")
    fault = header_fault(path)
    if fault is not None:
        raise _unusable(path, fault.code.value.removeprefix("storage_").replace("_", " "))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _unusable(path, str(exc)) from exc
    try:
        integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        if integrity != "ok":
            raise _unusable(path, f"integrity check: {integrity}")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        terminal = conn.execute("SELECT value FROM sync_state WHERE key = ?",
                                (StateKey.TERMINAL_ID,)).fetchone()
        members = int(conn.execute("SELECT count(*) FROM members").fetchone()[0])
        staff = conn.execute("SELECT id, role, pin_hash FROM cashiers WHERE active = 1").fetchall()
    except sqlite3.Error as exc:
        raise _unusable(path, f"not a terminal database ({exc})") from exc
    finally:
        conn.close()
    known = {s.revision for s in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}
    if revision is None or revision[0] not in known:
        raise _unusable(path, "its schema is not one this version of Tessera knows")
    return BackupInfo(path=path, terminal_id=terminal[0] if terminal else None, revision=revision[0],
                      members=members, pin_hashes={str(i): (str(r), str(h)) for i, r, h in staff})


def latest(db_path: Path) -> Path:
    found = newest_backup(db_path)
    if found is None:
        raise InvalidInput(Code.NO_BACKUP, path=str(db_path.parent / BACKUPS))
    return found


def make_backup(db_path: Path, out: Path | None = None) -> Path:
    """A consistent copy of the live database: into ``backups/`` (named by time), or to ``out``."""
    made = backup(db_path, "manual")
    if out is None:
        return made
    with atomic_path(out) as temp:
        shutil.copyfile(made, temp)
    made.unlink()
    return out


def _move_aside(db_path: Path, stamp: str) -> Path | None:
    """The current database and its WAL files into ``backups/replaced-STAMP/``; that folder, if any."""
    present = [p for p in (db_path, db_path.with_name(db_path.name + "-wal"),
                           db_path.with_name(db_path.name + "-shm")) if p.exists()]
    if not present:
        return None
    folder = db_path.parent / BACKUPS / f"replaced-{stamp}"
    folder.mkdir(mode=0o700, parents=True)
    for p in present:
        p.rename(folder / p.name)
    fsync_dir(db_path.parent)
    return folder


def restore(db_path: Path, info: BackupInfo, now: datetime | None = None) -> Path | None:
    """Put the checked backup in place of ``db_path``; returns where the replaced files went."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    staged = db_path.with_name(f".restore-{stamp}.db")
    with atomic_path(staged) as temp:
        src = sqlite3.connect(f"{info.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(temp)
            with dst:
                src.backup(dst)
            dst.close()
        finally:
            src.close()
    try:
        replaced = _move_aside(db_path, stamp)
        staged.rename(db_path)
        forget_header(db_path)
        fsync_dir(db_path.parent)
    finally:
        staged.unlink(missing_ok=True)
    migrate(db_path)
    _mark_restored(db_path)
    return replaced


def _mark_restored(db_path: Path) -> None:
    database = Database(db_path)
    try:
        with database.transaction() as session:
            identity.put(session, StateKey.PULL_CURSOR, "")  # everything again, as the server has it
            identity.put(session, StateKey.PULL_TAG, None)
            identity.put(session, StateKey.RESTORED, True)
    finally:
        database.close()
