"""A push batch's rows written through pos_app.base.bulk read back as SQLAlchemy's own, on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, cast

from sqlalchemy import Table, insert, select, update

from pos_app.base import bulk
from sync.server.db import ServerDB
from sync.server.models import LedgerEntry, Member, Redemption, Store

ENTRIES = cast(Table, LedgerEntry.__table__)
REDEMPTIONS = cast(Table, Redemption.__table__)
AT = datetime(2026, 3, 29, 1, 30, 0, 7, tzinfo=timezone(timedelta(hours=-5)))


def entry(entry_id: str) -> dict[str, Any]:
    return {"id": entry_id, "member_id": "m1", "kind": "earn", "points": 12, "store_id": "s1",
            "terminal_id": "t1", "cashier_id": None, "receipt": "R-1", "amount": 1250, "rules_version": 3,
            "reverses": None, "created_at": AT, "recorded_at": AT + timedelta(seconds=1), "reason": None,
            "remaining": 12, "outstanding": 0, "op_id": None, "available_at": AT,
            "expires_at": AT + timedelta(days=365)}


def redemption(entry_id: str) -> dict[str, Any]:
    # online and awaiting_push left out: their column defaults are filled in as SQLAlchemy fills them
    return {"entry_id": entry_id, "op_id": f"op-{entry_id}", "member_id": "m1", "reward_id": "mug",
            "store_id": "s1", "terminal_id": "t1", "voucher": None, "created_at": AT}


def test_rows_read_back_equal(db_url: str) -> None:
    db = ServerDB(db_url)
    try:
        db.migrate()
        with db.write() as session:
            session.add(Store(id="s1", tz="UTC", created_at=AT))
            session.flush()
            session.add(Member(id="m1", card="2800000000017", name="M", store_id="s1", created_at=AT,
                               balance=0, change_seq=0, blocked=False, marketing_consent=False))
            session.flush()
            session.execute(insert(ENTRIES), [entry("by-sqlalchemy")])
            bulk.insert_rows(session, ENTRIES, [entry("by-bulk"), entry("by-bulk-2")])
            session.execute(insert(REDEMPTIONS), [redemption("by-sqlalchemy")])
            bulk.insert_rows(session, REDEMPTIONS, [redemption("by-bulk")])
            session.execute(update(ENTRIES).where(ENTRIES.c.id == "by-sqlalchemy").values(remaining=5,
                                                                                          outstanding=2))
            bulk.update_rows(session, ENTRIES, "id", [{"id": "by-bulk", "remaining": 5, "outstanding": 2}])
        with db.read() as session:
            rows = {r.id: r._asdict() for r in session.execute(select(*ENTRIES.c))}
            redeemed = {r.entry_id: r._asdict() for r in session.execute(select(*REDEMPTIONS.c))}
    finally:
        db.dispose()
    ours, theirs = rows.pop("by-bulk"), rows.pop("by-sqlalchemy")
    assert {**ours, "id": None} == {**theirs, "id": None}
    assert ours["created_at"] == AT and ours["created_at"].tzinfo is not None  # aware UTC, microseconds kept
    assert rows["by-bulk-2"]["remaining"] == 12  # the update touched its own row only
    ours, theirs = redeemed["by-bulk"], redeemed["by-sqlalchemy"]
    assert {k: v for k, v in ours.items() if k not in ("entry_id", "op_id", "id")} == \
        {k: v for k, v in theirs.items() if k not in ("entry_id", "op_id", "id")}
    assert ours["online"] is False and ours["awaiting_push"] is False
