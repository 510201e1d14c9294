"""The member's last ledger entries, each saying why its points are what they are.

A purchase names the earn rule and the multipliers the server applied (``earnings``), a bonus what
it was for, a refund its receipt, an expiry the day its points were earned, a correction its reason,
a redemption its reward and voucher, a void its voucher. Everything comes from the server's rows in
a fixed number of queries for the whole history, whatever its length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from pos_app.core.ledger import EntryKind
from pos_app.core.program import Program
from sync.server import programs, rules
from sync.server.memberweb.earnings import Sales, Why, explain, load_sales
from sync.server.models import LedgerEntry, Redemption, Store, Voucher

HISTORY = 50
OPENING = "opening balance"  # the reason of an imported member's opening balance (sync.server.members)


@dataclass(frozen=True)
class Line:
    at: datetime
    kind: str
    points: int
    store: str
    receipt: str | None
    reason: str | None
    why: tuple[Why, ...] = ()


@dataclass(frozen=True)
class _Entry:
    id: str
    at: datetime
    kind: str
    points: int
    store: str
    receipt: str | None
    reason: str | None
    reverses: str | None
    version: int | None


@dataclass
class _Linked:
    """What the lines point at: the entries they reverse, the rewards and vouchers of redemptions."""

    targets: dict[str, tuple[str, datetime]]  # entry id -> kind, created_at
    rewards: dict[str, str]  # redeem entry id -> reward id
    vouchers: dict[str, str]  # redeem or void entry id -> voucher code


def lines(session: Session, member_id: str, zone: ZoneInfo) -> list[Line]:
    """The member's last ``HISTORY`` entries, newest first; ``zone`` is the page's (dates are its days)."""
    e = LedgerEntry
    rows = [_Entry(*row) for row in session.execute(
        select(e.id, e.created_at, e.kind, e.points, e.store_id, e.receipt, e.reason, e.reverses,
               e.rules_version)
        .where(e.member_id == member_id).order_by(e.created_at.desc(), e.id.desc()).limit(HISTORY))]
    if not rows:
        return []
    known = {version: program for version, (program, _) in programs.all_programs(session).items()}
    active = programs.active(session)
    earns = [r for r in rows if r.kind == EntryKind.EARN]
    sales = load_sales(session, member_id, [r.at for r in earns])
    zones = _zones(session, {sale.store for sale in sales.by_entry.values()})
    linked = _linked(session, rows)
    found = []
    for row in rows:
        program = known.get(row.version) if row.version is not None else None
        why = _why(row, program or active, program, sales, zones, linked, zone)
        found.append(Line(row.at, row.kind, int(row.points), row.store or "", row.receipt, row.reason,
                          tuple(why)))
    return found


def _why(row: _Entry, program: Program | None, exact: Program | None, sales: Sales,
         zones: dict[str, ZoneInfo], linked: _Linked, zone: ZoneInfo) -> list[Why]:
    kind, reason = row.kind, (row.reason or "").strip()
    if kind == EntryKind.EARN:
        sale = sales.by_entry.get(row.id)
        return explain(exact, sale, int(row.points), sales, zones.get(sale.store, _UTC) if sale else _UTC)
    if kind == EntryKind.BONUS:
        if not row.receipt:  # given at enrolment (a sale's bonus names its receipt)
            return [Why("why_welcome")]
        return [Why("why_birthday" if row.points else "why_birthday_none")]
    if kind == EntryKind.ADJUST:
        if reason == OPENING:
            return [Why("why_opening")]
        return [Why("why_correction", {"reason": reason})] if reason else []
    if kind == EntryKind.REDEEM:
        return _redeemed(row, program, linked)
    target = linked.targets.get(row.reverses or "")
    if kind == EntryKind.EXPIRE:
        if target is None:
            return []
        return [Why("why_expired", {"date": target[1].astimezone(zone).date().isoformat()})]
    if kind == EntryKind.REVERSE:
        if row.id in linked.vouchers or (target is not None and target[0] == EntryKind.REDEEM):
            code = linked.vouchers.get(row.id) or linked.vouchers.get(row.reverses or "")
            return [Why("why_void", {"voucher": code or ""})] if code else [Why("why_void_unknown")]
        if row.receipt and target is not None and target[0] in (EntryKind.EARN, EntryKind.BONUS):
            return [Why("why_refund", {"receipt": row.receipt})]
    return [Why("why_note", {"note": reason})] if reason else []


def _redeemed(row: _Entry, program: Program | None, linked: _Linked) -> list[Why]:
    reason = (row.reason or "").strip()
    named = reason.removeprefix("reward ") if reason.startswith("reward ") else ""  # the till's reason
    reward_id = linked.rewards.get(row.id) or named
    reward = program.reward(reward_id) if program is not None and reward_id else None
    found = []
    if reward_id:
        found.append(Why("why_reward", {"reward": reward.name if reward else reward_id}))
    code = linked.vouchers.get(row.id)
    if code:
        found.append(Why("why_voucher", {"voucher": code}))
    return found


def _linked(session: Session, rows: list[_Entry]) -> _Linked:
    targets: dict[str, tuple[str, datetime]] = {}
    rewards: dict[str, str] = {}
    vouchers: dict[str, str] = {}
    taking = (EntryKind.EXPIRE, EntryKind.REVERSE)
    wanted = sorted({r.reverses for r in rows if r.reverses and r.kind in taking})
    if wanted:
        e = LedgerEntry
        targets = {i: (kind, rules.as_utc(at)) for i, kind, at in session.execute(
            select(e.id, e.kind, e.created_at).where(e.id.in_(wanted)))}
    redeems = [r.id for r in rows if r.kind == EntryKind.REDEEM]
    if redeems:
        rewards = {i: reward for i, reward in session.execute(
            select(Redemption.entry_id, Redemption.reward_id).where(Redemption.entry_id.in_(redeems)))}
    reversals = [r.id for r in rows if r.kind == EntryKind.REVERSE]
    voided = [i for i, (kind, _) in targets.items() if kind == EntryKind.REDEEM]
    if redeems or reversals:
        v = Voucher
        for code, entry_id, reward, void_id in session.execute(
                select(v.code, v.entry_id, v.reward_id, v.void_entry_id)
                .where(or_(v.entry_id.in_(redeems + voided), v.void_entry_id.in_(reversals)))):
            vouchers[entry_id] = code
            rewards.setdefault(entry_id, reward)
            if void_id:
                vouchers[void_id] = code
    return _Linked(targets, rewards, vouchers)


_UTC = ZoneInfo("UTC")


def _zones(session: Session, stores: Iterable[str]) -> dict[str, ZoneInfo]:
    wanted = sorted(set(stores))
    if not wanted:
        return {}
    return {store: rules.zone_or_utc(tz) for store, tz in session.execute(
        select(Store.id, Store.tz).where(Store.id.in_(wanted)))}
