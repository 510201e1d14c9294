"""Cashier PINs: 4 to 6 digits, stored as scrypt hashes, with a lockout rule."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from pos_app.core.errors import Code, InvalidInput

MAX_FAILURES = 5
# Each series of MAX_FAILURES wrong PINs locks the pad longer, until a right PIN is typed: a 4-digit PIN
# then takes months of patient guessing, not a day and a half, and a cashier's typo costs one minute.
LOCKOUTS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=60))
LOCKOUT = LOCKOUTS[0]
# Interactive-login strength that still verifies in well under 100 ms on a small terminal.
_N, _R, _P = 2**14, 8, 1


def validate_pin(pin: str) -> str:
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 6):
        raise InvalidInput(Code.PIN_FORMAT)
    return pin


def _derive(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)


def hash_pin(pin: str, salt: bytes) -> str:
    validate_pin(pin)
    encode = base64.urlsafe_b64encode
    return f"scrypt${_N}${_R}${_P}${encode(salt).decode()}${encode(_derive(pin, salt)).decode()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt" or not (pin.isascii() and pin.isdigit()):
        return False
    derived = hashlib.scrypt(pin.encode(), salt=base64.urlsafe_b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=32)
    return hmac.compare_digest(derived, base64.urlsafe_b64decode(digest))


def lockout(series: int) -> timedelta:
    """How long the ``series``-th lockout in a row (1 = the first) keeps the pad locked."""
    return LOCKOUTS[min(max(series, 1), len(LOCKOUTS)) - 1]


@dataclass(frozen=True)
class LockState:
    failures: int
    locked_until: datetime | None
    series: int = 0  # lockouts since the last right PIN

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime) -> LockState:
        failures = self.failures + 1
        if failures >= MAX_FAILURES:
            series = self.series + 1
            return LockState(0, now + lockout(series), series)
        return LockState(failures, None, self.series)
