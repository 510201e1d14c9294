"""Crash suite: a terminal process selling, redeeming, refunding and syncing against the real server is
SIGKILLed at seeded random moments, again and again (TESSERA_CRASH_KILLS, default 200).

After every kill: ``PRAGMA integrity_check`` is ok; every sale, redemption and refund the process
reported done is there with its ledger entries and exactly one outbox op; nothing is half-written
(every sale row has its earn entry and its op, no op names a missing sale); each member's cached
balance equals its ledger. After the last kill the till syncs, and the server and the till agree on
every member. A seeded run is reproducible: the seed of each round is printed on failure.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.conftest import TIMEOUT, LiveServer, Node, assert_converged

KILLS = int(os.environ.get("TESSERA_CRASH_KILLS", "200"))
SEED = 20261202
pytestmark = pytest.mark.allow_log("tessera.sync", "terminal clock is")

CHILD = r"""
import random, sys
from pathlib import Path

import httpx

from pos_app.core.errors import TesseraError
from pos_app.sync_agent import SyncAgent
from pos_app.terminal import Terminal

data_dir, prefix, seed, cards = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4].split(",")
terminal = Terminal(data_dir)
agent = SyncAgent(data_dir, timeout=httpx.Timeout(5.0, connect=2.0))
rng = random.Random(seed)
sold = []
print("ready", flush=True)
for i in range(100000):
    roll, card = rng.random(), rng.choice(cards)
    try:
        if roll < 0.55:
            receipt = f"{prefix}-{i}"
            terminal.sale(card, rng.randrange(100, 20000), receipt)
            sold.append(receipt)
            print("done sale", receipt, flush=True)
        elif roll < 0.7:
            result = terminal.redeem(card, "coffee")
            print("done redeem", result.entry_id, flush=True)
        elif roll < 0.85 and sold:
            receipt = rng.choice(sold)
            terminal.refund(receipt, rng.randrange(1, 100))
            print("done refund", receipt, flush=True)
        else:
            result = agent.sync_once()
            print("done sync", int(result.ok), flush=True)
    except TesseraError as exc:  # not enough points, refunded in full already: refused, nothing written
        print("refused", exc.code, flush=True)
"""


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """The server on SQLite only: what is killed here is the terminal (the server's backends are both
    exercised by the fault and restart suites)."""
    return f"sqlite:///{tmp_path / 'server.db'}"


@pytest.fixture
def till(tmp_path: Path, server: LiveServer) -> Iterator[Path]:
    """A registered terminal data dir (no process holds it open)."""
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import initialize

    data = tmp_path / "till"
    initialize(data)
    agent = SyncAgent(data, timeout=TIMEOUT)
    agent.register(server.url, server.new_code("demo", "crash till")["code"])
    agent.close()
    yield data


def run_and_kill(data: Path, script: Path, prefix: str, seed: int, cards: list[str],
                 delay: float) -> list[tuple[str, str]]:
    """A child acting until SIGKILLed ``delay`` s after it is ready; the (kind, id) it reported done."""
    child = subprocess.Popen([sys.executable, str(script), str(data), prefix, str(seed), ",".join(cards)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first == "ready\n", (first, child.stderr.read() if child.stderr else "")
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, err
    assert "Traceback" not in err, err
    lines = [line.split() for line in out.splitlines(keepends=True) if line.endswith("\n")]
    return [(parts[1], parts[2]) for parts in lines if parts and parts[0] == "done" and len(parts) == 3]


def check_intact(db: Path, done: list[tuple[str, str]]) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sales = {r[0] for r in conn.execute("SELECT receipt FROM sales")}
        ops = [json.loads(r[0]) for r in conn.execute("SELECT payload FROM outbox WHERE kind = 'sale'")]
        op_receipts = [p.get("receipt") for p in ops]
        assert sorted(op_receipts) == sorted(sales), "a sale without its op, or an op without its sale"
        earns = dict(conn.execute("SELECT receipt, count(*) FROM ledger_entries WHERE kind = 'earn' "
                                  "AND receipt IS NOT NULL GROUP BY receipt").fetchall())
        assert all(earns.get(receipt, 0) == 1 for receipt in sales), "a sale without exactly one earn"
        entries = {r[0]: r[1] for r in conn.execute("SELECT id, kind FROM ledger_entries")}
        refunds = {r[0] for r in conn.execute("SELECT receipt FROM refunds")}
        for kind, key in done:
            if kind == "sale":
                assert key in sales, f"sale {key} reported done is missing"
            elif kind == "redeem":
                assert entries.get(key) == "redeem", f"redemption {key} reported done is missing"
            elif kind == "refund":
                assert key in refunds, f"refund of {key} reported done is missing"
        wrong = conn.execute("SELECT count(*) FROM members m WHERE m.balance != (SELECT coalesce(sum(points),"
                             " 0) FROM ledger_entries e WHERE e.member_id = m.id)").fetchone()[0]
        assert wrong == 0, f"{wrong} cached balances differ from the ledger"
    finally:
        conn.close()


def test_sigkill_during_sales_redemptions_refunds_and_syncs(tmp_path: Path, till: Path,
                                                           server: LiveServer) -> None:
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import Terminal

    script = tmp_path / "act.py"
    script.write_text(CHILD)
    cards = server.store_cards("demo")
    rng = random.Random(SEED)
    done: list[tuple[str, str]] = []
    for round_no in range(KILLS):
        seed = rng.randrange(2**32)
        reported = run_and_kill(till, script, f"K{round_no}", seed, cards, rng.uniform(0.02, 0.5))
        done += reported
        try:
            check_intact(till / "terminal.db", done)
        except AssertionError as exc:
            raise AssertionError(f"after kill {round_no} (child seed {seed}): {exc}") from None
    assert sum(1 for kind, _ in done if kind == "sale") > KILLS // 4  # the children did real work
    node = Node("crash", till, Terminal(till), SyncAgent(till, timeout=TIMEOUT))
    try:
        assert_converged(server, [node])
    finally:
        node.close()
