"""The chain as one program, model-based (issue 9, Tests): random acts on three tills in two stores.

Two tills in one store, one in another, one real server on 127.0.0.1 (behind the fault
proxy), one moved clock. Hypothesis draws enrollments (the same phone or e-mail on two
tills, typed two ways), sales (one paper receipt rung on two tills, typed ``SAME``,
``same``, full width or with a zero-width space), redemptions (the tote bag has
``per_member_limit = 1``), refunds on any till of the store (partial, of another till's
receipt: fetched online or queued offline), manager corrections, clock moves past the
lots' dates, expiry on a till or on the server, and partitions (a till that does not
sync or ask the server for a while) with pushes whose answers are lost. After every till
synced twice, the invariants of the issue hold (tests/sync/chainharness.py checks them).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)

from pos_app.core.errors import TesseraError
from tests.sync import chainharness
from tests.sync.chainharness import MANAGER, Chain, Till

START = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)  # a Wednesday morning in Bucharest
PHONES = (None, "+40721555010", "0721 555 010", "0721555011")  # the first two are one number
EMAILS = (None, "ana@example.org", "ANA@Example.ORG", "bo@example.org")
RECEIPTS = ("SAME", "R-1", "R-2")
AMOUNTS = (100, 1999, 25000, 90000)  # cents: 1, 19, 250 and 900 points for a bronze member
REWARDS = ("coffee", "5off", "tote")  # tote: once per member
EXAMPLES = int(os.environ.get("TESSERA_MODEL_EXAMPLES", "20"))
MOVES = {"hours": {"hours": 7}, "days": {"days": 3}, "past expiry": {"days": 370}}


def spelled(receipt: str, variant: int) -> str:
    """One paper receipt as a cashier may type it: as printed, lower case, full width, with a ZWSP."""
    if variant == 1:
        return receipt.lower()
    if variant == 2:
        return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in receipt)
    if variant == 3:
        return receipt + "\u200b"
    return receipt


class ChainModel(RuleBasedStateMachine):
    chain: Chain

    def __init__(self) -> None:
        super().__init__()
        self.tills: list[Till] = self.chain.open_stores(START)
        self.cards: dict[str, list[str]] = {t.store: [] for t in self.tills}
        self.receipts: dict[str, list[str]] = {t.store: [] for t in self.tills}

    @initialize()
    def members_everywhere(self) -> None:
        """A member with points on each till, known to every till of its store: someone to act on."""
        for index, at in enumerate(self.tills):
            card = chainharness.enroll(at, f"Member {index}", None, None)
            assert card is not None
            at.terminal.sale(card, 90000, f"OPEN-{index}")  # 900 points: the tote bag is within reach
            self.cards[at.store].append(card)
            self.receipts[at.store].append(f"OPEN-{index}")
        for at in (*self.tills, *self.tills):
            chainharness.sync(at)

    def card(self, till: Till, index: int) -> str | None:
        cards = self.cards[till.store]
        if not cards:
            return None
        card = cards[index % len(cards)]
        return card if chainharness.known(till, card) else None  # offline, another till's new member

    till = st.integers(0, 2)

    @rule(till=till, name=st.sampled_from(("Ana Pop", "Bo Ionescu")), phone=st.sampled_from(PHONES),
          email=st.sampled_from(EMAILS))
    def enroll(self, till: int, name: str, phone: str | None, email: str | None) -> None:
        at = self.tills[till]
        card = chainharness.enroll(at, name, phone, email)
        if card is not None:
            self.cards[at.store].append(card)

    @rule(till=till, member=st.integers(0, 9), amount=st.sampled_from(AMOUNTS),
          receipt=st.sampled_from(RECEIPTS), variant=st.integers(0, 3))
    def sale(self, till: int, member: int, amount: int, receipt: str, variant: int) -> None:
        at = self.tills[till]
        card = self.card(at, member)
        if card is None:
            return
        typed = spelled(receipt, variant)
        try:
            at.terminal.sale(card, amount, typed)
        except TesseraError:
            return  # this till rang that receipt for another member or amount: refused
        self.receipts[at.store].append(typed)

    @rule(till=till, member=st.integers(0, 9), reward=st.sampled_from(REWARDS))
    def redeem(self, till: int, member: int, reward: str) -> None:
        at = self.tills[till]
        card = self.card(at, member)
        if card is None:
            return
        confirm = at.agent.redeem_online if at.online else None
        try:
            at.terminal.redeem(card, reward, None, confirm=confirm)
        except TesseraError:
            return  # not enough points, the limit as this till knows it, the offline daily limit

    @rule(till=till, receipt=st.integers(0, 9), variant=st.integers(0, 3),
          amount=st.sampled_from((None, 100, 1000)))
    def refund(self, till: int, receipt: int, variant: int, amount: int | None) -> None:
        at = self.tills[till]
        receipts = self.receipts[at.store]
        if receipts:
            chainharness.refund(at, spelled(receipts[receipt % len(receipts)], variant), amount)

    @rule(till=till, member=st.integers(0, 9), points=st.sampled_from((-30, 25, 400)))
    def correct(self, till: int, member: int, points: int) -> None:
        at = self.tills[till]
        card = self.card(at, member)
        if card is not None:
            at.terminal.adjust(card, points, "model correction", MANAGER)

    @rule(act=st.sampled_from(("sale", "tote", "enroll")), first=st.integers(0, 3), second=st.integers(0, 3),
          cut=st.sampled_from(((), (0,), (0, 1))))
    def on_both_tills(self, act: str, first: int, second: int, cut: tuple[int, ...]) -> None:
        """The findings' own scenarios: one act on both tills of the first store, after cutting off the
        tills in ``cut``: one paper receipt rung twice (typed two ways), the tote bag (once per member)
        taken twice, one person (the same phone, the same e-mail typed two ways) enrolled twice."""
        for till in cut:
            self.tills[till].online = False
        for till, variant in ((0, first), (1, second)):
            if act == "sale":
                self.sale(till, 0, 25000, "SAME", variant)
            elif act == "tote":
                self.redeem(till, 0, "tote")
            else:
                self.enroll(till, "Same Person", PHONES[1 + variant % 2], EMAILS[1 + variant % 2])

    @rule(move=st.sampled_from(sorted(MOVES)))
    def move_clock(self, move: str) -> None:
        """Time passes; `tessera-server serve` runs its expiry every hour meanwhile (the tills do not)."""
        from sync.server import expiry

        self.chain.clock.advance(**MOVES[move])
        self.chain.touch()
        expiry.expire_due(self.chain.server.db, self.chain.clock())

    @rule(till=st.sampled_from((0, 1, 2, "server")))
    def expire(self, till: int | str) -> None:
        """The expire job of one till, or the server's own hourly run."""
        from sync.server import expiry

        if till == "server":
            expiry.expire_due(self.chain.server.db, self.chain.clock())
        else:
            self.tills[int(till)].terminal.expire_due()

    @rule(till=till)
    def partition(self, till: int) -> None:
        self.tills[till].online = not self.tills[till].online

    @precondition(lambda self: any(t.online for t in self.tills))
    @rule(till=till, fault=st.sampled_from((None, None, "drop_before", "drop_after")))
    def sync(self, till: int, fault: str | None) -> None:
        """A sync of an online till; with a fault, a push that never arrives or whose answer is lost (the
        next sync settles it)."""
        at = self.tills[till]
        if not at.online:
            return
        if fault is None:
            chainharness.sync(at)
            return
        self.chain.proxy.inject(fault, "/v1/sync/push")
        result = at.node.sync()
        self.chain.proxy.clear()
        assert not result.ok or result.pending == 0

    def teardown(self) -> None:
        chainharness.check_all(self.chain)


@pytest.fixture
def chain(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Chain]:
    """The chain on SQLite, and on PostgreSQL when TESSERA_TEST_PG_URL is set (tests/sync/conftest.py)."""
    monkeypatch.setenv("TZ", chainharness.ZONE)  # the tills' machines run in the stores' zone
    time.tzset()
    opened = chainharness.open_chain(tmp_path, START, db_url)
    yield opened
    opened.close()
    monkeypatch.undo()
    time.tzset()


@pytest.mark.allow_log("tessera.server", "conflict ")
@pytest.mark.allow_log("tessera.sync", "sync failed")
@pytest.mark.allow_log("tessera.sync", "rejected by the server")
@pytest.mark.allow_log("tessera.terminal", "negative balance")
def test_three_tills_in_two_stores_behave_as_one_program(chain: Chain) -> None:
    ChainModel.chain = chain
    run_state_machine_as_test(ChainModel, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=25, deadline=None, derandomize=True, database=None,
        phases=(Phase.explicit, Phase.generate),  # no shrinking: a failure prints its steps, unshrunk
        suppress_health_check=list(HealthCheck)))
