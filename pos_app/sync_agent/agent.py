"""Terminal side of sync: outbox -> sync.client -> server, and the server's state back.

``SyncAgent.sync_once()`` pushes every pending op (batches of 500, per-terminal
seq order), then pulls the store's change feed page by page and rebases each
changed member on the server's state (``pos_app.store.syncstore``). It never
raises for network trouble: it returns a ``SyncResult`` the window's worker can
show, and ``Backoff`` says when to try again. No Qt here.

The token lives in ``terminal.token`` (0600) in the data dir, never in logs or
in the database.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
import logging
import random
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx
from sqlalchemy.orm import Session

from pos_app.base.clock import Clock, utc_now, zone_named
from pos_app.base.files import atomic_write_text
from pos_app.config import Options
from pos_app.core import cards, contact, qrtoken
from pos_app.core.errors import (
    Code,
    DomainError,
    DuplicateMember,
    InvalidInput,
    NotEnoughPoints,
    RewardNotAllowed,
)
from pos_app.staff import announce_staff, unannounced_staff
from pos_app.store import identity, mirror, queries, salemirror, salepath, syncstore, vouchers
from pos_app.store.db import Database, migrate
from pos_app.store.identity import StateKey, TerminalState
from sync.client import AuthRefused, NotModified, Refused, SyncClient, SyncError, Unreachable
from sync.protocol import (
    CODE_LENGTH,
    DEFAULT_PAGE,
    MAX_BATCH,
    MAX_PAGE,
    MAX_PUSH_BYTES,
    MemberState,
    PullPage,
    PushOp,
    PushRequest,
    PushResponse,
    RedeemRequest,
    VoucherOut,
    VoucherUse,
)

log = logging.getLogger("tessera.sync")

TOKEN_FILE = "terminal.token"
MAX_SKEW = timedelta(minutes=2)
MAX_PAGES = 100_000


class NotRegistered(DomainError):
    default_code = Code.NOT_REGISTERED


@dataclass(frozen=True)
class SyncResult:
    ok: bool
    pushed: int = 0  # ops the server answered in this run
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0  # dead letters in the outbox (all, not only this run)
    newly_rejected: int = 0
    deferred: int = 0
    pulled: int = 0  # member states received
    pending: int = 0  # ops still waiting for the server
    program_changed: bool = False
    clock_skew_seconds: float | None = None
    error: str | None = None
    auth_failed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PushCounts:
    """What the server answered to one push run (``SyncResult`` carries these)."""

    pushed: int = 0  # ops the server answered
    applied: int = 0
    duplicates: int = 0
    newly_rejected: int = 0
    deferred: int = 0

    def answered(self, status: str) -> None:
        self.pushed += 1
        if status == "applied":
            self.applied += 1
        elif status == "duplicate":
            self.duplicates += 1
        elif status != "held":  # held: a pending refund waiting for its sale, settled on a later pull
            self.newly_rejected += 1


# --- backoff --------------------------------------------------------------------------


def backoff_delay(failures: int, rng: Callable[[], float] = random.random, *, base: float = 2.0,
                  cap: float = 300.0) -> float:
    """Seconds to wait after ``failures`` failures in a row: exponential, with jitter, at most ``cap``.

    "Equal jitter": half the exponential step is fixed, half random, so many
    terminals coming back after an outage spread out but none retries at once.
    """
    if failures <= 0:
        return 0.0
    step = min(cap, base * 2 ** min(failures - 1, 30))
    return float(step / 2 + rng() * step / 2)


class Backoff:
    """When to try the next sync; pure given a clock and a random source."""

    def __init__(self, clock: Clock = utc_now, rng: Callable[[], float] = random.random, *,
                 base: float = 2.0, cap: float = 300.0) -> None:
        self.clock, self.rng, self.base, self.cap = clock, rng, base, cap
        self.failures = 0
        self.next_at: datetime | None = None

    def ready(self) -> bool:
        return self.next_at is None or self.clock() >= self.next_at

    def failed(self) -> float:
        self.failures += 1
        delay = backoff_delay(self.failures, self.rng, base=self.base, cap=self.cap)
        self.next_at = self.clock() + timedelta(seconds=delay)
        return delay

    def succeeded(self) -> None:
        self.failures, self.next_at = 0, None


# --- token file ----------------------------------------------------------------------


def read_token(data_dir: Path) -> str | None:
    path = data_dir / TOKEN_FILE
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def write_token(data_dir: Path, token: str) -> None:
    atomic_write_text(data_dir / TOKEN_FILE, token, mode=0o600)  # a secret: owner only


def _check_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InvalidInput(Code.SERVER_URL, url=url)
    if parsed.scheme == "http" and parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        log.warning("server %s is plain HTTP: use https (TLS proxy) outside a test setup", parsed.hostname)
    return url.rstrip("/")


def _store_region(region: str | None) -> str:
    """The store region the server sent, if it is one ("" for none or an unreadable one)."""
    try:
        return contact.region(region) if region else ""
    except InvalidInput:
        return ""


def _mismatch(params: dict[str, str | int], asked: str | None) -> dict[str, str | int]:
    return {"store": params.get("store", "?"), "region": params.get("region", "?"),
            "asked": params.get("asked", asked or "?")}


@functools.cache
def app_version() -> str:
    """This terminal's software version, as the server shows HQ (a bundle without its metadata: "")."""
    try:
        return importlib.metadata.version("tessera-pos")[:32]
    except importlib.metadata.PackageNotFoundError:
        return ""


def _same_zone(tz: str | None, now: datetime) -> bool | None:
    """Whether this machine's clock shows the store's wall time now (None: the server named no zone).

    The terminal's days, hours and promotions follow the store's zone either way; the desktop clock and
    the times the window shows follow the machine's.
    """
    try:
        zone = ZoneInfo(tz) if tz else None
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return None if zone is None else now.astimezone().utcoffset() == now.astimezone(zone).utcoffset()


# The JSON around an op's payload on the wire (id, seq, kind, card, dates, digest): a generous bound.
OP_ENVELOPE_BYTES = 400


def within_budget(batch: list[syncstore.QueuedOp]) -> list[syncstore.QueuedOp]:
    """The longest prefix of ``batch`` whose push body stays under the server's MAX_PUSH_BYTES (at least
    one op: an op larger than the whole budget is the server's to refuse, with a reason)."""
    total = 0
    for index, queued in enumerate(batch):
        total += len(queued.payload.encode()) + OP_ENVELOPE_BYTES
        if total > MAX_PUSH_BYTES - OP_ENVELOPE_BYTES and index > 0:
            return batch[:index]
    return batch


# --- the agent -----------------------------------------------------------------------------


def _mark_in(session: Any, online: bool, now: datetime | None, server_time: datetime | None) -> None:
    """The till's sync state: online or not, when it last synced, its clock's skew against the server."""
    identity.put(session, StateKey.ONLINE, online)
    if now is not None:
        identity.put(session, StateKey.LAST_SYNC_AT, now)
    if now is not None and server_time is not None:
        skew = (now - server_time).total_seconds()
        identity.put(session, StateKey.CLOCK_SKEW_SECONDS, round(skew, 1))
        if abs(skew) > MAX_SKEW.total_seconds():
            log.warning("terminal clock is %+.0f s off the server's", skew)


class SyncAgent:
    def __init__(self, data_dir: Path, *, clock: Clock = utc_now,
                 timeout: float | httpx.Timeout | None = None,
                 transport: httpx.BaseTransport | None = None, batch_size: int = MAX_BATCH,
                 page_size: int = DEFAULT_PAGE) -> None:
        db_path = data_dir / "terminal.db"
        if not db_path.exists():
            raise InvalidInput(Code.NO_DATABASE, data_dir=str(data_dir))
        migrate(db_path)
        self.data_dir, self.clock = data_dir, clock
        self.db = Database(db_path)
        self.batch_size, self.page_size = min(batch_size, MAX_BATCH), page_size
        # A till far behind asks for the largest pages once one came back full: a quarter of the round
        # trips and commits. (A smaller page size set on purpose, as the paging tests do, is kept.)
        self.catch_up_size = MAX_PAGE if page_size >= DEFAULT_PAGE else page_size
        self._timeout = timeout if timeout is not None else httpx.Timeout(30.0, connect=5.0)
        options = Options.load(data_dir)
        self.online_wait = options.online_wait_ms / 1000  # seconds, for httpx
        self.time_zone = options.time_zone  # "" : the store's (Terminal.zone, read from the session here)
        self._transport = transport
        self._client: SyncClient | None = None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        self.db.close()

    def state(self) -> TerminalState:
        with self.db.reader() as session:
            return identity.read(session)

    def client(self) -> SyncClient:
        if self._client is None:
            url, token = self.state().server_url, read_token(self.data_dir)
            if not url or not token:
                raise NotRegistered()
            self._client = SyncClient(url, token, timeout=self._timeout, transport=self._transport)
        return self._client

    # --- registration ---------------------------------------------------------------

    def register(self, server_url: str, code: str, region: str | None = None) -> dict[str, Any]:
        """Bind this data dir to the server's terminal of ``code``; the store's region becomes this one's.

        ``region`` (``register --region``): the one the technician expects; the server refuses another
        before the code is spent (InvalidInput ``region_mismatch``, exit 2). Ops queued before (the first
        manager, demo data) are pushed from the first sync on.
        """
        url = _check_url(server_url)
        asked = contact.region(region) if region is not None else None
        code = code.strip()
        if not CODE_LENGTH[0] <= len(code) <= CODE_LENGTH[1]:  # refused before a round trip
            raise InvalidInput(Code.REGISTRATION_CODE, length=len(code))
        with SyncClient(url, timeout=self._timeout, transport=self._transport) as anonymous:
            try:
                answer = anonymous.register(code, asked)
            except Refused as exc:
                if exc.code == Code.REGION_MISMATCH:
                    raise InvalidInput(Code.REGION_MISMATCH, **_mismatch(exc.params, asked)) from None
                raise
        write_token(self.data_dir, answer.token)
        with self.db.transaction() as session:
            announce_staff(session, self.clock(), self._zone(session))  # cashiers from before staff ops first
            pending = syncstore.pending_batch(session, 1)
            base = pending[0].seq - 1 if pending else syncstore.last_seq(session)
            facts: dict[StateKey, identity.Value] = {
                StateKey.SERVER_URL: url, StateKey.TERMINAL_ID: answer.terminal_id,
                StateKey.STORE_ID: answer.store_id, StateKey.SEQ_BASE: base, StateKey.PULL_CURSOR: "",
                StateKey.PULL_TAG: None, StateKey.SERVER_PROGRAM_VERSION: 0, StateKey.ONLINE: True}
            store_region = _store_region(answer.region) or asked
            if store_region:  # the store's (phones are matched across tills in it), else the one typed
                facts[StateKey.REGION] = store_region
            if zone_named(answer.tz) is not None:  # the shop's days and hours follow the store's zone
                facts[StateKey.TZ] = answer.tz
            for key, value in facts.items():
                identity.put(session, key, value)
            region_now = identity.read(session).region
        if self._client is not None:
            self._client.close()
            self._client = None
        log.info("registered as terminal %s of store %s", answer.terminal_id, answer.store_id)
        pulled, _ = self.pull()
        self._mark(True, self.clock(), answer.server_time)
        return {"terminal_id": answer.terminal_id, "store_id": answer.store_id, "server_url": url,
                "terminal_name": answer.terminal_name, "pulled": pulled, "region": region_now,
                "tz": answer.tz, "clock_in_store_zone": _same_zone(answer.tz, self.clock())}

    def _announce_staff(self) -> None:
        """Once, for a terminal whose cashiers predate staff ops: the server learns who approves adjusts."""
        with self.db.reader() as session:
            if not unannounced_staff(session):
                return
        with self.db.transaction() as session:
            announce_staff(session, self.clock(), self._zone(session))

    def _zone(self, session: Session) -> ZoneInfo | None:
        return zone_named(self.time_zone or identity.read(session).tz)

    # --- one sync --------------------------------------------------------------------

    def sync_once(self) -> SyncResult:
        counts = PushCounts()
        pulled, changed, error, auth_failed, ok = 0, False, None, False, False
        try:
            counts = self.push()
            pulled, changed = self.pull()
            ok = True
        except NotRegistered as exc:
            error = exc.message
        except AuthRefused as exc:
            error, auth_failed = f"the server refused this terminal ({exc.message}): register it again", True
        except (Unreachable, Refused) as exc:
            error = exc.message
        if not ok:
            log.warning("sync failed: %s", error)
            self._mark(False, None, None)
        with self.db.reader() as session:
            pending, rejected = queries.pending_ops(session), queries.rejected_ops(session)
            skew = identity.read(session).clock_skew_seconds
        return SyncResult(ok=ok, pushed=counts.pushed, applied=counts.applied, duplicates=counts.duplicates,
                          rejected=rejected, newly_rejected=counts.newly_rejected, deferred=counts.deferred,
                          pulled=pulled, pending=pending, program_changed=changed, clock_skew_seconds=skew,
                          error=error, auth_failed=auth_failed)

    def _mark(self, online: bool, now: datetime | None, server_time: datetime | None) -> None:
        with self.db.transaction() as session:
            _mark_in(session, online, now, server_time)

    # --- push --------------------------------------------------------------------------

    def push(self) -> PushCounts:
        """Send every op pending now, oldest first. Raises SyncError subclasses on failure."""
        client = self.client()
        counts = PushCounts()
        self._announce_staff()
        while self.state().restored and self._resume_after_restore(client, counts):
            pass
        with self.db.reader() as session:
            through = syncstore.last_seq(session)
            state = identity.read(session)
            base, terminal_id = state.seq_base, state.terminal_id or ""
            digests = syncstore.program_digests(session)
        while True:
            with self.db.reader() as session:
                fetched = syncstore.pending_batch(session, self.batch_size, through)
                if not fetched:
                    return counts
                batch = within_budget(fetched)
                queued = queries.pending_ops(session)
                behind = queued > len(batch)
                oldest = syncstore.first_pending_after(session, batch[-1].seq) if behind else None
            ops = [self._wire_op(q.seq - base, q.op_id, q.kind, q.payload, q.created_at, digests)
                   for q in batch]
            request = PushRequest.model_construct(terminal_id=terminal_id, ops=ops, app_version=app_version(),
                                                  pending=max(queued - len(batch), 0), sent_at=self.clock(),
                                                  oldest_pending_at=oldest)
            response = self._send(client, request, batch, base, counts)
            if counts.deferred:
                log.warning("server deferred %d ops: %s", counts.deferred,
                            next((r.reason for r in response.results if r.status == "deferred"), ""))
                return counts
            if len(fetched) < self.batch_size and len(batch) == len(fetched):
                return counts

    def _send(self, client: SyncClient, request: PushRequest, batch: list[syncstore.QueuedOp],
              base: int, counts: PushCounts) -> PushResponse:
        """Push ``request`` (the wire form of ``batch``) and record the server's answers to its ops."""
        ops = request.ops
        try:
            response = client.push(request)
        except SyncError:
            with self.db.transaction() as session:
                syncstore.count_attempt(session, [q.seq for q in batch])
            raise
        answers = []
        for r in response.results:
            if r.status == "deferred":
                counts.deferred += 1
                continue
            status = r.status
            if status == "duplicate" and r.answer is not None and r.answer.status in ("rejected", "held"):
                status = r.answer.status
            result = r.answer.model_dump_json() if r.answer else json.dumps({"status": r.status})
            reason = r.reason if status in ("rejected", "held") else None
            answers.append((r.seq + base, status, reason, result))
            counts.answered(status)
        entries = {op.seq + base: syncstore.entry_ids(op.payload) for op in ops}
        with self.db.transaction() as session:
            syncstore.count_attempt(session, [q.seq for q in batch])
            # the server's figures first, while the entries still say whether a pull settled them
            syncstore.apply_corrections(session, [a[3] for a in answers if a[1] != "rejected"])
            syncstore.record_answers(session, answers, self.clock(), entries)
            identity.put(session, StateKey.ONLINE, True)
        for seq, status, reason, _ in answers:
            if status == "rejected":
                log.warning("op %d rejected by the server: %s", seq, reason)
        return response

    def _resume_after_restore(self, client: SyncClient, counts: PushCounts) -> bool:
        """One step of catching up after `restore`; True while there is more to do.

        The restored outbox may be behind the server: ops pushed after the backup was taken are on
        the server already, the others are not, and they are a prefix and a suffix of what is pending
        (a till pushes in order). The server answers a known op id as a duplicate whatever its seq, so
        the first pending op is sent alone, numbered right after the server's last seq for this till,
        until one is new to the server; from there on the outbox numbers follow the server's.
        """
        state = self.state()
        terminal_id = state.terminal_id or ""
        last = client.push(PushRequest.model_construct(terminal_id=terminal_id, ops=[])).last_seq
        with self.db.reader() as session:
            first = syncstore.pending_batch(session, 1)
            newest = syncstore.last_seq(session)
            digests = syncstore.program_digests(session)
        if not first:
            self._resumed(newest - last)
            return False
        base = first[0].seq - (last + 1)
        q = first[0]
        op = self._wire_op(q.seq - base, q.op_id, q.kind, q.payload, q.created_at, digests)
        request = PushRequest.model_construct(terminal_id=terminal_id, ops=[op], app_version=app_version(),
                                              pending=None, sent_at=self.clock(), oldest_pending_at=None)
        response = self._send(client, request, first, base, counts)
        if any(r.status != "duplicate" for r in response.results):
            self._resumed(base)
            return False
        return True

    def _resumed(self, base: int) -> None:
        with self.db.transaction() as session:
            identity.put(session, StateKey.SEQ_BASE, base)
            identity.put(session, StateKey.RESTORED, None)
        log.info("outbox numbering follows the server's again after a restore (base %d)", base)

    def _wire_op(self, seq: int, op_id: str, kind: str, raw: str, created: datetime,
                 digests: dict[int, str]) -> PushOp:
        payload = json.loads(raw)
        version = int(payload.get("program_version") or 0)
        card = payload.get("member_card") or (payload.get("member") or {}).get("card")
        # Built from our own outbox rows: no validation pass needed before serializing.
        return PushOp.model_construct(id=op_id, seq=seq, kind=kind, member_card=card, payload=payload,
                                      created_at=created, program_version=version,
                                      program_digest=digests.get(version))

    # --- pull ----------------------------------------------------------------------------

    def pull(self) -> tuple[int, bool]:
        """Page through the change feed; returns (member states applied, program changed).

        While a page is written to the database the next one is already on its way (its request
        needs only this page's cursor), so a till far behind waits for the server or for its disk,
        not for both in turn. Not when the page brings programs: the next request names the version.
        """
        client = self.client()
        pulled, changed = 0, False
        state = self.state()
        with ThreadPoolExecutor(1, thread_name_prefix="tessera-pull") as fetcher:
            ahead: Future[PullPage | NotModified] | None = fetcher.submit(
                client.pull_changed, state.pull_cursor, limit=self.page_size,
                program_version=state.server_program_version, etag=state.pull_tag)
            for _ in range(MAX_PAGES):
                assert ahead is not None
                page, ahead = ahead.result(), None
                now = self.clock()
                if isinstance(page, NotModified):  # the server built no page: nothing new since the last one
                    self._mark(True, now, page.server_time)
                    break
                state = self.state()
                known, base = state.server_program_version, state.seq_base
                if page.more and not page.programs and (page.active_program_version or 0) == known:
                    ahead = fetcher.submit(client.pull_changed, page.cursor, limit=self.catch_up_size,
                                           program_version=known)
                with self.db.transaction() as session:  # the page and the till's sync state: one commit
                    changed = self._apply_page(session, page, known, base, now) or changed
                    _mark_in(session, True, now, page.server_time)
                pulled += len(page.members)
                if not page.more:
                    break
                if ahead is None:
                    ahead = fetcher.submit(client.pull_changed, page.cursor, limit=self.catch_up_size,
                                           program_version=self.state().server_program_version)
        log.info("pulled %d member states", pulled)
        return pulled, changed

    def _apply_page(self, session: Any, page: PullPage, known: int, base: int, now: datetime) -> bool:
        changed = False
        syncstore.settle_through(session, page.terminal_seq + base)
        syncstore.settle_held(session, [(r.op_id, r.status, r.reason, r.answer.model_dump_json() if r.answer
                                         else None) for r in page.refunds], now)
        if page.programs or (page.active_program_version or 0) != known:
            changed = syncstore.install_programs(session, [p.source for p in page.programs],
                                                 page.active_program_version, now)
            identity.put(session, StateKey.SERVER_PROGRAM_VERSION, page.active_program_version or 0)
        mirror.apply_members(session, [to_server_member(m) for m in page.members], now)
        vouchers.apply_states(session, [to_server_voucher(v) for m in page.members for v in m.vouchers])
        identity.put(session, StateKey.PULL_CURSOR, page.cursor)
        identity.put(session, StateKey.PULL_TAG, page.etag or None)
        identity.put(session, StateKey.STOCK_TAKEN, json.dumps(page.stock_taken, sort_keys=True))
        if page.keys:
            published = {k.key_id: k.public_key for k in page.keys}
            identity.put(session, StateKey.MEMBER_QR_KEYS, json.dumps(published))
        return changed

    # --- what the window needs ----------------------------------------------------------------

    def fetch_sale(self, receipt: str) -> salemirror.RemoteSale | None:
        """The store's sale of a receipt another till rang, its member now cached here.

        None: the server has no such sale in this store. Raises ``Unreachable`` when the server does not
        answer within ``online_wait_ms`` (config.toml) or refuses this terminal, ``NotRegistered`` on a
        standalone till.
        """
        try:
            found = self.client().sale(receipt.strip(), timeout=self.online_wait)
        except (AuthRefused, Refused) as exc:
            raise Unreachable(exc.message, code=exc.code, status=exc.status) from None
        if found is None:
            return None
        with self.db.transaction() as session:
            mirror.apply_members(session, [to_server_member(found.member)], self.clock())
        log.info("sale %s of terminal %s fetched from the server", found.receipt, found.terminal_id)
        return salemirror.RemoteSale(
            receipt=found.receipt, member_card=found.member.card, amount=found.amount,
            refunded_amount=found.refunded_amount, earn_entry_id=found.earn_entry_id,
            earn_points=found.earn_points, bonus_entry_id=found.bonus_entry_id,
            bonus_points=found.bonus_points, created_at=found.created_at)

    def lookup_card(self, card: str) -> bool:
        """Fetch a member missing from the local cache. True if the server knew it (now cached)."""
        number = cards.validate(card)
        try:
            state = self.client().lookup(number)
        except (Unreachable, NotRegistered):
            return False
        if state is None:
            return False
        with self.db.transaction() as session:
            mirror.apply_members(session, [to_server_member(state)], self.clock())
        log.info("member %s fetched from the server", cards.masked(number))
        return True

    def redeem_online(self, card: str, op: salepath.NewOp) -> bool:
        """Ask the server to confirm the redeem ``op`` (Terminal.redeem's ``confirm``).

        True: the server applied it (its later push is a duplicate). False: not registered, no network,
        slow or failing server: the till applies its offline rules. The server's refusal is raised as
        the rule's own error (its code and parameters), so the cashier reads the same sentence.
        """
        with self.db.reader() as session:
            digests = syncstore.program_digests(session)
        payload = json.loads(op.payload)
        version = int(payload.get("program_version") or 0)
        request = RedeemRequest(id=op.op_id, member_card=card, payload=payload, created_at=op.created_at,
                                program_version=version, program_digest=digests.get(version))
        try:
            answer = self.client().redeem(request, timeout=self.online_wait)
        except Refused as exc:
            if exc.status == 409 and exc.code != "rejected":
                raise refusal_of(exc) from None
            log.info("online redemption not judged by the server (%s): offline rules apply", exc.message)
            return False
        except (NotRegistered, SyncError) as exc:
            log.info("online redemption skipped (%s): offline rules apply", getattr(exc, "message", exc))
            return False
        log.info("redemption of %s confirmed by the server%s", cards.masked(card),
                 " (again)" if answer.duplicate else "")
        return True

    def check_contact(self, phone: str | None, email: str | None) -> None:
        """Refuse an enrollment whose phone or e-mail a member of the store has (DuplicateMember).

        Asked in one short round trip; not registered, offline, slow or refused: the enrollment
        goes ahead and the server flags a duplicate as ``possible_duplicate`` when it syncs.
        """
        try:
            answer = self.client().contact_lookup(phone, email, timeout=self.online_wait)
        except (NotRegistered, SyncError) as exc:
            log.info("duplicate check skipped: %s", getattr(exc, "message", exc))
            return
        if answer.matches:
            match = answer.matches[0]
            raise DuplicateMember(name=match.name, card=match.card)

    def fetch_voucher(self, code: str) -> VoucherOut | None:
        """The server's record of a voucher, cached here (None: not asked in time, or it knows none)."""
        try:
            found = self.client().voucher(code, timeout=self.online_wait)
        except (NotRegistered, SyncError) as exc:
            log.info("voucher check from the local cache: %s", getattr(exc, "message", exc))
            return None
        if found is not None:
            with self.db.transaction() as session:
                vouchers.apply_states(session, [to_server_voucher(found)])
        return found

    def use_voucher(self, code: str) -> VoucherUse | None:
        """Ask the server to use the voucher (cached here); None: not asked in time or it knows none, so the
        offline rules apply."""
        try:
            answer = self.client().use_voucher(code, timeout=self.online_wait)
        except (NotRegistered, SyncError) as exc:
            log.info("voucher used offline: %s", getattr(exc, "message", exc))
            return None
        if answer is not None:
            with self.db.transaction() as session:
                vouchers.apply_states(session, [to_server_voucher(answer.voucher)])
        return answer

    def dead_letters(self) -> list[dict[str, Any]]:
        with self.db.reader() as session:
            return syncstore.dead_letters(session)

    def member_keys(self) -> dict[str, Any]:
        """Member-QR public keys the server published: key id -> Ed25519PublicKey."""
        return {kid: qrtoken.public_key_from_text(text) for kid, text in self.state().member_qr_keys.items()}


def refusal_of(exc: Refused) -> DomainError:
    """The server's 409 refusal as the terminal's own error: a known code keeps its sentence and params."""
    try:
        code = Code(exc.code)
    except ValueError:
        return DomainError(Code.SYNC_FAILED, reason=exc.message)
    try:
        kind = (NotEnoughPoints if code is Code.REWARD_POINTS
                else RewardNotAllowed if code.value.startswith("reward_") else DomainError)
        error: DomainError = kind(code, **exc.params)
    except (KeyError, IndexError, ValueError):  # the server's parameters do not fit our sentence
        return DomainError(Code.SYNC_FAILED, reason=exc.message)
    return error


def to_server_member(m: MemberState) -> mirror.ServerMember:
    return mirror.ServerMember(
        id=m.id, card=m.card, name=m.name, phone=m.phone, email=m.email, birthday=m.birthday,
        marketing_consent=m.marketing_consent, store_id=m.store_id, created_at=m.created_at,
        blocked=m.blocked, balance=m.balance, last_birthday_bonus_year=m.last_birthday_bonus_year,
        lots=tuple(mirror.ServerLot(x.entry_id, x.kind, x.points, x.remaining, x.available_at, x.expires_at,
                                       x.created_at) for x in m.lots),
        debts=tuple(mirror.ServerDebt(x.entry_id, x.kind, x.points, x.outstanding, x.created_at)
                    for x in m.debts),
        aliases=tuple(m.aliases),
        spend=tuple(mirror.ServerSpend(x.at, x.amount) for x in m.spend_elsewhere_at))


def to_server_voucher(v: VoucherOut) -> vouchers.ServerVoucher:
    return vouchers.ServerVoucher(v.code, v.member_id, v.reward_id, v.cost, v.entry_id, v.terminal_id,
                                  v.state, v.created_at, v.expires_at, v.used_at, v.used_by, v.voided_at)
