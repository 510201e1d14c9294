"""Which rewards a member may take now, and why not when they may not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos_app.core.errors import NotEnoughPoints, RewardNotAllowed
from pos_app.core.program import Program, Reward, Tier


@dataclass(frozen=True)
class Eligibility:
    reward: Reward
    allowed: bool
    reason: str  # empty when allowed; otherwise a sentence for the customer


def check(program: Program, reward: Reward, tier: Tier, spendable: int, taken: int, at: datetime) -> Eligibility:
    """``taken``: how many times this member has already redeemed the reward."""
    if not reward.in_window(at):
        return Eligibility(reward, False, f"{reward.name} is not available at this time")
    if reward.min_tier is not None:
        needed = program.tier(reward.min_tier)
        if tier.min_spend < needed.min_spend:
            return Eligibility(reward, False, f"{reward.name} needs {needed.name} tier or higher")
    if reward.per_member_limit is not None and taken >= reward.per_member_limit:
        return Eligibility(reward, False, f"{reward.name} can be taken {reward.per_member_limit} time(s) per member")
    if spendable < reward.cost:
        return Eligibility(reward, False, f"{reward.name} needs {reward.cost} points, {spendable} available")
    return Eligibility(reward, True, "")


def require(program: Program, reward: Reward, tier: Tier, spendable: int, taken: int, at: datetime) -> None:
    verdict = check(program, reward, tier, spendable, taken, at)
    if not verdict.allowed:
        if check(program, reward, tier, max(spendable, reward.cost), taken, at).allowed:
            raise NotEnoughPoints(verdict.reason)  # only the points are missing
        raise RewardNotAllowed(verdict.reason)
