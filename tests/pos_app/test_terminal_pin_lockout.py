"""The PIN-pad lockout grows with each series of wrong PINs (1, 5, 15, 60 minutes) and survives a restart."""

from __future__ import annotations

import pytest

from pos_app.core.errors import Code, DomainError
from pos_app.terminal import Terminal
from tests.clocks import FakeClock

CASHIER_PIN = "1111"  # the demo's


def five_wrong(terminal: Terminal) -> DomainError:
    for _ in range(4):
        with pytest.raises(DomainError):
            terminal.sign_in("0000")
    with pytest.raises(DomainError) as locked:
        terminal.sign_in("0000")
    assert locked.value.code is Code.PIN_PAD_LOCKED
    return locked.value


def test_each_series_locks_longer_until_a_right_pin(demo: Terminal, clock: FakeClock) -> None:
    waits = []
    for _ in range(4):
        waits.append(five_wrong(demo).params["seconds"])
        clock.advance(seconds=int(waits[-1]) + 1)
    assert waits == [60, 300, 900, 3600]
    assert demo.sign_in(CASHIER_PIN).id == "cashier"  # a right PIN ends the series
    assert five_wrong(demo).params["seconds"] == 60


def test_a_restart_keeps_the_lock_and_the_series(demo: Terminal, clock: FakeClock) -> None:
    five_wrong(demo)
    clock.advance(seconds=61)
    assert five_wrong(demo).params["seconds"] == 300
    restarted = Terminal(demo.data_dir, clock=clock)
    try:
        with pytest.raises(DomainError) as waiting:
            restarted.sign_in(CASHIER_PIN)  # even the right PIN waits out the lock
        assert waiting.value.code is Code.PIN_LOCKED and 240 < int(waiting.value.params["seconds"]) <= 301
        clock.advance(seconds=301)
        assert five_wrong(restarted).params["seconds"] == 900
    finally:
        restarted.close()
