"""Money as integer minor units with the currency's ISO 4217 exponent.

Parsing is strict on purpose: a cashier typing "12,50" or "1e3" must get an error,
never a silently different amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos_app.core.errors import Code, InvalidInput
from pos_app.core.limits import MAX_MINOR as MAX_MINOR  # far above any basket (core.limits says why)
from pos_app.core.limits import clipped

# ISO 4217 minor-unit exponents of the currencies we sell in.
EXPONENTS: dict[str, int] = {
    "EUR": 2,
    "RON": 2,
    "USD": 2,
    "GBP": 2,
    "CHF": 2,
    "HUF": 2,
    "PLN": 2,
    "KRW": 0,
    "JPY": 0,
    "BHD": 3,
    "KWD": 3,
}

_AMOUNT = re.compile(r"^(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]+))?$")


@dataclass(frozen=True, order=True)
class Currency:
    code: str
    exponent: int

    @property
    def scale(self) -> int:
        return int(10**self.exponent)


def currency(code: str) -> Currency:
    normalized = code.strip().upper()
    if normalized not in EXPONENTS:
        raise InvalidInput(Code.CURRENCY_UNSUPPORTED, currency=code)
    return Currency(normalized, EXPONENTS[normalized])


def parse_amount(text: str, cur: Currency, *, allow_zero: bool = True) -> int:
    """Parse a decimal string in major units ("12.50") into minor units (1250).

    Rejects negatives, exponents, NaN/inf, thousands separators, whitespace inside,
    commas and more decimals than the currency has.
    """
    if not isinstance(text, str):
        raise InvalidInput(Code.AMOUNT_NOT_TEXT)
    stripped = text.strip()
    match = _AMOUNT.fullmatch(stripped)
    if match is None:
        raise InvalidInput(Code.AMOUNT_FORMAT, text=clipped(text))
    frac = match.group("frac") or ""
    if len(frac) > cur.exponent:
        if cur.exponent == 0:
            raise InvalidInput(Code.AMOUNT_NO_DECIMALS, text=clipped(text), currency=cur.code)
        raise InvalidInput(Code.AMOUNT_DECIMALS, text=clipped(text), currency=cur.code, decimals=cur.exponent)
    whole = match.group("int").lstrip("0") or "0"
    if len(whole) > len(str(MAX_MINOR)):  # before int(): 5,000 digits would not even convert
        raise InvalidInput(Code.AMOUNT_TOO_LARGE, text=clipped(text))
    minor = int(whole) * cur.scale + (int(frac.ljust(cur.exponent, "0")) if frac else 0)
    if minor > MAX_MINOR:
        raise InvalidInput(Code.AMOUNT_TOO_LARGE, text=clipped(text))
    if minor == 0 and not allow_zero:
        raise InvalidInput(Code.AMOUNT_NOT_POSITIVE, text=clipped(text))
    return minor


def format_amount(minor: int, cur: Currency) -> str:
    """Format minor units as a plain decimal string in major units ("-12.50")."""
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), cur.scale)
    if cur.exponent == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{frac:0{cur.exponent}d}"
