"""GET /v1/sync/pull and GET /v1/members/{card}: the store's change feed.

The cursor is ``"<change_seq>:<member id>"`` of the last member sent (empty to
start). Members are ordered by (change_seq, id); every write transaction stamps
the members it changed with one value of a counter row it holds locked until
commit, so a member changed later always sorts after any cursor already handed
out. A terminal off for a week, or a new one, simply pages until ``more`` is
false. Each page is read from one snapshot, together with ``terminal_seq``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, case, func, or_, select, text
from sqlalchemy.orm import Session

from pos_app.base.clock import Clock
from pos_app.core import cards
from pos_app.core.limits import MAX_SAFE
from pos_app.core.program import Program
from pos_app.core.tiers import window_start
from sync.protocol import (
    API,
    MAX_PAGE,
    ContactLookup,
    ContactMatch,
    DebtState,
    LotState,
    MemberKey,
    MemberState,
    ProgramVersionOut,
    PullPage,
    RewardOut,
    SpendAt,
)
from sync.server import auth, holds, limits, merge, programs, vouchers
from sync.server.db import RawReader, ServerDB
from sync.server.errors import ApiError, not_found
from sync.server.models import LedgerEntry, Member, Sale, Store

# A server upgrade may change what a page holds: tags of another build never match.
SERVER_BUILD = f"{API}-{importlib.metadata.version('tessera-pos')}"
# (newest program version, its digest) -> one of the active program's rewards is stocked across the chain.
# The digest keeps two databases one process serves (tests) from sharing an answer.
_CHAIN_STOCKED: dict[tuple[int, str], bool] = {}


def decode_cursor(cursor: str) -> tuple[int, str]:
    if not cursor:
        return -1, ""
    seq, sep, member_id = cursor.partition(":")
    # A cursor names a change number the database can hold and a member id (36 characters).
    if not sep or not seq.isascii() or not seq.isdigit() or int(seq) > MAX_SAFE or len(member_id) > 36:
        raise ApiError(400, "bad_cursor", "cursor is not one this server handed out")
    return int(seq), member_id


@dataclass(frozen=True)
class Pulled:
    """A pull's answer: its tag, and the page (None: the terminal already has it, the tag matched)."""

    tag: str
    page: PullPage | None
    server_time: datetime


def not_modified(reader: RawReader, authorization: str | None, cursor: str, limit: int, program_version: int,
                 keys: Sequence[MemberKey], clock: Clock, if_none_match: str) -> Pulled | None:
    """The 304 of a till that has every change already, decided in one statement on a DBAPI connection
    (token and stamp together: one round trip to PostgreSQL, no session). None when a page is due or
    this cannot tell (no terminal's token, the program not looked at yet): ``pull`` decides, and refuses.
    """
    hashed = auth.bearer_hash(authorization)
    now = clock()
    params = {"key": hashed, "held": holds.HELD, "now": _instant(now)}
    row = reader.one(TOKEN_STAMP, params) if hashed else None
    if row is None:
        return None
    terminal_id, _store, revoked_at, *stamped = row
    if revoked_at is not None:
        raise ApiError(401, "revoked", "this terminal was revoked")
    decode_cursor(cursor)  # a bad cursor: refused here as ``pull`` refuses it (400)
    stocked = _CHAIN_STOCKED.get(_program_key(stamped)) if stamped[1] is not None else False
    stamp = _stamp(stamped, stocked, lambda: (reader.one(CHANGES, {}) or (None,))[0])
    if stamp is None:
        return None
    asked = tag_of(stamp, cursor, (terminal_id, max(1, min(limit, MAX_PAGE)), program_version,
                                   _keys_digest(keys)))
    return Pulled(asked, None, now) if asked in _tags(if_none_match) else None


def pull(session: Session, terminal_id: str, store_id: str, cursor: str, limit: int, program_version: int,
         keys: Sequence[MemberKey], clock: Clock, if_none_match: str | None = None) -> Pulled:
    """The page after ``cursor``, read in ``session`` (the caller's snapshot, its token already checked)."""
    seq, after_id = decode_cursor(cursor)
    limit = max(1, min(limit, MAX_PAGE))
    now = clock()
    stamp = feed_stamp(session, terminal_id, now)
    request = (terminal_id, limit, program_version, _keys_digest(keys))
    asked = tag_of(stamp, cursor, request)
    if if_none_match is not None and asked in _tags(if_none_match):
        return Pulled(asked, None, now)
    terminal_seq = int(str(stamp[3] or 0))  # the stamp holds the terminal's last seq
    rows = list(session.scalars(
        select(Member).where(Member.store_id == store_id,
                             or_(Member.change_seq > seq,
                                 and_(Member.change_seq == seq, Member.id > after_id)))
        .order_by(Member.change_seq, Member.id).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    active = programs.active(session, now)
    states = member_states(session, rows, terminal_id, active, now)
    newer = programs.newer_than(session, program_version, now)  # none scheduled for later
    stock = limits.stock_taken(session, active, store_id) if active else {}
    held = holds.for_terminal(session, terminal_id, now)
    next_cursor = f"{rows[-1].change_seq}:{rows[-1].id}" if rows else cursor
    # The tag of the next request, from next_cursor: sent back while nothing changed, it gets a 304. A page
    # with more after it has none (the next request has a page to get).
    tag = "" if more else tag_of(stamp, next_cursor, request)
    return Pulled(tag, PullPage(
        cursor=next_cursor, more=more, server_time=now, terminal_seq=terminal_seq, members=states, etag=tag,
        blocked=[m.card for m in rows if m.blocked],
        programs=[ProgramVersionOut(version=p.version, source=p.source, digest=p.digest) for p in newer],
        active_program_version=active.version if active else None,
        rewards=[RewardOut(id=r.id, name=r.name, cost=r.cost, kind=r.kind, min_tier=r.min_tier,
                           per_member_limit=r.per_member_limit) for r in (active.rewards if active else ())],
        keys=list(keys), stock_taken=stock, refunds=held,
    ), now)


# Plain SQL, built once: an empty pull's whole cost is this one statement (no statement is constructed
# or compiled per request). Every sub-select is an index look-up (program_versions: a few rows). The
# terminal is named by its token (an idle till's pull, off a session) or by its id (a page being built).
# Programs count as they stand at :now (the active version, its digest, how many are due): a version
# scheduled for later changes the tag at its instant, with nothing else changed.
_DUE = "(active_from IS NULL OR active_from <= :now)"
_STAMP_OF = ("SELECT t.id, t.store_id, t.revoked_at,"
             " (SELECT max(change_seq) FROM members WHERE store_id = t.store_id),"
             f" (SELECT max(version) FROM program_versions WHERE {_DUE}),"
             " t.last_seq,"
             " (SELECT count(*) FROM held_refunds WHERE terminal_id = t.id AND state = :held),"
             " (SELECT max(resolved_at) FROM held_refunds WHERE terminal_id = t.id),"
             f" (SELECT digest FROM program_versions WHERE {_DUE} ORDER BY version DESC LIMIT 1),"
             f" (SELECT count(*) FROM program_versions WHERE {_DUE})"
             " FROM terminals t WHERE t.{column} = :key")
TOKEN_STAMP = _STAMP_OF.format(column="token_hash")
_STAMP = text(_STAMP_OF.format(column="id"))
CHANGES = "SELECT value FROM counters WHERE name = 'changes'"
_CHANGES = text(CHANGES)


def feed_stamp(session: Session, terminal_id: str, now: datetime) -> list[object]:
    """What a pull answer depends on besides the request, read with index look-ups only.

    The store's members change with the feed counter (``max(change_seq)``); programs with their version;
    the terminal's part with its last seq and its held refunds. A reward stocked across the chain is
    taken in other stores too: then any change in the chain counts.
    """
    stamped = list(session.execute(_STAMP, {"key": terminal_id, "held": holds.HELD,
                                            "now": _instant(now)}).one())[3:]
    stocked = _chain_stocked(session, _program_key(stamped), now) if stamped[1] is not None else False
    stamp = _stamp(stamped, stocked, lambda: session.scalar(_CHANGES))
    assert stamp is not None  # ``stocked`` is known here
    return stamp


def _stamp(stamped: list[object], stocked: bool | None, changes: Callable[[], object]) -> list[object] | None:
    """The stamp from the statement's columns after the terminal's own; None if ``stocked`` is not known."""
    if stamped[1] is not None and stocked is None:
        return None
    return [SERVER_BUILD, *stamped, changes() if stamped[1] is not None and stocked else None]


def _program_key(stamped: list[object]) -> tuple[int, str]:
    return int(str(stamped[1])), str(stamped[5])


def _instant(now: datetime) -> str:
    """``now`` as both backends compare it with a stored UTC instant: the text SQLite holds (SQLAlchemy's
    naive UTC, microseconds always), which PostgreSQL reads as a timestamp."""
    return now.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def tag_of(stamp: list[object], cursor: str, request: tuple[object, ...]) -> str:
    text = json.dumps([*stamp, cursor, *request], default=str)
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:24] + '"'


def _chain_stocked(session: Session, version: tuple[int, str], now: datetime) -> bool:
    found = _CHAIN_STOCKED.get(version)
    if found is None:
        program = programs.active(session, now)
        found = _CHAIN_STOCKED[version] = bool(program and any(
            r.stock is not None and r.stock_scope != "store" for r in program.rewards))
    return found


def _tags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header (weak ones compare equal to strong ones for a GET)."""
    return {t.strip().removeprefix("W/") for t in header.split(",")}


def _keys_digest(keys: Sequence[MemberKey]) -> str:
    return hashlib.sha256("|".join(f"{k.key_id}={k.public_key}" for k in keys).encode()).hexdigest()[:16]


def lookup(db: ServerDB, store_id: str | None, terminal_id: str | None, card: str,
           clock: Clock) -> MemberState:
    """One member by card; a terminal sees only its own store's members."""
    number = cards.normalize(card)
    with db.read() as session:
        number = merge.alias_members(session, [number]).get(number, number)  # a merged card opens its KEEP
        member = session.scalar(select(Member).where(Member.card == number))
        if member is None or (store_id is not None and member.store_id != store_id):
            raise not_found("no member with that card in this store")
        now = clock()
        return member_states(session, [member], terminal_id, programs.active(session, now), now)[0]


def contact_lookup(db: ServerDB, store_id: str, phone: str | None, email: str | None) -> ContactLookup:
    """The store's members already holding this phone or e-mail (normalised as the server does)."""
    with db.read() as session:
        store = session.get(Store, store_id)
        phone, email = merge.normalized_contact((store.region if store else None) or "", phone, email)
        found = merge.duplicates(session, store_id, phone, email)
        return ContactLookup(matches=[ContactMatch(card=cards.masked(m.card), name=m.name,
                                                   same=merge.same_contact(m, phone, email)) for m in found])


def member_states(session: Session, members: Sequence[Member], terminal_id: str | None,
                  program: Program | None, now: datetime) -> list[MemberState]:
    if not members:
        return []
    ids = [m.id for m in members]
    lots: dict[str, list[LotState]] = {mid: [] for mid in ids}
    debts: dict[str, list[DebtState]] = {mid: [] for mid in ids}
    # Columns, not entities, and states built without validation: the rows are the server's own, and a
    # catch-up page of a few hundred members carries thousands of them.
    e = LedgerEntry
    open_rows = session.execute(
        select(e.member_id, e.id, e.kind, e.points, e.remaining, e.outstanding, e.available_at, e.expires_at,
               e.created_at).where(e.member_id.in_(ids), or_(e.remaining > 0, e.outstanding > 0)))
    for member_id, entry_id, kind, points, remaining, outstanding, available, expires, created in open_rows:
        if remaining > 0 and available is not None and expires is not None:
            lots[member_id].append(LotState.model_construct(
                entry_id=entry_id, kind=kind, points=points, remaining=remaining, available_at=available,
                expires_at=expires, created_at=created))
        if outstanding > 0:
            debts[member_id].append(DebtState.model_construct(
                entry_id=entry_id, kind=kind, points=points, outstanding=outstanding, created_at=created))
    spend = spend_of(session, ids, terminal_id, now)
    dated = spend_elsewhere_at(session, ids, terminal_id, now)
    aliases = merge.aliases_by_member(session, ids)
    vouchers_of = vouchers.of_members(session, members, now)
    states = []
    for m in members:
        total, elsewhere = spend.get(m.id, (0, 0))
        tier = program.tier_for_spend(max(total, 0)).id if program else "member"
        states.append(MemberState(
            id=m.id, card=m.card, name=m.name, phone=m.phone, email=m.email, birthday=m.birthday,
            marketing_consent=m.marketing_consent, store_id=m.store_id, created_at=m.created_at,
            blocked=m.blocked, balance=m.balance, tier=tier, spend=total, spend_elsewhere=elsewhere,
            spend_elsewhere_at=dated.get(m.id, []),
            last_birthday_bonus_year=m.last_birthday_bonus_year, lots=lots[m.id], debts=debts[m.id],
            aliases=aliases.get(m.id, []), vouchers=vouchers_of[m.id]))
    return states


def spend_of(session: Session, member_ids: list[str], terminal_id: str | None,
             now: datetime) -> dict[str, tuple[int, int]]:
    """Qualifying spend over the rolling window: (all terminals, all but ``terminal_id``)."""
    net = Sale.amount - Sale.refunded_amount
    elsewhere = func.sum(case((Sale.terminal_id != (terminal_id or ""), net), else_=0))
    rows = session.execute(select(Sale.member_id, func.sum(net), elsewhere)
                           .where(Sale.member_id.in_(member_ids), Sale.created_at >= window_start(now))
                           .group_by(Sale.member_id))
    return {r[0]: (int(r[1] or 0), int(r[2] or 0)) for r in rows}


def spend_elsewhere_at(session: Session, member_ids: list[str], terminal_id: str | None,
                       now: datetime) -> dict[str, list[SpendAt]]:
    """The window's spend not made on ``terminal_id``, by sale time: the server's tier rule counts each
    sale until the instant it leaves the window, so an offline terminal needs the instants, not a sum.
    As many rows as the member has such sales in the window (its lots are as many already)."""
    net = func.sum(Sale.amount - Sale.refunded_amount)
    rows = session.execute(select(Sale.member_id, Sale.created_at, net)
                           .where(Sale.member_id.in_(member_ids), Sale.terminal_id != (terminal_id or ""),
                                  Sale.created_at >= window_start(now))
                           .group_by(Sale.member_id, Sale.created_at)
                           .having(net != 0)
                           .order_by(Sale.member_id, Sale.created_at))
    found: dict[str, list[SpendAt]] = {}
    for member_id, at, amount in rows:
        found.setdefault(member_id, []).append(SpendAt(at=at, amount=int(amount)))
    return found
