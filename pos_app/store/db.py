"""Opening the terminal database: pragmas, migrations and backups.

Every connection gets WAL, foreign keys and ``synchronous=FULL``: a sale that
returned to the cashier survives a power cut. Opening an older database takes an
online backup first and then migrates it.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from pos_app.base.files import fsync_dir
from pos_app.core.errors import Code, StorageFault
from pos_app.store.disk import STORAGE_ERRORS, as_fault, forget_header, raise_as_fault, require_usable

log = logging.getLogger("tessera.store")

DB_NAME = "terminal.db"
MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # pysqlite's own transaction handling would defer BEGIN; we issue BEGIN
    # IMMEDIATE ourselves so two writers never deadlock on a lock upgrade.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.close()


def _begin_immediate(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_deferred(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, writer: bool = True) -> Engine:
    """Writers take the write lock up front; readers never wait on a writer (WAL)."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _begin_immediate if writer else _begin_deferred)
    return engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def backup(path: Path, reason: str, stamp: str | None = None) -> Path:
    """An online SQLite backup into ``backups/`` beside the database.

    The copy is named ``terminal-{stamp}-{reason}.db``.
    """
    target_dir = path.parent / "backups"
    target_dir.mkdir(mode=0o700, exist_ok=True)
    stamp = stamp or datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = target_dir / f"terminal-{stamp}-{reason}.db"
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        dst.close()
    finally:
        src.close()
    os.chmod(target, 0o600)
    log.info("backup written: %s", target.name)
    return target


KEEP_DAILY_BACKUPS = 14


def daily_backup(path: Path, today: str) -> Path | None:
    """One backup per day (``today`` as YYYYMMDD); keeps the newest two weeks of them."""
    target_dir = path.parent / "backups"
    daily = sorted(target_dir.glob("terminal-*-daily.db")) if target_dir.exists() else []
    if any(p.name.startswith(f"terminal-{today}") for p in daily):
        return None
    # Named by the same ``today`` it was checked against (a terminal's clock, not this one's date),
    # so the next call that day finds it; the time of day only keeps the name unique.
    made = backup(path, "daily", stamp=f"{today}T{datetime.now(UTC):%H%M%S%f}Z")
    prune(target_dir, "terminal-*-daily.db")
    return made


def prune(folder: Path, pattern: str, keep: int = KEEP_DAILY_BACKUPS) -> None:
    """Only the newest ``keep`` backups of one kind stay (names sort by their UTC stamp); backups made by
    hand (``-manual``) and the folders of replaced databases are never pruned."""
    for old in sorted(folder.glob(pattern))[:-keep]:
        old.unlink()


def migrate(path: Path) -> bool:
    """Bring the database at ``path`` to the newest schema. Returns True if it changed.

    Only a missing file is created; an existing one that is empty or damaged raises StorageFault
    (SQLite would otherwise give a 0-byte file a fresh, empty schema). An existing file is backed up
    first; if a migration step fails, that backup is put back in its place (a till never runs on a
    half-migrated schema) and StorageFault ``migration_failed`` says so in one line (CLI exit 3)."""
    existed = path.exists()
    if existed:
        require_usable(path)
    engine = make_engine(path)
    saved: Path | None = None
    try:
        current, head = current_revision(engine), head_revision()
        if current == head:
            return False
        if existed:
            saved = backup(path, f"before-{head}")
            # a migration that keeps failing is retried at every start: each try leaves a copy, bounded
            prune(path.parent / "backups", "terminal-*-before-*.db")
        try:
            command.upgrade(alembic_config(engine), "head")
        except Exception as exc:
            engine.dispose()  # every connection closed before the file is replaced
            try:
                _undo_migration(path, saved)
            except OSError as undo:  # a full disk, say: the technician restores that backup by hand
                log.error("migration from %s to %s failed and could not be undone: %s; %s", current, head,
                          one_line(exc), undo)
                raise StorageFault(Code.MIGRATION_NOT_UNDONE, path=str(path), reason=one_line(exc),
                                   undo=str(undo), backup=str(saved)) from exc
            fault = as_fault(path, exc)
            if fault is not None and fault.code is not Code.STORAGE_CORRUPT:
                raise fault from exc  # a full or read-only disk: the same fault as anywhere else
            log.error("migration from %s to %s failed and was undone: %s", current, head, one_line(exc))
            raise StorageFault(Code.MIGRATION_FAILED, path=str(path), revision=current or "none",
                               target=head or "none", reason=one_line(exc),
                               backup=str(saved) if saved else "none") from exc
        log.info("database migrated from %s to %s", current, head)
        return True
    except STORAGE_ERRORS as exc:
        raise_as_fault(path, exc)
        raise
    finally:
        engine.dispose()


def one_line(exc: BaseException, limit: int = 200) -> str:
    """SQLite's own words for ``exc`` (SQLAlchemy appends the statement on further lines), cut short."""
    text = str(exc.orig if isinstance(exc, DBAPIError) else exc).strip() or type(exc).__name__
    first = text.splitlines()[0]
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _undo_migration(path: Path, saved: Path | None) -> None:
    """Put the pre-migration backup back at ``path`` (a new file is removed instead: it held nothing).

    The backup is copied beside the database, fsynced, and renamed over it; the WAL files of the
    half-migrated database go first, so SQLite never replays them onto the restored file. The backup
    itself stays in ``backups/``."""
    wal_files = (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
    if saved is None:
        for candidate in (path, *wal_files):
            candidate.unlink(missing_ok=True)
        return
    staged = path.with_name(f".{path.name}.undo")
    try:
        shutil.copyfile(saved, staged)
        with staged.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(staged, 0o600)
        for candidate in wal_files:
            candidate.unlink(missing_ok=True)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)
    fsync_dir(path.parent)
    forget_header(path)


def secure_file(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            os.chmod(candidate, 0o600)


# SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past its limit
# (1000 pages): with ~18 pages written per sale, every ~55th sale paid ~10 ms for copying the
# WAL into the database file. A Database checkpoints from a background thread instead, soon
# after writes; the automatic checkpoint stays only as a backstop far above what that leaves.
# A burst of writes (the sale hot path commits in well under a millisecond: a benchmark, an
# import) would fill the WAL past the backstop within one delay, so the thread also wakes after
# this many commits (~18 pages each): smaller checkpoints, and the backstop stays unreached.
CHECKPOINT_DELAY_S = 1.0
CHECKPOINT_AFTER_COMMITS = 300
AUTOCHECKPOINT_BACKSTOP_PAGES = 10_000


def _backstop_autocheckpoint(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_BACKSTOP_PAGES}")


class Checkpointer:
    """Copies the WAL into the database file off the cashier's path (PASSIVE: never blocks anyone)."""

    def __init__(self, path: Path, delay: float = CHECKPOINT_DELAY_S,
                 burst: int = CHECKPOINT_AFTER_COMMITS) -> None:
        self.path, self.delay, self.burst = path, delay, burst
        self._wake, self._hurry, self._stop = threading.Event(), threading.Event(), threading.Event()
        self._commits = 0  # since the thread last woke (a racy count is fine: it only hurries a checkpoint)
        self.checkpoints = 0
        self._thread = threading.Thread(target=self._run, name="tessera-checkpoint", daemon=True)
        self._thread.start()

    def notify(self, *_args: Any) -> None:
        """A write committed: checkpoint within ``delay`` seconds (batching the writes until then),
        or at once after ``burst`` commits."""
        self._commits += 1
        if self._commits >= self.burst:
            self._hurry.set()
        self._wake.set()

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            while True:
                self._wake.wait()
                self._hurry.wait(self.delay)
                self._wake.clear()
                self._hurry.clear()
                self._commits = 0
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.checkpoints += 1
                except sqlite3.Error as exc:  # the backstop checkpoint still bounds the WAL
                    log.warning("background checkpoint failed: %s", exc)
                if self._stop.is_set():
                    return
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._hurry.set()
        self._wake.set()
        self._thread.join(timeout=30)


class Database:
    """One terminal database file: engine plus a session factory."""

    def __init__(self, path: Path) -> None:
        require_usable(path)
        self.path = path
        self.engine = make_engine(path)
        self.read_engine = make_engine(path, writer=False)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        self.checkpointer = Checkpointer(path)
        event.listen(self.engine, "connect", _backstop_autocheckpoint)
        event.listen(self.engine, "commit", self.checkpointer.notify)
        self._hot = threading.local()  # each thread's raw_reader and raw_writer connections
        self._hot_all: list[sqlite3.Connection] = []
        self._hot_lock = threading.Lock()
        self.closed = False

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        try:
            with self.sessions() as session, session.begin():
                yield session
        except STORAGE_ERRORS as exc:  # a damaged page, a read-only file, a full disk: said plainly
            raise_as_fault(self.path, exc)
            raise

    def raw_writer(self) -> sqlite3.Connection:
        """This thread's own write connection for plain ``?`` SQL, the sale's hot path.

        Taken once per thread from the write engine's pool and detached from it (set up on connect like
        every writer: WAL, ``synchronous=FULL``, foreign keys, busy timeout, the autocheckpoint backstop),
        then kept: a checkout and return cost a sale ~0.05 ms of CPU (the pool's bookkeeping and its
        reset-on-return ROLLBACK). Between transactions it is in autocommit and holds no lock or snapshot.
        Closed with the database.
        """
        conn: sqlite3.Connection | None = getattr(self._hot, "writer", None)
        if conn is None:
            conn = self._hot.writer = self._detached(self.engine)
        return conn

    @contextmanager
    def raw_transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on :meth:`raw_writer`: BEGIN IMMEDIATE, the body, COMMIT (ROLLBACK if it
        raises), storage errors as StorageFault, the checkpointer told after the commit."""
        try:
            conn = self.raw_writer()
            if conn.in_transaction:  # never so, unless a commit was interrupted
                self._roll_back(conn)
                conn = self.raw_writer()
            conn.execute("BEGIN IMMEDIATE")
        except STORAGE_ERRORS as exc:
            raise_as_fault(self.path, exc)
            raise
        try:
            yield conn
            conn.commit()
        except BaseException as exc:
            self._roll_back(conn)
            if isinstance(exc, STORAGE_ERRORS):
                raise_as_fault(self.path, exc)
            raise
        self.checkpointer.notify()

    def _roll_back(self, conn: sqlite3.Connection) -> None:
        """Roll back what is left open; a writer that cannot is closed and replaced on next use."""
        try:
            if conn.in_transaction:  # SQLite may have rolled back itself (a full disk)
                conn.rollback()
        except STORAGE_ERRORS:
            self._hot.writer = None
            with self._hot_lock:
                if conn in self._hot_all:
                    self._hot_all.remove(conn)
            with suppress(*STORAGE_ERRORS):
                conn.close()

    @contextmanager
    def raw_reader(self) -> Iterator[sqlite3.Connection]:
        """This thread's own read connection for plain ``?`` SELECTs: a scan's card look-up.

        Taken once per thread from the read engine's pool and detached from it (so it is set up like
        every connection there: WAL, ``synchronous=FULL``, foreign keys, busy timeout), then kept: a
        pool checkout and return cost more than the look-up itself. It stays in autocommit, so it holds
        no snapshot between look-ups (checkpoints and writers never wait on it); each statement reads
        its own. Closed with the database.
        """
        try:
            conn: sqlite3.Connection | None = getattr(self._hot, "conn", None)
            if conn is None:
                conn = self._hot.conn = self._detached(self.read_engine)
            try:
                yield conn
            finally:
                if conn.in_transaction:  # nothing here opens one; never leave a snapshot held
                    conn.rollback()
        except STORAGE_ERRORS as exc:
            raise_as_fault(self.path, exc)
            raise

    def _detached(self, engine: Engine) -> sqlite3.Connection:
        pooled = engine.raw_connection()
        conn = cast(sqlite3.Connection, pooled.driver_connection)
        pooled.detach()  # ours now: the pool no longer counts it, nor hands it to anyone else
        with self._hot_lock:
            self._hot_all.append(conn)
        return conn

    @contextmanager
    def reader(self) -> Iterator[Session]:
        try:
            with self.read_sessions() as session:
                yield session
        except STORAGE_ERRORS as exc:
            raise_as_fault(self.path, exc)
            raise

    def close(self) -> None:
        self.closed = True
        self.checkpointer.close()
        with self._hot_lock:
            hot, self._hot_all = self._hot_all, []
        for conn in hot:  # check_same_thread is off for file databases (SQLAlchemy's pysqlite default)
            conn.close()
        self._hot = threading.local()
        self.engine.dispose()
        self.read_engine.dispose()
