"""Sync benchmark (not a test): push throughput, concurrent terminals, catch-up.

    .venv/bin/python bench/sync_bench.py [--pg URL] [--workers N] [--quick] [--out bench/SYNC_RESULTS.md]

For SQLite, and PostgreSQL when ``--pg`` or TESSERA_TEST_PG_URL is given
(``scripts/postgres.sh`` prints one; PostgreSQL once with one worker and once
with ``--workers N``), against a real `tessera-server serve` process on 127.0.0.1:
1. one terminal pushes 10,000 queued ops: ops/s, beside the floor (bench/syncfloor.py: plain SQL writing
   the same rows per op in batches of the same size, same backend, same run);
   then an empty pull (a 304) against /healthz from one client;
2. 20 terminals push 1,000 ops each at once: total ops/s, p50/p99 batch latency;
3. a terminal 7 days behind catches up on 50,000 changed members: seconds.
Every run verifies that no op was lost or doubled (server op count, every
member's balance against the terminals' and the ledger) and prints it.
Queued ops are made by the real use cases (``Terminal.sale``); only their setup
runs with ``synchronous=OFF`` so it takes seconds, not minutes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pos_app.core.cards import check_digit  # noqa: E402
from pos_app.sync_agent import PushCounts, SyncAgent  # noqa: E402
from pos_app.terminal import Terminal, initialize  # noqa: E402
from sync.server import admin, members  # noqa: E402
from sync.server.db import ServerDB  # noqa: E402
from sync.server.models import LedgerEntry, Member, Op  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
import syncfloor  # noqa: E402
from pgschema import drop_schema, pg_schema_url  # noqa: E402

TIMEOUT = httpx.Timeout(120.0, connect=5.0)


def now() -> datetime:
    return datetime.now(UTC)


def card(n: int) -> str:
    body = f"28{n:010d}"
    return body + check_digit(body)


def set_synchronous(terminal: Terminal, mode: str) -> None:
    """Setup only: queue ops without an fsync per sale (the pooled connection keeps the pragma)."""
    raw = terminal.db.engine.raw_connection()
    try:
        raw.driver_connection.execute(f"PRAGMA synchronous={mode}")  # type: ignore[union-attr]
    finally:
        raw.close()


class Server:
    def __init__(self, url: str, work: Path, workers: int = 1) -> None:
        self.url, self.data_dir = url, work / "server"
        self.db = ServerDB(url)
        admin.init(self.db, self.data_dir, demo=True, now=now())
        with socket_port() as port:
            self.port = port
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sync.server.cli", "--db", url, "--data-dir", str(self.data_dir), "serve",
             "--port", str(self.port), "--workers", str(workers)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.http}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def import_members(self, first: int, count: int, chunk: int = 10_000) -> None:
        for start in range(first, first + count, chunk):
            rows = "".join(f"{card(n)},Bench {n},,,100\n"
                           for n in range(start, min(start + chunk, first + count)))
            members.import_rows(self.db, members.parse_csv("card,name,phone,email,opening_balance\n" + rows),
                                "demo", now())

    def balances(self) -> dict[str, int]:
        with self.db.read() as session:
            sums = {r[0]: int(r[1]) for r in session.execute(
                select(LedgerEntry.member_id, func.sum(LedgerEntry.points)).group_by(LedgerEntry.member_id))}
            out = {}
            for m in session.scalars(select(Member)):
                if m.balance != sums.get(m.id, 0):
                    raise AssertionError(f"server cache {m.balance} != ledger {sums.get(m.id)} for {m.card}")
                out[m.card] = m.balance
            return out

    def op_count(self) -> tuple[int, int]:
        with self.db.read() as session:
            return (int(session.scalar(select(func.count()).select_from(Op)) or 0),
                    int(session.scalar(select(func.count(func.distinct(Op.op_id)))) or 0))

    def close(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(30)
        self.db.dispose()


@contextmanager
def socket_port() -> Any:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield int(s.getsockname()[1])


class Till:
    def __init__(self, server: Server, work: Path, name: str) -> None:
        self.dir = work / name
        initialize(self.dir)
        self.agent = SyncAgent(self.dir, timeout=TIMEOUT)
        self.agent.register(server.http, admin.new_terminal(server.db, "demo", name, now())["code"])
        self.terminal = Terminal(self.dir)
        self.latencies: list[float] = []

    def queue_sales(self, count: int, cards: list[str], tag: str) -> None:
        set_synchronous(self.terminal, "OFF")
        try:
            for i in range(count):
                self.terminal.sale(cards[i % len(cards)], 500 + (i * 7) % 9000, receipt=f"{tag}-{i}")
        finally:
            set_synchronous(self.terminal, "FULL")

    def timed_push(self) -> PushCounts:
        client = self.agent.client()
        original = client.push

        def push(request: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(request)
            finally:
                self.latencies.append(time.perf_counter() - start)

        client.push = push  # type: ignore[method-assign]
        return self.agent.push()

    def balance_of(self, cards: list[str]) -> dict[str, int]:
        return {c: self.terminal.member(c).balance for c in cards}

    def close(self) -> None:
        self.agent.close()
        self.terminal.close()


def verify(server: Server, tills: list[Till], cards: list[str], expected_ops: int) -> str:
    for till in tills:  # everyone pulls the others' changes
        result = till.agent.sync_once()
        if not result.ok or result.pending or result.rejected:
            raise AssertionError(f"sync after the run: {result}")
    ops, distinct = server.op_count()
    balances = server.balances()
    for till in tills:
        local = till.balance_of(cards)
        wrong = [c for c in cards if local[c] != balances[c]]
        if wrong:
            raise AssertionError(f"{len(wrong)} members differ between terminal and server")
    if ops != expected_ops or distinct != ops:
        raise AssertionError(f"server holds {ops} ops ({distinct} distinct), expected {expected_ops}")
    return f"{ops} ops, 0 lost, 0 doubled"


def run_backend(name: str, url: str, work: Path, quick: bool, workers: int = 1,
                floor_url: str = "") -> list[tuple[str, str, str, str]]:
    rows = []
    scale = 10 if quick else 1
    server = Server(url, work, workers)
    if workers > 1:
        name = f"{name}, {workers} workers"
    try:
        server.import_members(1, 1000)
        cards = [card(n) for n in range(1, 1001)]
        # 1. one terminal, 10,000 queued ops
        solo = Till(server, work, "solo")
        solo.queue_sales(10_000 // scale, cards, "S")
        start = time.perf_counter()
        counts = solo.timed_push()
        elapsed = time.perf_counter() - start
        check = verify(server, [solo], cards, 10_000 // scale)
        floor = syncfloor.push_floor(floor_url, 10_000 // scale) if floor_url else 0.0
        pushed = counts.applied / elapsed
        versus = f"; floor {floor:,.0f} ops/s, push = {pushed / floor:.2f}x floor" if floor else ""
        rows.append((name, f"1 terminal pushes {counts.applied:,} queued ops",
                     f"**{pushed:,.0f} ops/s** ({elapsed:.1f} s){versus}", check))
        print(rows[-1], flush=True)

        # 1b. an empty pull (nothing new: a 304) against /healthz, one kept-alive client each
        rows.append((name, "empty pull (nothing new) vs /healthz, one client", empty_pull(solo), "304s"))
        print(rows[-1], flush=True)

        # 2. 20 terminals x 1,000 ops at once
        tills = [Till(server, work, f"t{i:02d}") for i in range(20)]
        for i, till in enumerate(tills):
            till.queue_sales(1000 // scale, cards[i * 50:] + cards[:i * 50], f"T{i}")
        barrier = threading.Barrier(len(tills))
        results: list[PushCounts] = []

        def go(till: Till) -> None:
            barrier.wait()
            results.append(till.timed_push())

        threads = [threading.Thread(target=go, args=(t,)) for t in tills]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        applied = sum(r.applied for r in results)
        latencies = sorted(x for t in tills for x in t.latencies)
        p99 = latencies[max(0, int(len(latencies) * 0.99 + 0.5) - 1)]
        check = verify(server, [solo, *tills], cards, (10_000 + 20 * 1000) // scale)
        rows.append((name, f"20 terminals push {applied // len(tills):,} ops each at once",
                     f"**{applied / elapsed:,.0f} ops/s** total; batch latency p50 "
                     f"{statistics.median(latencies) * 1000:,.0f} ms, p99 {p99 * 1000:,.0f} ms "
                     f"({len(latencies)} batches)", check))
        print(rows[-1], flush=True)

        # 3. a terminal 7 days behind: 50,000 changed members
        behind = tills[0]
        server.import_members(100_000, 50_000 // scale)
        start = time.perf_counter()
        pulled, _ = behind.agent.pull()
        elapsed = time.perf_counter() - start
        balances = server.balances()
        with behind.terminal.db.reader() as session:
            from pos_app.store.models import Member as LocalMember

            local = {m.card: m.balance for m in session.scalars(select(LocalMember))}
        missing = [c for c, b in balances.items() if local.get(c) != b]
        if missing:
            raise AssertionError(f"{len(missing)} members differ after the catch-up")
        rows.append((name, f"terminal 7 days behind catches up ({pulled:,} changed members)",
                     f"**{elapsed:.1f} s** ({pulled / elapsed:,.0f} members/s)",
                     f"{len(balances):,} members equal to the server"))
        print(rows[-1], flush=True)
        for till in [solo, *tills]:
            till.close()
    finally:
        server.close()
    return rows


def empty_pull(till: Till, count: int = 2000) -> str:
    assert till.agent.sync_once().ok and till.agent.sync_once().ok  # the second one is a 304
    client = till.agent.client()
    state = till.agent.state()
    params = {"cursor": state.pull_cursor, "program_version": state.server_program_version}
    health = syncfloor.request_times(client._http, "/healthz", count)
    pulls = syncfloor.request_times(client._http, "/v1/sync/pull", count, params=params,
                                    headers={"If-None-Match": state.pull_tag})
    full = syncfloor.request_times(client._http, "/v1/sync/pull", count // 4, params=params)
    ratio = syncfloor.median_ms(pulls) / syncfloor.median_ms(health)
    return (f"**{syncfloor.median_ms(pulls):.2f} ms** p50 ({count / sum(pulls):,.0f}/s), /healthz "
            f"{syncfloor.median_ms(health):.2f} ms ({count / sum(health):,.0f}/s): **{ratio:.2f}x**; "
            f"the same pull without its tag {syncfloor.median_ms(full):.2f} ms")


def table(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["| backend | scenario | result | verified |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("TESSERA_TEST_PG_URL", ""))
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes, for a smoke run")
    parser.add_argument("--workers", type=int, default=2, help="PostgreSQL also runs with this many workers")
    parser.add_argument("--out", type=Path, default=None, help="also write the table into this markdown file")
    args = parser.parse_args()
    rows: list[tuple[str, str, str, str]] = []
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    try:
        rows += run_backend("SQLite", f"sqlite:///{work / 'sqlite' / 'server.db'}", work / "sqlite",
                            args.quick, floor_url=f"sqlite:///{work / 'floor.db'}")
        for workers in ([1, *([args.workers] if args.workers > 1 else [])] if args.pg else []):
            url, schema = pg_schema_url(args.pg)
            floor_url, floor_schema = pg_schema_url(args.pg)
            try:
                rows += run_backend("PostgreSQL", url, work / f"pg{workers}", args.quick, workers, floor_url)
            finally:
                drop_schema(args.pg, schema)
                drop_schema(args.pg, floor_schema)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(rows)
    print(text)
    if args.out is not None:
        write_results(args.out, text)
    return 0


def write_results(path: Path, text: str) -> None:
    marker_start, marker_end = "<!-- bench:start -->", "<!-- bench:end -->"
    cpu = os.cpu_count()
    block = (f"{marker_start}\nMeasured {datetime.now(UTC):%Y-%m-%d} on {cpu} cores, "
             f"server and terminals on one machine (127.0.0.1).\n\n{text}\n{marker_end}")
    old = path.read_text(encoding="utf-8") if path.exists() else "# Sync benchmark\n\n" + block + "\n"
    if marker_start in old and marker_end in old:
        head, rest = old.split(marker_start, 1)
        old = head + block + rest.split(marker_end, 1)[1]
    path.write_text(old, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
