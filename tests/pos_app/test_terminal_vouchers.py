"""Vouchers at one till: the expiry from the reward, an expired voucher refused, voids and their op."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from pos_app.core.errors import Code, DomainError
from pos_app.store.models import AuditLog, LedgerEntry, OutboxOp, Voucher
from pos_app.terminal import Terminal
from tests.clocks import FakeClock

ANA = "2900000000018"


def test_a_voucher_expires_after_the_rewards_voucher_days_and_cannot_be_used(demo: Terminal,
                                                                            clock: FakeClock) -> None:
    redeemed = demo.redeem(ANA, "coffee")
    view = demo.voucher(redeemed.voucher)
    assert view.expires_at is not None
    assert view.state == "issued" and view.expires_at == view.created_at + timedelta(days=90)
    clock.advance(days=90)
    assert demo.voucher(redeemed.voucher).state == "expired"
    with pytest.raises(DomainError) as refused:
        demo.use_voucher(redeemed.voucher)
    assert refused.value.code is Code.VOUCHER_EXPIRED
    assert refused.value.params["date"] == view.expires_at.date().isoformat()


def test_an_offline_use_queues_one_voucher_use_op(demo: Terminal) -> None:
    code = demo.redeem(ANA, "coffee").voucher
    used = demo.use_voucher(code, "cashier")
    assert used.state == "used" and used.used_at is not None
    with demo.db.reader() as session:
        [op] = session.scalars(select(OutboxOp).where(OutboxOp.kind == "voucher_use")).all()
        assert json.loads(op.payload)["voucher"] == code and json.loads(op.payload)["member_card"] == ANA
        assert session.scalars(select(AuditLog.action).where(AuditLog.action == "voucher.use")).all()


def test_void_returns_the_points_as_a_reversal_of_the_redemption_and_queues_a_void_op(demo: Terminal) -> None:
    before = demo.member(ANA)
    redeemed = demo.redeem(ANA, "coffee")
    voided = demo.void_voucher(redeemed.voucher, "manager")
    after = demo.member(ANA)
    assert voided.points_returned == 100 and voided.balance == after.balance == before.balance
    assert after.spendable == before.spendable  # given back spendable at once
    with demo.db.reader() as session:
        entry = session.get_one(LedgerEntry, voided.entry_id)
        assert (entry.kind, entry.points, entry.reverses, entry.cashier_id) == (
            "reverse", 100, redeemed.entry_id, "manager")
        assert session.get_one(Voucher, redeemed.voucher).state == "void"
        [op] = session.scalars(select(OutboxOp).where(OutboxOp.kind == "void")).all()
        payload = json.loads(op.payload)
        assert payload["voucher"] == redeemed.voucher
        assert [(e["kind"], e["points"], e["reverses"]) for e in payload["entries"]] == [
            ("reverse", 100, redeemed.entry_id)]
        [audit] = session.scalars(select(AuditLog).where(AuditLog.action == "voucher.void")).all()
        assert audit.actor == "manager"


def test_an_expired_voucher_can_still_be_voided_for_its_points(demo: Terminal, clock: FakeClock) -> None:
    redeemed = demo.redeem(ANA, "coffee")
    clock.advance(days=91)
    voided = demo.void_voucher(redeemed.voucher, "manager")
    assert voided.points_returned == 100 and demo.voucher(redeemed.voucher).state == "void"


def test_codes_follow_the_terminals_counter(demo: Terminal) -> None:
    first, second = demo.redeem(ANA, "coffee").voucher, demo.redeem(ANA, "coffee").voucher
    assert first[:8] == second[:8] and first != second
