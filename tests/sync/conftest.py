"""Fixtures for the sync suite: a real server under uvicorn, a fault proxy, terminals.

The server suite runs on SQLite, and also on PostgreSQL when TESSERA_TEST_PG_URL
is set (``scripts/postgres.sh`` prints one): every test using ``db_url`` is
parametrized over the backends, each PostgreSQL test in a fresh schema.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tests.sync.faultproxy import FaultProxy

PG_URL = os.environ.get("TESSERA_TEST_PG_URL", "")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


def utc_now() -> datetime:
    return datetime.now(UTC)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.db'}"
        return
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    plain = make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


S = TypeVar("S", bound="LiveServer")


class LiveServer:
    """The real app under uvicorn in a thread; can be stopped and started again on its port.

    A subclass may pass ``create_app`` options and run the app's lifespan (its start-up tasks)."""

    app_options: ClassVar[dict[str, Any]] = {}
    lifespan: ClassVar[str] = "off"

    def __init__(self, db_url: str, data_dir: Path, clock: Callable[[], datetime] = utc_now) -> None:
        from sync.server.db import ServerDB

        self.db_url, self.data_dir, self.clock = db_url, data_dir, clock
        self.db = ServerDB(db_url)
        self.port = free_port()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        from sync.server.app import create_app

        config = uvicorn.Config(create_app(self.db, self.data_dir, clock=self.clock, **self.app_options),
                                host="127.0.0.1", port=self.port, log_level="warning", access_log=False,
                                lifespan=self.lifespan)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="uvicorn", daemon=True)
        self._thread.start()
        server = self._server
        wait_until(lambda: server.started, what="server start")
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(30)
            self._server = self._thread = None

    def close(self) -> None:
        self.stop()
        self.db.dispose()

    def new_code(self, store: str = "demo", name: str = "T", now: datetime | None = None) -> dict[str, Any]:
        from sync.server import admin

        return admin.new_terminal(self.db, store, name, now or utc_now())

    def balance(self, card: str) -> int:
        from sync.server import members

        return int(members.show(self.db, card, utc_now())["balance"])

    def ledger_check(self) -> dict[str, int]:
        """Every member: cached balance == sum of entries == open lots - debts. Returns card -> balance."""
        from sync.server.models import LedgerEntry, Member

        with self.db.read() as session:
            sums = dict(session.execute(select(LedgerEntry.member_id,
                                               func.coalesce(func.sum(LedgerEntry.points), 0))
                                        .group_by(LedgerEntry.member_id)).all())
            lots = dict(session.execute(select(LedgerEntry.member_id, func.sum(LedgerEntry.remaining)
                                               - func.sum(LedgerEntry.outstanding))
                                        .group_by(LedgerEntry.member_id)).all())
            result = {}
            for m in session.scalars(select(Member)):
                assert m.balance == int(sums.get(m.id, 0)), (
                    f"{m.card}: cache {m.balance} != ledger {sums.get(m.id)}")
                assert m.balance == int(lots.get(m.id, 0) or 0), f"{m.card}: lots-debts {lots.get(m.id)}"
                result[m.card] = m.balance
        return result

    def store_cards(self, store: str) -> list[str]:
        from sync.server.models import Member

        with self.db.read() as session:
            return list(session.scalars(select(Member.card).where(Member.store_id == store)))


def demo_server(kind: type[S], db_url: str, tmp_path: Path, clock: Callable[[], datetime] = utc_now,
                imported: datetime | None = None) -> Iterator[S]:
    """A started server of ``kind`` (a LiveServer or a subclass) on the demo data, closed afterwards;
    ``clock`` is the server's, ``imported`` when the demo members were imported (default: now)."""
    from sync.server import admin

    data_dir = tmp_path / "server"
    data_dir.mkdir()
    # (a server in another process keeps its own clock: only an in-process one takes ``clock``)
    live = kind(db_url, data_dir) if clock is utc_now else kind(db_url, data_dir, clock=clock)  # type: ignore[call-arg]
    admin.init(live.db, data_dir, demo=True, now=imported or clock())
    live.start()
    yield live
    live.close()


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    yield from demo_server(LiveServer, db_url, tmp_path)


@pytest.fixture
def proxy(server: LiveServer) -> Iterator[FaultProxy]:
    fp = FaultProxy(server.port).start()
    yield fp
    fp.stop()


@dataclass
class Node:
    """One terminal under test: its use cases and its sync agent on one data dir."""

    name: str
    data_dir: Path
    terminal: Any
    agent: Any

    def sync(self) -> Any:
        return self.agent.sync_once()

    def balance(self, card: str) -> int:
        return int(self.terminal.member(card).balance)

    def close(self) -> None:
        self.agent.close()
        self.terminal.close()


TIMEOUT = httpx.Timeout(10.0, connect=3.0)


@pytest.fixture
def make_node(tmp_path: Path, server: LiveServer, proxy: FaultProxy) -> Iterator[Callable[..., Node]]:
    from pos_app.sync_agent import SyncAgent
    from pos_app.terminal import Terminal, initialize

    nodes: list[Node] = []

    def make(name: str = "t1", *, store: str = "demo", clock: Callable[[], datetime] = utc_now,
             url: str | None = None, timeout: httpx.Timeout | float = TIMEOUT, **agent_kw: Any) -> Node:
        data = tmp_path / name
        initialize(data, clock=clock)
        agent = SyncAgent(data, clock=clock, timeout=timeout, **agent_kw)
        agent.register(url or proxy.url, server.new_code(store, name)["code"])
        node = Node(name, data, Terminal(data, clock=clock), agent)
        nodes.append(node)
        return node

    yield make
    for node in nodes:
        node.close()


def local_ledger_sum(node: Node, card: str) -> int:
    from pos_app.store.models import LedgerEntry, Member

    with node.terminal.db.reader() as session:
        member = session.scalar(select(Member).where(Member.card == card))
        assert member is not None
        return int(session.scalar(select(func.coalesce(func.sum(LedgerEntry.points), 0))
                                  .where(LedgerEntry.member_id == member.id)) or 0)


def assert_converged(server: LiveServer, nodes: list[Node], store: str = "demo") -> dict[str, int]:
    """Sync every terminal until quiet; then server == its own ledger == every terminal, per member."""
    for _ in range(2):  # the second round brings each terminal the others' changes
        for node in nodes:
            result = node.sync()
            assert result.ok, result.error
            assert result.pending == 0, result
    balances = server.ledger_check()
    for node in nodes:
        for card in server.store_cards(store):
            assert node.balance(card) == balances[card], f"{node.name} {card}: {node.balance(card)} != " \
                                                         f"server {balances[card]}"
            assert local_ledger_sum(node, card) == balances[card], f"{node.name} {card}: local ledger sum"
    return balances
