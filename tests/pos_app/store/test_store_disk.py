"""pos_app.store.disk: SQLite's own storage errors, raised for real, become StorageFault with their code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_app.core.errors import Code, StorageFault
from pos_app.store.db import Database, migrate
from pos_app.store.disk import as_fault, header_fault


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "terminal.db"
    migrate(path)
    return path


def test_a_full_database_is_storage_full(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count={pages}")  # SQLite answers SQLITE_FULL as on a full disk
    with pytest.raises(sqlite3.Error) as raised:
        conn.execute("CREATE TABLE filler (x BLOB)")
        conn.execute("INSERT INTO filler VALUES (zeroblob(1000000))")
    conn.close()
    fault = as_fault(db_path, raised.value)
    assert fault is not None and fault.code is Code.STORAGE_FULL


def test_a_write_on_a_read_only_connection_is_storage_readonly(db_path: Path) -> None:
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.Error) as raised:
        conn.execute("DELETE FROM members")
    conn.close()
    fault = as_fault(db_path, raised.value)
    assert fault is not None and fault.code is Code.STORAGE_READONLY


def test_a_constraint_error_is_not_a_storage_fault(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError) as raised:
        conn.execute("INSERT INTO t VALUES (1)")
    conn.close()
    assert as_fault(db_path, raised.value) is None


def test_database_transactions_raise_the_fault_of_a_damaged_page(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sync_state'").fetchone()[0]
    conn.close()
    with db_path.open("r+b") as f:
        f.seek((root - 1) * page)
        f.write(b"\xff" * page)
    assert header_fault(db_path) is None  # the header is sound: only reading the page tells
    database = Database(db_path)
    try:
        with pytest.raises(StorageFault) as raised, database.reader() as session:
            session.execute(text("SELECT * FROM sync_state")).all()
    finally:
        database.close()
    assert raised.value.code is Code.STORAGE_CORRUPT


@pytest.mark.parametrize(("content", "code"), [
    (b"", Code.STORAGE_EMPTY),
    (b"PK\x03\x04 a zip file, not a database" + b"\x00" * 100, Code.STORAGE_NOT_DATABASE),
])
def test_headers_that_are_not_a_database(tmp_path: Path, content: bytes, code: Code) -> None:
    path = tmp_path / "terminal.db"
    path.write_bytes(content)
    fault = header_fault(path)
    assert fault is not None and fault.code is code


def test_a_second_open_in_one_process_does_not_touch_the_file(db_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing any descriptor of the file would drop this process's SQLite locks (POSIX), letting
    another process's write damage it: once a connection exists, only stat is used."""
    first = Database(db_path)
    try:
        with first.reader() as session:
            session.execute(text("SELECT count(*) FROM members")).all()
        real_open = Path.open

        def guarded(self: Path, *args: object, **kwargs: object) -> object:
            assert self.resolve() != db_path.resolve(), "the database file was opened beside SQLite"
            return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(Path, "open", guarded)
        second = Database(db_path)
        migrate(db_path)
        second.close()
    finally:
        first.close()
