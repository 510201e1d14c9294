"""Load driver: N simulated terminals against one real `tessera-server serve` process, for a bounded time.

Imported by tests/sync/test_sync_load.py (asserts correctness, prints the figures) and by
bench/load_bench.py (the table, with its floor). A bounded script with threads and httpx rather than
locust: it needs nothing beyond the project's own dependencies, ends by itself, and checks every answer.

The server is the real CLI as a subprocess: ``init --demo``, ``member import`` of a member base, then
``serve``. Registration codes are made in process (``admin.new_terminal``, what ``terminal add`` calls:
50 CLI starts would cost a minute) and each terminal registers over HTTP like a real one. Before the
measured window every terminal catches up (a full pull, program included), as a till does when the
shop opens; that catch-up is timed apart.

Pace of each simulated terminal (seeded, ``LoadConfig``): a push of 1-5 sales every 2-4 s (uniform; on
average 3 ops every 3 s), and a pull of everything changed since its cursor after every 3rd push. A
real terminal syncs every 30 s (``sync_interval_seconds``) and right after each sale, and a busy till
rings a loyalty sale about once a minute: some 3 requests and 1 op a minute. One simulated terminal
makes ~27 requests and ~60 ops a minute, so 50 of them are the peak-hour traffic of a ~500-till chain
whose every till is at its busiest, all in one store (every pull sees every other terminal's members).
Each sale is what a terminal would push: a demo or imported member, points quoted by the program for
the tier the last pull said, its receipt, the store's local time. Errors: transport errors, any
non-2xx, any op answered other than applied or duplicate, a ``last_seq`` other than the batch's last.
Peak server RSS is sampled from /proc.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pos_app.core.cards import check_digit  # noqa: E402
from pos_app.core.program import Program, parse_program, quote_earn  # noqa: E402

DEMO_CARDS = ["2900000000018", "2900000000025", "2900000000032", "2900000000049", "2900000000056"]
TIMEOUT = httpx.Timeout(30.0, connect=5.0)
MAX_ERROR_SAMPLES = 20
INFO_LINES = ("push from ", "terminal ")  # what the server logs at info for every push and registration


@dataclass(frozen=True)
class LoadConfig:
    terminals: int = 50
    seconds: float = 60.0
    members: int = 500  # imported besides the 5 demo members
    seed: int = 10
    interval: tuple[float, float] = (2.0, 4.0)  # seconds between two pushes of one terminal
    batch: tuple[int, int] = (1, 5)  # ops per push
    pull_every: int = 3  # pushes between two pulls
    read_timeout: float = 30.0  # a terminal's wait for an answer (the sync agent's); tests may wait longer


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of ``values``; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(q / 100 * len(ordered) + 0.999999)))
    return ordered[rank - 1]


@dataclass
class Recorder:
    """Latencies per request kind, errors and op answers; shared by the terminal threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {"push": [], "pull": [], "health": []})
    when: dict[str, list[float]] = field(default_factory=lambda: {"push": [], "pull": [], "health": []})
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    recomputed: int = 0  # applied, with points or dates the server set otherwise (a stale tier)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, seconds: float) -> None:
        with self._lock:
            self.latencies[kind].append(seconds)
            self.when[kind].append(time.monotonic())

    def error(self, what: str) -> None:
        with self._lock:
            self.errors += 1
            if len(self.error_samples) < MAX_ERROR_SAMPLES:
                self.error_samples.append(what)

    def answered(self, status: str, recomputed: bool) -> None:
        with self._lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.recomputed += recomputed


class ServerProcess:
    """`tessera-server serve` in its own process group, on a fresh database with a member base."""

    def __init__(self, db_url: str, work: Path, members: int, workers: int = 1) -> None:
        self.db_url, self.data_dir = db_url, work / "server"
        self._cli("init", "--demo", "--json")
        if members:
            csv = work / "members.csv"
            csv.write_text("card,name,phone,email,opening_balance\n" + "".join(
                f"{load_card(n)},Load member {n},,,100\n" for n in range(1, members + 1)), encoding="utf-8")
            self._cli("member", "import", str(csv), "--store", "demo", "--json")
        self.port = free_port()
        self.log = work / "server.log"  # a file, not a pipe: the server logs every push, nobody may block it
        with self.log.open("wb") as log:
            serve = self._cmd("serve", "--port", str(self.port), "--workers", str(workers))
            self.proc = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        deadline = time.monotonic() + 60
        while not self._healthy():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("server did not start")
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _cmd(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "sync.server.cli", "--db", self.db_url,
                "--data-dir", str(self.data_dir), *args]

    def _cli(self, *args: str) -> None:
        subprocess.run(self._cmd(*args), capture_output=True, check=True, cwd=REPO, timeout=120)

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    def _pids(self) -> list[int]:
        """The server process and its workers (``serve --workers N``)."""
        found = [self.proc.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                        found.append(int(entry.name))
                except (OSError, IndexError, ValueError):
                    continue
        return found

    def rss_kib(self) -> int:
        """The resident set of the server and its workers now (VmRSS), 0 once it is gone."""
        total = 0
        for pid in self._pids():
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            line = next((x for x in text.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
            total += int(line.split()[1])
        return total

    def cpu_seconds(self) -> float:
        """User + system CPU the server and its workers have used so far."""
        total = 0
        for pid in self._pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")

    def new_codes(self, count: int) -> list[str]:
        from sync.server import admin
        from sync.server.db import ServerDB

        db = ServerDB(self.db_url)
        try:
            now = datetime.now(UTC)
            return [admin.new_terminal(db, "demo", f"L{i:02d}", now)["code"] for i in range(count)]
        finally:
            db.dispose()

    def close(self) -> str:
        """Stop the server; returns the lines of its log that are not the per-push info lines."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(30)
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join(x for x in lines if not x.startswith(INFO_LINES))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_card(n: int) -> str:
    body = f"27{n:010d}"
    return body + check_digit(body)


class SimTerminal:
    """One simulated terminal: its token, its outbox sequence, its pull cursor, the tiers it last saw."""

    def __init__(self, index: int, base_url: str, seed: int, batch: tuple[int, int],
                 timeout: httpx.Timeout = TIMEOUT) -> None:
        self.index, self.batch = index, batch
        self.rng = random.Random(f"{seed}:{index}")
        self.http = httpx.Client(base_url=base_url, timeout=timeout)
        self.terminal_id = ""
        self.seq = 0
        self.cursor = ""
        self.program: Program | None = None
        self.digest: str | None = None
        self.zone = ZoneInfo("UTC")
        self.tiers: dict[str, str] = {}
        self.sent: dict[str, int] = {}  # op id -> seq, every op this terminal pushed
        self.entries: dict[str, str] = {}  # entry id -> op id, the ledger entry of each sale
        self.pending: list[dict[str, Any]] = []  # a batch not answered yet: sent again as is

    def register(self, code: str) -> None:
        answer = self.http.post("/v1/register", json={"code": code})
        answer.raise_for_status()
        body = answer.json()
        self.terminal_id = body["terminal_id"]
        self.zone = ZoneInfo(body.get("tz") or "UTC")
        self.http.headers["Authorization"] = f"Bearer {body['token']}"

    def pull(self, recorder: Recorder | None) -> int:
        """Pull every page since the cursor; returns the members received."""
        received, more = 0, True
        while more:
            version = self.program.version if self.program else 0
            start = time.perf_counter()
            answer = self.http.get("/v1/sync/pull",
                                   params={"cursor": self.cursor, "program_version": version})
            if recorder is not None:
                recorder.timed("pull", time.perf_counter() - start)
            answer.raise_for_status()
            page = answer.json()
            for program in page["programs"]:
                if program["version"] == page.get("active_program_version"):
                    self.program, self.digest = parse_program(program["source"]), program["digest"]
            for member in page["members"]:
                self.tiers[member["card"]] = member["tier"]
            received += len(page["members"])
            self.cursor, more = page["cursor"], page["more"]
        return received

    def sale(self, cards: list[str]) -> dict[str, Any]:
        assert self.program is not None, "catch up first: the program comes with the first pull"
        self.seq += 1
        card, amount = self.rng.choice(cards), self.rng.randrange(100, 6000)
        now = datetime.now(UTC)
        local = now.astimezone(self.zone).replace(tzinfo=None)
        tier = self.program.tier(self.tiers.get(card, self.program.tiers[0].id))
        points = quote_earn(self.program, amount, tier, local).points
        receipt, op_id, entry_id = f"L{self.index:02d}-{self.seq}", self._uuid(), self._uuid()
        entry = {"id": entry_id, "kind": "earn", "points": points, "amount": amount, "receipt": receipt,
                 "created_at": now.isoformat()}
        payload = {"program_version": self.program.version, "local_time": local.isoformat(),
                   "member_card": card, "receipt": receipt, "amount": amount,
                   "currency": self.program.currency.code, "tier": tier.id, "entries": [entry]}
        op = {"id": op_id, "seq": self.seq, "kind": "sale", "member_card": card, "payload": payload,
              "created_at": now.isoformat(), "program_version": self.program.version,
              "program_digest": self.digest}
        self.sent[op_id] = self.seq
        self.entries[entry_id] = op_id
        return op

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def push(self, cards: list[str], recorder: Recorder) -> None:
        if not self.pending:
            self.pending = [self.sale(cards) for _ in range(self.rng.randint(*self.batch))]
        body = json.dumps({"terminal_id": self.terminal_id, "ops": self.pending})
        start = time.perf_counter()
        answer = self.http.post("/v1/sync/push", content=body, headers={"Content-Type": "application/json"})
        recorder.timed("push", time.perf_counter() - start)
        if answer.status_code != 200:
            recorder.error(f"push {answer.status_code}: {answer.text[:200]}")
            return
        reply = answer.json()
        for result in reply["results"]:
            status = result["status"]
            adjusted = bool((result.get("answer") or {}).get("adjusted"))
            recorder.answered(status, adjusted)
            if status not in ("applied", "duplicate"):
                recorder.error(f"op {result['seq']} of {self.terminal_id}: {status} {result.get('reason')}")
        last = self.pending[-1]["seq"]
        if reply["last_seq"] != last:
            recorder.error(f"{self.terminal_id}: last_seq {reply['last_seq']}, sent {last}")
        self.pending = []

    def close(self) -> None:
        self.http.close()


def _paced(rng: random.Random, config: LoadConfig, deadline: float, step: Callable[[int], None]) -> None:
    """Call ``step(n)`` on this terminal's schedule until ``deadline``; a late step goes at once, and the
    schedule then restarts from now instead of bursting to catch up."""
    next_at = time.monotonic() + rng.uniform(0, config.interval[1])  # terminals do not start in step
    n = 0
    while True:
        wait = next_at - time.monotonic()
        if next_at >= deadline:
            return
        if wait > 0:
            time.sleep(wait)
        n += 1
        step(n)
        next_at = max(next_at, time.monotonic() - config.interval[0]) + rng.uniform(*config.interval)


@dataclass
class LoadResult:
    config: LoadConfig
    recorder: Recorder
    seconds: float  # the measured window, as it ran
    catch_up_seconds: float
    rss_start_kib: int
    rss_peak_kib: int
    server_cpu: float  # CPU seconds the server used in the window
    driver_cpu: float  # and this process, the simulated terminals
    terminals: list[SimTerminal]

    @property
    def pushes(self) -> int:
        return len(self.recorder.latencies["push"])

    @property
    def ops(self) -> int:
        return sum(len(t.sent) for t in self.terminals)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.recorder.latencies.values())

    def ms(self, kind: str, q: float) -> float:
        return percentile(self.recorder.latencies[kind], q) * 1000

    def summary(self) -> str:
        return (f"{len(self.terminals)} terminals, {self.seconds:.0f} s: {self.pushes} pushes, "
                f"{self.ops} ops, {self.requests / self.seconds:.1f} req/s; "
                f"push p50 {self.ms('push', 50):.0f} ms, "
                f"p99 {self.ms('push', 99):.0f} ms; pull p99 {self.ms('pull', 99):.0f} ms; "
                f"errors {self.recorder.errors}; recomputed {self.recorder.recomputed}; "
                f"RSS {self.rss_start_kib / 1024:.0f} -> peak {self.rss_peak_kib / 1024:.0f} MiB; "
                f"catch-up {self.catch_up_seconds:.1f} s; CPU server {self.server_cpu / self.seconds:.0%}, "
                f"driver {self.driver_cpu / self.seconds:.0%}")


class RssSampler:
    def __init__(self, server: ServerProcess, every: float = 0.25) -> None:
        self.server, self.every, self.peak = server, every, server.rss_kib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.peak = max(self.peak, self.server.rss_kib())

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return max(self.peak, self.server.rss_kib())


def _all(threads: list[threading.Thread]) -> None:
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def run_load(server: ServerProcess, config: LoadConfig) -> LoadResult:
    """Register ``config.terminals`` terminals, catch each up, then drive them for ``config.seconds``."""
    recorder = Recorder()
    cards = DEMO_CARDS + [load_card(n) for n in range(1, config.members + 1)]
    timeout = httpx.Timeout(config.read_timeout, connect=5.0)
    terminals = [SimTerminal(i, server.url, config.seed, config.batch, timeout)
                 for i in range(config.terminals)]
    for terminal, code in zip(terminals, server.new_codes(config.terminals), strict=True):
        terminal.register(code)
    start = time.monotonic()
    _all([threading.Thread(target=t.pull, args=(None,)) for t in terminals])
    catch_up = time.monotonic() - start
    rss_start = server.rss_kib()
    sampler = RssSampler(server)
    cpu_start, own_start = server.cpu_seconds(), time.process_time()

    def drive(terminal: SimTerminal) -> None:
        def step(n: int) -> None:
            try:
                terminal.push(cards, recorder)
                if n % config.pull_every == 0:
                    terminal.pull(recorder)
            except httpx.HTTPStatusError as exc:
                answer = exc.response
                recorder.error(f"{exc.request.url.path} {answer.status_code}: {answer.text[:200]}")
            except httpx.HTTPError as exc:
                recorder.error(f"{type(exc).__name__}: {exc}")

        _paced(terminal.rng, config, deadline, step)

    begin = time.monotonic()
    deadline = begin + config.seconds
    _all([threading.Thread(target=drive, args=(t,), name=f"term{t.index}") for t in terminals])
    elapsed = time.monotonic() - begin
    cpu = (server.cpu_seconds() - cpu_start, time.process_time() - own_start)
    peak = sampler.stop()
    for terminal in terminals:
        terminal.close()
    return LoadResult(config, recorder, elapsed, catch_up, rss_start, peak, cpu[0], cpu[1], terminals)


def run_floor(server: ServerProcess, config: LoadConfig, seconds: float) -> Recorder:
    """The same number of clients at the same pace asking ``/healthz`` only: what HTTP, the client
    threads and this machine cost before any sync work."""
    recorder = Recorder()
    clients = [httpx.Client(base_url=server.url, timeout=TIMEOUT) for _ in range(config.terminals)]

    def drive(index: int) -> None:
        rng, http = random.Random(f"{config.seed}:floor:{index}"), clients[index]

        def step(_: int) -> None:
            start = time.perf_counter()
            try:
                http.get("/healthz").raise_for_status()
            except httpx.HTTPError as exc:
                recorder.error(f"healthz: {exc}")
            recorder.timed("health", time.perf_counter() - start)

        _paced(rng, config, deadline, step)

    deadline = time.monotonic() + seconds
    _all([threading.Thread(target=drive, args=(i,)) for i in range(config.terminals)])
    for http in clients:
        http.close()
    return recorder


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> int:
    """A quick run by hand: ``python bench/loadgen.py [SECONDS] [DB_URL]`` (default SQLite in a temp dir)."""
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    with tempfile.TemporaryDirectory(prefix="load-") as work:
        url = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{work}/server.db"
        server = ServerProcess(url, Path(work), LoadConfig().members)
        try:
            result = run_load(server, LoadConfig(seconds=seconds))
        finally:
            stderr = server.close()
        print(result.summary())
        for sample in result.recorder.error_samples:
            print("  error:", sample)
        if stderr.strip():
            print("server stderr:", stderr[-2000:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
