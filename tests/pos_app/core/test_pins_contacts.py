"""Cashier PIN hashing and lockout (phone, e-mail and name rules: test_contact.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from pos_app.core import pins
from pos_app.core.errors import InvalidInput

SALT = b"0123456789abcdef"
NOW = datetime(2026, 11, 18, 10, 0)


@pytest.fixture(scope="module")
def stored() -> str:
    return pins.hash_pin("4821", SALT)


def test_hash_is_salted_scrypt_and_verifies(stored: str) -> None:
    assert stored.startswith("scrypt$16384$8$1$")
    assert "4821" not in stored
    assert pins.verify_pin("4821", stored)
    assert not pins.verify_pin("4822", stored)
    assert not pins.verify_pin("48210", stored)
    assert pins.hash_pin("4821", b"another-salt-123") != stored


@pytest.mark.parametrize("garbage", ["", "plain", "md5$x$y$z$a$b", "scrypt$1$2$3$4"])
def test_malformed_stored_hashes_never_verify(garbage: str) -> None:
    assert not pins.verify_pin("4821", garbage)


def test_non_digit_pins_never_verify(stored: str) -> None:
    assert not pins.verify_pin("４８２１", stored)
    assert not pins.verify_pin("48 1", stored)


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "", "١٢٣٤", " 1234"])
def test_pin_shape_is_four_to_six_ascii_digits(pin: str) -> None:
    with pytest.raises(InvalidInput, match="4 to 6 digits"):
        pins.validate_pin(pin)
    with pytest.raises(InvalidInput):
        pins.hash_pin(pin, SALT)


def test_five_failures_lock_for_a_minute_then_the_counter_restarts() -> None:
    state = pins.LockState(0, None)
    for n in range(1, pins.MAX_FAILURES):
        state = state.after_failure(NOW)
        assert state == pins.LockState(n, None)
        assert not state.locked(NOW)
    state = state.after_failure(NOW)
    assert state.locked(NOW)
    assert state.locked(NOW + timedelta(seconds=59))
    assert not state.locked(NOW + pins.LOCKOUT)
    assert state.failures == 0
    assert state.after_failure(NOW + pins.LOCKOUT) == pins.LockState(1, None, series=1)


def test_each_series_of_failures_locks_longer_up_to_an_hour() -> None:
    state, now, waits = pins.LockState(0, None), NOW, []
    for _ in range(6):
        for _ in range(pins.MAX_FAILURES):
            state = state.after_failure(now)
        assert state.locked_until is not None
        waits.append(state.locked_until - now)
        now = state.locked_until
    assert waits == [timedelta(minutes=m) for m in (1, 5, 15, 60, 60, 60)]
