"""HQ console benchmark (not a test): every console page on a chain-sized server database.

    .venv/bin/python bench/console_bench.py [--pg URL] [--members 100000] [--entries 1000000]
                                            [--out bench/CONSOLE_RESULTS.md]

The dashboard's first view of a scope answers at once while its program-health snapshot is computed
behind it (both timed once, alone); its later views, like every other page, are timed as medians.

The database of bench/health_bench.py (``--members`` members in 20 stores, about ``--entries`` ledger
entries over 15 months), the real app under uvicorn on 127.0.0.1 in this process, an HQ user and a store
manager signed in over HTTP; each page fetched 5 times, the median beside the FLOOR of the same run:
``/healthz`` on the same server and connection. Target: every page under 300 ms.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.health_bench import NOW, fill
from bench.pgschema import drop_schema, pg_schema_url
from sync.server.app import create_app
from sync.server.console import users
from sync.server.db import ServerDB

REPEATS = 5
PASSWORD = "bench password 1"
TARGET_MS = 300


def _serve(db: ServerDB, data_dir: Path, port: int) -> uvicorn.Server:
    app = create_app(db, data_dir, clock=lambda: NOW, expire_every=None)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False, lifespan="off"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    return server


def _median_ms(client: httpx.Client, path: str, headers: dict[str, str]) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        answer = client.get(path, headers=headers)
        times.append(time.perf_counter() - started)
        if answer.status_code != 200:
            raise SystemExit(f"{path}: HTTP {answer.status_code}")
    return statistics.median(times) * 1000


def _cookie(client: httpx.Client, name: str) -> dict[str, str]:
    answer = client.post("/hq/signin", data={"name": name, "password": PASSWORD})
    found = re.search(r"tessera_hq=([^;]+)", answer.headers.get("set-cookie", ""))
    if not found:
        raise SystemExit(f"sign-in of {name} failed: HTTP {answer.status_code}")
    return {"Cookie": f"tessera_hq={found.group(1)}"}


ONE_STORE_PERIOD = "/hq/period?from=2026-05-16&to=2026-06-14&store=s03"
CHAIN_PERIOD = "/hq/period?from=2026-05-16&to=2026-06-14"


def pages(members: int) -> tuple[tuple[str, str, str], ...]:
    middle = members // 2
    card = f"28{middle:011d}"  # bench/health_bench.py's numbering
    return (
    ("hq", "dashboard, whole chain", "/hq/"),
    ("boss", "dashboard, one store", "/hq/"),
    ("hq", "members, first page", "/hq/members"),
    ("hq", "members, page 100", "/hq/members?page=100"),
    ("hq", "member search by name", f"/hq/members?q=Bench%20{middle}"),
    ("hq", "member search by card", f"/hq/members?q={card}"),
    ("hq", "a member's page", f"/hq/members/{card}"),
    ("hq", "conflicts", "/hq/conflicts"),
    ("hq", "terminals", "/hq/terminals"),
    ("hq", "program", "/hq/program"),
    ("hq", "a store's day", "/hq/reports?date=2026-06-14&store=s03"),
    ("hq", "the chain's day", "/hq/reports?date=2026-06-14"),
    ("hq", "a store's day as the terminal's PDF", "/hq/reports.pdf?date=2026-06-14&store=s03"),
    ("hq", "period, one store, 30 days", ONE_STORE_PERIOD),
    ("hq", "period, whole chain, 30 days", CHAIN_PERIOD),
    )


def run(name: str, url: str, members: int, entries: int, port: int) -> list[tuple[str, ...]]:
    db = ServerDB(url)
    with tempfile.TemporaryDirectory(prefix="console-bench-data-") as data:
        try:
            db.migrate()
            written = fill(db, members, entries)
            with db.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
            users.add_user(db, "hq", users.HQ, None, PASSWORD, NOW)
            users.add_user(db, "boss", users.STORE_MANAGER, "s03", PASSWORD, NOW)
            server = _serve(db, Path(data), port)
            try:
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                    cookies = {who: _cookie(client, who) for who in ("hq", "boss")}
                    floor = _median_ms(client, "/healthz", {})
                    sizes = f"{members:,} members, {written:,} entries"
                    rows = [(name, sizes, "floor: /healthz", f"{floor:,.1f} ms", "—", "")]
                    for who, what, path in (("hq", "dashboard, whole chain", "/hq/"),
                                            ("boss", "dashboard, one store", "/hq/"),
                                            ("hq", "period, one store, 30 days", ONE_STORE_PERIOD),
                                            ("hq", "period, whole chain, 30 days", CHAIN_PERIOD)):
                        rows.extend(_first_view(client, cookies[who], path, what, name, sizes, floor))
                    for who, what, path in pages(members):
                        took = _median_ms(client, path, cookies[who])
                        verdict = "met" if took < TARGET_MS else "MISSED"
                        rows.append((name, sizes, what, f"{took:,.0f} ms", f"{took / floor:.0f}x", verdict))
                    return rows
            finally:
                server.should_exit = True
        finally:
            db.dispose()


def _first_view(client: httpx.Client, cookie: dict[str, str], path: str, what: str, name: str, sizes: str,
                floor: float) -> list[tuple[str, ...]]:
    """No figures kept yet (the bench's server does not warm up): the page answers at once with a notice
    (the dashboard with its sync health), the figures are computed behind it; both times are reported,
    the page's against 300 ms."""
    started = time.perf_counter()
    page = client.get(path, headers=cookie)
    page.raise_for_status()
    first = (time.perf_counter() - started) * 1000
    while 'id="computing"' in page.text:
        time.sleep(0.05)
        page = client.get(path, headers=cookie)
    ready = (time.perf_counter() - started) * 1000
    return [(name, sizes, f"{what}: first view (figures being computed)",
             f"{first:,.0f} ms (once)", f"{first / floor:.0f}x", "met" if first < TARGET_MS else "MISSED"),
            (name, sizes, f"{what}: figures ready behind it", f"{ready:,.0f} ms (once)",
             f"{ready / floor:.0f}x", "(background)")]


def table(rows: list[tuple[str, ...]]) -> str:
    lines = ["| backend | data | page | median of 5 | vs floor | < 300 ms |", "|---|---|---|---:|---:|---|"]
    return "\n".join(lines + [f"| {' | '.join(r)} |" for r in rows])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("TESSERA_TEST_PG_URL", ""))
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    load = os.getloadavg()
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="console-bench-") as work:
        rows += run("SQLite", f"sqlite:///{Path(work) / 'server.db'}", args.members, args.entries, args.port)
        if args.pg:
            url, schema = pg_schema_url(args.pg)
            try:
                rows += run("PostgreSQL", url, args.members, args.entries, args.port + 1)
            finally:
                drop_schema(args.pg, schema)
    after = os.getloadavg()
    out = (f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; load average "
           f"{load[0]:.1f} before, {after[0]:.1f} after.\n\n{table(rows)}\n")
    print(out)
    if args.out is not None:
        args.out.write_text("# HQ console benchmark\n\nCommand: `python bench/console_bench.py`\n\n" + out,
                            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
