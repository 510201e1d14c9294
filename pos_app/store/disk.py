"""Telling a usable terminal database from a broken one, and SQLite's storage errors as StorageFault.

A damaged file must never be "repaired" by opening it: SQLite would happily turn a 0-byte file
into a fresh, empty schema, and the till would go on selling on a database that forgot every
member. So the file's header is read before SQLite touches it, and every storage error SQLite
raises later (damaged pages, a read-only file, a full disk) becomes a :class:`StorageFault` that
names the file and what to do (CLI exit code 3). Nothing here writes anything.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from pos_app.core.errors import Code, StorageFault

HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
BACKUPS = "backups"

# SQLite's primary result codes (the low byte of an extended code) that say the storage is at fault.
SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT = 8, 10, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26


def newest_backup(db_path: Path) -> Path | None:
    """The most recent backup beside ``db_path`` (daily, before a migration, or made by hand)."""
    folder = db_path.parent / BACKUPS
    if not folder.is_dir():
        return None
    found = [p for p in folder.glob("terminal-*.db") if p.is_file()]
    return max(found, key=lambda p: (p.stat().st_mtime, p.name)) if found else None


def _backup_hint(db_path: Path) -> str:
    newest = newest_backup(db_path)
    return str(newest) if newest is not None else "none"


TRUNCATED_LOOKS, TRUNCATED_WAIT_S = 5, 0.05  # up to a quarter second for a checkpoint to finish


def header_fault(path: Path) -> StorageFault | None:
    """What is wrong with the file at ``path`` as far as its size and 100-byte header tell; None if
    nothing is (which does not prove the pages inside are sound: ``PRAGMA integrity_check`` does).

    Never call it while this process has a connection to the file (see require_usable).

    A file shorter than its header says is read again a few times first: another process's checkpoint
    writes page 1 (with the new page count) before the pages that lengthen the file, so for a few
    milliseconds a sound database looks truncated; a truncated one still is after the last look.
    """
    fault = _header_fault(path)
    for _ in range(TRUNCATED_LOOKS):
        if fault is None or fault.code != Code.STORAGE_TRUNCATED:
            break
        time.sleep(TRUNCATED_WAIT_S)
        fault = _header_fault(path)
    return fault


def _header_fault(path: Path) -> StorageFault | None:
    size = path.stat().st_size
    if size == 0:
        return StorageFault(Code.STORAGE_EMPTY, path=str(path), backup=_backup_hint(path))
    with path.open("rb") as f:
        header = f.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(HEADER):
        return StorageFault(Code.STORAGE_NOT_DATABASE, path=str(path), backup=_backup_hint(path))
    raw_page = int.from_bytes(header[16:18], "big")
    page_size = 65536 if raw_page == 1 else raw_page
    if page_size < 512 or page_size & (page_size - 1):
        return StorageFault(Code.STORAGE_NOT_DATABASE, path=str(path), backup=_backup_hint(path))
    pages = int.from_bytes(header[28:32], "big")
    # The in-header page count is only valid when the change counter matches "version valid for".
    if pages and header[24:28] == header[92:96] and size < pages * page_size:
        return StorageFault(Code.STORAGE_TRUNCATED, path=str(path), size=f"{size:,}",
                            expected=f"{pages * page_size:,}", backup=_backup_hint(path))
    return None


def writable_fault(path: Path) -> StorageFault | None:
    """The database file and its folder must be writable: WAL writes beside the file."""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return StorageFault(Code.STORAGE_READONLY, path=str(path))
    return None


# Closing any descriptor of a file drops every POSIX lock this process holds on it, SQLite's too: the
# header may only be read before this process has a connection to the file. So it is read once per
# file and process (the first open comes before any connection); later opens check what stat tells.
_HEADER_READ: set[str] = set()
_HEADER_LOCK = threading.Lock()


def require_usable(path: Path) -> None:
    """Raise the StorageFault of an existing database file that cannot be used as it is."""
    key = str(path.resolve())
    with _HEADER_LOCK:
        first = key not in _HEADER_READ
        fault: StorageFault | None = None
        if path.stat().st_size == 0:
            fault = StorageFault(Code.STORAGE_EMPTY, path=str(path), backup=_backup_hint(path))
        else:
            fault = header_fault(path) if first else None
            if fault is None:
                _HEADER_READ.add(key)
    fault = fault or writable_fault(path)
    if fault is not None:
        raise fault


def forget_header(path: Path) -> None:
    """The file at ``path`` was replaced (a restore) and has no connection here: read its header again."""
    with _HEADER_LOCK:
        _HEADER_READ.discard(str(path.resolve()))


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code behind ``exc`` (a sqlite3 error, or one SQLAlchemy wrapped)."""
    error = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def as_fault(path: Path, exc: BaseException) -> StorageFault | None:
    """The StorageFault SQLite's error ``exc`` stands for; None if it is not a storage error."""
    code = sqlite_code(exc)
    detail = str(exc.orig if isinstance(exc, DBAPIError) else exc)
    if code == SQLITE_FULL:
        return StorageFault(Code.STORAGE_FULL, path=str(path))
    if code == SQLITE_READONLY:
        return StorageFault(Code.STORAGE_READONLY, path=str(path))
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return StorageFault(Code.STORAGE_CORRUPT, path=str(path), reason=detail, backup=_backup_hint(path))
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN):
        return StorageFault(Code.STORAGE_IO, path=str(path), reason=detail)
    return None


def raise_as_fault(path: Path, exc: BaseException) -> None:
    """Re-raise ``exc`` as its StorageFault if it is one (call from an ``except`` block)."""
    fault = as_fault(path, exc)
    if fault is not None:
        raise fault from exc


STORAGE_ERRORS = (sqlite3.Error, DBAPIError)
