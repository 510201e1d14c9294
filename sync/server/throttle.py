"""Guessing is slowed down: failed attempts per client address earn a growing wait (429).

The first few failures cost nothing (a technician mistyping a registration code), then each failure
doubles the wait, up to a quarter of an hour; a success forgets the address. Memory is bounded: the
table keeps at most ``max_clients`` addresses, dropping the ones whose wait is over first. The table
lives in the server process (each worker of a multi-worker server has its own).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sync.server.errors import ApiError

FREE_FAILURES = 3
FIRST_WAIT = timedelta(seconds=2)
LONGEST_WAIT = timedelta(minutes=15)
TOO_MANY = "too_many_attempts"


@dataclass
class _Client:
    failures: int = 0
    wait_until: datetime | None = None


class Throttle:
    def __init__(self, max_clients: int = 10_000) -> None:
        self._clients: dict[str, _Client] = {}
        self._lock = threading.Lock()
        self.max_clients = max_clients

    def check(self, address: str, now: datetime) -> None:
        """Raise 429 ``too_many_attempts`` (with ``retry_after`` seconds) while ``address`` must wait."""
        with self._lock:
            client = self._clients.get(address)
            if client is None or client.wait_until is None or now >= client.wait_until:
                return
            seconds = math.ceil((client.wait_until - now).total_seconds())
        raise ApiError(429, TOO_MANY, f"too many failed attempts from this address: try again in {seconds} s",
                       {"retry_after": seconds})

    def failed(self, address: str, now: datetime) -> int:
        """Count a failure of ``address``; returns its failures in a row."""
        with self._lock:
            client = self._clients.get(address)
            if client is None:
                self._make_room(now)
                client = self._clients[address] = _Client()
            client.failures += 1
            over = client.failures - FREE_FAILURES
            if over > 0:
                client.wait_until = now + min(FIRST_WAIT * 2 ** min(over - 1, 20), LONGEST_WAIT)
            return client.failures

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._clients.pop(address, None)

    def _make_room(self, now: datetime) -> None:
        if len(self._clients) < self.max_clients:
            return
        waiting_over = [a for a, c in self._clients.items() if c.wait_until is None or c.wait_until <= now]
        for address in waiting_over[: max(1, len(waiting_over))]:
            del self._clients[address]
        while len(self._clients) >= self.max_clients:  # all still waiting: drop the oldest entries
            del self._clients[next(iter(self._clients))]
