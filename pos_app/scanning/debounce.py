"""Scan debounce: a card held in front of the camera is one scan, not thirty.

Pure: the caller passes the current time (monotonic seconds) with every frame.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class _Seen:
    accepted_at: float
    last_seen: float
    last_frame: int


@dataclass
class Debouncer:
    """Accept a code once; ignore it again until the cooldown has passed or it
    has left the view (not seen for ``gone_frames`` frames or ``gone_seconds``),
    whichever comes first. A card held still is thus reported again every
    cooldown (harmless: it re-selects the same member), and a card taken away
    and shown again is a new scan at once, which is what a cashier expects.

    With ``confirm_frames=2`` a code is only accepted when two consecutive
    frames agree, which filters a one-frame misread at the cost of one frame.
    """

    cooldown: float = 3.0
    gone_frames: int = 10
    gone_seconds: float = 1.0
    confirm_frames: int = 1
    _frame: int = 0
    _accepted: dict[str, _Seen] = field(default_factory=dict)
    _pending: dict[str, int] = field(default_factory=dict)  # code -> consecutive frames seen

    def feed(self, codes: Iterable[str], now: float) -> list[str]:
        """Codes decoded in one frame (possibly none) -> codes to act on now."""
        self._frame += 1
        current = list(dict.fromkeys(codes))
        self._forget(now)
        accepted: list[str] = []
        pending: dict[str, int] = {}
        for code in current:
            seen = self._accepted.get(code)
            if seen is not None:
                seen.last_seen, seen.last_frame = now, self._frame
                continue
            streak = self._pending.get(code, 0) + 1
            if streak >= self.confirm_frames:
                self._accepted[code] = _Seen(now, now, self._frame)
                accepted.append(code)
            else:
                pending[code] = streak
        # A code missing from this frame breaks its streak.
        self._pending = pending
        return accepted

    def _forget(self, now: float) -> None:
        for code in list(self._accepted):
            seen = self._accepted[code]
            cooled = now - seen.accepted_at >= self.cooldown
            gone = (
                self._frame - seen.last_frame > self.gone_frames or now - seen.last_seen > self.gone_seconds
            )
            if cooled or gone:
                del self._accepted[code]

    def reset(self) -> None:
        self._accepted.clear()
        self._pending.clear()
