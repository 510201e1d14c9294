"""Restoring a backup: refused when damaged or of another terminal, the replaced database kept aside, the
manager's PIN checked and, where the current database can be read, counted against the PIN pad lockout."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pos_app.core.errors import Code, DomainError, InvalidInput
from pos_app.store.restore import (
    authorize,
    check_backup,
    make_backup,
    readable,
    refuse_other_terminal,
    restore,
)
from tests.pos_app.conftest import dump

START = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
MANAGER_PIN = "9999"  # the demo's (pos_app.demo_data)
ANA = "2900000000018"


def demo_till(data: Path) -> Path:
    from pos_app.terminal import initialize

    initialize(data, demo=True, clock=lambda: START)
    return data / "terminal.db"


def sell(data: Path, receipt: str) -> None:
    from pos_app.terminal import Terminal

    terminal = Terminal(data, clock=lambda: START)
    try:
        terminal.sale(ANA, 10_00, receipt)
    finally:
        terminal.close()


def test_a_backup_with_bytes_overwritten_in_the_middle_is_refused(tmp_path: Path) -> None:
    path = demo_till(tmp_path / "data")
    saved = make_backup(path)
    assert check_backup(saved).members == 5
    conn = sqlite3.connect(saved)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    [root] = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ledger_entries'").fetchone()
    conn.close()
    assert 1 < root < pages  # a page in the middle of the file, holding rows
    with saved.open("r+b") as f:
        f.seek((root - 1) * page_size + 8)  # past the page header: the cell pointers and cells
        f.write(b"\xa5" * (page_size - 16))
    with pytest.raises(InvalidInput) as refused:
        check_backup(saved)
    assert refused.value.code is Code.BACKUP_UNUSABLE
    assert "integrity check" in refused.value.message and "\n" not in refused.value.message
    before = dump(path)
    assert readable(path) is not None and dump(path) == before  # the live database was not touched


def test_a_backup_of_another_data_dir_is_refused_even_when_the_database_is_gone(tmp_path: Path) -> None:
    path = demo_till(tmp_path / "mine")
    own = make_backup(path)
    other = make_backup(demo_till(tmp_path / "other"))
    foreign = check_backup(other)
    assert foreign.terminal_id and foreign.terminal_id != check_backup(own).terminal_id
    with pytest.raises(InvalidInput) as refused:
        refuse_other_terminal(path, foreign, readable(path))
    assert refused.value.code is Code.BACKUP_OTHER_TERMINAL
    path.write_bytes(b"")  # the disk lost the database: its terminal id is read from its own backups
    assert readable(path) is None
    with pytest.raises(InvalidInput) as again:
        refuse_other_terminal(path, foreign, None)
    assert again.value.params["terminal"] == check_backup(own).terminal_id
    refuse_other_terminal(path, check_backup(own), None)  # its own backup is fine


def test_restore_keeps_the_replaced_database_aside_under_a_clear_name(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = demo_till(data)
    saved = make_backup(path)
    backed_up = dump(saved)
    sell(data, "AFTER-BACKUP")
    replaced_content = dump(path)
    assert replaced_content != backed_up
    at = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    kept = restore(path, check_backup(saved), now=at)
    assert kept == data / "backups" / "replaced-20261120T083000000000Z"
    assert (kept / "terminal.db").is_file() and dump(kept / "terminal.db") == replaced_content
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sales WHERE receipt = 'AFTER-BACKUP'").fetchone() == (0,)
    assert conn.execute("SELECT value FROM sync_state WHERE key = 'restored'").fetchone() == ("1",)
    conn.close()
    assert saved.exists()  # the backup itself stays


def pin_failures(path: Path) -> tuple[int, list[str]]:
    conn = sqlite3.connect(path)
    try:
        raw = conn.execute("SELECT value FROM sync_state WHERE key = 'pin_lock'").fetchone()
        actions = [a for (a,) in conn.execute("SELECT action FROM audit_log WHERE action LIKE 'restore%'"
                                              " ORDER BY id")]
    finally:
        conn.close()
    import json

    return (json.loads(raw[0])["failures"] if raw else 0), actions


def test_a_wrong_pin_at_restore_counts_against_the_lockout_of_a_readable_database(tmp_path: Path) -> None:
    path = demo_till(tmp_path / "data")
    info = check_backup(make_backup(path))
    for n in range(1, 5):
        with pytest.raises(DomainError) as wrong:
            authorize(path, info, "0000", readable(path), now=START)
        assert wrong.value.code is Code.WRONG_PIN
        assert pin_failures(path) == (n, ["restore.failed"] * n)
    with pytest.raises(DomainError) as locked:
        authorize(path, info, "0000", readable(path), now=START)
    assert locked.value.code is Code.PIN_PAD_LOCKED
    with pytest.raises(DomainError) as still:  # even the right PIN waits for the lock to pass
        authorize(path, info, MANAGER_PIN, readable(path), now=START + timedelta(seconds=10))
    assert still.value.code is Code.PIN_LOCKED
    later = START + timedelta(minutes=2)
    manager = authorize(path, info, MANAGER_PIN, readable(path), now=later)
    assert info.pin_hashes[manager][0] == "manager"
    assert pin_failures(path) == (0, ["restore.failed"] * 5 + ["restore"])


def test_a_wrong_pin_over_a_damaged_database_is_refused_without_writing(tmp_path: Path) -> None:
    path = demo_till(tmp_path / "data")
    info = check_backup(make_backup(path))
    path.write_bytes(b"")
    for _ in range(6):  # no count where nothing can be written safely: never locked, always refused
        with pytest.raises(DomainError) as wrong:
            authorize(path, info, "0000", readable(path), now=START)
        assert wrong.value.code is Code.WRONG_PIN
    assert path.stat().st_size == 0
    assert info.pin_hashes[authorize(path, info, MANAGER_PIN, None, now=START)][0] == "manager"
