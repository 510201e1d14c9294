"""What the terminal's use cases answer: plain frozen values for the window and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.core.tiers import TierStatus


@dataclass(frozen=True)
class EnrollResult:
    card: str
    name: str
    points: int


@dataclass(frozen=True)
class MemberView:
    card: str
    name: str
    phone: str | None
    email: str | None
    tier: str
    tier_name: str
    tier_status: TierStatus
    balance: int
    spendable: int
    pending: int
    expiring_soon: int
    pending_ops: int
    blocked: bool


@dataclass(frozen=True)
class SaleResult:
    entry_id: str
    receipt: str
    points_earned: int
    balance: int
    duplicate: bool


@dataclass(frozen=True)
class RedeemResult:
    entry_id: str
    points_spent: int
    balance: int
    voucher: str
    reward_id: str
    reward_name: str


@dataclass(frozen=True)
class RefundResult:
    receipt: str
    refunded_amount: int
    points_reversed: int
    balance: int
    pending: bool = False  # queued for the server (a receipt of another till, offline): figures unknown yet


@dataclass(frozen=True)
class AdjustResult:
    entry_id: str
    points: int
    balance: int
