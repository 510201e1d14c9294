"""Test clocks: the settable wall clock use cases read time through."""

from __future__ import annotations

from datetime import datetime, timedelta


class FakeClock:
    """A settable clock: use cases read time only through it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
