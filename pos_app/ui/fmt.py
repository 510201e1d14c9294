"""Money, points and dates for the screen, through QLocale (never floats for money)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from pos_app.base.clock import shop_time
from pos_app.core.errors import Code, InvalidInput
from pos_app.core.money import Currency, parse_amount

SYMBOLS = {"EUR": "€", "RON": "lei", "KRW": "₩", "USD": "$", "GBP": "£", "CHF": "CHF", "HUF": "Ft",
           "PLN": "zł", "JPY": "¥"}


def _digits(minor: int, cur: Currency, locale: QLocale) -> str:
    whole, frac = divmod(abs(minor), cur.scale)
    text = locale.toString(whole)
    if cur.exponent:
        text += locale.decimalPoint() + f"{frac:0{cur.exponent}d}"
    return text


def money(minor: int, cur: Currency, locale: QLocale | None = None) -> str:
    """``1250`` EUR -> "€1,250.00" (en) / "12,50 €" (it); the locale decides the layout."""
    loc = locale or QLocale()
    symbol = SYMBOLS.get(cur.code, cur.code)
    # Ask Qt where this locale puts the symbol, then put our exact digits there.
    pattern = loc.toCurrencyString(7, symbol)
    return ("-" if minor < 0 else "") + pattern.replace(loc.toString(7), _digits(minor, cur, loc), 1)


def plain_amount(minor: int, cur: Currency, locale: QLocale | None = None) -> str:
    """Digits as a cashier types them back ("12,50" in Italian): no grouping, no symbol."""
    loc = locale or QLocale()
    whole, frac = divmod(abs(minor), cur.scale)
    text = ("-" if minor < 0 else "") + str(whole)
    return text + (loc.decimalPoint() + f"{frac:0{cur.exponent}d}" if cur.exponent else "")


def parse_money(text: str, cur: Currency, locale: QLocale | None = None) -> int:
    """What the cashier typed -> minor units. The locale's decimal comma is accepted; nothing else is."""
    loc = locale or QLocale()
    cleaned = text.strip()
    point = loc.decimalPoint()
    if point != "." and point in cleaned:
        if "." in cleaned:
            raise InvalidInput(Code.AMOUNT_INVALID, text=text)
        cleaned = cleaned.replace(point, ".")
    elif "," in cleaned and "." not in cleaned and cleaned.count(",") == 1 and cur.exponent:
        head, _, tail = cleaned.partition(",")
        if len(tail) <= cur.exponent:  # "12,5" on an English keyboard still means 12.50
            cleaned = f"{head}.{tail}"
    return parse_amount(cleaned, cur, allow_zero=False)


def points(value: int, locale: QLocale | None = None) -> str:
    return (locale or QLocale()).toString(value)


class _Shop:
    zone: ZoneInfo | None = None  # None: this machine's zone


def use_zone(zone: ZoneInfo | None) -> None:
    """Every time shown from now on on the shop's clock (the open terminal's zone), as QLocale's default
    language is set once for every widget; None: the machine's clock."""
    _Shop.zone = zone


def _qdatetime(at: datetime) -> QDateTime:
    # The wall clock is computed by zoneinfo, the same tables the reports' days and hours use.
    wall = shop_time(at if at.tzinfo else at.replace(tzinfo=UTC), _Shop.zone)
    # Held as UTC so Qt shifts nothing: a wall time the machine's own zone skips (its spring) stays.
    return QDateTime(QDate(wall.year, wall.month, wall.day), QTime(wall.hour, wall.minute, wall.second),
                     QTimeZone.utc())


def date_time(at: datetime, locale: QLocale | None = None) -> str:
    return (locale or QLocale()).toString(_qdatetime(at), QLocale.FormatType.ShortFormat)


def day(at: datetime, locale: QLocale | None = None) -> str:
    return (locale or QLocale()).toString(_qdatetime(at).date(), QLocale.FormatType.ShortFormat)


def iso_date_time(text: str | None, locale: QLocale | None = None) -> str | None:
    """An ISO timestamp from the status row, or None when absent or unreadable."""
    if not text:
        return None
    try:
        return date_time(datetime.fromisoformat(text), locale)
    except ValueError:
        return None
