"""Online first, else the offline rules: the one place the CLI and the window both call.

Each opens a short-lived agent only when the till is registered and the server has something to say;
every network wait is the agent's own (1.5 s at most). The window calls these on its worker thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from pos_app.core import cards
from pos_app.core.errors import Code, DomainError, UnknownReceipt
from pos_app.results import EnrollResult, RedeemResult, RefundResult
from pos_app.store import salemirror, salepath, vouchers
from pos_app.sync_agent.agent import NotRegistered, SyncAgent
from sync.client import SyncError, Unreachable

log = logging.getLogger("tessera.sync")


class Till(Protocol):
    """What these need of ``pos_app.terminal.Terminal`` (a sibling layer: the agent does not import it)."""

    data_dir: Path

    def status(self) -> dict[str, Any]: ...

    def enroll(self, name: str, *, phone: str | None = None, email: str | None = None,
               card: str | None = None, birthday: date | None = None, consent: bool = False,
               cashier: str | None = None,
               check: Callable[[str | None, str | None], None] | None = None) -> EnrollResult: ...

    def redeem(self, card: str, reward_id: str, cashier: str | None = None, *,
               confirm: Callable[[str, salepath.NewOp], bool] | None = None) -> RedeemResult: ...

    def refund(self, receipt: str, amount: int | None = None, cashier: str | None = None,
               remote: salemirror.RemoteSale | None = None) -> RefundResult: ...

    def queue_refund(self, receipt: str, amount: int | None, cashier: str | None = None) -> RefundResult: ...

    def voucher(self, code: str) -> vouchers.VoucherView: ...

    def use_voucher(self, code: str, cashier: str | None = None) -> vouchers.VoucherView: ...


def _registered(till: Till) -> bool:
    return bool(till.status()["server_url"])


def enroll_checked(till: Till, name: str, *, phone: str | None = None, email: str | None = None,
                   card: str | None = None, birthday: date | None = None, consent: bool = False,
                   cashier: str | None = None) -> EnrollResult:
    """Enroll; a registered till first asks the server whether the phone or e-mail is a member's already
    (DuplicateMember naming the masked card); no answer in time: enrolled, the server flags it later."""
    fields: dict[str, Any] = {"phone": phone, "email": email, "card": card, "birthday": birthday,
                              "consent": consent, "cashier": cashier}
    if not (phone or email) or not _registered(till):
        return till.enroll(name, **fields)
    agent = SyncAgent(till.data_dir)
    try:
        return till.enroll(name, check=agent.check_contact, **fields)
    finally:
        agent.close()


def redeem_confirmed(till: Till, card: str, reward_id: str, cashier: str | None = None) -> RedeemResult:
    """Redeem; a registered till has the server confirm it first (1.5 s at most, then offline rules)."""
    if not _registered(till):
        return till.redeem(card, reward_id, cashier)
    agent = SyncAgent(till.data_dir)
    try:
        return till.redeem(card, reward_id, cashier, confirm=agent.redeem_online)
    finally:
        agent.close()


def refund_anywhere(till: Till, receipt: str, amount: int | None, cashier: str | None = None, *,
                    queue_offline: bool = True) -> RefundResult:
    """Refund a sale of this till, else the store's sale from the server; offline, a pending refund.

    ``queue_offline=False`` (the window, which asks the cashier first) raises
    ``DomainError(receipt_offline)`` instead of queueing: the caller then calls ``till.queue_refund``.
    """
    try:
        return till.refund(receipt, amount, cashier)
    except UnknownReceipt as unknown:
        local = unknown
    agent = SyncAgent(till.data_dir)
    try:
        remote = agent.fetch_sale(receipt)
    except NotRegistered:
        raise local from None  # a standalone till: no other till's sales exist
    except Unreachable:
        if not queue_offline:
            raise DomainError(Code.RECEIPT_OFFLINE, receipt=receipt.strip()) from None
        return till.queue_refund(receipt, amount, cashier)
    finally:
        agent.close()
    if remote is None:
        raise local
    return till.refund(receipt, amount, cashier, remote)


def store_day(till: Till, day: date) -> dict[str, Any] | None:
    """The whole store's figures of ``day`` from the server (every till's, with the breakdowns).

    None on a standalone till, or when the server does not answer within ``online_wait_ms``: the
    caller shows this terminal's own figures alone, labelled so.
    """
    if not _registered(till):
        return None
    agent = SyncAgent(till.data_dir)
    try:
        report = agent.client().daily_report(day, timeout=agent.online_wait)
    except (SyncError, NotRegistered) as exc:
        log.info("the store's day %s from the server: none (%s)", day, type(exc).__name__)
        return None
    finally:
        agent.close()
    return report.model_dump(mode="json")


def check_voucher(till: Till, code: str) -> vouchers.VoucherView:
    """The voucher as the server knows it (cached here first), else as the local cache knows it."""
    if _registered(till):
        agent = SyncAgent(till.data_dir)
        try:
            agent.fetch_voucher(code)  # cached: the local view below is the server's answer
        finally:
            agent.close()
    return till.voucher(code)


def use_voucher_anywhere(till: Till, code: str, cashier: str | None = None) -> vouchers.VoucherView:
    """Use a voucher: confirmed by the server (refused if used, void or expired anywhere in the store);
    without an answer the local cache decides and the server learns of the use at the next sync."""
    if _registered(till):
        agent = SyncAgent(till.data_dir)
        try:
            answer = agent.use_voucher(code)
        finally:
            agent.close()
        if answer is not None and not answer.taken:
            vouchers.refuse_state(code, answer.voucher.state, answer.voucher.expires_at)
        if answer is not None:  # the server took it; the cache says so (no op: the server knows)
            try:
                return till.voucher(code)
            except DomainError:  # a member this till has not pulled yet: the server's answer it is
                v = answer.voucher
                return vouchers.VoucherView(v.code, v.reward_id, v.reward_id, v.cost, v.state, v.created_at,
                                            v.expires_at, cards.masked(v.member_card), v.used_at, None)
    return till.use_voucher(code, cashier)
