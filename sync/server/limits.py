"""Reward limits across the chain: per-member limits and stock, counted by the server.

Every redemption the server applies becomes a ``redemptions`` row; a batch (or one online
redemption) loads the counts it needs once. An online redemption past a limit is refused
before anything is written (``sync.server.redeem``); an offline one was already handed over
at the till, so it is applied and flagged ``limit_exceeded_offline`` naming the vouchers of
the redemptions it went past (the evidence HQ needs to act). A redemption a manager voided counts
against neither: its voucher is void, the points went back, the goods never left (or came back).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, or_, select
from sqlalchemy.orm import Session

from pos_app.base import bulk
from pos_app.core.errors import Code
from pos_app.core.program import Program, Reward
from sync.server.models import Redemption, Voucher

REDEMPTIONS = cast(Table, Redemption.__table__)
CHAIN = ""  # the scope key of a chain-wide stock
RECORD_WINDOW = timedelta(seconds=30)  # from a confirmation to the till's own record of it, at most


# Redemptions still counted: those without a voucher row, or whose voucher was not voided.
_NOT_VOIDED = or_(Voucher.state.is_(None), Voucher.state != "void")


def _counted(query: Any) -> Any:
    return query.outerjoin(Voucher, Voucher.entry_id == Redemption.entry_id).where(_NOT_VOIDED)


def scope_key(reward: Reward, store_id: str) -> str:
    return store_id if reward.stock_scope == "store" else CHAIN


@dataclass
class Counts:
    """What the server knows of past redemptions, for the members and rewards of one batch."""

    vouchers: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (member, reward) -> vouchers
    stock: dict[tuple[str, str], int] = field(default_factory=dict)  # (reward, store or CHAIN) -> taken
    new_rows: list[dict[str, Any]] = field(default_factory=list)

    def taken(self, member_id: str, reward_id: str) -> int:
        return len(self.vouchers.get((member_id, reward_id), ()))

    def stock_taken(self, reward: Reward, store_id: str) -> int:
        return self.stock.get((reward.id, scope_key(reward, store_id)), 0)

    def breaches(self, reward: Reward, member_id: str, store_id: str) -> list[tuple[Code, str]]:
        """The limits one more redemption of ``reward`` would go past (empty: none)."""
        found = []
        limit = reward.per_member_limit
        if limit is not None and self.taken(member_id, reward.id) >= limit:
            found.append((Code.REWARD_LIMIT, f"per_member_limit {limit}"))
        if reward.stock is not None and self.stock_taken(reward, store_id) >= reward.stock:
            where = f"in store {store_id}" if reward.stock_scope == "store" else "in the chain"
            found.append((Code.REWARD_STOCK, f"stock {reward.stock} {where}"))
        return found

    def evidence(self, session: Session, reward: Reward, member_id: str, store_id: str,
                 over: list[tuple[Code, str]]) -> list[str]:
        """The vouchers (or op ids) of the redemptions a flagged one went past: the member's own earlier
        ones for a per-member limit, the latest one counted against the stock for a stock."""
        found = list(self.vouchers.get((member_id, reward.id), [])) if any(
            code is Code.REWARD_LIMIT for code, _ in over) else []
        if any(code is Code.REWARD_STOCK for code, _ in over):
            scope = scope_key(reward, store_id)
            new = [r for r in self.new_rows if r["reward_id"] == reward.id
                   and scope in (CHAIN, r["store_id"])]
            if new:
                found.append(new[-1]["voucher"] or new[-1]["op_id"])
            else:
                query = _counted(select(Redemption.voucher, Redemption.op_id)).where(
                    Redemption.reward_id == reward.id)
                if scope != CHAIN:
                    query = query.where(Redemption.store_id == scope)
                last = session.execute(query.order_by(Redemption.created_at.desc()).limit(1)).first()
                if last is not None:
                    found.append(last[0] or last[1])
        return list(dict.fromkeys(found))

    def add(self, reward: Reward, values: dict[str, Any]) -> None:
        """Count a redemption this batch applied (written by ``write``)."""
        self.new_rows.append(values)
        key = (values["member_id"], reward.id)
        self.vouchers.setdefault(key, []).append(values["voucher"] or values["op_id"])
        stock_key = (reward.id, scope_key(reward, values["store_id"]))
        self.stock[stock_key] = self.stock.get(stock_key, 0) + 1

    def release(self, voucher: Voucher | None) -> None:
        """A redemption voided in this batch stops counting (its voucher is void now)."""
        if voucher is None:
            return
        taken = self.vouchers.get((voucher.member_id, voucher.reward_id))
        if taken and voucher.code in taken:
            taken.remove(voucher.code)
        for key in ((voucher.reward_id, voucher.store_id), (voucher.reward_id, CHAIN)):
            if self.stock.get(key):
                self.stock[key] -= 1

    def write(self, session: Session) -> None:
        bulk.insert_rows(session, REDEMPTIONS, self.new_rows)


def load(session: Session, member_ids: Iterable[str], programs: Iterable[Program]) -> Counts:
    """Counts for these members' limited rewards and every stocked reward of ``programs``."""
    rewards = [r for p in programs for r in p.rewards]
    limited = sorted({r.id for r in rewards if r.per_member_limit is not None or r.stock is not None})
    stocked = sorted({r.id for r in rewards if r.stock is not None})
    ids = sorted(set(member_ids))
    counts = Counts()
    if limited and ids:
        rows = session.execute(_counted(select(Redemption.member_id, Redemption.reward_id, Redemption.voucher,
                                               Redemption.op_id))
                               .where(Redemption.member_id.in_(ids), Redemption.reward_id.in_(limited))
                               .order_by(Redemption.created_at))
        for member_id, reward_id, voucher, op_id in rows:
            counts.vouchers.setdefault((member_id, reward_id), []).append(voucher or op_id)
    if stocked:
        for reward_id, store_id, taken in session.execute(
                _counted(select(Redemption.reward_id, Redemption.store_id, func.count()))
                .where(Redemption.reward_id.in_(stocked))
                .group_by(Redemption.reward_id, Redemption.store_id)):
            for key in ((reward_id, store_id), (reward_id, CHAIN)):
                counts.stock[key] = counts.stock.get(key, 0) + int(taken)
    return counts


def stock_taken(session: Session, program: Program, store_id: str) -> dict[str, int]:
    """Per stocked reward of ``program``: redemptions counted against its stock (the store's if per store)."""
    stocked = {r.id: r for r in program.rewards if r.stock is not None}
    if not stocked:
        return {}
    counts = load(session, (), [program])
    return {rid: counts.stock_taken(reward, store_id) for rid, reward in stocked.items()}


def row(*, entry_id: str, op_id: str, member_id: str, reward_id: str, store_id: str, terminal_id: str,
        voucher: str | None, at: datetime, online: bool = False, answer: str | None = None) -> dict[str, Any]:
    return {"entry_id": entry_id, "op_id": op_id, "member_id": member_id, "reward_id": reward_id,
            "store_id": store_id, "terminal_id": terminal_id, "voucher": voucher, "online": online,
            "awaiting_push": online, "answer": answer, "created_at": at}


def confirmed_online(session: Session, terminal_id: str, op_ids: list[str]) -> dict[str, Redemption]:
    """The ops of this terminal among ``op_ids`` that POST /v1/redeem confirmed and no push stored yet.

    (Another terminal's op id is not among them: its entry is known, so the push rejects it.)
    """
    if not op_ids:
        return {}
    return {r.op_id: r for r in session.scalars(select(Redemption).where(
        Redemption.terminal_id == terminal_id, Redemption.awaiting_push.is_(True),
        Redemption.op_id.in_(op_ids)))}


def unrecorded(session: Session, terminal_id: str, pushed_up_to: datetime) -> list[Redemption]:
    """Online-confirmed redemptions this till pushed past without recording them (its answer came too late
    and its offline rules refused, or it failed before writing): the points are off, no goods were given.

    The till records a confirmed op right after the answer and pushes in order, so an op of its made
    ``RECORD_WINDOW`` after the confirmation means the confirmation's op will never come.
    """
    return list(session.scalars(select(Redemption).where(
        Redemption.terminal_id == terminal_id, Redemption.awaiting_push.is_(True),
        Redemption.created_at < pushed_up_to - RECORD_WINDOW)))
