"""HQ operations behind `tessera-server`: init, programs, terminals, tokens, conflicts."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from pos_app.base import assets
from pos_app.core.errors import Code, DomainError, InvalidInput
from sync.server import keys, members, programs, rules
from sync.server.auth import REPORTS, add_hq_token, add_terminal, ensure_store, hq_tokens, revoke
from sync.server.auth import revoke_hq_token as revoke_token
from sync.server.db import ServerDB
from sync.server.models import Conflict, Member, Store

log = logging.getLogger("tessera.server")
DEMO_STORE = "demo"
DEMO_TZ, DEMO_REGION = "Europe/Bucharest", "RO"


def init(db: ServerDB, data_dir: Path, *, demo: bool, now: datetime) -> dict[str, Any]:
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    created = db.migrate()
    if db.is_sqlite and db.engine.url.database:
        Path(db.engine.url.database).chmod(0o600)
    key_id = keys.ensure(data_dir, demo=demo)
    result: dict[str, Any] = {"data_dir": str(data_dir), "created": created, "demo": demo, "key_id": key_id}
    if demo:
        program = load_program_text(db, assets.read_text("demo_program.toml"), now)
        db.run_write(lambda s: _demo_store(s, now))
        with db.read() as session:
            has_members = session.scalar(select(Member.id).where(Member.store_id == DEMO_STORE).limit(1))
        if not has_members:
            rows = members.parse_csv(assets.read_text("demo_members.csv"))
            members.import_rows(db, rows, DEMO_STORE, now)
        result.update(program_version=program["version"], store=DEMO_STORE)
    return result


def _demo_store(session: Any, now: datetime) -> None:
    store = ensure_store(session, DEMO_STORE, now)
    if store.region is None:  # a demo store HQ has set up already keeps its settings
        store.tz, store.region = DEMO_TZ, DEMO_REGION


def _store_id(store: str) -> str:
    if not store.strip() or len(store) > 64:
        raise InvalidInput(Code.STORE_ID_LENGTH)
    return store.strip()


def _region(region: str) -> str:
    code = region.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise InvalidInput(Code.STORE_REGION, region=region)
    return code


def _store_dict(store: Store) -> dict[str, Any]:
    return {"store": store.id, "tz": store.tz, "region": store.region}


def add_store(db: ServerDB, store: str, tz: str, region: str | None, now: datetime) -> dict[str, Any]:
    """A new store with its IANA time zone (promotions, birthdays and its day follow it)."""
    store_id, zone = _store_id(store), rules.zone(tz).key
    code = _region(region) if region is not None else None

    def work(session: Any) -> dict[str, Any]:
        if session.get(Store, store_id) is not None:
            raise DomainError(Code.STORE_EXISTS, store=store_id)
        row = Store(id=store_id, created_at=now, tz=zone, region=code)
        session.add(row)
        session.flush()
        return _store_dict(row)

    return db.run_write(work, attempts=1)


def set_store(db: ServerDB, store: str, tz: str, region: str | None) -> dict[str, Any]:
    store_id = _store_id(store)
    zone = rules.zone(tz).key
    code = _region(region) if region is not None else None

    def work(session: Any) -> dict[str, Any]:
        row = session.get(Store, store_id, with_for_update=True)
        if row is None:
            raise DomainError(Code.UNKNOWN_STORE, store=store_id)
        row.tz = zone
        row.region = code or row.region
        return _store_dict(row)

    return db.run_write(work, attempts=1)


def load_program_text(db: ServerDB, source: str, now: datetime) -> dict[str, Any]:
    def work(session: Any) -> dict[str, Any]:
        program, stored = programs.load(session, source, now)
        return {"version": program.version, "stored": stored, "name": program.name,
                "digest": programs.source_digest(source), "rewards": [r.id for r in program.rewards]}

    return db.run_write(work, attempts=1)


def load_program_file(db: ServerDB, path: Path, now: datetime) -> dict[str, Any]:
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(Code.CANNOT_READ, path=str(path), reason=str(exc.strerror)) from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(Code.CANNOT_READ, path=str(path),
                           reason=f"not UTF-8 text (byte {exc.start})") from None
    return load_program_text(db, source, now)


def new_terminal(db: ServerDB, store: str, name: str, now: datetime) -> dict[str, Any]:
    if not store.strip() or len(store) > 64:
        raise InvalidInput(Code.STORE_ID_LENGTH)

    def work(session: Any) -> dict[str, Any]:
        terminal, code = add_terminal(session, store.strip(), name.strip() or "terminal", now)
        return {"code": code, "terminal_id": terminal.id, "store": terminal.store_id, "name": terminal.name,
                "expires_at": terminal.code_expires_at.isoformat() if terminal.code_expires_at else None}

    return db.run_write(work, attempts=1)


def revoke_terminal(db: ServerDB, terminal_id: str, now: datetime) -> dict[str, Any] | None:
    def work(session: Any) -> dict[str, Any] | None:
        terminal = revoke(session, terminal_id, now)
        return {"terminal_id": terminal.id, "revoked": True} if terminal else None

    return db.run_write(work, attempts=1)


def new_hq_token(db: ServerDB, now: datetime, scope: str = REPORTS) -> dict[str, Any]:
    token_id, token = db.run_write(lambda s: add_hq_token(s, now, scope), attempts=1)
    return {"id": token_id, "token": token, "scope": scope}


def list_hq_tokens(db: ServerDB) -> list[dict[str, Any]]:
    with db.read() as session:
        return hq_tokens(session)


def revoke_hq_token(db: ServerDB, token_id: int, now: datetime) -> bool:
    return db.run_write(lambda s: revoke_token(s, token_id, now), attempts=1)


def conflicts(db: ServerDB, store: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
    with db.read() as session:
        query = select(Conflict).order_by(Conflict.id.desc()).limit(limit)
        if store is not None:
            query = query.where(Conflict.store_id == store)
        rows = list(session.scalars(query))
        cards = {r[0]: r[1] for r in session.execute(select(Member.id, Member.card).where(
            Member.id.in_([r.member_id for r in rows if r.member_id])))} if rows else {}
    from pos_app.core.cards import masked

    return [{"id": r.id, "at": r.at.isoformat(), "kind": r.kind, "store": r.store_id,
             "terminal_id": r.terminal_id,
             "card": masked(cards[r.member_id]) if r.member_id in cards else None, "op_id": r.op_id,
             "points": r.points, "detail": r.detail} for r in rows]
