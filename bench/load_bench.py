"""Load benchmark (not a test): 50 simulated terminals against one server, with the floor beside it.

    .venv/bin/python bench/load_bench.py [--pg URL] [--seconds 60] [--out bench/LOAD_RESULTS.md]

For SQLite, and PostgreSQL when ``--pg`` or TESSERA_TEST_PG_URL is given (``scripts/postgres.sh``
prints one), against a real `tessera-server serve` process on 127.0.0.1, driven by bench/loadgen.py
(pace and op shape in its docstring). Per backend: pushes, ops, requests/s, push p50/p99, pull p99,
errors, peak server RSS and its CPU; then the FLOOR, measured in the same run against the same server:
the same number of clients at the same pace asking ``/healthz`` only (what HTTP, the client threads
and this machine's noise cost before any sync work). Every run also checks that the server holds
exactly the ops the terminals sent and that every member's cached balance equals its ledger.
The machine's load average before and after each backend says how noisy it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loadgen import (
    LoadConfig,
    LoadResult,
    Recorder,
    ServerProcess,
    loadavg,
    percentile,
    run_floor,
    run_load,
)
from bench.pgschema import drop_schema, pg_schema_url


def verify(db_url: str, result: LoadResult) -> str:
    """The server holds exactly the ops sent, each once; every cached balance equals its ledger."""
    from sync.server.db import ServerDB
    from sync.server.models import LedgerEntry, Member, Op

    db = ServerDB(db_url)
    try:
        with db.read() as session:
            ops = dict(session.execute(select(Op.op_id, Op.seq)).all())
            sent = {op_id: seq for t in result.terminals for op_id, seq in t.sent.items()}
            if ops != sent:
                raise AssertionError(f"server holds {len(ops)} ops, the terminals sent {len(sent)}")
            sums = dict(session.execute(select(LedgerEntry.member_id, func.sum(LedgerEntry.points))
                                        .group_by(LedgerEntry.member_id)).all())
            wrong = [m.card for m in session.scalars(select(Member)) if m.balance != int(sums.get(m.id) or 0)]
            if wrong:
                raise AssertionError(f"cached balance != ledger for {len(wrong)} members")
    finally:
        db.dispose()
    return f"{len(ops):,} ops on the server, each once; balances = ledgers"


def rows(result: LoadResult, floor: Recorder, check: str, load: tuple[str, str]) -> list[tuple[str, str]]:
    c = result.config
    ms = result.ms
    floor_ms = [percentile(floor.latencies["health"], q) * 1000 for q in (50, 99)]
    rss = f"{result.rss_start_kib / 1024:.0f} / **{result.rss_peak_kib / 1024:.0f} MiB**"
    return [
        ("simulated terminals", f"{len(result.terminals)}"),
        ("pace per terminal", f"a push of {c.batch[0]}-{c.batch[1]} sales every {c.interval[0]:g}-"
                              f"{c.interval[1]:g} s, a pull every {c.pull_every} pushes"),
        ("member base", f"{c.members + 5:,} (catch-up before the window: {result.catch_up_seconds:.1f} s)"),
        ("seconds measured", f"{result.seconds:.0f}"),
        ("pushes / ops", f"{result.pushes:,} / {result.ops:,}"),
        ("requests/s", f"{result.requests / result.seconds:.1f}"),
        ("push latency p50 / p99", f"**{ms('push', 50):,.0f} ms / {ms('push', 99):,.0f} ms**"),
        ("pull latency p50 / p99 (per page)", f"{ms('pull', 50):,.0f} ms / {ms('pull', 99):,.0f} ms"),
        ("errors", f"**{result.recorder.errors}**"),
        ("ops recomputed by the server (stale tier)", f"{result.recorder.recomputed}"),
        ("server RSS at start / peak", rss),
        ("server CPU / driver CPU (of one core)",
         f"{result.server_cpu / result.seconds:.0%} / {result.driver_cpu / result.seconds:.0%}"),
        ("FLOOR: `/healthz` p50 / p99, same clients and pace",
         f"{floor_ms[0]:,.0f} ms / {floor_ms[1]:,.0f} ms ({len(floor.latencies['health']):,} requests, "
         f"{floor.errors} errors)"),
        ("verified", check),
        ("load average (1, 5, 15 min) before / after", f"{load[0]} / {load[1]}"),
    ]


def run_backend(name: str, url: str, work: Path, config: LoadConfig, floor_seconds: float,
                workers: int = 1) -> str:
    before = loadavg()
    server = ServerProcess(url, work, config.members, workers)
    try:
        result = run_load(server, config)
        print(f"{name}: {result.summary()}", flush=True)
        floor = run_floor(server, config, floor_seconds)
    finally:
        log = server.close()
    after = loadavg()
    if "Traceback" in log:
        print(log[-3000:], file=sys.stderr)
    check = verify(url, result)
    lines = [f"### {name}", "", "| measure | value |", "|---|---|"]
    lines += [f"| {a} | {b} |" for a, b in rows(result, floor, check, (before, after))]
    if result.recorder.error_samples:
        lines += ["", "First errors:", *[f"- `{e}`" for e in result.recorder.error_samples]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("TESSERA_TEST_PG_URL", ""))
    parser.add_argument("--seconds", type=float, default=60.0, help="measured window per backend")
    parser.add_argument("--floor-seconds", type=float, default=20.0, help="the /healthz floor per backend")
    parser.add_argument("--terminals", type=int, default=LoadConfig.terminals)
    parser.add_argument("--interval", type=float, nargs=2, default=LoadConfig.interval,
                        metavar=("MIN", "MAX"), help="seconds between two pushes of one terminal")
    parser.add_argument("--workers", type=int, default=2, help="PostgreSQL also runs with this many workers")
    parser.add_argument("--out", type=Path, default=None, help="also write the tables into this file")
    args = parser.parse_args()
    config = LoadConfig(terminals=args.terminals, seconds=args.seconds,
                        interval=(args.interval[0], args.interval[1]))
    tables = []
    work = Path(tempfile.mkdtemp(prefix="load-bench-"))
    try:
        (work / "sqlite").mkdir()
        tables.append(run_backend("SQLite", f"sqlite:///{work / 'sqlite' / 'server.db'}", work / "sqlite",
                                  config, args.floor_seconds))
        for workers in ([1, *([args.workers] if args.workers > 1 else [])] if args.pg else []):
            url, schema = pg_schema_url(args.pg, "load")
            (work / f"pg{workers}").mkdir()
            name = "PostgreSQL" if workers == 1 else f"PostgreSQL, {workers} workers"
            try:
                tables.append(run_backend(name, url, work / f"pg{workers}", config, args.floor_seconds,
                                          workers))
            finally:
                drop_schema(args.pg, schema)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = "\n\n".join(tables)
    print(text)
    if args.out is not None:
        write_results(args.out, text, f"{config.interval[0]:g}-{config.interval[1]:g}")
    return 0


def write_results(path: Path, text: str, pace: str) -> None:
    """Replace this pace's block in ``path`` (each pace keeps its own), or append it."""
    marker_start, marker_end = f"<!-- bench:start {pace} -->", f"<!-- bench:end {pace} -->"
    block = (f"{marker_start}\n## A push every {pace} s per terminal\n\n"
             f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores, "
             f"server, database and simulated terminals on one machine (127.0.0.1).\n\n{text}\n{marker_end}")
    old = path.read_text(encoding="utf-8") if path.exists() else "# Load benchmark\n"
    if marker_start in old and marker_end in old:
        head, rest = old.split(marker_start, 1)
        old = head + block + rest.split(marker_end, 1)[1]
    else:
        old = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(old, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
