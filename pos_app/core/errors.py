"""Domain errors. Each carries a stable machine code and a sentence a cashier can repeat."""

from __future__ import annotations


class DomainError(Exception):
    """A request the loyalty rules refuse (CLI exit code 1)."""

    code = "refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ValueError):
    """Malformed input such as a bad amount string (CLI exit code 2)."""


class UnknownCard(DomainError):
    code = "unknown_card"


class BadCheckDigit(DomainError):
    code = "bad_check_digit"


class NotEnoughPoints(DomainError):
    code = "not_enough_points"


class RewardNotAllowed(DomainError):
    code = "reward_not_allowed"


class UnknownReceipt(DomainError):
    code = "unknown_receipt"


class RefundTooLarge(DomainError):
    code = "refund_too_large"


class OfflineLimitReached(DomainError):
    code = "offline_limit"


class DuplicateMember(DomainError):
    code = "duplicate_member"


class MemberBlocked(DomainError):
    code = "member_blocked"
