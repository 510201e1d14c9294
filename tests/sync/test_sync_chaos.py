"""Network chaos: seeded runs of drops, resets, delays, duplicates and reordered requests between three tills
in two stores and one real server process, killed -9 mid-push now and then and restarted every 50 runs, each
run checked by a checker of the sync invariants.

Every run is a short seeded schedule of acts (sales, redemptions, refunds, enrollments), injected faults
and syncs in a random till order; its history (what was done, what each sync answered) is kept. A
``reorder`` fault holds a request back and delivers it after a later one of the same till was answered. In
some runs (KILL_RATE) the proxy SIGKILLs the server process while it applies a push: at a seeded share
(0 to 1.3) of a push's recent answer time after the request reached it, so the batch was cut off before it
committed, or committed with its answer lost (the history says which and how many ops committed); the
server is started again on the same port and database and the other tills sync on. After each run the
checker asks the tills and the server:
- every op a till holds as answered is on the server once, under that till and the same sequence number;
- the server holds no op of a till that the till does not have (nothing invented, nothing doubled);
- each till's sequence on the server is 1..last with no gap the server did not report;
- every member's cached balance on the server equals its ledger.
The first run that breaks one fails the test with that run's seed and history: the shortest history that
shows the failure, since every earlier run passed the same checks. After the last run the faults stop,
every till syncs, and every member is the same on the server and on every till of its store.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from tests.sync.conftest import LiveServer, Node, assert_converged, demo_server
from tests.sync.faultproxy import FaultProxy
from tests.sync.procserver import ProcessServer

RUNS = int(os.environ.get("TESSERA_CHAOS_RUNS", "300"))
SEED = 20261203
FAULTS = ("drop_before", "drop_after", "reset_mid", "duplicate", "delay", "reorder")
KILL_RATE = 0.08  # runs whose first push is killed mid-way (24 of the default 300)
PATHS = ("/v1/sync/push", "/v1/sync/pull")
pytestmark = pytest.mark.allow_log("tessera.sync", "")  # failed syncs are the point of the exercise


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[ProcessServer]:
    """The conftest server's setup (demo stores "demo" and "north"), served by a process one can kill -9.

    Overrides conftest's ``server`` for this module, so its ``proxy`` and ``make_node`` use this one.
    """
    yield from demo_server(ProcessServer, db_url, tmp_path)


@dataclass
class History:
    seed: int
    lines: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        self.lines.append(line)

    def __str__(self) -> str:
        return f"run seed {self.seed}:\n  " + "\n  ".join(self.lines)


@dataclass
class Till:
    node: Node
    store: str
    receipts: list[str] = field(default_factory=list)


def till_ops(till: Till) -> dict[str, tuple[int, str]]:
    """op id -> (wire seq, outbox status) of every op of the till."""
    from pos_app.store import identity
    from pos_app.store.models import OutboxOp

    with till.node.terminal.db.reader() as session:
        base = identity.read(session).seq_base
        return {op_id: (seq - base, status) for op_id, seq, status in session.execute(
            select(OutboxOp.op_id, OutboxOp.seq, OutboxOp.status))}


def server_ops(server: LiveServer, terminal_id: str) -> dict[str, int]:
    from sync.server.models import Op

    with server.db.read() as session:
        return dict(session.execute(select(Op.op_id, Op.seq).where(Op.terminal_id == terminal_id)).all())


def check(server: LiveServer, tills: list[Till], history: History) -> None:
    for till in tills:
        mine, theirs = till_ops(till), server_ops(server, till.node.terminal.terminal_id)
        for op_id, (seq, status) in mine.items():
            if status in ("applied", "duplicate", "rejected", "done", "held"):
                found = theirs.get(op_id)
                assert found == seq, (f"{till.node.name}: answered op {op_id} (seq {seq}) is not on the "
                                      f"server as such ({found})\n{history}")
        invented = set(theirs) - set(mine)
        assert not invented, f"{till.node.name}: ops the till never made: {invented}\n{history}"
        seqs = sorted(theirs.values())
        assert seqs == list(range(1, len(seqs) + 1)), f"{till.node.name}: gap in {seqs}\n{history}"
    try:
        server.ledger_check()
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{history}") from None


def act(rng: random.Random, till: Till, cards: list[str], history: History, run: int) -> None:
    from pos_app.core.errors import TesseraError

    terminal, roll = till.node.terminal, rng.random()
    card = rng.choice(cards)
    try:
        if roll < 0.5:
            receipt = f"{till.node.name}-{run}-{rng.randrange(10**6)}"
            sale = terminal.sale(card, rng.randrange(100, 15000), receipt)
            till.receipts.append(receipt)
            history.add(f"{till.node.name} sale {receipt} {card[-4:]} +{sale.points_earned}")
        elif roll < 0.7:
            balance = terminal.redeem(card, "coffee").balance
            history.add(f"{till.node.name} redeem {card[-4:]} coffee -> {balance}")
        elif roll < 0.9 and till.receipts:
            receipt = rng.choice(till.receipts)
            refund = terminal.refund(receipt, rng.randrange(1, 500))
            history.add(f"{till.node.name} refund {receipt} -{refund.points_reversed}")
        else:
            made = terminal.enroll(f"Chaos {run} {rng.randrange(10**6)}")
            cards.append(made.card)
            history.add(f"{till.node.name} enroll {made.card[-4:]}")
    except TesseraError as exc:
        history.add(f"{till.node.name} refused {exc.code}")


def test_seeded_network_chaos_keeps_every_invariant(make_node: Callable[..., Node], server: ProcessServer,
                                                   proxy: FaultProxy) -> None:
    timeout = httpx.Timeout(1.5, connect=1.0)  # a delayed answer is a failed sync now and then
    tills = [Till(make_node("a1", store="demo", timeout=timeout), "demo"),
             Till(make_node("a2", store="demo", timeout=timeout), "demo"),
             Till(make_node("b1", store="north", timeout=timeout), "north")]
    cards = {"demo": server.store_cards("demo"), "north": []}
    for n in range(3):
        cards["north"].append(tills[2].node.terminal.enroll(f"North {n}").card)
    rng = random.Random(SEED)
    failed_syncs = 0
    kills: list[bool] = []  # by the proxy's thread while a till's sync waits on the push: answer seen?

    def kill(_path: str, answered: bool) -> None:
        server.kill()
        kills.append(answered)

    proxy.on_kill = kill
    for run in range(RUNS):
        history = History(rng.randrange(2**32))
        local = random.Random(history.seed)
        for _ in range(local.randrange(2, 7)):
            till = local.choice(tills)
            act(local, till, cards[till.store], history, run)
        if local.random() < KILL_RATE:  # first, so that the run's first push is the one killed
            share = 0.0 if local.random() < 0.25 else round(local.uniform(0.0, 1.3), 2)
            typical = proxy.answer_time("/v1/sync/push")
            proxy.inject("kill_mid", "/v1/sync/push", delay=share * typical)
            history.add(f"fault kill_mid on /v1/sync/push after {share:.2f} of a push's "
                        f"{typical * 1000:.0f} ms")
        if local.random() < 0.6:
            kind, path = local.choice(FAULTS), local.choice(PATHS)
            proxy.inject(kind, path, times=local.randrange(1, 3), delay=local.choice((0.2, 2.0)))
            history.add(f"fault {kind} on {path}")
        if run % 50 == 49:
            server.stop()
            server.start()
            history.add("server restarted")
        for till in local.sample(tills, k=len(tills)):
            stored = len(server_ops(server, till.node.terminal.terminal_id))
            result = till.node.sync()
            failed_syncs += not result.ok
            killed = bool(kills) or not server.alive
            if killed:
                committed = len(server_ops(server, till.node.terminal.terminal_id)) - stored
                history.add(f"server killed mid-push of {till.node.name} "
                            f"({'after' if any(kills) else 'before'} it answered; {committed} ops committed)")
                kills.clear()
            history.add(f"{till.node.name} sync ok={result.ok} pushed={result.pushed} "
                        f"pending={result.pending}")
            if killed:
                server.restart()
                history.add("server restarted after the kill")
        proxy.clear()
        check(server, tills, history)
    # the chaos was real: faults, failed syncs, kills mid-push, stale pushes delivered late
    assert proxy.counts["faults"] > RUNS // 4 and failed_syncs > RUNS // 10
    assert server.kills >= RUNS // 30, (server.kills, proxy.counts)
    assert proxy.counts["reordered"] >= RUNS // 60, proxy.counts
    for store in ("demo", "north"):
        assert_converged(server, [t.node for t in tills if t.store == store], store)
