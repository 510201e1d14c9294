"""The server's own reading of the rules for one op: its time, the member's tier, lot dates.

A terminal proposes; these functions say what the program gives from the server's state: the
rule time (the op's ``created_at``, refused when ahead of the server's clock, clamped when it
goes back before the terminal's previous op), the shop's wall clock in the store's IANA zone,
the tier from the member's rolling spend in the server's sales, the dates of a new lot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pos_app.core.errors import Code, InvalidInput
from pos_app.core.ledger import EntryKind, add_months
from pos_app.core.program import Program, Tier
from pos_app.core.tiers import status, window_start
from sync.server.books import AnySpend

# How far a terminal's clock may run ahead of the server's (the sync agent warns at the same skew).
MAX_SKEW = timedelta(minutes=2)
# No till queues an op for ten years: an older created_at is a dead clock battery or a forgery.
MAX_AGE = timedelta(days=3650)


class BadTime(Exception):
    """The op claims a time ahead of the server's clock by more than the allowed skew, or absurdly old."""


def as_utc(value: datetime) -> datetime:
    """Aware UTC; a naive time off the wire is read as UTC (the terminal sends aware UTC)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; InvalidInput when this machine's zone database does not know it."""
    try:
        if not name or name != name.strip() or "\0" in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InvalidInput(Code.STORE_TZ, tz=name) from None


def zone_or_utc(name: str | None) -> ZoneInfo:
    """A stored store's zone; one this machine no longer knows falls back to UTC, never failing a push."""
    try:
        return zone(name or "UTC")
    except InvalidInput:
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class RuleTime:
    at: datetime  # aware UTC: what the rules and the server's entries use
    sent: datetime  # what the terminal said
    clamped: bool


def rule_time(sent: datetime, now: datetime, previous: datetime | None,
              skew: timedelta = MAX_SKEW) -> RuleTime:
    """The op's time for the rules; raises BadTime for a time ahead of the server's clock (or absurd)."""
    at = as_utc(sent)
    if at > as_utc(now) + skew:
        raise BadTime(f"created_at {at.isoformat()} is ahead of the server's clock"
                      f" by more than {int(skew.total_seconds())} s")
    if at < earliest(now):
        raise BadTime(f"created_at {at.isoformat()} is more than {MAX_AGE.days} days old")
    if previous is not None and at < as_utc(previous) - skew:
        # Backdating into a past promotion or tier gains nothing: it counts at the previous op's time.
        return RuleTime(as_utc(previous), at, True)
    return RuleTime(at, at, False)


def earliest(now: datetime) -> datetime:
    """The oldest created_at the server reads as a real time."""
    return as_utc(now) - MAX_AGE


def shop_time(at: datetime, tz: ZoneInfo) -> datetime:
    """The store's wall clock at ``at`` (naive, as promotions are written)."""
    return as_utc(at).astimezone(tz).replace(tzinfo=None)


def rolling_spend(sales: Iterable[AnySpend], at: datetime) -> int:
    """Net qualifying spend of the window ending at ``at``, from the server's sales."""
    start, end = window_start(as_utc(at)), as_utc(at)
    return sum(s.amount - s.refunded_amount for s in sales if start <= as_utc(s.created_at) <= end)


def tier_at(program: Program, sales: Iterable[AnySpend], at: datetime) -> Tier:
    return status(program, rolling_spend(sales, at)).tier


def lot_dates(program: Program, kind: str, at: datetime) -> tuple[datetime, datetime]:
    """(available_at, expires_at) of a new lot: earn and bonus wait ``pending_days``; an adjustment and a
    void's reversal (points given back) do not."""
    start = as_utc(at)
    now_spendable = kind in (EntryKind.ADJUST, EntryKind.REVERSE)
    available = start if now_spendable else start + timedelta(days=program.pending_days)
    return available, add_months(start, program.expiry_months)
