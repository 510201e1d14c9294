"""Voucher codes and states: unique across the chain without asking anyone, short enough to type.

A code is ``PPPPPPP-NNNC``: seven characters derived from the issuing terminal's id (a hash, so
two terminals practically never share them), the terminal's own counter (three characters or
more) and one check character. The alphabet is Crockford's base 32 without ``Z``: 31 symbols,
a prime, so the weighted check (position weights 1..n, modulo 31) catches every single wrong
character and every swap of two different characters. Typing is forgiving: case, spaces and
hyphens do not matter, ``O`` reads as ``0`` and ``I``/``L`` as ``1``. Codes of terminals before
vouchers were real (``V`` and nine letters or digits, no check) are still recognised as they are.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from enum import StrEnum

from pos_app.core.errors import Code, InvalidInput

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"
BASE = len(ALPHABET)  # 31, prime
PREFIX_LEN = 7
COUNTER_MIN = 3
MAX_LEN = 24
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_READS_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_LEGACY = re.compile(r"V[A-HJ-NP-Z2-9]{9}")
_SEPARATORS = re.compile(r"[\s\-]+")


class VoucherState(StrEnum):
    ISSUED = "issued"
    USED = "used"
    VOID = "void"
    EXPIRED = "expired"


def prefix(terminal_id: str) -> str:
    """The issuing terminal's seven characters (a hash of its id)."""
    number = int.from_bytes(hashlib.sha256(terminal_id.encode()).digest()[:8], "big") % BASE**PREFIX_LEN
    return _encode(number, PREFIX_LEN)


def check_char(body: str) -> str:
    """The check character of ``body`` (alphabet characters only)."""
    total = sum((index + 1) * _VALUE[ch] for index, ch in enumerate(body))
    return ALPHABET[total % BASE]


def make(terminal_id: str, counter: int) -> str:
    """The code of the terminal's ``counter``-th voucher (counter >= 1)."""
    if counter < 1:
        raise ValueError("a voucher counter starts at 1")
    body = prefix(terminal_id) + _encode(counter, COUNTER_MIN)
    return f"{body[:PREFIX_LEN]}-{body[PREFIX_LEN:]}{check_char(body)}"


def normalize(text: str) -> str:
    """The canonical code for what was typed or scanned; InvalidInput(voucher_format) if it is none."""
    found = parse(text)
    if found is None:
        raise InvalidInput(Code.VOUCHER_FORMAT, text=text[:MAX_LEN * 2])
    return found


def parse(text: str) -> str | None:
    """The canonical code, or None when ``text`` is not a voucher code (a card number, a typo)."""
    raw = _SEPARATORS.sub("", text.strip().upper())
    if _LEGACY.fullmatch(raw):
        return raw
    raw = raw.translate(_READS_AS)
    if not PREFIX_LEN + COUNTER_MIN + 1 <= len(raw) <= MAX_LEN or any(ch not in _VALUE for ch in raw):
        return None
    body, check = raw[:-1], raw[-1]
    if check_char(body) != check:
        return None
    return f"{body[:PREFIX_LEN]}-{body[PREFIX_LEN:]}{check}"


def looks_like_voucher(text: str) -> bool:
    return parse(text) is not None


def expiry(issued_at: datetime, days: int) -> datetime:
    return issued_at + timedelta(days=days)


def state_at(state: str, expires_at: datetime | None, now: datetime) -> VoucherState:
    """The state as of ``now``: an issued voucher past its date is expired."""
    current = VoucherState(state)
    if current is VoucherState.ISSUED and expires_at is not None and expires_at <= now:
        return VoucherState.EXPIRED
    return current


def _encode(number: int, width: int) -> str:
    digits = []
    while number:
        number, digit = divmod(number, BASE)
        digits.append(ALPHABET[digit])
    return "".join(reversed(digits)).rjust(width, ALPHABET[0])
