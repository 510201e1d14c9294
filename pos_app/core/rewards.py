"""Which rewards a member may take now, and why not when they may not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from pos_app.core.errors import Code, NotEnoughPoints, Param, RewardNotAllowed, render
from pos_app.core.program import Program, Reward, Tier


@dataclass(frozen=True)
class Eligibility:
    reward: Reward
    allowed: bool
    reason: str = ""  # empty when allowed; otherwise the English sentence for the customer
    code: Code | None = None  # why not, as a stable code the window translates
    params: Mapping[str, Param] = field(default_factory=dict, hash=False)


def _refused(subject: Reward, code: Code, /, **params: Param) -> Eligibility:
    return Eligibility(subject, False, render(code, params), code, params)


def check(program: Program, reward: Reward, tier: Tier, spendable: int, taken: int,
          at: datetime) -> Eligibility:
    """``taken``: how many times this member has already redeemed the reward."""
    if not reward.in_window(at):
        return _refused(reward, Code.REWARD_OUT_OF_WINDOW, reward=reward.name)
    if reward.min_tier is not None:
        needed = program.tier(reward.min_tier)
        if tier.min_spend < needed.min_spend:
            return _refused(reward, Code.REWARD_TIER, reward=reward.name, tier=needed.name)
    if reward.per_member_limit is not None and taken >= reward.per_member_limit:
        return _refused(reward, Code.REWARD_LIMIT, reward=reward.name, limit=reward.per_member_limit)
    if spendable < reward.cost:
        return _refused(reward, Code.REWARD_POINTS, reward=reward.name, cost=reward.cost, available=spendable)
    return Eligibility(reward, True)


def require(program: Program, reward: Reward, tier: Tier, spendable: int, taken: int, at: datetime) -> None:
    verdict = check(program, reward, tier, spendable, taken, at)
    if verdict.allowed or verdict.code is None:
        return
    if check(program, reward, tier, max(spendable, reward.cost), taken, at).allowed:
        raise NotEnoughPoints(verdict.code, **verdict.params)  # only the points are missing
    raise RewardNotAllowed(verdict.code, **verdict.params)
