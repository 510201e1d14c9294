"""The kinds of op a terminal queues in its outbox and the server applies: one list for both ends."""

from __future__ import annotations

from enum import StrEnum


class OpKind(StrEnum):
    ENROLL = "enroll"
    SALE = "sale"
    REDEEM = "redeem"
    REFUND = "refund"
    ADJUST = "adjust"
    EXPIRE = "expire"
    VOID = "void"  # a manager voids a redemption: its voucher and a reversal returning the points
    VOUCHER_USE = "voucher_use"  # a voucher used while offline (online, the server marks it itself)
    STAFF = "staff"  # a cashier added, reset or disabled: the server learns who may approve manager acts


# For checking a kind read off the wire (``str in StrEnum`` raises on Python 3.11).
OP_KINDS = frozenset(OpKind)
