"""pos_app.base.bulk writes exactly the rows SQLAlchemy would: same stored text, same defaults."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update

from pos_app.base import bulk
from pos_app.store.db import Database, migrate
from pos_app.store.models import LedgerEntry, Member

MEMBERS, ENTRIES = Member.__table__, LedgerEntry.__table__
AT = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # a whole second: SQLAlchemy still writes .000000


def member(n: int, at: datetime) -> dict[str, Any]:
    return {"id": f"m{n}", "card": f"card{n}", "name": f"Member {n}", "phone": None, "email": None,
            "birthday": date(1990, 2, n), "marketing_consent": n % 2 == 0, "store_id": "s1", "blocked": False,
            "last_birthday_bonus_year": None, "server_balance": 5, "server_synced_at": at, "balance": 5,
            "created_at": at}


def entry(n: int, member_id: str, at: datetime) -> dict[str, Any]:
    return {"id": f"e{n}-{member_id}", "member_id": member_id, "kind": "server", "points": 5,
            "store_id": "s1", "terminal_id": "server", "cashier_id": None, "receipt": None, "amount": None,
            "rules_version": None,
            "reverses": None, "created_at": at, "recorded_at": None, "reason": "held at the server",
            "remaining": 5, "available_at": at, "expires_at": at + timedelta(days=365), "outstanding": 0,
            "acked": True}


@pytest.fixture
def db(tmp_path: Path) -> Database:
    migrate(tmp_path / "tessera.db")
    return Database(tmp_path / "tessera.db")


def stored(db: Database, table: str, *, but: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The table's rows as SQLite holds them (text, not Python values), without the columns ``but``."""
    conn = sqlite3.connect(db.path)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
        return [{k: row[k] for k in row.keys() if k not in but} for row in rows]  # noqa: SIM118 (a Row iterates values)
    finally:
        conn.close()


@pytest.mark.parametrize("at", [AT, AT.replace(microsecond=7), AT.astimezone(timezone(timedelta(hours=-5)))],
                         ids=["whole-second", "microseconds", "other-zone"])
def test_inserts_store_what_sqlalchemy_stores(db: Database, at: datetime) -> None:
    with db.transaction() as session:
        session.execute(insert(MEMBERS), [member(1, at)])
        bulk.insert_rows(session, MEMBERS, [member(2, at)])
        session.execute(insert(ENTRIES), [entry(1, "m1", at)])
        bulk.insert_rows(session, ENTRIES, [entry(1, "m2", at)])
    differ = ("id", "card", "name", "birthday", "marketing_consent")  # the two members' own values
    by_sqlalchemy, by_bulk = stored(db, "members", but=differ)
    assert by_sqlalchemy == by_bulk
    assert [m["birthday"] for m in stored(db, "members")] == ["1990-02-01", "1990-02-02"]
    by_sqlalchemy, by_bulk = stored(db, "ledger_entries", but=("id", "member_id"))
    assert by_sqlalchemy == by_bulk
    assert by_bulk["created_at"] == at.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    with db.reader() as session:  # and they read back as the same aware datetimes
        read = {m.id: (m.server_synced_at, m.base_spend) for m in session.query(Member)}
    assert read["m1"] == read["m2"] == (at, 0)  # base_spend: the column default, filled as SQLAlchemy does


def test_updates_by_key(db: Database) -> None:
    later = AT + timedelta(days=1, microseconds=3)
    with db.transaction() as session:
        bulk.insert_rows(session, MEMBERS, [member(1, AT), member(2, AT)])
        bulk.update_rows(session, MEMBERS, "id", [{"id": "m2", "balance": 9, "server_synced_at": later}])
        session.execute(update(MEMBERS).where(MEMBERS.c.id == "m1").values(balance=9, server_synced_at=later))
    with db.reader() as session:
        read = {m.id: (m.balance, m.server_synced_at) for m in session.query(Member)}
    assert read == {"m1": (9, later), "m2": (9, later)}
    first, second = stored(db, "members")
    assert first["server_synced_at"] == second["server_synced_at"] == "2026-03-30 01:30:00.000003"
    assert first["created_at"] == second["created_at"] == "2026-03-29 01:30:00.000000"


def test_naive_datetime_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="naive"), db.transaction() as session:
        bulk.insert_rows(session, MEMBERS, [member(1, AT.replace(tzinfo=None))])
    assert stored(db, "members") == []  # nothing half-written
