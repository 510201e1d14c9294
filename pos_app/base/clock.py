"""The one clock type, and the shop's wall clock.

Every use case takes a ``Clock`` so tests can set the time. Days, hours and promotions follow the
shop's wall clock: the store's time zone where the terminal knows it (from the server, or
config.toml), else this machine's (``zone`` None), whose offset ``astimezone()`` reads per instant.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def zone_named(name: str | None) -> ZoneInfo | None:
    """The IANA zone ``name`` ("Europe/Bucharest"); None for "" or a name this machine does not know."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def shop_time(at: datetime, zone: ZoneInfo | None) -> datetime:
    """``at`` (aware) on the shop's wall clock, aware."""
    return at.astimezone(zone) if zone is not None else at.astimezone()


def shop_day(at: datetime, zone: ZoneInfo | None) -> date:
    return shop_time(at, zone).date()


def wall_clock(day: date, zone: ZoneInfo | None, hours: int = 0) -> datetime:
    """The UTC instant the shop's clock shows ``hours`` past the midnight starting ``day``.

    An hour the clock skips (spring) is read with the offset before the change; the caller that
    needs the exact hour compares it back (store.daybreak).
    """
    naive = datetime(day.year, day.month, day.day) + timedelta(hours=hours)
    local = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    return local.astimezone(UTC)


def day_span(day: date, zone: ZoneInfo | None) -> tuple[datetime, datetime]:
    """The UTC instants the shop's ``day`` starts and ends (its next midnight)."""
    return wall_clock(day, zone), wall_clock(day + timedelta(days=1), zone)
