"""Backing up the terminal database by hand and putting a backup back in its place.

A restore never deletes anything: the database it replaces (damaged, empty or sound) and its WAL
files move into ``backups/replaced-STAMP/``. The backup is checked first (header, ``PRAGMA
integrity_check``, a schema this program knows, the same terminal: the current database's id, or
when that file is damaged the id in this data dir's newest sound backup), then a manager's PIN of
the backup (a wrong one counts against the PIN pad lockout kept in the current database when that
can be read; a damaged one has nowhere safe to count it), and only then is it copied beside the
database with SQLite's backup API, fsynced, and renamed into place; then the usual migration brings
it to the newest schema (:func:`restore_checked` is the whole sequence: CLI and window).

What the backup does not hold is not lost: ops this till pushed after the backup are on the
server, and the restored database is marked so that its next pull starts from the beginning
(members, lots and balances as the server has them) and its next push first asks the server how
far this till's sequence got (:meth:`pos_app.sync_agent.SyncAgent.push`). Sales rung after the
backup and never pushed are gone with the damaged file; the replaced file is kept for that reason.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory

from pos_app.base.files import atomic_path, fsync_dir
from pos_app.core import pins
from pos_app.core.errors import Code, DomainError, InvalidInput
from pos_app.store import identity, queries
from pos_app.store.db import MIGRATIONS, Database, backup, migrate
from pos_app.store.disk import BACKUPS, forget_header, header_fault, newest_backup
from pos_app.store.identity import StateKey

MANAGER = "manager"


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
        try:
            integrity = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
        except sqlite3.DatabaseError as exc:  # pages so damaged that the check itself stops
            raise _unusable(path, f"integrity check: {exc}") from exc
        if integrity != "ok":  # SQLite lists every damaged cell on lines of its own: one line, cut short
            folded = " ".join(integrity.replace("*** in database main ***", "").split())
            raise _unusable(path, f"integrity check: {folded[:160]}{'…' if len(folded) > 160 else ''}")
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


def readable(db_path: Path) -> BackupInfo | None:
    """What the database about to be replaced holds, if it is there and sound enough to read."""
    if not db_path.exists():
        return None
    try:
        return check_backup(db_path)
    except InvalidInput:
        return None


def own_terminal(db_path: Path, current: BackupInfo | None, source: Path) -> str | None:
    """This data dir's terminal id: the current database's, else (it is damaged or gone) that of the
    newest sound backup in its ``backups/`` other than ``source``; None if nothing tells."""
    if current is not None:
        return current.terminal_id
    folder = db_path.parent / BACKUPS
    found = [p for p in folder.glob("terminal-*.db") if p.is_file()] if folder.is_dir() else []
    for candidate in sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True):
        if candidate.resolve() == source.resolve():
            continue
        try:
            return check_backup(candidate).terminal_id
        except InvalidInput:
            continue
    return None


def refuse_other_terminal(db_path: Path, info: BackupInfo, current: BackupInfo | None) -> None:
    """InvalidInput ``backup_other_terminal`` if the backup is not of this data dir's terminal."""
    mine = own_terminal(db_path, current, info.path)
    if mine and info.terminal_id != mine:
        raise InvalidInput(Code.BACKUP_OTHER_TERMINAL, path=str(info.path),
                           backup_terminal=info.terminal_id or "none", terminal=mine)


def authorize(db_path: Path, info: BackupInfo, pin: str, current: BackupInfo | None,
              now: datetime | None = None) -> str:
    """The id of the backup's manager whose PIN this is (the database being replaced may be unreadable,
    so the backup's managers decide).

    When the current database can be read (``current``), the PIN pad's lockout lives there and counts a
    wrong PIN as signing in does (audited ``restore.failed``; locked: ``pin_locked``). When it cannot, a
    wrong PIN is only refused: there is nowhere sound to count it, and the restored file brings the
    backup's own count."""
    now = now or datetime.now(UTC)
    managers = {cid: stored for cid, (role, stored) in info.pin_hashes.items() if role == MANAGER}

    def match() -> str | None:
        return next((cid for cid, stored in managers.items() if pins.verify_pin(pin, stored)), None)

    if current is None:
        found = match()
        if found is None:
            raise DomainError(Code.WRONG_PIN)
        return found
    database = Database(db_path)
    try:
        with database.transaction() as session:
            lock = identity.pin_lock(session)
            if lock.locked(now):
                seconds = int((lock.locked_until - now).total_seconds()) + 1 if lock.locked_until else 60
                raise DomainError(Code.PIN_LOCKED, seconds=seconds)
            found = match()
            after = pins.LockState(0, None) if found is not None else lock.after_failure(now)
            identity.set_pin_lock(session, after)
            queries.audit(session, now, found, "restore" if found else "restore.failed",
                          {"backup": info.path.name})
    finally:
        database.close()
    if found is None:
        if after.locked(now):
            raise DomainError(Code.PIN_PAD_LOCKED, seconds=int(pins.lockout(after.series).total_seconds()))
        raise DomainError(Code.WRONG_PIN)
    return found


@dataclass(frozen=True)
class Restored:
    source: Path
    members: int
    replaced: Path | None  # where the replaced database and its WAL files were kept, if there were any


def restore_checked(db_path: Path, source: Path, pin: str | Callable[[], str], *,
                    now: datetime | None = None, before_swap: Callable[[], None] | None = None) -> Restored:
    """The whole restore: the backup checked (sound, of this terminal), the manager's PIN (asked for only
    then, when ``pin`` is a callable), then ``before_swap`` (an open terminal closes its database) and the
    swap. Nothing is changed before the checks pass."""
    info = check_backup(source)
    current = readable(db_path)  # None when damaged or gone: then no PIN count and no terminal id there
    refuse_other_terminal(db_path, info, current)
    manager = authorize(db_path, info, pin() if callable(pin) else pin, current, now)
    if before_swap is not None:
        before_swap()
    return Restored(source=source, members=info.members, replaced=restore(db_path, info, manager=manager,
                                                                       at=now))


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


def restore(db_path: Path, info: BackupInfo, now: datetime | None = None, *,
            manager: str | None = None, at: datetime | None = None) -> Path | None:
    """Put the checked backup in place of ``db_path``; returns where the replaced files went.

    The restored database records the restore in its audit trail (``restore``, by ``manager``, at
    ``at``: the terminal's clock), in the transaction that marks it restored: the replaced database's
    trail (kept aside with it) is not the live one any more.
    """
    now = now or datetime.now(UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
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
    _mark_restored(db_path, at or now, manager, {"backup": info.path.name,
                                           "replaced_kept_in": replaced.name if replaced else ""})
    return replaced


def _mark_restored(db_path: Path, now: datetime, manager: str | None, detail: dict[str, str]) -> None:
    database = Database(db_path)
    try:
        with database.transaction() as session:
            identity.put(session, StateKey.PULL_CURSOR, "")  # everything again, as the server has it
            identity.put(session, StateKey.PULL_TAG, None)
            identity.put(session, StateKey.RESTORED, True)
            queries.audit(session, now, manager, "restore", detail)
    finally:
        database.close()
