"""A failed migration is undone from the backup taken just before it; backups before migrations and daily.

The failures here are real SQLite constraint violations raised inside a migration, after earlier steps of
the same upgrade (or of the same revision) changed the schema and the rows: the database must come back
with exactly the content it had, and the error must be one line with a stable code.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command

from pos_app.core.errors import Code, StorageFault
from pos_app.store import db
from pos_app.store.db import (
    KEEP_DAILY_BACKUPS,
    alembic_config,
    current_revision,
    daily_backup,
    head_revision,
    make_engine,
    migrate,
)
from tests.pos_app.conftest import dump

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
UNDONE = pytest.mark.allow_log("tessera.store", "failed and was undone", level="ERROR")


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


def backups_of(path: Path) -> list[Path]:
    folder = path.parent / "backups"
    return sorted(folder.glob("*.db")) if folder.exists() else []


def add_members(path: Path) -> None:
    """Two members of one store, plus identity and a ledger entry (columns of schema 0001 only)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO sync_state (key, value) VALUES ('terminal_id', 'T-OLD')")
        for n, card in enumerate(("2900000000018", "2900000000025"), 1):
            conn.execute(
                "INSERT INTO members (id, card, name, marketing_consent, store_id, created_at, blocked,"
                " balance, base_spend) VALUES (?, ?, ?, 0, 'local', '2025-01-01 10:00:00', 0, 70, 0)",
                (f"m{n}", card, f"Member {n}"))
        conn.execute(
            "INSERT INTO ledger_entries (id, member_id, kind, points, store_id, terminal_id, created_at,"
            " remaining, outstanding, acked)"
            " VALUES ('e1', 'm1', 'adjust', 70, 'local', 'T-OLD', '2025-01-01 10:00:00', 70, 0, 0)")
    conn.close()


def add_orphan_voucher(path: Path) -> None:
    """A voucher naming a ledger entry that is not there (foreign keys are off on a plain connection).

    Revision 0004 rebuilds the vouchers table with its foreign keys on: copying this row violates them."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO vouchers (code, entry_id, member_id, reward_id, cost, created_at)"
                     " VALUES ('V-ORPHAN', 'no-such-entry', 'm1', 'coffee', 100, '2025-01-02 10:00:00')")
    conn.close()


# --- a failed migration is undone -----------------------------------------------------------------------


@UNDONE
def test_a_migration_failing_on_a_foreign_key_puts_the_database_back(tmp_path: Path) -> None:
    """From 0001, 0002 and 0003 change the schema and the rows; 0004 then fails on a real foreign-key
    violation: the file is back at 0001 with exactly its rows, and the backup is still in backups/."""
    path = tmp_path / "terminal.db"
    upgrade_to(path, "0001")
    add_members(path)
    add_orphan_voucher(path)
    before = dump(path)

    with pytest.raises(StorageFault) as refused:
        migrate(path)
    fault = refused.value
    assert fault.code is Code.MIGRATION_FAILED
    assert "\n" not in fault.message and str(path) in fault.message
    assert f"from schema 0001 to {head_revision()}" in fault.message
    assert "FOREIGN KEY constraint failed" in fault.message
    assert revision_of(path) == "0001"
    assert dump(path) == before
    wal = path.with_name("terminal.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    [saved] = backups_of(path)
    assert refused.value.params["backup"] == str(saved) and dump(saved) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staged copy left

    # the next open tries again (and fails the same way): still nothing lost, one more backup
    with pytest.raises(StorageFault):
        migrate(path)
    assert dump(path) == before and len(backups_of(path)) == 2

    # once the orphan row is dealt with, the same file migrates to head with its rows
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM vouchers WHERE code = 'V-ORPHAN'")
    conn.close()
    assert migrate(path) is True
    assert revision_of(path) == head_revision()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT card, name FROM members ORDER BY card").fetchall() == [
        ("2900000000018", "Member 1"), ("2900000000025", "Member 2")]
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()


BROKEN_REVISION = '''"""test-only next schema that changes rows, then violates a constraint"""
import sqlalchemy as sa
from alembic import op

revision = "9999_broken"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=False, server_default="friend"))
    op.execute("UPDATE members SET name = name || ' (changed)', balance = 0")
    op.execute("UPDATE ledger_entries SET points = 0, remaining = 0")
    op.execute("INSERT INTO sync_state (key, value) VALUES ('upgrade_note', 'one')")
    op.execute("INSERT INTO sync_state (key, value) VALUES ('upgrade_note', 'two')")  # primary key: fails


def downgrade() -> None:
    pass
'''


@pytest.fixture
def broken_next(tmp_path: Path) -> Path:
    """A copy of the real migrations plus one more on top of head that fails half-way (not yet in use)."""
    folder = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9999_broken.py").write_text(BROKEN_REVISION.format(head=head_revision()),
                                                        encoding="utf-8")
    return folder


@UNDONE
def test_a_step_that_changed_rows_then_failed_is_undone(tmp_path: Path, broken_next: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A demo till with sales on today's head meets a next version whose migration breaks half-way."""
    from pos_app.terminal import Terminal, initialize

    head = head_revision()
    data = tmp_path / "data"
    initialize(data, demo=True, clock=lambda: START)
    terminal = Terminal(data, clock=lambda: START)
    try:
        terminal.sale("2900000000018", 12_345, "BEFORE-UPGRADE")
    finally:
        terminal.close()
    path = data / "terminal.db"
    before = dump(path)
    monkeypatch.setattr(db, "MIGRATIONS", broken_next)  # the next version is installed
    with pytest.raises(StorageFault) as refused:
        Terminal(data, clock=lambda: START)  # what the window and every command do at start
    fault = refused.value
    assert fault.code is Code.MIGRATION_FAILED and "\n" not in fault.message
    assert f"from schema {head} to 9999_broken" in fault.message
    assert "UNIQUE constraint failed: sync_state.key" in fault.message
    assert revision_of(path) == head
    assert dump(path) == before
    conn = sqlite3.connect(path)
    names = conn.execute("SELECT name FROM members").fetchall()
    assert len(names) == 5 and all("(changed)" not in name for (name,) in names)
    assert conn.execute("SELECT count(*) FROM ledger_entries").fetchone()[0] > 0
    conn.close()
    [saved] = backups_of(path)
    assert saved.name.endswith("-before-9999_broken.db") and dump(saved) == before
    monkeypatch.setattr(db, "MIGRATIONS", db.Path(db.__file__).with_name("migrations"))  # back to today's
    terminal = Terminal(data, clock=lambda: START)  # the previous version reinstalled: sells as before
    try:
        assert terminal.sale("2900000000018", 1_000, "AFTER-UNDO").points_earned > 0
    finally:
        terminal.close()


@UNDONE
def test_a_new_database_whose_migration_fails_leaves_no_file(tmp_path: Path, broken_next: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A brand-new file has nothing to lose: it is removed, so the next start begins afresh."""
    monkeypatch.setattr(db, "MIGRATIONS", broken_next)
    path = tmp_path / "terminal.db"
    with pytest.raises(StorageFault) as refused:
        migrate(path)
    assert refused.value.code is Code.MIGRATION_FAILED and refused.value.params["backup"] == "none"
    assert "UNIQUE constraint failed: sync_state.key" in refused.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["migrations"]  # no database, no WAL, no backup


# --- backups --------------------------------------------------------------------------------------------


def test_daily_backups_keep_the_newest_fourteen(tmp_path: Path) -> None:
    path = tmp_path / "terminal.db"
    migrate(path)
    add_members(path)
    days = [f"202611{d:02d}" for d in range(1, 21)]  # twenty days, one call (or two) each
    for day in days:
        assert daily_backup(path, day) is not None
        assert daily_backup(path, day) is None  # once a day only
    kept = sorted(p.name[len("terminal-"):len("terminal-") + 8] for p in backups_of(path))
    assert KEEP_DAILY_BACKUPS == 14 and kept == days[-14:]
    manual = db.backup(path, "manual")
    before = db.backup(path, "before-0007")
    daily_backup(path, "20261121")
    names = {p.name for p in backups_of(path)}
    assert manual.name in names and before.name in names  # pruning touches only the daily ones
    assert len([n for n in names if n.endswith("-daily.db")]) == 14
    for saved in backups_of(path):
        conn = sqlite3.connect(saved)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM members").fetchone() == (2,)
        conn.close()


@UNDONE
def test_backups_of_a_migration_retried_at_every_start_are_bounded(tmp_path: Path) -> None:
    """Each failed try leaves its backup (all alike: the failure was undone); the newest 14 stay."""
    path = tmp_path / "terminal.db"
    upgrade_to(path, "0001")
    add_members(path)
    add_orphan_voucher(path)
    before = dump(path)
    manual = db.backup(path, "manual")
    for _ in range(KEEP_DAILY_BACKUPS + 3):
        with pytest.raises(StorageFault):
            migrate(path)
    kept = [p for p in backups_of(path) if "-before-" in p.name]
    assert len(kept) == KEEP_DAILY_BACKUPS and all(dump(p) == before for p in kept)
    assert manual.exists() and dump(path) == before
