"""How the terminal mirrors the server's members (DESIGN: local balance = server
balance at last pull + local entries not yet acknowledged).

- A pull carries, per changed member, the server's balance and its open lots and
  debts. The terminal *rebases* the member: it starts a ``MemberLedger`` from
  the server's lots and debts and replays on top of it every local entry not
  yet acknowledged (``acked = 0``), oldest first, recomputing their
  allocations. Redemptions therefore still consume real lots, oldest expiry
  first, including lots earned at other terminals.
- Server lots and debts that are not this terminal's own entries are kept as
  bookkeeping rows of kind ``server`` with 0 points (``reason`` names where they
  came from): they carry ``remaining``/``outstanding`` so allocations can
  reference them; reports ignore the kind.
- One more ``server`` row per member (``base_entry_id``) holds
  ``server balance - sum(acknowledged local entries)``, so the sum of a
  member's ledger still equals its balance and ``rebuild_balances`` keeps working.
- ``members.server_balance`` keeps the balance of the last pull, for display.
- ``member_spend`` gets the member's spend at other terminals by sale time (replacing what the last
  pull left): the tier counts each row while it is inside the rolling window, as the server does.
Written with multi-row statements: a terminal a week behind applies tens of
thousands of members in seconds.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from pos_app.base import bulk
from pos_app.core.ledger import Allocation as CoreAllocation
from pos_app.core.ledger import Debt, EntryKind, Lot, MemberLedger
from pos_app.store.models import Allocation, Base, LedgerEntry, Member, MemberSpend, SyncState

SERVER_TERMINAL = "server"  # terminal_id of the mirror rows: they come from no terminal
MEMBERS = cast(Table, Member.__table__)
ENTRIES = cast(Table, LedgerEntry.__table__)
ALLOCATIONS = cast(Table, Allocation.__table__)
SYNC_STATE = cast(Table, SyncState.__table__)
SPEND = cast(Table, MemberSpend.__table__)
ALIAS_PREFIX = "alias:"  # sync_state key of a merged card; its value is the card it opens
_BASE_NS = uuid.UUID("6f1d3c52-7a55-4f0e-9d1e-3b0c2b6f7a10")
FAR_FUTURE = timedelta(days=365 * 100)
CHUNK = 500
ROW_COLUMNS = ("id", "member_id", "kind", "points", "remaining", "outstanding", "available_at", "expires_at",
               "created_at", "reverses", "acked")


@dataclass(frozen=True)
class ServerLot:
    entry_id: str
    kind: str
    points: int
    remaining: int
    available_at: datetime
    expires_at: datetime
    created_at: datetime


@dataclass(frozen=True)
class ServerDebt:
    entry_id: str
    kind: str
    points: int
    outstanding: int
    created_at: datetime


@dataclass(frozen=True)
class ServerSpend:
    at: datetime  # when the sales were made (at another terminal)
    amount: int  # their qualifying spend, net of refunds


@dataclass(frozen=True)
class ServerMember:
    id: str
    card: str
    name: str
    phone: str | None
    email: str | None
    birthday: date | None
    marketing_consent: bool
    store_id: str
    created_at: datetime
    blocked: bool
    balance: int
    last_birthday_bonus_year: int | None
    lots: Sequence[ServerLot] = field(default_factory=tuple)
    debts: Sequence[ServerDebt] = field(default_factory=tuple)
    aliases: Sequence[str] = field(default_factory=tuple)  # cards of members merged into this one
    spend: Sequence[ServerSpend] = field(default_factory=tuple)  # in the tier window, at other terminals


@functools.lru_cache(maxsize=4096)  # a page asks three times per member
def base_entry_id(member_id: str) -> str:
    return str(uuid.uuid5(_BASE_NS, member_id))


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i:i + CHUNK] for i in range(0, len(items), CHUNK)]


def apply_members(session: Session, states: Sequence[ServerMember], now: datetime) -> int:
    """Rebase every member in ``states`` on the server's state (see the module docstring)."""
    if not states:
        return 0
    session.flush()
    fold_aliases(session, states)
    local: dict[str, Any] = {}
    for part in _chunks([s.card for s in states]):
        for found in session.execute(select(MEMBERS.c.id, MEMBERS.c.card, MEMBERS.c.last_birthday_bonus_year)
                                     .where(MEMBERS.c.card.in_(part))):
            local[found.card] = found
    ids = {s.card: (local[s.card].id if s.card in local else s.id) for s in states}
    rows = _load_rows(session, states, list(ids.values()))
    acked_sums: dict[str, int] = {}
    for part in _chunks(list(ids.values())):
        for member_id, total in session.execute(
                select(ENTRIES.c.member_id, func.sum(ENTRIES.c.points)).where(
                    ENTRIES.c.member_id.in_(part), ENTRIES.c.acked.is_(True),
                    ENTRIES.c.kind != EntryKind.SERVER)
                .group_by(ENTRIES.c.member_id)):
            acked_sums[member_id] = int(total or 0)
    by_member: dict[str, list[dict[str, Any]]] = {i: [] for i in ids.values()}
    for entry in rows.values():
        by_member[entry["member_id"]].append(entry)

    new_members, member_updates, new_rows, row_updates = [], [], [], []
    allocations: list[dict[str, Any]] = []
    unacked_ids: list[str] = []
    for state in states:
        member_id = ids[state.card]
        mine = by_member[member_id]
        unacked = sorted((r for r in mine if not r["acked"]), key=lambda r: (r["created_at"], r["id"]))
        unacked_ids.extend(r["id"] for r in unacked)
        ledger, moves = _rebase(state, unacked, now)
        allocations.extend({"debit_id": a.debit_id, "lot_id": a.lot_id, "points": a.points} for a in moves)
        lots = {lot.entry_id: lot for lot in ledger.lots}
        debts = {d.entry_id: d.outstanding for d in ledger.debts}
        present = {r["id"] for r in mine}
        for x in _open(state):
            if x.entry_id not in present:
                new_rows.append(_mirror_row(member_id, state.store_id, x, lots, debts))
        base_id = base_entry_id(member_id)
        base_points = state.balance - acked_sums.get(member_id, 0)
        if base_id in rows:
            row_updates.append(_update(rows[base_id], 0, 0, None, base_points))
        else:
            new_rows.append(_base_row(member_id, state, base_points))
        for row in mine:
            lot = lots.get(row["id"])
            remaining, outstanding = (lot.remaining if lot else 0), debts.get(row["id"], 0)
            # The server's lot dates win, for its mirror rows and for this terminal's settled entries alike.
            mirrored = lot if lot is not None and (row["kind"] == EntryKind.SERVER or row["acked"]) else None
            dates = (mirrored.available_at, mirrored.expires_at) if mirrored is not None else None
            if dates == (row["available_at"], row["expires_at"]) and row["kind"] != EntryKind.SERVER:
                dates = None
            if (remaining, outstanding) != (row["remaining"], row["outstanding"]) or dates:
                row_updates.append(_update(row, remaining, outstanding, dates, None))
        values = _member_values(state, ledger.balance, now)
        if state.card in local:
            year = local[state.card].last_birthday_bonus_year or 0
            values["last_birthday_bonus_year"] = max(year, state.last_birthday_bonus_year or 0) or None
            member_updates.append({"id": member_id, **values})
        else:
            new_members.append({"id": member_id, "card": state.card, "created_at": state.created_at,
                                **values})
    _write(session, new_members, member_updates, new_rows, row_updates, unacked_ids, allocations)
    _replace_spend(session, states, ids)
    return len(states)


def _replace_spend(session: Session, states: Sequence[ServerMember], ids: dict[str, str]) -> None:
    """The members' dated spend elsewhere becomes the server's (after _write: new members exist)."""
    for part in _chunks(list(ids.values())):
        session.execute(delete(SPEND).where(SPEND.c.member_id.in_(part)))
    bulk.insert_rows(session, SPEND, [{"member_id": ids[s.card], "at": x.at, "amount": x.amount}
                                      for s in states for x in s.spend])


def alias_key(card: str) -> str:
    return f"{ALIAS_PREFIX}{card}"


def alias_target(session: Session, card: str) -> str | None:
    """The card a merged card now opens (HQ merged its member into another), or None."""
    return session.scalar(select(SyncState.value).where(SyncState.key == alias_key(card)))


def fold_aliases(session: Session, states: Sequence[ServerMember]) -> None:
    """Members HQ merged into another: their local rows become the kept member's, their card an alias.

    If the kept member is not here yet, the merged member's row simply takes its card (and is
    rebased as it next). Its ``server`` base row goes: the kept member's balance holds it now.
    """
    for state in states:
        if not state.aliases:
            continue
        keep = session.scalar(select(MEMBERS.c.id).where(MEMBERS.c.card == state.card))
        for alias in state.aliases:
            session.execute(delete(SYNC_STATE).where(SYNC_STATE.c.key == alias_key(alias)))
            session.execute(insert(SYNC_STATE).values(key=alias_key(alias), value=state.card))
            other = session.scalar(select(MEMBERS.c.id).where(MEMBERS.c.card == alias))
            if other is None or other == keep:
                continue
            session.execute(delete(ENTRIES).where(ENTRIES.c.id == base_entry_id(other)))
            if keep is None:
                session.execute(update(MEMBERS).where(MEMBERS.c.id == other).values(card=state.card))
                keep = other
                continue
            for table in Base.metadata.sorted_tables:
                # An append-only table (the audit trail) keeps who was acted on then: its triggers refuse it.
                if "member_id" in table.c and not table.info.get("append_only"):
                    session.execute(update(table).where(table.c.member_id == other).values(member_id=keep))
            session.execute(delete(MEMBERS).where(MEMBERS.c.id == other))


def _load_rows(session: Session, states: Sequence[ServerMember],
               member_ids: list[str]) -> dict[str, dict[str, Any]]:
    columns = [ENTRIES.c[name] for name in ROW_COLUMNS]
    rows: dict[str, dict[str, Any]] = {}
    for part in _chunks(member_ids):
        for found in session.execute(select(*columns).where(ENTRIES.c.member_id.in_(part), or_(
                ENTRIES.c.remaining > 0, ENTRIES.c.outstanding > 0, ENTRIES.c.acked.is_(False)))):
            rows[found.id] = dict(found._mapping)
    wanted = [x.entry_id for s in states for x in _open(s)] + [base_entry_id(i) for i in member_ids]
    for part in _chunks(wanted):
        for found in session.execute(select(*columns).where(ENTRIES.c.id.in_(part))):
            rows[found.id] = dict(found._mapping)
    return rows


def _open(state: ServerMember) -> list[ServerLot | ServerDebt]:
    return [*state.lots, *state.debts]


def _rebase(state: ServerMember, unacked: Sequence[dict[str, Any]],
            now: datetime) -> tuple[MemberLedger, list[CoreAllocation]]:
    ledger = MemberLedger.load((Lot(x.entry_id, x.points, x.remaining, x.available_at, x.expires_at)
                                for x in state.lots), (Debt(x.entry_id, x.outstanding) for x in state.debts))
    moves: list[CoreAllocation] = []
    for e in unacked:
        points, kind = int(e["points"]), e["kind"]
        if points > 0:
            available = e["available_at"] or e["created_at"]
            moves += ledger.credit(e["id"], points, available, e["expires_at"] or available + FAR_FUTURE)
        elif points < 0 and kind == EntryKind.REDEEM:
            moves += ledger.spend(e["id"], -points, now, allow_overdraft=True)
        elif points < 0 and kind in (EntryKind.REVERSE, EntryKind.EXPIRE) and e["reverses"]:
            moves += ledger.reverse_lot(e["id"], e["reverses"], -points)
        elif points < 0:
            moves += ledger.debit_any(e["id"], -points)
    return ledger, moves


def _member_values(state: ServerMember, balance: int, now: datetime) -> dict[str, Any]:
    return {"name": state.name, "phone": state.phone, "email": state.email, "birthday": state.birthday,
            "marketing_consent": state.marketing_consent, "store_id": state.store_id,
            "blocked": state.blocked,
            "last_birthday_bonus_year": state.last_birthday_bonus_year,
            "server_balance": state.balance, "server_synced_at": now, "balance": balance}


def _mirror_row(member_id: str, store_id: str, x: ServerLot | ServerDebt, lots: dict[str, Lot],
                debts: dict[str, int]) -> dict[str, Any]:
    lot = lots.get(x.entry_id)
    available, expires = (x.available_at, x.expires_at) if isinstance(x, ServerLot) else (None, None)
    return {"id": x.entry_id, "member_id": member_id, "kind": EntryKind.SERVER, "points": 0,
            "store_id": store_id, "terminal_id": SERVER_TERMINAL, "cashier_id": None, "receipt": None,
            "amount": None, "rules_version": None, "reverses": None, "created_at": x.created_at,
            "recorded_at": None, "reason": f"{x.kind} at another terminal",
            "remaining": lot.remaining if lot else 0, "available_at": available, "expires_at": expires,
            "outstanding": debts.get(x.entry_id, 0), "acked": True}


def _base_row(member_id: str, state: ServerMember, points: int) -> dict[str, Any]:
    return {"id": base_entry_id(member_id), "member_id": member_id, "kind": EntryKind.SERVER,
            "points": points, "store_id": state.store_id, "terminal_id": SERVER_TERMINAL,
            "cashier_id": None, "receipt": None, "amount": None, "rules_version": None, "reverses": None,
            "created_at": state.created_at, "recorded_at": None, "reason": "balance held at the server",
            "remaining": 0, "available_at": None, "expires_at": None, "outstanding": 0, "acked": True}


def _update(row: dict[str, Any], remaining: int, outstanding: int, dates: tuple[datetime, datetime] | None,
            points: int | None) -> dict[str, Any]:
    available, expires = dates or (row["available_at"], row["expires_at"])
    return {"id": row["id"], "remaining": remaining, "outstanding": outstanding, "available_at": available,
            "expires_at": expires, "points": row["points"] if points is None else points}


def _write(session: Session, new_members: list[dict[str, Any]], member_updates: list[dict[str, Any]],
           new_rows: list[dict[str, Any]], row_updates: list[dict[str, Any]], unacked_ids: list[str],
           allocations: list[dict[str, Any]]) -> None:
    bulk.insert_rows(session, MEMBERS, new_members)
    bulk.update_rows(session, MEMBERS, "id", member_updates)
    bulk.insert_rows(session, ENTRIES, new_rows)
    bulk.update_rows(session, ENTRIES, "id", row_updates)
    for part in _chunks(unacked_ids):
        session.execute(delete(ALLOCATIONS).where(or_(ALLOCATIONS.c.debit_id.in_(part),
                                                      ALLOCATIONS.c.lot_id.in_(part))))
    bulk.insert_rows(session, ALLOCATIONS, allocations)
    session.expire_all()  # ORM objects loaded earlier in this session must not hide these writes
