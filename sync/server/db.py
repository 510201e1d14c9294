"""Server database access: engines for SQLite and PostgreSQL, migrations, transactions.

Writers never lose an update:
- SQLite: one writer at a time (a process lock plus ``BEGIN IMMEDIATE``), WAL so
  readers never wait.
- PostgreSQL: READ COMMITTED with row locks (``SELECT ... FOR UPDATE`` on the
  terminal and the members a batch touches, taken in id order); a deadlock,
  serialization failure or a lost insert race rolls back and retries the whole
  transaction.
Readers of the change feed use one snapshot per page (REPEATABLE READ on
PostgreSQL, a deferred transaction in WAL mode on SQLite).
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sync.server.models import Counter

log = logging.getLogger("tessera.server")

MIGRATIONS = Path(__file__).with_name("migrations")
T = TypeVar("T")
WRITE_ATTEMPTS = 6


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA wal_autocheckpoint=16384")  # fewer, larger checkpoints under a stream of batches
    cur.close()


# Connections one server process holds on PostgreSQL at most (deploy/postgresql.conf's max_connections):
# the sessions' pool, and the idle pulls' autocommit pool (RawReader).
PG_POOL_SIZE = 10
PG_MAX_OVERFLOW = 30
PG_RAW_POOL_SIZE = 4
PG_RAW_MAX_OVERFLOW = 4


class Retry(Exception):
    """Raised inside a write to have it rolled back and run again."""


class RawUnavailable(Exception):
    """The raw connection failed (a PostgreSQL restart left it stale): the caller takes a session."""


class RawReader:
    """Plain SQL on a pooled DBAPI connection: no Session, no Connection object, nothing compiled.

    A session costs about ten times the index look-ups an idle pull needs (measured: 104 us against
    9 us for the token look-up on SQLite; on PostgreSQL 350 us against 83 us for a round trip, as
    the session's pool pings and opens and rolls back a transaction). Statements name parameters
    ``:name``; PostgreSQL's driver gets them as ``%(name)s``. Each statement sees the latest commit
    (autocommit: no snapshot across statements). A failing connection is dropped from the pool and
    RawUnavailable raised, so the request falls back to a session (whose pool pings).
    """

    def __init__(self, connection: Any, is_sqlite: bool, error: type[Exception]) -> None:
        self._connection, self._is_sqlite, self._error = connection, is_sqlite, error

    def one(self, sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
        try:
            cursor = self._connection.cursor()
            try:
                cursor.execute(sql if self._is_sqlite else _pyformat(sql), params)
                row = cursor.fetchone()
            finally:
                cursor.close()
        except Exception as exc:
            if not isinstance(exc, self._error):
                raise
            self._connection.invalidate()
            raise RawUnavailable(str(exc)) from exc
        return tuple(row) if row is not None else None


@functools.lru_cache(maxsize=64)
def _pyformat(sql: str) -> str:
    return re.sub(r"(?<!:):([A-Za-z_]\w*)", r"%(\1)s", sql)


class ServerDB:
    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        self._write_lock = threading.Lock()
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(url, pool_size=8, max_overflow=24, pool_timeout=60)
            event.listen(self.engine, "connect", _sqlite_connect)
            self.read_engine = create_engine(url, pool_size=8, max_overflow=24, pool_timeout=60)
            event.listen(self.read_engine, "connect", _sqlite_connect)
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
            event.listen(self.read_engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
            self.raw_engine = self.read_engine  # its connections run in autocommit already
        else:
            self.engine = create_engine(url, pool_size=PG_POOL_SIZE, max_overflow=PG_MAX_OVERFLOW,
                                        pool_timeout=60, pool_pre_ping=True)
            self.read_engine = self.engine.execution_options(isolation_level="REPEATABLE READ")
            self.raw_engine = create_engine(url, pool_size=PG_RAW_POOL_SIZE, max_overflow=PG_RAW_MAX_OVERFLOW,
                                            pool_timeout=60, isolation_level="AUTOCOMMIT")
        self._writer = sessionmaker(self.engine, expire_on_commit=False)
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def dispose(self) -> None:
        self.engine.dispose()
        if self.read_engine is not self.engine and self.is_sqlite:
            self.read_engine.dispose()
        if not self.is_sqlite:
            self.raw_engine.dispose()

    # --- transactions ------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (no retry): commits on success, rolls back on error."""
        if self.is_sqlite:
            with self._write_lock, self._writer() as session, session.begin():
                yield session
        else:
            with self._writer() as session, session.begin():
                yield session

    def run_write(self, work: Callable[[Session], T], *, attempts: int = WRITE_ATTEMPTS) -> T:
        """Run ``work`` in a write transaction, retrying lock conflicts and lost races."""
        for attempt in range(1, attempts + 1):
            try:
                with self.write() as session:
                    return work(session)
            except (Retry, IntegrityError, OperationalError, DBAPIError) as exc:
                if attempt == attempts or not _retryable(exc):
                    raise
                log.info("write conflict (%s), retry %d", type(exc).__name__, attempt)
        raise AssertionError("unreachable")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One consistent snapshot for reading."""
        with self._reader() as session, session.begin():
            yield session

    @contextmanager
    def raw_read(self) -> Iterator[RawReader]:
        """A pooled DBAPI connection for the hottest read, an idle till's pull (see RawReader)."""
        connection = self.raw_engine.raw_connection()
        try:
            yield RawReader(connection, self.is_sqlite, self.raw_engine.dialect.loaded_dbapi.Error)
        finally:
            connection.close()  # back to the pool (autocommit: nothing to roll back)

    def next_change(self, session: Session) -> int:
        """The next change-feed value; the counter row stays locked until commit."""
        value = session.execute(
            update(Counter).where(Counter.name == "changes").values(value=Counter.value + 1)
            .returning(Counter.value)
        ).scalar_one()
        return int(value)

    # --- schema --------------------------------------------------------------------

    def migrate(self) -> bool:
        """Bring the schema to the newest revision. True if it changed."""
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        if current == head:
            return False
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self._write_lock, self.engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
        log.info("server database migrated from %s to %s", current, head)
        return True

    def is_current(self) -> bool:
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        return current is not None and current == ScriptDirectory(str(MIGRATIONS)).get_current_head()


def _retryable(exc: Exception) -> bool:
    return isinstance(exc, Retry | IntegrityError) or db_lock_conflict(exc)


def db_lock_conflict(exc: BaseException) -> bool:
    """A lost race for a lock (worth trying again later), not a write the database refuses."""
    orig = getattr(exc, "orig", None)
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01", "55P03"):  # serialization failure, deadlock, lock not available
        return True
    return "database is locked" in str(exc)
