"""The terminal database file: migrations with backups, pragmas on every connection, permissions."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from pos_app.core.errors import Code, StorageFault
from pos_app.store import db
from pos_app.store.db import Database, alembic_config, current_revision, head_revision, make_engine, migrate

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def revisions_oldest_first() -> list[str]:
    script = ScriptDirectory(str(db.MIGRATIONS))
    return [rev.revision for rev in reversed(list(script.walk_revisions("base", "heads")))]


def upgrade_to(path: Path, revision: str) -> None:
    engine = make_engine(path)
    try:
        command.upgrade(alembic_config(engine), revision)
    finally:
        engine.dispose()


def revision_of(path: Path) -> str | None:
    engine = make_engine(path)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def fill_at_0001(path: Path) -> None:
    """Rows in the tables of the very first schema (0001): identity, one member, one ledger entry."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO sync_state (key, value) VALUES ('terminal_id', 'T-OLD')")
        conn.execute(
            "INSERT INTO members (id, card, name, marketing_consent, store_id, created_at, blocked, balance,"
            " base_spend)"
            " VALUES ('m1', '2900000000018', 'Old Member', 0, 'local', '2025-01-01 10:00:00', 0, 70, 0)")
        conn.execute(
            "INSERT INTO ledger_entries (id, member_id, kind, points, store_id, terminal_id, created_at,"
            " remaining, outstanding, acked)"
            " VALUES ('e1', 'm1', 'adjust', 70, 'local', 'T-OLD', '2025-01-01 10:00:00', 70, 0, 0)")
    conn.close()


def read_old_rows(path: Path) -> tuple[object, ...]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT value FROM sync_state WHERE key = 'terminal_id'").fetchone(),
            conn.execute("SELECT card, name, balance FROM members").fetchall(),
            conn.execute("SELECT id, points FROM ledger_entries").fetchall(),
            conn.execute("PRAGMA integrity_check").fetchone(),
        )
    finally:
        conn.close()


EXPECTED_OLD_ROWS = (("T-OLD",), [("2900000000018", "Old Member", 70)], [("e1", 70)], ("ok",))


def backups_of(path: Path) -> list[Path]:
    folder = path.parent / "backups"
    return sorted(folder.glob("*.db")) if folder.exists() else []


# --- migrations ---------------------------------------------------------------------------------------------


def test_a_new_database_is_created_at_head_without_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    assert migrate(path) is True
    assert revision_of(path) == head_revision()
    assert backups_of(path) == []


def test_an_empty_file_is_refused_not_given_a_fresh_schema(tmp_path: Path) -> None:
    """A 0-byte terminal.db once held a till's sales: it is reported (exit 3), never re-created empty."""
    path = tmp_path / "terminal.db"
    path.touch()
    with pytest.raises(StorageFault) as refused:
        migrate(path)
    assert refused.value.code is Code.STORAGE_EMPTY
    assert path.stat().st_size == 0 and backups_of(path) == []


def test_a_missing_file_is_created_at_the_newest_schema(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    assert migrate(path) is True
    assert revision_of(path) == head_revision()
    assert backups_of(path) == []


def test_reopening_a_current_database_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    migrate(path)
    fill_at_0001(path)
    assert migrate(path) is False
    assert migrate(path) is False
    assert backups_of(path) == []
    assert read_old_rows(path) == EXPECTED_OLD_ROWS


def test_the_oldest_revision_with_data_reaches_head(tmp_path: Path) -> None:
    """From the first schema ever shipped, with data in it, to today's head (whatever it is now)."""
    path = tmp_path / "terminal.db"
    revisions = revisions_oldest_first()
    assert revisions[-1] == head_revision()
    upgrade_to(path, revisions[0])
    assert revision_of(path) == revisions[0]
    fill_at_0001(path)
    changed = migrate(path)
    assert revision_of(path) == head_revision()
    assert read_old_rows(path) == EXPECTED_OLD_ROWS
    if len(revisions) == 1:
        assert changed is False
        assert backups_of(path) == []
    else:
        assert changed is True
        [saved] = backups_of(path)
        assert read_old_rows(saved) == EXPECTED_OLD_ROWS
        assert revision_of(saved) == revisions[0]


NEXT_REVISION = '''"""test-only next schema"""
import sqlalchemy as sa
from alembic import op

revision = "9999_next"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=False, server_default="friend"))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("nickname")
'''


@pytest.fixture
def next_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A copy of the real migrations plus one more revision on top of head, used by pos_app.store.db."""
    head = head_revision()
    assert head is not None
    folder = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9999_next.py").write_text(NEXT_REVISION.format(head=head), encoding="utf-8")
    monkeypatch.setattr(db, "MIGRATIONS", folder)
    yield head


def test_an_older_database_with_data_is_backed_up_then_migrated(tmp_path: Path, next_schema: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "terminal.db"
    upgrade_to(path, next_schema)
    fill_at_0001(path)
    assert migrate(path) is True
    assert revision_of(path) == "9999_next"
    assert read_old_rows(path) == EXPECTED_OLD_ROWS
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT nickname FROM members").fetchall() == [("friend",)]
    conn.close()
    [saved] = backups_of(path)
    assert saved.name.startswith("terminal-") and saved.name.endswith("-before-9999_next.db")
    assert revision_of(saved) == next_schema
    assert read_old_rows(saved) == EXPECTED_OLD_ROWS
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
    assert migrate(path) is False
    assert len(backups_of(path)) == 1


def test_opening_a_terminal_on_an_older_database_migrates_it(tmp_path: Path, next_schema: str) -> None:
    from pos_app.terminal import Terminal, initialize

    data = tmp_path / "data"
    # initialize on today's head (the monkeypatched MIGRATIONS would go one further)
    path = data / "terminal.db"
    data.mkdir(mode=0o700)
    upgrade_to(path, next_schema)
    initialize(data, clock=lambda: START)  # migrates to 9999_next with a backup first
    assert revision_of(path) == "9999_next"
    assert len(backups_of(path)) == 1
    terminal = Terminal(data, clock=lambda: START)
    try:
        assert terminal.enroll("After Migration").points == 50
    finally:
        terminal.close()
    assert len(backups_of(path)) == 1


# --- pragmas ------------------------------------------------------------------------------------------------


def pragmas(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as conn:
        return tuple(conn.execute(text(f"PRAGMA {name}")).scalar() for name in
                     ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"))


def test_every_connection_gets_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    migrate(path)
    database = Database(path)
    try:
        for engine in (database.engine, database.read_engine):
            assert pragmas(engine) == ("wal", 2, 1, db.BUSY_TIMEOUT_MS)
        # several pooled reader connections at once (writers take the write lock, one at a time), each set up
        with database.read_engine.connect() as a, database.read_engine.connect() as b:
            for conn in (a, b):
                assert conn.execute(text("PRAGMA synchronous")).scalar() == 2
                assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        with database.reader() as session:
            assert session.execute(text("PRAGMA synchronous")).scalar() == 2
        with pytest.raises(IntegrityError), database.transaction() as session:
            session.execute(text(
                "INSERT INTO ledger_entries (id, member_id, kind, points, store_id, terminal_id, created_at,"
                " remaining, outstanding, acked) VALUES ('x', 'no-such-member', 'adjust', 1, 's', 't',"
                " '2026-01-01', 0, 0, 0)"))
    finally:
        database.close()
    plain = sqlite3.connect(path)
    assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # persistent in the file
    assert plain.execute("SELECT COUNT(*) FROM ledger_entries").fetchone() == (0,)
    plain.close()


def test_writers_begin_immediate(tmp_path: Path) -> None:
    """A writer holds the write lock from its first statement: a second one waits instead of deadlocking."""
    path = tmp_path / "terminal.db"
    migrate(path)
    database = Database(path)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with database.transaction() as session:
            session.execute(text("SELECT 1"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with database.reader() as session:
            session.execute(text("SELECT 1"))
            other.execute("BEGIN IMMEDIATE")  # readers take no write lock
            other.execute("ROLLBACK")
    finally:
        other.close()
        database.close()


# --- permissions --------------------------------------------------------------------------------------------


def test_initialize_makes_owner_only_files(tmp_path: Path) -> None:
    from pos_app.terminal import Terminal, initialize

    data = tmp_path / "data"
    initialize(data, clock=lambda: START)
    assert stat.S_IMODE((data / "terminal.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    terminal = Terminal(data, clock=lambda: START)
    try:
        terminal.enroll("Writes The WAL")
        wal = data / "terminal.db-wal"
        assert wal.exists()
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    finally:
        terminal.close()


def test_backup_is_a_consistent_owner_only_copy(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    migrate(path)
    fill_at_0001(path)
    saved = db.backup(path, "manual")
    assert saved.parent == tmp_path / "backups"
    assert saved.name.endswith("-manual.db")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert read_old_rows(saved) == EXPECTED_OLD_ROWS


# --- checkpoints --------------------------------------------------------------------------------------------


def test_writers_leave_checkpoints_to_the_background_thread(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    migrate(path)
    database = Database(path)
    try:
        with database.engine.connect() as conn:
            assert (conn.execute(text("PRAGMA wal_autocheckpoint")).scalar()
                    == db.AUTOCHECKPOINT_BACKSTOP_PAGES)
        for n in range(20):
            with database.transaction() as session:
                session.execute(text("INSERT INTO sync_state (key, value) VALUES (:k, 'v')"),
                                {"k": f"key-{n}"})
        assert (tmp_path / "terminal.db-wal").stat().st_size > 0
        database.checkpointer.close()  # runs the pending checkpoint, then stops
        assert database.checkpointer.checkpoints >= 1
        # the main database file alone (the WAL ignored) already holds every committed row
        main_file = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        try:
            assert main_file.execute("SELECT COUNT(*) FROM sync_state"
                                     " WHERE key LIKE 'key-%'").fetchone() == (20,)
        finally:
            main_file.close()
        with database.transaction() as session:  # the database still works without the thread
            session.execute(text("INSERT INTO sync_state (key, value) VALUES ('after', 'v')"))
    finally:
        database.close()
