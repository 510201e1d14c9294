"""Network chaos: seeded runs of drops, resets, delays and duplicates between three tills in two stores and
one real server (restarted now and then), each run checked by a checker of the sync invariants.

Every run is a short seeded schedule of acts (sales, redemptions, refunds, enrollments), injected faults
and syncs in a random till order; its history (what was done, what each sync answered) is kept. After each
run the checker asks the tills and the server:
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
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
import pytest
from sqlalchemy import select

from tests.sync.conftest import LiveServer, Node, assert_converged
from tests.sync.faultproxy import FaultProxy

RUNS = int(os.environ.get("TESSERA_CHAOS_RUNS", "300"))
SEED = 20261203
FAULTS = ("drop_before", "drop_after", "reset_mid", "duplicate", "delay")
PATHS = ("/v1/sync/push", "/v1/sync/pull")
pytestmark = pytest.mark.allow_log("tessera.sync", "")  # failed syncs are the point of the exercise


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


def test_seeded_network_chaos_keeps_every_invariant(make_node: Callable[..., Node], server: LiveServer,
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
    for run in range(RUNS):
        history = History(rng.randrange(2**32))
        local = random.Random(history.seed)
        for _ in range(local.randrange(2, 7)):
            till = local.choice(tills)
            act(local, till, cards[till.store], history, run)
        if local.random() < 0.6:
            kind, path = local.choice(FAULTS), local.choice(PATHS)
            proxy.inject(kind, path, times=local.randrange(1, 3), delay=local.choice((0.2, 2.0)))
            history.add(f"fault {kind} on {path}")
        if run % 50 == 49:
            server.stop()
            server.start()
            history.add("server restarted")
        for till in local.sample(tills, k=len(tills)):
            result = till.node.sync()
            failed_syncs += not result.ok
            history.add(f"{till.node.name} sync ok={result.ok} pushed={result.pushed} "
                        f"pending={result.pending}")
        proxy.clear()
        check(server, tills, history)
    assert proxy.counts["faults"] > RUNS // 4 and failed_syncs > RUNS // 10  # the chaos was real
    for store in ("demo", "north"):
        assert_converged(server, [t.node for t in tills if t.store == store], store)
