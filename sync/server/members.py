"""HQ's member operations: CSV import, the authoritative view, QR payloads, blocking."""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import uuid6
from sqlalchemy import select

from pos_app.core import cards, contact, qrtoken
from pos_app.core.errors import Code, DomainError, InvalidInput, UnknownCard
from pos_app.core.ledger import ADJUST, add_months
from pos_app.core.limits import MAX_POINTS, clipped
from sync.server import keys, merge, programs
from sync.server.auth import ensure_store
from sync.server.db import ServerDB
from sync.server.models import LedgerEntry, Member, Store
from sync.server.pull import member_states

log = logging.getLogger("tessera.server")
REQUIRED = ("card", "name")


class ImportFailed(InvalidInput):
    """Every problem of a CSV, one English line each; the message shows the first twenty."""

    default_code = Code.IMPORT_FAILED

    def __init__(self, problems: list[str]) -> None:
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(problems="; ".join(problems[:20]) + more, count=len(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    card: str
    name: str
    phone: str | None
    email: str | None
    birthday: date | None
    opening: int
    store: str | None


def parse_csv(text: str, region: str = "", regions: Mapping[str, str] | None = None) -> list[Row]:
    """Every row checked before anything is written; problems name their line numbers.

    A phone without +CC is read in its row's store's region (``regions``: store id -> region),
    else in ``region``; with neither, the row is refused. Opening balances are whole numbers
    of points up to the chain's cap.
    """
    reader = csv.DictReader(io.StringIO(text))
    try:
        return _rows(reader, region, regions or {})
    except csv.Error as exc:  # a field past the csv module's limit (128 KiB)
        raise ImportFailed([f"line {reader.line_num + 1}: {exc}"]) from None  # the line being read


def _rows(reader: csv.DictReader[str], region: str, regions: Mapping[str, str]) -> list[Row]:
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFailed([f"line 1: missing column(s) {', '.join(missing)}"])
    rows: list[Row] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(reader, start=2):
        values = {(k or "").strip(): (v or "").strip() for k, v in raw.items()
                  if isinstance(v, str | type(None))}
        try:
            card = cards.validate(values.get("card", ""))
            if card in seen:
                raise InvalidInput(Code.IMPORT_DUPLICATE_CARD, card=cards.masked(card), line=seen[card])
            seen[card] = line
            opening = _opening(values.get("opening_balance") or values.get("opening") or "0")
            birthday = date.fromisoformat(values["birthday"]) if values.get("birthday") else None
            store = _store(values.get("store") or None)
            phone = values.get("phone")
            phone_region = regions.get(store or "", "") or region
            rows.append(Row(card, contact.normalize_name(values.get("name", "")),
                            contact.normalize_phone(phone, phone_region) if phone else None,
                            contact.normalize_email(values["email"]) if values.get("email") else None,
                            birthday, opening, store))
        except (InvalidInput, DomainError, ValueError) as exc:
            # clipped: a ValueError (a birthday) quotes the whole pasted value
            problems.append(f"line {line}: {clipped(getattr(exc, 'message', None) or str(exc), 200)}")
    if problems:
        raise ImportFailed(problems)
    return rows


def _store(store: str | None) -> str | None:
    # Stored as a new store's id (64 characters, as `store add` says): refused here, not by the database.
    if store is not None and (len(store) > 64 or not store.isprintable()):
        raise InvalidInput(Code.STORE_ID_LENGTH)
    return store


def _opening(text: str) -> int:
    # ASCII digits only ("١٢٣".isdigit() is true), and counted before int(): 5,000 digits do not convert.
    if re.fullmatch(r"[0-9]+", text) is None:
        raise InvalidInput(Code.IMPORT_OPENING_BALANCE, text=clipped(text))
    if len(text.lstrip("0")) > len(str(MAX_POINTS)) or int(text) > MAX_POINTS:
        raise InvalidInput(Code.IMPORT_OPENING_TOO_LARGE, text=clipped(text), limit=MAX_POINTS)
    return int(text)


def import_csv(db: ServerDB, path: Path, store_id: str | None, now: datetime) -> dict[str, Any]:
    _store(store_id)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(Code.CANNOT_READ, path=str(path), reason=str(exc.strerror)) from None
    except UnicodeDecodeError as exc:  # a spreadsheet's Latin-1 or UTF-16 export
        raise InvalidInput(Code.CANNOT_READ, path=str(path),
                           reason=f"not UTF-8 text (byte {exc.start})") from None
    return import_rows(db, check_text(db, text, store_id), store_id, now)


def check_text(db: ServerDB, text: str, store_id: str | None) -> list[Row]:
    """A CSV's rows, every one checked (ImportFailed names each bad line); nothing is written."""
    with db.read() as session:
        stores = {row.id: row.region or "" for row in session.execute(select(Store.id, Store.region))}
    # Rows without a store column go to --store, or to the only store (as import_rows decides).
    default = store_id if store_id is not None else (next(iter(stores)) if len(stores) == 1 else "")
    return parse_csv(text, stores.get(default, ""), stores)


def import_rows(db: ServerDB, rows: list[Row], store_id: str | None, now: datetime) -> dict[str, Any]:
    def work(session: Any) -> dict[str, Any]:
        stores = list(session.scalars(select(Store.id)))
        default = store_id or (stores[0] if len(stores) == 1 else None)
        if any(r.store is None for r in rows) and default is None:
            raise InvalidInput(Code.IMPORT_NO_STORE)
        taken = set(session.scalars(select(Member.card).where(Member.card.in_([r.card for r in rows]))))
        if taken:
            lines = [f"line {i + 2}: card {cards.masked(r.card)} is already a member"
                     for i, r in enumerate(rows) if r.card in taken]
            raise ImportFailed(lines)
        program = programs.active(session, now)
        months = program.expiry_months if program else 12
        change = db.next_change(session)
        flagged = 0
        for r in rows:
            store = r.store or default or ""
            ensure_store(session, store, now)
            member = Member(id=str(uuid6.uuid7()), card=r.card, name=r.name, phone=r.phone, email=r.email,
                            birthday=r.birthday, marketing_consent=False, store_id=store, created_at=now,
                            blocked=False, balance=r.opening, change_seq=change)
            session.add(member)
            # A known phone or e-mail is not silently a new person: imported, and flagged for HQ to merge.
            added = [m for m in session.new if isinstance(m, Member)]
            for other in merge.enroll_duplicates(session, member, added):
                session.add(merge.duplicate_conflict(member, other, now, None, None))
                flagged += 1
            if r.opening:
                session.add(LedgerEntry(
                    id=str(uuid6.uuid7()), member_id=member.id, kind=ADJUST, points=r.opening, store_id=store,
                    terminal_id="server", rules_version=program.version if program else None, created_at=now,
                    recorded_at=now, reason="opening balance", remaining=r.opening, available_at=now,
                    expires_at=add_months(now, months), outstanding=0))
        return {"imported": len(rows), "store": default, "possible_duplicates": flagged}

    result = db.run_write(work, attempts=1)
    log.info("imported %d members", result["imported"])
    return result


def show(db: ServerDB, card: str, now: datetime) -> dict[str, Any]:
    number = cards.validate(card)
    with db.read() as session:
        member = session.scalar(select(Member).where(Member.card == number))
        if member is None:
            raise _unknown(number)
        state = member_states(session, [member], None, programs.active(session, now), now)[0]
    return {"card": state.card, "name": state.name, "tier": state.tier, "balance": state.balance,
            "store": state.store_id, "phone": state.phone, "email": state.email, "blocked": state.blocked,
            "spend": state.spend, "open_lots": len(state.lots),
            "debt": sum(d.outstanding for d in state.debts)}


def qr(db: ServerDB, data_dir: Path, card: str, now: datetime) -> dict[str, Any]:
    number = cards.validate(card)
    with db.read() as session:
        if session.scalar(select(Member.id).where(Member.card == number)) is None:
            raise _unknown(number)
    if not (data_dir / keys.KEY_FILE).exists():
        raise InvalidInput(Code.NO_QR_KEY, data_dir=str(data_dir))
    key_id, key = keys.load(data_dir)
    token = qrtoken.sign(number, now, key, key_id)
    claims = qrtoken.decode_unverified(token)
    return {"card": number, "token": token, "key_id": key_id, "issued_at": claims.issued_at.isoformat(),
            "expires_at": qrtoken.expires_at(claims).isoformat()}


def block(db: ServerDB, card: str, blocked: bool) -> dict[str, Any]:
    number = cards.validate(card)

    def work(session: Any) -> dict[str, Any]:
        member = session.scalar(select(Member).where(Member.card == number).with_for_update())
        if member is None:
            raise _unknown(number)
        member.blocked = blocked
        member.change_seq = db.next_change(session)
        return {"card": number, "blocked": blocked}

    return db.run_write(work)


def _unknown(card: str) -> DomainError:
    return UnknownCard(card=cards.masked(card))
