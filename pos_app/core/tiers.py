"""Tier status from qualifying spend over a rolling 12 months."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pos_app.core.program import Program, Tier

QUALIFYING_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class TierStatus:
    tier: Tier
    spend: int
    next_tier: Tier | None
    missing: int  # minor units still to spend for the next tier; 0 at the top

    @property
    def progress_percent(self) -> int:
        if self.next_tier is None:
            return 100
        span = self.next_tier.min_spend - self.tier.min_spend
        return min(100, max(0, (self.spend - self.tier.min_spend) * 100 // span)) if span else 100


def window_start(now: datetime) -> datetime:
    return now - QUALIFYING_WINDOW


def status(program: Program, spend: int) -> TierStatus:
    tier = program.tier_for_spend(max(spend, 0))
    nxt = program.next_tier(tier)
    return TierStatus(tier, spend, nxt, max(nxt.min_spend - spend, 0) if nxt else 0)
