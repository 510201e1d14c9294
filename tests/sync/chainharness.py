"""A chain under test for the model-based test: one real server, two stores, three tills, one moved clock.

The server runs under uvicorn on 127.0.0.1 behind the fault proxy; each till is a real
terminal data dir driven through ``Terminal`` and ``SyncAgent`` as the CLI drives them
(the online duplicate check, online redemption, a refund of another till's receipt
fetched from the server or queued offline). A till marked offline is partitioned: it
neither syncs nor asks the server anything, so it works by the offline rules.

The chain's server and terminals outlive one hypothesis example; every example opens
two fresh stores with their own tills, so what one example did never shows in another's
figures (the checks below read one store at a time).
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from pos_app.core.errors import TesseraError, UnknownCard, UnknownReceipt
from pos_app.core.receipts import receipt_key
from pos_app.results import RefundResult
from tests.clocks import FakeClock
from tests.sync.conftest import LiveServer, Node
from tests.sync.faultproxy import FaultProxy

ZONE = "Europe/Bucharest"  # both stores' zone, and the terminals' machines' (the test sets TZ)
REGION = "RO"
MANAGER = "manager"
TIMEOUT = httpx.Timeout(10.0, connect=3.0)
COMMON = ("transactions", "sales", "refunds", "redemptions", "sales_amount", "points_issued",
          "points_reversed", "points_redeemed", "points_expired", "points_adjusted", "enrollments")


@dataclass
class Till:
    """One till of a store: its node, and whether it can reach the server."""

    node: Node
    store: str
    online: bool = True

    @property
    def terminal(self) -> Any:
        return self.node.terminal

    @property
    def agent(self) -> Any:
        return self.node.agent


@dataclass
class Chain:
    """The shared server, its proxy and clock; ``open_stores`` starts one example's stores and tills."""

    root: Path
    server: LiveServer
    proxy: FaultProxy
    clock: FakeClock
    template: Path
    tills: list[Till] = field(default_factory=list)
    days: set[date] = field(default_factory=set)
    examples: int = 0

    def open_stores(self, start: datetime) -> list[Till]:
        """Two new stores (two tills in the first, one in the second), at ``start`` on the clock."""
        from pos_app.sync_agent import SyncAgent
        from pos_app.terminal import Terminal
        from sync.server import admin

        self.close_tills()
        self.clock.now = start
        self.days = set()
        self.examples += 1
        stores = (f"a{self.examples}", f"b{self.examples}")
        for store in stores:
            admin.add_store(self.server.db, store, ZONE, REGION, start)
        for index, store in enumerate((stores[0], stores[0], stores[1])):
            name = f"e{self.examples}t{index + 1}"
            data = self.root / name
            shutil.copytree(self.template, data)  # a terminal initialised once: migrations cost seconds
            agent = SyncAgent(data, clock=self.clock, timeout=TIMEOUT)
            agent.register(self.proxy.url, self.server.new_code(store, name, start)["code"])
            terminal = Terminal(data, clock=self.clock)
            terminal.add_cashier(MANAGER, "Manager", "9999", "manager")  # who approves corrections
            self.tills.append(Till(Node(name, data, terminal, agent), store))
        self.touch()
        return self.tills

    def touch(self) -> None:
        """Remember the store's day of now: the reports of every such day are compared at the end."""
        self.days.add(self.clock().astimezone().date())

    def close_tills(self) -> None:
        for till in self.tills:
            till.node.close()
        self.tills = []

    def close(self) -> None:
        self.close_tills()
        self.proxy.stop()
        self.server.close()


def open_chain(root: Path, start: datetime, db_url: str) -> Chain:
    from pos_app.terminal import initialize
    from sync.server import admin

    clock = FakeClock(start)
    data_dir = root / "server"
    data_dir.mkdir()
    server = LiveServer(db_url, data_dir, clock=clock)
    admin.init(server.db, data_dir, demo=True, now=start)
    server.start()
    template = root / "template"
    initialize(template, region=REGION, clock=clock)
    return Chain(root, server, FaultProxy(server.port).start(), clock, template)


# --- the acts, as the CLI does them -----------------------------------------------------------------------


def known(till: Till, card: str) -> bool:
    """The till has the member, or (online) fetched it from the server, as the CLI's card lookup does."""
    try:
        till.terminal.member(card)
        return True
    except UnknownCard:
        return till.online and bool(till.agent.lookup_card(card))


def enroll(till: Till, name: str, phone: str | None, email: str | None) -> str | None:
    check = till.agent.check_contact if till.online else None
    try:
        return str(till.terminal.enroll(name, phone=phone, email=email, check=check).card)
    except TesseraError:
        return None  # a duplicate this till or the server knows: refused, as the issue asks


def refund(till: Till, receipt: str, amount: int | None) -> RefundResult | None:
    try:
        return till.terminal.refund(receipt, amount, None)
    except UnknownReceipt:
        pass
    except TesseraError:
        return None
    try:
        if not till.online:
            return till.terminal.queue_refund(receipt, amount, None)
        remote = till.agent.fetch_sale(receipt)
        return None if remote is None else till.terminal.refund(receipt, amount, None, remote)
    except TesseraError:
        return None


def sync(till: Till) -> None:
    result = till.node.sync()
    assert result.ok, f"{till.node.name}: {result.error}"


def settle(chain: Chain) -> None:
    """Every till back online, synced twice: the second round brings each the others' changes. Then the
    server's hourly expiry (`serve` runs it): a lot a till pushed only after its date is expired there, and
    two more rounds bring that to every till."""
    from sync.server import expiry

    for till in chain.tills:
        till.online = True
    for _ in range(2):
        for till in chain.tills:
            sync(till)
    expiry.expire_due(chain.server.db, chain.clock())
    for _ in range(2):
        for till in chain.tills:
            sync(till)
    for till in chain.tills:
        assert till.node.sync().pending == 0, f"{till.node.name}: ops still pending"


# --- what must hold once every till has synced ----------------------------------------------------------


def store_members(chain: Chain, store: str) -> list[Any]:
    from sync.server.models import Member

    with chain.server.db.read() as session:
        return list(session.scalars(select(Member).where(Member.store_id == store)))


def check_balances(chain: Chain) -> None:
    """Each member: every till of the store == the server's balance == the sum of the server's ledger."""
    from sync.server import members
    from sync.server.models import LedgerEntry
    from tests.sync.conftest import local_ledger_sum

    now = chain.clock()
    for store in {t.store for t in chain.tills}:
        for member in store_members(chain, store):
            with chain.server.db.read() as session:
                total = int(session.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0))
                                           .where(LedgerEntry.member_id == member.id)) or 0)
            shown = int(members.show(chain.server.db, member.card, now)["balance"])
            assert member.balance == total == shown, (
                f"{member.card}: cache {member.balance}, ledger {total}, shown {shown}")
            for till in (t for t in chain.tills if t.store == store):
                local = (till.node.balance(member.card), local_ledger_sum(till.node, member.card))
                assert local == (total, total), f"{till.node.name} {member.card}: {local} != server {total}"


def check_receipts(chain: Chain) -> None:
    """Each store receipt earned once: one sale on the server, and the tills' own earn entries for it add up
    to what that sale earned (a second till's earn was corrected to zero)."""
    from pos_app.store.mirror import SERVER_TERMINAL
    from pos_app.store.models import LedgerEntry as LocalEntry
    from sync.server.models import LedgerEntry, Sale

    for store in {t.store for t in chain.tills}:
        with chain.server.db.read() as session:
            sales = list(session.scalars(select(Sale).where(Sale.store_id == store)))
            earns = list(session.execute(select(LedgerEntry.receipt, LedgerEntry.points).where(
                LedgerEntry.store_id == store, LedgerEntry.kind == "earn")))
        keys = [s.receipt_key for s in sales]
        assert len(keys) == len(set(keys)), f"{store}: a receipt has two sales: {sorted(keys)}"
        server_earn: dict[str, int] = defaultdict(int)
        earning: dict[str, int] = defaultdict(int)
        for receipt, points in earns:
            server_earn[receipt_key(receipt or "")] += int(points)
            earning[receipt_key(receipt or "")] += 1 if points else 0
        assert all(n <= 1 for n in earning.values()), f"{store}: a receipt earned twice: {dict(earning)}"
        local: dict[str, int] = defaultdict(int)
        for till in (t for t in chain.tills if t.store == store):
            with till.terminal.db.reader() as session:
                for receipt, points in session.execute(select(LocalEntry.receipt, LocalEntry.points).where(
                        LocalEntry.kind == "earn", LocalEntry.terminal_id != SERVER_TERMINAL)):
                    local[receipt_key(receipt or "")] += int(points)
        assert dict(local) == {k: v for k, v in server_earn.items()}, f"{store}: tills' earns {dict(local)}" \
                                                                      f" != server {dict(server_earn)}"


def check_limits(chain: Chain) -> None:
    """A reward with a per-member limit taken more often than that has a limit_exceeded_offline row each."""
    from pos_app.core.program import Program
    from sync.server import programs
    from sync.server.models import Conflict, Redemption

    with chain.server.db.read() as session:
        program: Program = programs.active(session)
        for store in {t.store for t in chain.tills}:
            taken = session.execute(select(Redemption.member_id, Redemption.reward_id, func.count()).where(
                Redemption.store_id == store).group_by(Redemption.member_id, Redemption.reward_id)).all()
            for member_id, reward_id, count in taken:
                reward = program.reward(reward_id)
                limit = reward.per_member_limit if reward is not None else None
                if limit is None or count <= limit:
                    continue
                flagged = session.scalar(select(func.count()).select_from(Conflict).where(
                    Conflict.kind == "limit_exceeded_offline", Conflict.member_id == member_id)) or 0
                assert flagged >= count - limit, f"{reward_id} taken {count}x, {flagged} conflicts"


def check_contacts(chain: Chain) -> None:
    """Members of a store sharing a phone or an e-mail: all but the first are possible_duplicate conflicts."""
    from sync.server.models import Conflict

    for store in {t.store for t in chain.tills}:
        members = store_members(chain, store)
        with chain.server.db.read() as session:
            flagged = {(c.member_id, c.related_member_id) for c in session.scalars(
                select(Conflict).where(Conflict.kind == "possible_duplicate", Conflict.store_id == store))}
        related = {frozenset(pair) for pair in flagged}
        for attr in ("phone", "email"):
            groups: dict[str, list[str]] = defaultdict(list)
            for member in members:
                if getattr(member, attr):
                    groups[getattr(member, attr)].append(member.id)
            for value, ids in groups.items():
                linked = {i for pair in related for i in pair if pair & set(ids) and pair <= set(ids)}
                assert len(ids) == 1 or linked == set(ids), f"{store}: {attr} {value} shared by {len(ids)}" \
                                                            f" members, conflicts link {len(linked)}"


def server_day(chain: Chain, store: str, day: date) -> dict[str, int]:
    from sync.server import reports

    with chain.server.db.read() as session:
        figures = reports.daily(session, day, store).model_dump()
    return {name: int(figures[name]) for name in COMMON}


def server_own_expiry(chain: Chain, store: str, day: date) -> int:
    """Points the server's own expiry run expired in the store that day: no till did that."""
    from sync.server.models import LedgerEntry

    start = datetime(day.year, day.month, day.day).astimezone().astimezone(UTC)
    end = (datetime(day.year, day.month, day.day) + timedelta(days=1)).astimezone().astimezone(UTC)
    with chain.server.db.read() as session:
        return -int(session.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0)).where(
            LedgerEntry.store_id == store, LedgerEntry.terminal_id == "server", LedgerEntry.kind == "expire",
            LedgerEntry.created_at >= start, LedgerEntry.created_at < end)) or 0)


def check_reports(chain: Chain) -> None:
    """Each store, each day something happened: its tills' reports add up to the server's (plus what the
    server expired on its own, which no till reports)."""
    for store in {t.store for t in chain.tills}:
        for day in sorted(chain.days):
            tills = [t.terminal.daily_report(day) for t in chain.tills if t.store == store]
            summed = {name: sum(int(r[name]) for r in tills) for name in COMMON}
            summed["points_expired"] += server_own_expiry(chain, store, day)
            server = server_day(chain, store, day)
            assert summed == server, f"{store} {day}: tills, server: " + ", ".join(
                f"{k} {summed[k]} != {server[k]}" for k in COMMON if summed[k] != server[k]) + \
                f"; dead letters: {dead_letters(chain, store)}"


def dead_letters(chain: Chain, store: str) -> list[tuple[str, str]]:
    """The store's ops the server rejected (kind, reason): evidence when a check fails."""
    return [(d["kind"], d["reason"]) for t in chain.tills if t.store == store
            for d in t.terminal.dead_letters()]


def check_all(chain: Chain) -> None:
    settle(chain)
    check_balances(chain)
    check_receipts(chain)
    check_limits(chain)
    check_contacts(chain)
    check_reports(chain)

