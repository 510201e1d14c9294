"""The terminal database file: migrations with backups, pragmas on every connection, permissions."""

from __future__ import annotations

import shutil
import sqlite3
import stat
import threading
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


def indexes(path: Path) -> dict[str, str]:
    """Every index of the file: name -> its table and CREATE statement (whitespace and quotes folded)."""
    conn = sqlite3.connect(path)
    try:
        return {name: f"{table}: " + " ".join((sql or "").replace('"', "").split())
                for name, table, sql in conn.execute(
                    "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name")}
    finally:
        conn.close()


def contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (alembic's own aside), in rowid order."""
    conn = sqlite3.connect(path)
    try:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                            " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in sorted(tables)}
    finally:
        conn.close()


def test_0006_keeps_every_row_and_an_upgraded_terminal_keeps_working(tmp_path: Path) -> None:
    """0006 only drops and merges indexes a sale wrote: a 0005 terminal with a history comes up on head with
    the same rows, the schema a new terminal gets, and sells, shows and quotes as before."""
    from pos_app.terminal import Terminal, initialize

    ana = "2900000000018"
    data = tmp_path / "data"
    initialize(data, demo=True, clock=lambda: START)
    terminal = Terminal(data, clock=lambda: START)
    try:
        terminal.sale(ana, 12_345, "UP-1")
        terminal.redeem(ana, "coffee")
        terminal.refund("UP-1", 12_345)  # reverses the earn: a debt if the coffee spent its points
    finally:
        terminal.close()
    path = data / "terminal.db"
    at_0005 = tmp_path / "fresh-0005.db"
    upgrade_to(at_0005, "0005")
    engine = make_engine(path)
    try:
        command.downgrade(alembic_config(engine), "0005")  # the previous schema, with today's rows
    finally:
        engine.dispose()
    assert revision_of(path) == "0005" and indexes(path) == indexes(at_0005)
    assert {"ix_ledger_unacked", "ix_outbox_member_id", "ix_sales_member_time"} <= set(indexes(path))
    before = contents(path)
    assert before["ledger_entries"] and before["outbox"] and before["sales"]

    assert migrate(path) is True
    head = tmp_path / "fresh-head.db"
    migrate(head)
    assert revision_of(path) == head_revision() and indexes(path) == indexes(head)
    after = contents(path)  # 0007 adds the audit trail's columns (name, member, card) after the old five
    assert [row[:5] for row in after.pop("audit_log")] == before["audit_log"]
    assert after == {t: rows for t, rows in before.items() if t != "audit_log"}
    [saved] = backups_of(path)
    assert revision_of(saved) == "0005" and contents(saved) == before
    terminal = Terminal(data, clock=lambda: START)
    try:
        shown = terminal.member(ana)
        quoted = terminal.quote(ana, 5_000)
        sold = terminal.sale(ana, 5_000, "UP-2")
        assert sold.points_earned == quoted.points and sold.balance == shown.balance + quoted.points
        assert terminal.member(ana).pending_ops == shown.pending_ops + 1
    finally:
        terminal.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_the_migrated_schema_is_the_models_schema(tmp_path: Path) -> None:
    """No drift either way between the migrations and pos_app.store.models (index names and columns)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from pos_app.store.models import Base

    path = tmp_path / "terminal.db"
    migrate(path)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}),
                                    Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


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


def test_the_raw_reader_is_a_set_up_read_connection_in_autocommit(tmp_path: Path) -> None:
    """The scan's plain look-ups: one connection per thread, set up as the read pool's (it comes from
    there), in autocommit (no snapshot held between look-ups), closed with the database."""
    path = tmp_path / "terminal.db"
    migrate(path)
    database = Database(path)
    try:
        with database.raw_reader() as conn:
            assert tuple(conn.execute(f"PRAGMA {name}").fetchone()[0] for name in
                         ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")) \
                == ("wal", 2, 1, db.BUSY_TIMEOUT_MS)
            assert conn.execute("SELECT COUNT(*) FROM members").fetchone() == (0,)
            assert not conn.in_transaction
        with database.raw_reader() as again:  # a writer can commit meanwhile: it holds no snapshot
            assert again is conn
            with database.transaction() as session:
                session.execute(text("INSERT INTO sync_state (key, value) VALUES ('k', 'v')"))
            assert again.execute("SELECT value FROM sync_state WHERE key = 'k'").fetchone() == ("v",)
            again.execute("BEGIN")  # left open by mistake: rolled back on the way out
        assert not conn.in_transaction
        other: list[sqlite3.Connection] = []

        def look_up() -> None:
            with database.raw_reader() as theirs:
                theirs.execute("SELECT 1").fetchone()
                other.append(theirs)

        thread = threading.Thread(target=look_up)
        thread.start()
        thread.join()
        assert other and other[0] is not conn
    finally:
        database.close()
    for closed in (conn, other[0]):
        with pytest.raises(sqlite3.ProgrammingError):
            closed.execute("SELECT 1")


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
