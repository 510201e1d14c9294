"""The loyalty program: earn rules, tiers, promotions and the rewards catalog.

A program is one versioned TOML document. Every ledger entry records the version
it was computed with, so the server can recompute a terminal's earn exactly.
Multipliers are integer percentages so no float ever touches points.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pos_app.core.errors import Code, InvalidInput, Param
from pos_app.core.limits import MAX_POINTS, MAX_VERSION, clipped
from pos_app.core.money import Currency, currency, parse_amount

MAX_POINT_VALUE = 1_000_000  # minor units per point: a bound for a typo, far above any real programme
MAX_CHURN_DAYS = 3650

REWARD_KINDS = ("fixed_discount", "percent_discount", "free_item")
STOCK_SCOPES = ("chain", "store")  # a reward's stock is counted across every store, or in each store


@dataclass(frozen=True)
class Tier:
    id: str
    name: str
    min_spend: int  # qualifying spend over a rolling 12 months, minor units
    multiplier_percent: int


@dataclass(frozen=True)
class Promotion:
    """A time window that multiplies earn: dates, weekdays and hours may combine."""

    id: str
    name: str
    multiplier_percent: int
    starts: datetime | None = None
    ends: datetime | None = None
    weekdays: frozenset[int] = frozenset()  # Monday=0; empty means every day
    hours: tuple[int, int] | None = None  # [from, to) in local hours

    def active(self, at: datetime) -> bool:
        if self.starts is not None and at < self.starts:
            return False
        if self.ends is not None and at >= self.ends:
            return False
        if self.weekdays and at.weekday() not in self.weekdays:
            return False
        return self.hours is None or self.hours[0] <= at.hour < self.hours[1]


@dataclass(frozen=True)
class Reward:
    id: str
    name: str
    cost: int
    kind: str
    value: int = 0  # minor units for fixed_discount, percent for percent_discount
    item: str = ""
    min_tier: str | None = None
    starts: datetime | None = None
    ends: datetime | None = None
    per_member_limit: int | None = None
    stock: int | None = None  # how many exist; None: unlimited
    stock_scope: str = "chain"  # "chain": one stock for every store; "store": ``stock`` in each store
    voucher_days: int = 90  # a redemption's voucher can be used for this many days

    def in_window(self, at: datetime) -> bool:
        return (self.starts is None or at >= self.starts) and (self.ends is None or at < self.ends)


@dataclass(frozen=True)
class Program:
    version: int
    name: str
    currency: Currency
    points_per_unit: int  # points per whole major unit, before multipliers
    min_basket: int
    enrollment_bonus: int
    birthday_bonus: int
    pending_days: int
    expiry_months: int
    max_points_per_transaction: int | None
    offline_daily_redeem_limit: int
    tiers: tuple[Tier, ...]
    promotions: tuple[Promotion, ...] = ()
    rewards: tuple[Reward, ...] = ()
    max_adjust_points: int = 10_000  # largest |points| of one manager adjustment the server accepts
    point_value: int = 0  # what one point is worth, in the currency's minor units (0: not set)
    churn_days: int = 90  # a member with no visit for this many days has churned (HQ's program health)
    source: str = field(default="", compare=False)

    def tier_for_spend(self, spend: int) -> Tier:
        reached = [t for t in self.tiers if spend >= t.min_spend]
        return max(reached, key=lambda t: t.min_spend)

    def next_tier(self, tier: Tier) -> Tier | None:
        higher = [t for t in self.tiers if t.min_spend > tier.min_spend]
        return min(higher, key=lambda t: t.min_spend) if higher else None

    def tier(self, tier_id: str) -> Tier:
        for t in self.tiers:
            if t.id == tier_id:
                return t
        raise InvalidInput(Code.PROGRAM_UNKNOWN_TIER, tier=tier_id)

    def reward(self, reward_id: str) -> Reward | None:
        return next((r for r in self.rewards if r.id == reward_id), None)

    def best_promotion(self, at: datetime) -> Promotion | None:
        """Promotions do not stack: the best active one applies."""
        active = [p for p in self.promotions if p.active(at)]
        return max(active, key=lambda p: p.multiplier_percent) if active else None


@dataclass(frozen=True)
class EarnQuote:
    points: int
    base_points: int
    tier_id: str
    tier_percent: int
    promotion_id: str | None
    promotion_percent: int
    capped: bool


def quote_earn(program: Program, amount: int, tier: Tier, at: datetime) -> EarnQuote:
    """Points a basket earns: floor(amount x rate x tier% x promo%), capped.

    One floor at the very end, so multipliers never compound rounding losses.
    Baskets under the minimum earn nothing (the sale itself is still recorded).
    """
    promo = program.best_promotion(at)
    promo_percent = promo.multiplier_percent if promo else 100
    scale = program.currency.scale
    base = amount * program.points_per_unit // scale
    if amount < program.min_basket:
        return EarnQuote(0, 0, tier.id, tier.multiplier_percent, None, 100, False)
    points = amount * program.points_per_unit * tier.multiplier_percent * promo_percent // (scale * 10_000)
    cap = program.max_points_per_transaction
    capped = cap is not None and points > cap
    if cap is not None:
        points = min(points, cap)
    promo_id = promo.id if promo else None
    return EarnQuote(points, base, tier.id, tier.multiplier_percent, promo_id, promo_percent, capped)


def reversal_for_refund(earned: int, sale_amount: int, refunded_before: int, refund_amount: int) -> int:
    """Points to reverse for a (partial) refund, proportional to the amount.

    Computed on the cumulative refunded amount so a series of partial refunds
    reverses exactly the earned points once the whole sale is refunded.
    """
    if sale_amount <= 0:
        return 0
    total_after = refunded_before + refund_amount
    return earned * total_after // sale_amount - earned * refunded_before // sale_amount


# --- loading -----------------------------------------------------------------


def _label(value: object) -> Param:
    """An id or tier name as the file gave it, as an error parameter (a TOML file may give any type)."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return str(value)


def _dt(value: Any, key: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise InvalidInput(Code.PROGRAM_DATE, key=key)


def _int(raw: Mapping[str, Any], key: str, default: int | None = None, *, minimum: int = 0,
         maximum: int = MAX_POINTS) -> int:
    value = raw.get(key, default)
    if value is None:
        raise InvalidInput(Code.PROGRAM_REQUIRED, key=key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(Code.PROGRAM_INTEGER, key=key)
    if value < minimum:
        raise InvalidInput(Code.PROGRAM_MINIMUM, key=key, minimum=minimum)
    if value > maximum:  # TOML integers go to 2^63 - 1: past this no database column or JSON reader holds it
        raise InvalidInput(Code.PROGRAM_MAXIMUM, key=key, limit=maximum)
    return value


def _money(raw: Mapping[str, Any], key: str, cur: Currency, default: str = "0") -> int:
    value = raw.get(key, default)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise InvalidInput(Code.PROGRAM_AMOUNT, key=key)
    return parse_amount(value, cur)


def _str(raw: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or not value:
        raise InvalidInput(Code.PROGRAM_STRING, key=key)
    return value


def _tables(raw: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = raw.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise InvalidInput(Code.PROGRAM_TABLES, key=key)
    return items


def _window(item: Mapping[str, Any], what: str) -> tuple[datetime | None, datetime | None]:
    starts, ends = _dt(item.get("starts"), "starts"), _dt(item.get("ends"), "ends")
    if starts is not None and ends is not None and ends <= starts:
        raise InvalidInput(Code.PROGRAM_WINDOW_ORDER, what=what, id=_label(item.get("id")))
    return starts, ends


def _weekdays(p: Mapping[str, Any]) -> frozenset[int]:
    days = p.get("weekdays", [])
    if not isinstance(days, list) or not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6
                                             for d in days):
        raise InvalidInput(Code.PROGRAM_WEEKDAYS, id=_label(p.get("id")))
    return frozenset(days)


def _hours(p: Mapping[str, Any]) -> tuple[int, int] | None:
    hours = p.get("hours")
    if hours is None:
        return None
    if (not isinstance(hours, list) or len(hours) != 2
            or not all(isinstance(h, int) and not isinstance(h, bool) for h in hours)
            or not 0 <= hours[0] < hours[1] <= 24):
        raise InvalidInput(Code.PROGRAM_HOURS, id=_label(p.get("id")))
    return int(hours[0]), int(hours[1])


def _tiers(items: Sequence[Mapping[str, Any]], cur: Currency) -> tuple[Tier, ...]:
    tiers = tuple(
        Tier(_str(t, "id"), _str(t, "name", t.get("id")), _money(t, "min_spend", cur),
             _int(t, "multiplier_percent", 100, minimum=1))
        for t in items
    )
    if not tiers:
        tiers = (Tier("member", "Member", 0, 100),)
    if not any(t.min_spend == 0 for t in tiers):
        raise InvalidInput(Code.PROGRAM_BASE_TIER)
    if len({t.id for t in tiers}) != len(tiers):
        raise InvalidInput(Code.PROGRAM_TIER_IDS)
    return tiers


def _promotions(items: Sequence[Mapping[str, Any]]) -> tuple[Promotion, ...]:
    promos = []
    for p in items:
        starts, ends = _window(p, "promotion")
        promos.append(Promotion(
            id=_str(p, "id"), name=_str(p, "name", p.get("id")),
            multiplier_percent=_int(p, "multiplier_percent", minimum=1),
            starts=starts, ends=ends, weekdays=_weekdays(p), hours=_hours(p),
        ))
    return tuple(promos)


def _rewards(items: Sequence[Mapping[str, Any]], cur: Currency, tier_ids: set[str]) -> tuple[Reward, ...]:
    rewards = []
    for r in items:
        kind = _str(r, "kind")
        if kind not in REWARD_KINDS:
            raise InvalidInput(Code.PROGRAM_REWARD_KIND, kinds=", ".join(REWARD_KINDS))
        min_tier = r.get("min_tier")
        # not a string (a list): no tier, and not something to look up in a set (unhashable)
        if min_tier is not None and (not isinstance(min_tier, str) or min_tier not in tier_ids):
            raise InvalidInput(Code.PROGRAM_REWARD_TIER, id=_label(r.get("id")), tier=_label(min_tier))
        value = _money(r, "value", cur) if kind == "fixed_discount" else _int(r, "value", 0)
        if kind == "percent_discount" and not 1 <= value <= 100:
            raise InvalidInput(Code.PROGRAM_REWARD_PERCENT, id=_label(r.get("id")))
        limit = _int(r, "per_member_limit", minimum=1) if r.get("per_member_limit") is not None else None
        stock = _int(r, "stock", minimum=0) if r.get("stock") is not None else None
        scope = _str(r, "stock_scope", "chain")
        if scope not in STOCK_SCOPES:
            raise InvalidInput(Code.PROGRAM_STOCK_SCOPE, id=_label(r.get("id")),
                               scopes=", ".join(STOCK_SCOPES))
        starts, ends = _window(r, "reward")
        rewards.append(Reward(
            id=_str(r, "id"), name=_str(r, "name"), cost=_int(r, "cost", minimum=1), kind=kind,
            value=value, item=str(r.get("item", "")), min_tier=min_tier,
            starts=starts, ends=ends, per_member_limit=limit, stock=stock, stock_scope=scope,
            voucher_days=_int(r, "voucher_days", 90, minimum=1),
        ))
    if len({r.id for r in rewards}) != len(rewards):
        raise InvalidInput(Code.PROGRAM_REWARD_IDS)
    return tuple(rewards)


def parse_program(text: str) -> Program:
    try:
        raw = tomllib.loads(text)
    except ValueError as exc:  # TOMLDecodeError, or an integer of more than 4300 digits (int()'s own limit)
        raise InvalidInput(Code.PROGRAM_TOML, detail=clipped(str(exc), 120)) from exc
    cur = currency(_str(raw, "currency"))
    tiers = _tiers(_tables(raw, "tiers"), cur)
    cap = raw.get("max_points_per_transaction")
    return Program(
        version=_int(raw, "version", minimum=1, maximum=MAX_VERSION),
        name=_str(raw, "name", "Loyalty"),
        currency=cur,
        points_per_unit=_int(raw, "points_per_unit", 1),
        min_basket=_money(raw, "min_basket", cur),
        enrollment_bonus=_int(raw, "enrollment_bonus", 0),
        birthday_bonus=_int(raw, "birthday_bonus", 0),
        pending_days=_int(raw, "pending_days", 0),
        expiry_months=_int(raw, "expiry_months", 12, minimum=1),
        max_points_per_transaction=_int(raw, "max_points_per_transaction") if cap is not None else None,
        offline_daily_redeem_limit=_int(raw, "offline_daily_redeem_limit", 1000),
        tiers=tiers,
        promotions=_promotions(_tables(raw, "promotions")),
        rewards=_rewards(_tables(raw, "rewards"), cur, {t.id for t in tiers}),
        max_adjust_points=_int(raw, "max_adjust_points", 10_000, minimum=1),
        point_value=_int(raw, "point_value", 0, maximum=MAX_POINT_VALUE),
        churn_days=_int(raw, "churn_days", 90, minimum=1, maximum=MAX_CHURN_DAYS),
        source=text,
    )
