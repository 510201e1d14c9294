"""Program health benchmark (not a test): HQ's health and liability report on a chain-sized ledger.

    .venv/bin/python bench/health_bench.py [--pg URL] [--members 100000] [--entries 1000000]
                                           [--out bench/HEALTH_RESULTS.md]

For SQLite, and PostgreSQL when ``--pg`` or TESSERA_TEST_PG_URL is given: a freshly migrated server
database filled by bulk inserts with ``--members`` members in 20 stores and about ``--entries`` ledger
entries over 15 months (sales with their earn entries, redemptions, expiries, open lots and debts), then
``sync.server.insight.health`` for the whole chain and for one store, each 5 times: the median beside
the FLOOR, measured in the same run on the same database: one plain full scan of the ledger
(``SELECT count(*), sum(points) FROM ledger_entries``). Target: under 2 s for 1 million entries.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pgschema import drop_schema, pg_schema_url
from pos_app.base import bulk
from sync.server import insight, programs
from sync.server.db import ServerDB
from sync.server.models import LedgerEntry, Member, Redemption, Sale, Store

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
STORES = 20
REPEATS = 5
MEMBERS, ENTRIES, SALES = (cast(Table, m.__table__) for m in (Member, LedgerEntry, Sale))
REDEMPTIONS = cast(Table, Redemption.__table__)


def fill(db: ServerDB, members: int, entries: int) -> int:
    """Members and a ledger of about ``entries`` rows; returns the number of entries written."""
    rng = random.Random(7)
    source = (Path(__file__).resolve().parents[1] / "resources" / "demo_program.toml").read_text("utf-8")
    start = NOW - timedelta(days=450)
    with db.write() as session:
        bulk.insert_rows(session, cast(Table, Store.__table__), [
            {"id": f"s{n:02d}", "tz": "Europe/Bucharest", "created_at": start, "region": None}
            for n in range(STORES)])
        programs.load(session, source.replace("version = 1\n", "version = 1\npoint_value = 1\n", 1), NOW)
    written = 0
    per_member = max(entries // members, 1)
    chunk: dict[str, list[dict[str, Any]]] = {"m": [], "e": [], "s": [], "r": []}
    for n in range(members):
        mid, store = f"m{n:08d}", f"s{n % STORES:02d}"
        enrolled = start + timedelta(minutes=rng.randrange(400 * 24 * 60))
        chunk["m"].append({"id": mid, "card": f"28{n:011d}", "name": f"Bench {n}", "phone": None,
                           "email": None, "birthday": None, "marketing_consent": False, "store_id": store,
                           "created_at": enrolled, "blocked": False, "last_birthday_bonus_year": None,
                           "balance": 0, "change_seq": 0})
        for k in range(per_member):
            written += 1
            _member_entry(chunk, rng, mid, store, enrolled, n, k)
        if len(chunk["e"]) >= 50_000 or n == members - 1:
            with db.write() as session:
                bulk.insert_rows(session, MEMBERS, chunk["m"])
                bulk.insert_rows(session, ENTRIES, chunk["e"])
                bulk.insert_rows(session, SALES, chunk["s"])
                bulk.insert_rows(session, REDEMPTIONS, chunk["r"])
            chunk = {"m": [], "e": [], "s": [], "r": []}
    return written


def _member_entry(chunk: dict[str, list[dict[str, Any]]], rng: random.Random, mid: str, store: str,
                  enrolled: datetime, n: int, k: int) -> None:
    entry_id = f"e{n:08d}-{k:03d}"
    at = enrolled + (NOW - enrolled) * rng.random()
    roll = rng.random()
    row: dict[str, Any] = {"id": entry_id, "member_id": mid, "store_id": store, "terminal_id": "t",
                           "cashier_id": None, "rules_version": 1, "created_at": at, "reason": None,
                           "receipt": None, "reverses": None, "recorded_at": at, "op_id": None,
                           "remaining": 0, "outstanding": 0, "available_at": None, "expires_at": None,
                           "amount": None}
    if roll < 0.75:  # a sale: its earn entry is a lot, partly spent or expired by now
        points = rng.randrange(1, 200)
        expires = at + timedelta(days=365)
        row.update(kind="earn", points=points, amount=points * 100, available_at=at, expires_at=expires,
                   remaining=0 if expires < NOW else rng.randrange(points + 1))
        chunk["s"].append({"earn_entry_id": entry_id, "terminal_id": "t", "store_id": store,
                           "receipt": entry_id, "receipt_key": entry_id, "member_id": mid,
                           "amount": points * 100, "refunded_amount": 0, "points_earned": points,
                           "bonus_entry_id": None, "created_at": at})
    elif roll < 0.90:  # a redemption, now and then an overdraft
        cost = rng.randrange(20, 120)
        row.update(kind="redeem", points=-cost, outstanding=cost // 4 if roll > 0.89 else 0)
        chunk["r"].append({"entry_id": entry_id, "op_id": f"op-{entry_id}", "member_id": mid,
                           "reward_id": f"reward{rng.randrange(8)}", "store_id": store, "terminal_id": "t",
                           "voucher": None, "online": False, "awaiting_push": False, "answer": None,
                           "created_at": at})
    else:  # an expiry of an earlier lot
        row.update(kind="expire", points=-rng.randrange(1, 50), reverses=f"e{n:08d}-000")
    chunk["e"].append(row)


def timed(work: Any) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(name: str, url: str, members: int, entries: int) -> list[tuple[str, ...]]:
    db = ServerDB(url)
    try:
        db.migrate()
        started = time.perf_counter()
        written = fill(db, members, entries)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")  # the planner's statistics, as a running server has them
            conn.commit()
        built = time.perf_counter() - started

        def scan() -> None:
            with db.read() as session:
                session.execute(text("SELECT count(*), sum(points) FROM ledger_entries")).one()

        def report(store: str | None) -> Any:
            with db.read() as session:
                return insight.health(session, store, date(2026, 5, 17), date(2026, 6, 15), NOW)

        floor = timed(scan)
        chain, one = timed(lambda: report(None)), timed(lambda: report("s03"))
        sample = report(None)
        sizes = f"{members:,} members, {written:,} entries (built in {built:.0f} s)"
        verdict = "met" if max(chain, one) < 2.0 else "MISSED"
        figures = (f"{sample.members:,} members, {sample.active_30_days:,} active (30 d),"
                   f" liability {sample.liability.points_outstanding:,} points")
        return [(name, sizes, "floor: one full scan of the ledger", ms(floor), "—", ""),
                (name, sizes, "health, whole chain (30 days)", ms(chain), f"{chain / floor:.1f}x", verdict),
                (name, sizes, "health, one store", ms(one), f"{one / floor:.1f}x", verdict),
                (name, sizes, "sample figures", figures, "—", "")]
    finally:
        db.dispose()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def table(rows: list[tuple[str, ...]]) -> str:
    lines = ["| backend | data | measure | median of 5 | vs floor | < 2 s |", "|---|---|---|---:|---:|---|"]
    return "\n".join(lines + [f"| {' | '.join(r)} |" for r in rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("TESSERA_TEST_PG_URL", ""))
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    load = os.getloadavg()
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="health-bench-") as work:
        rows += run("SQLite", f"sqlite:///{Path(work) / 'server.db'}", args.members, args.entries)
        if args.pg:
            url, schema = pg_schema_url(args.pg)
            try:
                rows += run("PostgreSQL", url, args.members, args.entries)
            finally:
                drop_schema(args.pg, schema)
    after = os.getloadavg()
    text_out = (f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; load average "
                f"{load[0]:.1f} before, {after[0]:.1f} after.\n\n{table(rows)}\n")
    print(text_out)
    if args.out is not None:
        args.out.write_text("# Program health benchmark\n\nCommand: `python bench/health_bench.py`\n\n"
                            + text_out, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
