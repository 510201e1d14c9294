"""The caps on every number and text a person or a terminal can send, in one place.

Numbers: 2^53 - 1 is the largest integer a JSON reader anywhere (a double) holds exactly,
far below SQLite's and PostgreSQL's 64-bit integers, so a value within it survives the
wire, the database and any sum of a few of them. Amounts are capped lower (no basket is
worth 10^13 euros). Program versions are stored in a 32-bit column.
Texts: what a name, an e-mail address or a typed phone number may be at most.
"""

from __future__ import annotations

import re
from typing import Final

from pos_app.core.errors import Code, InvalidInput

MAX_SAFE: Final = 2**53 - 1  # any integer on the wire: points, minor units, sequence numbers
MAX_POINTS: Final = MAX_SAFE  # one entry's points, an adjustment, an opening balance
MAX_MINOR: Final = 10**15  # one amount in minor units; keeps SQLite integers and sums safe
MAX_VERSION: Final = 2**31 - 1  # program versions (a 32-bit column on the server)

MAX_NAME: Final = 200  # characters, after runs of spaces are collapsed
MAX_EMAIL: Final = 254  # RFC 5321's limit on a forward path
MAX_PHONE_INPUT: Final = 32  # characters as typed: "+40 (721) 123-456" and then some
MAX_E164: Final = 15  # digits of an E.164 number, country code included


def within(value: int, limit: int) -> bool:
    """True if ``-limit <= value <= limit``."""
    return -limit <= value <= limit


def clipped(text: str, length: int = 40) -> str:
    """``text`` as an error message may quote it: a pasted megabyte is shown as its first characters."""
    return text if len(text) <= length else text[:length] + "…"


def checked_points(points: int, limit: int = MAX_POINTS) -> int:
    """``points`` if within ``-limit..limit``; InvalidInput (one line, exit 2) otherwise."""
    if not within(points, limit):
        raise InvalidInput(Code.POINTS_TOO_LARGE, text=clipped(str(points)), limit=limit)
    return points


def parse_points(text: str, limit: int = MAX_POINTS) -> int:
    """Points typed as ASCII digits with an optional sign ("50", "-20"), within ``-limit..limit``.

    The digits are counted before ``int()``: a pasted 5,000-digit number is refused as too
    large (and quoted clipped), not left to fail inside the conversion.
    """
    match = re.fullmatch(r"([+-]?)([0-9]+)", text.strip())
    if match is None:
        raise InvalidInput(Code.POINTS_FORMAT, text=clipped(text))
    if len(match.group(2).lstrip("0")) > len(str(limit)):
        raise InvalidInput(Code.POINTS_TOO_LARGE, text=clipped(text.strip()), limit=limit)
    return checked_points(int(match.group(0)), limit)
