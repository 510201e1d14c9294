"""Floors for the sync benchmark, measured in the same run as the figures they sit beside.

- push floor: plain SQL (SQLAlchemy Core executemany, no ORM, no rules) writing the rows a sale op
  leaves on the server: its ops row, its ledger entry, its sale, and the member's balance, one
  transaction per batch of the same size as a push, into a freshly migrated database of the same schema
  (same indexes) on the same backend;
- pull floor: ``GET /healthz`` on the same server from one kept-alive client.
"""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import bindparam, insert, update

from sync.server.db import ServerDB
from sync.server.models import LedgerEntry, Member, Op, Sale, Store

BATCH = 500  # the agent's push batch (sync.protocol.MAX_BATCH)


def push_floor(url: str, ops: int, members: int = 1000) -> float:
    """Ops per second of the plain row writes of ``ops`` sale ops, in batches of BATCH."""
    db = ServerDB(url)
    try:
        db.migrate()
        now = datetime.now(UTC)
        member_ids = [str(uuid.uuid4()) for _ in range(members)]
        with db.engine.begin() as conn:
            conn.execute(insert(Store.__table__), [{"id": "floor", "tz": "UTC",
                                                     "created_at": now}])
            conn.execute(insert(Member.__table__), [
                {"id": mid, "card": f"F{n:012d}", "name": f"Floor {n}", "store_id": "floor", "balance": 0,
                 "change_seq": 0, "created_at": now, "blocked": False, "marketing_consent": False}
                for n, mid in enumerate(member_ids)])
        start = time.perf_counter()
        for first in range(0, ops, BATCH):
            _write_batch(db, range(first, min(first + BATCH, ops)), member_ids, now)
        return ops / (time.perf_counter() - start)
    finally:
        db.dispose()


def _write_batch(db: ServerDB, numbers: range, member_ids: list[str], now: datetime) -> None:
    entries, sales, op_rows, balances = [], [], [], {}
    for n in numbers:
        member = member_ids[n % len(member_ids)]
        entry = str(uuid.uuid4())
        entries.append({"id": entry, "member_id": member, "kind": "earn", "points": 10, "store_id": "floor",
                        "terminal_id": "floor", "cashier_id": None, "amount": 1000, "rules_version": 1,
                        "created_at": now, "reason": None, "remaining": 10, "outstanding": 0,
                        "available_at": now, "expires_at": now + timedelta(days=365), "receipt": f"R{n}",
                        "reverses": None, "recorded_at": now, "op_id": None})
        sales.append({"earn_entry_id": entry, "terminal_id": "floor", "store_id": "floor", "receipt": f"R{n}",
                      "receipt_key": f"r{n}", "member_id": member, "amount": 1000, "refunded_amount": 0,
                      "points_earned": 10, "bonus_entry_id": None, "created_at": now})
        op_rows.append({"op_id": str(uuid.uuid4()), "terminal_id": "floor", "seq": n + 1, "kind": "sale",
                        "member_id": member, "status": "applied", "answer": '{"status":"applied"}',
                        "payload": "{}", "created_at": now, "received_at": now})
        balances[member] = balances.get(member, 0) + 10
    members = Member.__table__
    with db.engine.begin() as conn:
        conn.execute(insert(LedgerEntry.__table__), entries)
        conn.execute(insert(Sale.__table__), sales)
        conn.execute(insert(Op.__table__), op_rows)
        conn.execute(update(members).where(members.c.id == bindparam("m_id"))
                     .values(balance=members.c.balance + bindparam("m_add")),
                     [{"m_id": m, "m_add": add} for m, add in balances.items()])


def request_times(client: httpx.Client, path: str, count: int, **kwargs: object) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        answer = client.get(path, **kwargs)  # type: ignore[arg-type]
        times.append(time.perf_counter() - start)
        if answer.status_code not in (200, 304):
            raise AssertionError(f"{path}: HTTP {answer.status_code}")
    return times


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000
