"""Vouchers at the till: issue one per redemption, check it, use it once, void it (a manager's act).

Mixed into :class:`pos_app.terminal.Terminal` like :class:`pos_app.staff.StaffDesk`. The local
``vouchers`` table caches this till's own vouchers and those the server told of on pull (every
voucher of the store's members, with its state), so a check works offline. Online, the command
line asks the server first (``pos_app.sync_agent``) and records its answer here with
:func:`apply_states`; offline, :meth:`VoucherDesk.use_voucher` marks the voucher used and queues a
``voucher_use`` op: the server flags a second offline use of one voucher ``voucher_reused``.
A void returns the points with a reversal of the redemption (points spendable at once, dated
like a manager's correction) and voids the voucher; the ``void`` op carries both to the server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.core import cards
from pos_app.core import vouchers as codes
from pos_app.core.errors import Code, DomainError
from pos_app.core.ledger import EntryKind, add_months
from pos_app.core.ops import OpKind
from pos_app.core.program import Program, Reward
from pos_app.core.vouchers import VoucherState
from pos_app.store import queries
from pos_app.store.book import MemberBook
from pos_app.store.db import Database
from pos_app.store.models import LedgerEntry, Member, OutboxOp, Voucher

# The server's states are final once used or voided.
_FINAL = frozenset({VoucherState.USED, VoucherState.VOID})


@dataclass(frozen=True)
class VoucherView:
    code: str
    reward_id: str
    reward_name: str
    cost: int
    state: str  # issued, used, void, expired (as of now)
    created_at: datetime
    expires_at: datetime | None
    card: str  # masked
    used_at: datetime | None = None
    voided_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "reward": self.reward_id, "reward_name": self.reward_name,
                "cost": self.cost, "state": self.state, "created_at": self.created_at.isoformat(),
                "expires_at": self.expires_at.isoformat() if self.expires_at else None,
                "member_card": self.card, "used_at": self.used_at.isoformat() if self.used_at else None,
                "voided_at": self.voided_at.isoformat() if self.voided_at else None}


@dataclass(frozen=True)
class VoidResult:
    code: str
    entry_id: str
    points_returned: int
    balance: int


@dataclass(frozen=True)
class ServerVoucher:
    """A voucher as the server knows it (from a pull page or a check/use answer)."""

    code: str
    member_id: str
    reward_id: str
    cost: int
    entry_id: str
    terminal_id: str
    state: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: str | None
    voided_at: datetime | None


class VoucherDesk:
    """The voucher use cases; needs the Terminal's database, clock, program and entry helpers."""

    db: Database
    clock: Callable[[], datetime]
    terminal_id: str
    _entry_fields: Callable[..., dict[str, Any]]
    _outbox: Callable[..., None]
    _expire_due: Callable[..., list[LedgerEntry]]

    @property
    def program(self) -> Program:  # the Terminal's
        raise NotImplementedError

    def _issue_voucher(self, session: Session, entry: LedgerEntry, member: Member, reward: Reward,
                       now: datetime, code: str | None = None) -> str:
        """The redemption's voucher, in the redemption's transaction; returns its code.

        ``code``: the one the server already confirmed (an online redemption), else the next of this till.
        """
        code = code or queries.next_voucher_code(session, self.terminal_id)
        session.add(Voucher(code=code, entry_id=entry.id, redeem_entry=entry.id, member_id=member.id,
                            reward_id=reward.id, cost=reward.cost, created_at=now,
                            terminal_id=self.terminal_id,
                            state=VoucherState.ISSUED, expires_at=codes.expiry(now, reward.voucher_days)))
        return code

    def voucher(self, code: str) -> VoucherView:
        """The voucher as this till knows it (exit 1 ``unknown_voucher`` if it knows none)."""
        canonical = codes.normalize(code)
        with self.db.reader() as session:
            return self._view(session, _known(session, canonical))

    def use_voucher(self, code: str, cashier: str | None = None) -> VoucherView:
        """Mark the voucher used here, and tell the server with a ``voucher_use`` op (the offline use)."""
        canonical = codes.normalize(code)
        now = self.clock()
        with self.db.transaction() as session:
            voucher = _known(session, canonical)
            _refuse_unless_issued(voucher, now)
            voucher.state, voucher.used_at, voucher.used_by = VoucherState.USED, now, self.terminal_id
            member = session.get_one(Member, voucher.member_id)
            self._outbox(session, OpKind.VOUCHER_USE, member,
                         {"member_card": member.card, "voucher": voucher.code}, now)
            queries.audit(session, now, cashier, "voucher.use", {"voucher": voucher.code}, member=member)
            return self._view(session, voucher)

    def void_voucher(self, code: str, manager: str | None) -> VoidResult:
        """Void an unused voucher and return its points (``manager`` approved it)."""
        canonical = codes.normalize(code)
        now = self.clock()
        with self.db.transaction() as session:
            voucher = _known(session, canonical)
            state = codes.state_at(voucher.state, voucher.expires_at, now)
            if state in _FINAL:
                _refuse_unless_issued(voucher, now)
            member = session.get_one(Member, voucher.member_id)
            book = MemberBook(session, member)
            self._expire_due(session, book, now)
            # The reversal names the redemption where it lives here; the op always names it (the server's).
            local = voucher.entry_id if session.get(LedgerEntry, voucher.entry_id or "") else None
            entry = book.add(**self._entry_fields(now, manager, kind=EntryKind.REVERSE, points=voucher.cost,
                                                  reverses=local, reason=f"void of voucher {voucher.code}"))
            book.credit(entry, now, add_months(now, self.program.expiry_months))
            book.save()
            voucher.state, voucher.voided_at = VoucherState.VOID, now
            wire = {**queries.entry_dict(entry), "reverses": voucher.redeem_entry}
            self._outbox(session, OpKind.VOID, member, {
                "member_card": member.card, "voucher": voucher.code, "entries": [wire]}, now)
            queries.audit(session, now, manager, "voucher.void",
                          {"voucher": voucher.code, "card": cards.masked(member.card),
                           "points": voucher.cost}, member=member)
            return VoidResult(voucher.code, entry.id, voucher.cost, member.balance)

    def record_vouchers(self, states: Sequence[ServerVoucher]) -> None:
        """Cache what the server said of these vouchers (a check or a use answered online)."""
        with self.db.transaction() as session:
            apply_states(session, states)

    def _view(self, session: Session, voucher: Voucher) -> VoucherView:
        card = session.scalar(select(Member.card).where(Member.id == voucher.member_id)) or ""
        reward = self.program.reward(voucher.reward_id)
        return VoucherView(voucher.code, voucher.reward_id, reward.name if reward else voucher.reward_id,
                           voucher.cost,
                           codes.state_at(voucher.state, voucher.expires_at, self.clock()).value,
                           voucher.created_at, voucher.expires_at, cards.masked(card), voucher.used_at,
                           voucher.voided_at)


def _known(session: Session, code: str) -> Voucher:
    voucher = queries.voucher(session, code)
    if voucher is None:
        raise DomainError(Code.UNKNOWN_VOUCHER, voucher=code)
    return voucher


def refuse_state(code: str, state: str, expires_at: datetime | None) -> None:
    """Raise the refusal of a voucher that is not issued (used, void or expired)."""
    if state == VoucherState.USED:
        raise DomainError(Code.VOUCHER_USED, voucher=code)
    if state == VoucherState.VOID:
        raise DomainError(Code.VOUCHER_VOID, voucher=code)
    if state == VoucherState.EXPIRED:
        raise DomainError(Code.VOUCHER_EXPIRED, voucher=code,
                          date=expires_at.date().isoformat() if expires_at else "")


def _refuse_unless_issued(voucher: Voucher, now: datetime) -> None:
    refuse_state(voucher.code, codes.state_at(voucher.state, voucher.expires_at, now), voucher.expires_at)


def _waiting_codes(session: Session) -> set[str]:
    """Vouchers whose use or void here waits in the outbox: the server's "issued" does not undo those."""
    payloads = session.scalars(select(OutboxOp.payload).where(
        OutboxOp.status == "pending", OutboxOp.kind.in_([OpKind.VOID, OpKind.VOUCHER_USE])))
    return {str(json.loads(p).get("voucher")) for p in payloads}


def apply_states(session: Session, states: Sequence[ServerVoucher]) -> int:
    """Take the server's voucher states (a pull page, an answer); returns how many rows changed.

    The server's state wins, except that its "issued" leaves a local use or void whose op is still
    waiting to be sent (once that op was rejected, the server's state is the truth again).

    A voucher of a member this till does not have is skipped (its member comes with a later page).
    """
    changed = 0
    waiting = _waiting_codes(session) if states else set()
    known_members = set(session.scalars(select(Member.id).where(
        Member.id.in_(sorted({s.member_id for s in states}))))) if states else set()
    for state in states:
        row = session.get(Voucher, state.code)
        if row is None:
            if state.member_id not in known_members:
                continue
            row = Voucher(code=state.code, entry_id=None, redeem_entry=state.entry_id,
                          member_id=state.member_id,
                          reward_id=state.reward_id, cost=state.cost, created_at=state.created_at,
                          terminal_id=state.terminal_id, state=VoucherState.ISSUED)
            session.add(row)
        # "expired" is a reading of the date, never stored: the row stays issued with that date.
        server_state = VoucherState(state.state)
        if server_state is VoucherState.EXPIRED:
            server_state = VoucherState.ISSUED
        row.expires_at, row.redeem_entry = state.expires_at, state.entry_id
        if server_state in _FINAL or row.state not in _FINAL or row.code not in waiting:
            row.state, row.used_at, row.used_by, row.voided_at = (server_state, state.used_at, state.used_by,
                                                                  state.voided_at)
        changed += 1
    return changed
