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


# For checking a kind read off the wire (``str in StrEnum`` raises on Python 3.11).
OP_KINDS = frozenset(OpKind)
