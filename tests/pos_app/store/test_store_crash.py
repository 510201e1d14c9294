"""Crash safety: a process selling as fast as it can is SIGKILLed at random moments, repeatedly.

Afterwards the database must be intact, every sale the process reported as done must be
there, and every sale that is there must have exactly its ledger entry and its outbox op:
no half-written sale, no orphan entry or op, cached balances equal to the ledger.
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from pos_app.core.errors import DomainError
from pos_app.store.models import Member
from pos_app.terminal import Terminal, initialize

pytestmark = pytest.mark.slow

ROUNDS = 5
SALES_PER_ROUND = 1000
SEED = 20261118

CHILD = r"""
import sys
from pathlib import Path

from pos_app.terminal import Terminal

data_dir, prefix, cards = Path(sys.argv[1]), sys.argv[2], sys.argv[3].split(",")
terminal = Terminal(data_dir)
print("ready", flush=True)
for i in range(int(sys.argv[4])):
    receipt = f"{prefix}-{i:04d}"
    result = terminal.sale(cards[i % len(cards)], 100 + (i * 37) % 20000, receipt)
    print(f"done {receipt} {result.points_earned}", flush=True)
print("finished", flush=True)
"""


def run_and_kill(data: Path, script: Path, prefix: str, cards: list[str],
                 delay: float) -> tuple[list[str], bool]:
    """Start a selling child, SIGKILL it ``delay`` s after it is ready; the receipts it reported done."""
    child = subprocess.Popen(
        [sys.executable, str(script), str(data), prefix, ",".join(cards), str(SALES_PER_ROUND)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first == "ready\n", child.stderr.read() if child.stderr else first
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    finished = "finished\n" in out
    assert finished or child.returncode == -signal.SIGKILL, err
    done = [line.split()[1] for line in out.splitlines(keepends=True) if line.startswith("done ") and
            line.endswith("\n")]
    return done, finished


def test_sigkill_at_random_moments_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    initialize(data)
    setup = Terminal(data)
    cards = [setup.enroll(f"Crash Member {n}").card for n in range(3)]
    setup.close()
    script = tmp_path / "sell.py"
    script.write_text(CHILD, encoding="utf-8")

    rng = random.Random(SEED)
    reported: list[str] = []
    interrupted = 0
    for round_no in range(ROUNDS):
        done, finished = run_and_kill(data, script, f"K{round_no}", cards, rng.uniform(0.05, 1.5))
        reported += done
        interrupted += not finished
    assert interrupted >= ROUNDS - 1, "the kills should land while the child is still selling"
    assert reported, "the child made no sale before it was killed"

    conn = sqlite3.connect(data / "terminal.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        sales = {receipt: (member_id, amount, points, earn_id)
                 for receipt, member_id, amount, points, earn_id in
                 conn.execute("SELECT receipt, member_id, amount, points_earned, earn_entry_id FROM sales")}
        # nothing reported done is lost; at most the one in flight per kill is committed but unreported
        assert set(reported) <= set(sales)
        assert len(set(sales) - set(reported)) <= interrupted
        assert len(reported) == len(set(reported))

        entries = conn.execute("SELECT id, member_id, kind, points, receipt, amount"
                               " FROM ledger_entries").fetchall()
        earn_by_receipt: dict[str, list[tuple[str, str, int, int]]] = {}
        for entry_id, member_id, kind, points, receipt, amount in entries:
            if kind == "earn":
                earn_by_receipt.setdefault(receipt, []).append((entry_id, member_id, points, amount))
            else:  # the only other entries are the three enrollment bonuses
                assert (kind, points, receipt) == ("bonus", 50, None)
        assert len(entries) == len(sales) + len(cards)
        assert set(earn_by_receipt) == set(sales), (
            "an earn entry without its sale, or a sale without its entry")
        for receipt, (member_id, amount, points, earn_id) in sales.items():
            assert earn_by_receipt[receipt] == [(earn_id, member_id, points, amount)]

        ops = conn.execute("SELECT kind, member_id, payload FROM outbox ORDER BY seq").fetchall()
        sale_ops: dict[str, int] = {}
        for kind, member_id, payload in ops:
            body = json.loads(payload)
            if kind == "sale":
                sale_ops[body["receipt"]] = sale_ops.get(body["receipt"], 0) + 1
                assert body["entries"][0]["id"] == sales[body["receipt"]][3]
                assert member_id == sales[body["receipt"]][0]
            else:
                assert kind == "enroll"
        assert sale_ops == dict.fromkeys(sales, 1), "every sale has exactly one outbox op"
        assert len(ops) == len(sales) + len(cards)

        allocations = conn.execute("SELECT COUNT(*) FROM allocations").fetchone()
        assert allocations == (0,)  # only credits happened: nothing was allocated
        mismatched = conn.execute(
            "SELECT card FROM members m"
            " WHERE balance != (SELECT COALESCE(SUM(points), 0) FROM ledger_entries e"
            " WHERE e.member_id = m.id)"
            " OR balance != (SELECT COALESCE(SUM(remaining), 0) FROM ledger_entries e"
            " WHERE e.member_id = m.id)").fetchall()
        assert mismatched == []
    finally:
        conn.close()

    # the terminal keeps working on the crashed file, and old receipts stay idempotent
    terminal = Terminal(data)
    try:
        before = terminal.member(cards[0]).balance
        expected = terminal.quote(cards[0], 1000).points
        after = terminal.sale(cards[0], 1000, "after-crash")
        assert (after.points_earned, after.balance) == (expected, before + expected)
        receipt = sorted(reported)[0]
        member_id, amount, points, earn_id = sales[receipt]
        card = next(c for c in cards if terminal.member(c).card == c and _member_id(terminal, c) == member_id)
        again = terminal.sale(card, amount, receipt)
        assert (again.duplicate, again.entry_id, again.points_earned) == (True, earn_id, points)
        with pytest.raises(DomainError, match="already used"):
            terminal.sale(card, amount + 1, receipt)
    finally:
        terminal.close()


def _member_id(terminal: Terminal, card: str) -> str:
    with terminal.db.reader() as session:
        return str(session.scalars(select(Member.id).where(Member.card == card)).one())
