"""Program loading, earn quotes, tiers, reward eligibility and the offline redemption limit."""

from __future__ import annotations

from datetime import datetime

import pytest

from pos_app.core import rewards, tiers
from pos_app.core.errors import InvalidInput, NotEnoughPoints, OfflineLimitReached, RewardNotAllowed
from pos_app.core.offline import check_offline_redeem
from pos_app.core.program import Program, parse_program, quote_earn
from pos_app.demo_data import program_text

WEDNESDAY = datetime(2026, 11, 18, 10, 0)
SATURDAY = datetime(2026, 11, 21, 10, 0)
BLACK_FRIDAY_SATURDAY = datetime(2026, 11, 28, 10, 0)

MINIMAL = 'version = 1\ncurrency = "EUR"\n'


@pytest.fixture(scope="module")
def demo() -> Program:
    return parse_program(program_text())


def test_demo_program_parses(demo: Program) -> None:
    assert demo.version == 1
    assert demo.currency.code == "EUR"
    assert [t.id for t in demo.tiers] == ["bronze", "silver", "gold"]
    assert demo.tier("silver").min_spend == 50000
    assert demo.tier("gold").multiplier_percent == 150
    assert demo.min_basket == 100
    assert demo.max_points_per_transaction == 5000
    assert {r.id for r in demo.rewards} == {"coffee", "5off", "10pct", "tote", "spa"}
    five_off = demo.reward("5off")
    assert five_off is not None and five_off.value == 500 and five_off.kind == "fixed_discount"
    tote = demo.reward("tote")
    assert tote is not None and tote.per_member_limit == 1
    assert demo.reward("nope") is None
    assert demo.source == program_text()


def test_minimal_program_gets_defaults() -> None:
    program = parse_program(MINIMAL)
    assert [(t.id, t.min_spend, t.multiplier_percent) for t in program.tiers] == [("member", 0, 100)]
    assert program.points_per_unit == 1
    assert program.expiry_months == 12
    assert program.pending_days == 0
    assert program.max_points_per_transaction is None
    assert program.rewards == () and program.promotions == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version = ", "not valid TOML"),
        ("version = 1\ncurrency = 'EUR'\nversion = 2\n", "not valid TOML"),
        ('currency = "EUR"\n', "version is required"),
        ('version = 0\ncurrency = "EUR"\n', "version must be at least 1"),
        ('version = "1"\ncurrency = "EUR"\n', "version must be a whole number"),
        ('version = true\ncurrency = "EUR"\n', "version must be a whole number"),
        ("version = 1\n", "currency must be a non-empty string"),
        ('version = 1\ncurrency = "XYZ"\n', "unsupported currency"),
        (MINIMAL + "points_per_unit = 1.5\n", "points_per_unit must be a whole number"),
        (MINIMAL + "points_per_unit = -1\n", "points_per_unit must be at least 0"),
        (MINIMAL + "expiry_months = 0\n", "expiry_months must be at least 1"),
        (MINIMAL + 'min_basket = "1,00"\n', "invalid amount"),
        (MINIMAL + "min_basket = 1.5\n", "min_basket must be an amount string"),
        (MINIMAL + "tiers = 5\n", "tiers must be a list of [[tiers]] tables"),
        (MINIMAL + '[[tiers]]\nid = "silver"\nmin_spend = "500.00"\n', "one tier must start at min_spend 0"),
        (MINIMAL + '[[tiers]]\nid = "a"\n[[tiers]]\nid = "a"\n', "tier ids must be unique"),
        (MINIMAL + '[[tiers]]\nid = "a"\nmultiplier_percent = 0\n', "multiplier_percent must be at least 1"),
        (MINIMAL + "[[tiers]]\nname = 'No id'\n", "id must be a non-empty string"),
        (MINIMAL + '[promotions]\nid = "p"\n', "promotions must be a list of [[promotions]] tables"),
        (MINIMAL + '[[promotions]]\nid = "p"\n', "multiplier_percent is required"),
        (MINIMAL + '[[promotions]]\nid = "p"\nmultiplier_percent = 200\nweekdays = ["sat"]\n',
         "weekdays must be"),
        (MINIMAL + '[[promotions]]\nid = "p"\nmultiplier_percent = 200\nweekdays = [7]\n',
         "weekdays must be"),
        (MINIMAL + '[[promotions]]\nid = "p"\nmultiplier_percent = 200\nhours = [20]\n', "hours must be"),
        (MINIMAL + '[[promotions]]\nid = "p"\nmultiplier_percent = 200\nhours = [20, 25]\n', "hours must be"),
        (MINIMAL + '[[promotions]]\nid = "p"\nmultiplier_percent = 200\nstarts = "2026-01-01"\n',
         "starts must be a TOML date"),
        (MINIMAL + '[[promotions]]\nid = "p"\nmultiplier_percent = 200\n'
                   'starts = 2026-02-01\nends = 2026-01-01\n',
         "ends before it starts"),
        (MINIMAL + 'rewards = "coffee"\n', "rewards must be a list"),
        (MINIMAL + '[[rewards]]\nid = "r"\nname = "R"\ncost = 10\nkind = "cash"\n',
         "reward kind must be one of"),
        (MINIMAL + '[[rewards]]\nid = "r"\nname = "R"\ncost = 0\nkind = "free_item"\n',
         "cost must be at least 1"),
        (MINIMAL + '[[rewards]]\nid = "r"\nname = "R"\nkind = "free_item"\n', "cost is required"),
        (MINIMAL + '[[rewards]]\nid = "r"\nname = "R"\ncost = 1\nkind = "free_item"\nmin_tier = "gold"\n',
         "names unknown tier 'gold'"),
        (MINIMAL + '[[rewards]]\nid = "r"\nname = "R"\ncost = 1\nkind = "percent_discount"\nvalue = 150\n',
         "percent value must be 1 to 100"),
        (MINIMAL + '[[rewards]]\nid = "r"\nname = "R"\ncost = 1\nkind = "fixed_discount"\nvalue = "5.001"\n',
         "at most 2 decimals"),
        (MINIMAL + '[[rewards]]\nid = "r"\nname = "R"\ncost = 1\nkind = "free_item"\n'
                   'per_member_limit = "x"\n',
         "per_member_limit must be a whole number"),
        (MINIMAL + '[[rewards]]\nid = "r"\nname = "R"\ncost = 1\nkind = "free_item"\nper_member_limit = 0\n',
         "per_member_limit must be at least 1"),
        (MINIMAL + '[[rewards]]\nid = "r"\nname = "R"\ncost = 1\nkind = "free_item"\n'
                   '[[rewards]]\nid = "r"\nname = "S"\ncost = 2\nkind = "free_item"\n',
         "reward ids must be unique"),
    ],
)
def test_bad_programs_are_invalid_input_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_program(text)
    assert message in str(caught.value)
    assert str(caught.value).startswith(("program:", "unsupported currency", "invalid amount"))


# --- earn quotes ----------------------------------------------------------------------------------


def test_plain_earn_rounds_down_once(demo: Program) -> None:
    quote = quote_earn(demo, 1299, demo.tier("bronze"), WEDNESDAY)
    assert (quote.points, quote.base_points, quote.promotion_id, quote.capped) == (12, 12, None, False)


def test_tier_multiplier_applies_before_the_single_floor(demo: Program) -> None:
    # 12.99 x 1.25 = 16.2375 -> 16; flooring first would give 12 x 1.25 = 15
    quote = quote_earn(demo, 1299, demo.tier("silver"), WEDNESDAY)
    assert quote.points == 16
    assert quote.tier_percent == 125
    assert quote_earn(demo, 10000, demo.tier("gold"), WEDNESDAY).points == 150


def test_weekend_promotion_doubles(demo: Program) -> None:
    quote = quote_earn(demo, 5000, demo.tier("bronze"), SATURDAY)
    assert (quote.points, quote.promotion_id, quote.promotion_percent) == (100, "weekend", 200)
    assert quote_earn(demo, 5000, demo.tier("silver"), SATURDAY).points == 125


def test_promotions_do_not_stack_the_best_one_wins(demo: Program) -> None:
    # Black Friday window (x3) and the weekend (x2) overlap on Saturday 28 November
    quote = quote_earn(demo, 5000, demo.tier("bronze"), BLACK_FRIDAY_SATURDAY)
    assert (quote.points, quote.promotion_id) == (150, "black-friday")
    assert quote_earn(demo, 5000, demo.tier("bronze"),
                      datetime(2026, 11, 27, 0, 0)).promotion_id == "black-friday"
    # the window's end is exclusive: Monday 30 November is a plain day again
    assert quote_earn(demo, 5000, demo.tier("bronze"), datetime(2026, 11, 30, 0, 0)).promotion_id is None
    assert quote_earn(demo, 5000, demo.tier("bronze"), datetime(2026, 11, 26, 23, 59)).promotion_id is None


def test_hours_promotion() -> None:
    program = parse_program(MINIMAL + '[[promotions]]\nid = "happy"\nmultiplier_percent = 150\n'
                                      'hours = [17, 19]\n')
    tier = program.tiers[0]
    assert quote_earn(program, 1000, tier, datetime(2026, 1, 5, 16, 59)).points == 10
    assert quote_earn(program, 1000, tier, datetime(2026, 1, 5, 17, 0)).points == 15
    assert quote_earn(program, 1000, tier, datetime(2026, 1, 5, 19, 0)).points == 10


def test_cap_per_transaction(demo: Program) -> None:
    quote = quote_earn(demo, 1_000_000, demo.tier("gold"), SATURDAY)
    assert quote.points == 5000
    assert quote.capped
    assert not quote_earn(demo, 100_000, demo.tier("bronze"), WEDNESDAY).capped


def test_minimum_basket(demo: Program) -> None:
    below = quote_earn(demo, 99, demo.tier("gold"), SATURDAY)
    assert (below.points, below.base_points, below.promotion_id) == (0, 0, None)
    assert quote_earn(demo, 100, demo.tier("bronze"), WEDNESDAY).points == 1


def test_earn_in_a_currency_without_minor_units() -> None:
    program = parse_program('version = 1\ncurrency = "KRW"\npoints_per_unit = 1\nmin_basket = "1000"\n')
    tier = program.tiers[0]
    assert quote_earn(program, 15_500, tier, WEDNESDAY).points == 15_500
    assert quote_earn(program, 999, tier, WEDNESDAY).points == 0


# --- tiers ----------------------------------------------------------------------------------------


def test_tier_status_and_progress(demo: Program) -> None:
    start = tiers.status(demo, 0)
    assert (start.tier.id, start.next_tier and start.next_tier.id, start.missing, start.progress_percent) == (
        "bronze", "silver", 50000, 0)
    half = tiers.status(demo, 25000)
    assert (half.tier.id, half.missing, half.progress_percent) == ("bronze", 25000, 50)
    silver = tiers.status(demo, 50000)
    assert (silver.tier.id, silver.next_tier and silver.next_tier.id, silver.missing) == (
        "silver", "gold", 150000)
    assert tiers.status(demo, 125000).progress_percent == 50
    top = tiers.status(demo, 999_999)
    assert (top.tier.id, top.next_tier, top.missing, top.progress_percent) == ("gold", None, 0, 100)


def test_negative_spend_after_refunds_is_the_lowest_tier(demo: Program) -> None:
    assert tiers.status(demo, -500).tier.id == "bronze"


def test_tier_lookups(demo: Program) -> None:
    assert demo.tier_for_spend(199_999).id == "silver"
    assert demo.next_tier(demo.tier("gold")) is None
    with pytest.raises(InvalidInput, match="unknown tier"):
        demo.tier("platinum")
    assert tiers.window_start(WEDNESDAY) == datetime(2025, 11, 18, 10, 0)


# --- rewards ------------------------------------------------------------------------------------------


def test_reward_eligibility_reasons(demo: Program) -> None:
    ten_pct, tote, coffee = demo.reward("10pct"), demo.reward("tote"), demo.reward("coffee")
    assert ten_pct is not None and tote is not None and coffee is not None
    bronze, silver = demo.tier("bronze"), demo.tier("silver")
    assert rewards.check(demo, coffee, bronze, 100, 0, WEDNESDAY).allowed
    assert "needs Silver tier" in rewards.check(demo, ten_pct, bronze, 10_000, 0, WEDNESDAY).reason
    assert rewards.check(demo, ten_pct, silver, 400, 0, WEDNESDAY).allowed
    assert "1 time(s) per member" in rewards.check(demo, tote, bronze, 10_000, 1, WEDNESDAY).reason
    assert "needs 100 points, 99 available" in rewards.check(demo, coffee, bronze, 99, 0, WEDNESDAY).reason
    with pytest.raises(RewardNotAllowed, match="Silver"):
        rewards.require(demo, ten_pct, bronze, 10_000, 0, WEDNESDAY)


def test_a_points_shortfall_is_not_enough_points_other_refusals_are_reward_not_allowed(demo: Program) -> None:
    ten_pct, coffee = demo.reward("10pct"), demo.reward("coffee")
    assert ten_pct is not None and coffee is not None
    bronze = demo.tier("bronze")
    with pytest.raises(NotEnoughPoints, match="needs 100 points, 40 available") as short:
        rewards.require(demo, coffee, bronze, 40, 0, WEDNESDAY)
    assert short.value.code == "reward_points"  # the reward's own sentence, with its cost
    # bronze AND too few points: the tier is the reason given
    with pytest.raises(RewardNotAllowed, match="Silver") as refused:
        rewards.require(demo, ten_pct, bronze, 40, 0, WEDNESDAY)
    assert refused.value.code == "reward_tier"
    rewards.require(demo, coffee, bronze, 100, 0, WEDNESDAY)


def test_reward_window() -> None:
    program = parse_program(MINIMAL + '[[rewards]]\nid = "xmas"\nname = "Xmas mug"\ncost = 10\n'
                                      'kind = "free_item"\n'
                                      "starts = 2026-12-01\nends = 2026-12-25\n")
    mug = program.reward("xmas")
    assert mug is not None
    tier = program.tiers[0]
    assert not rewards.check(program, mug, tier, 100, 0, datetime(2026, 11, 30, 23, 59)).allowed
    assert rewards.check(program, mug, tier, 100, 0, datetime(2026, 12, 1)).allowed
    verdict = rewards.check(program, mug, tier, 100, 0, datetime(2026, 12, 25))
    assert not verdict.allowed and "not available at this time" in verdict.reason


def test_offline_limit() -> None:
    check_offline_redeem(250, 750, 1000)
    with pytest.raises(OfflineLimitReached, match="250 of 1000 points left"):
        check_offline_redeem(251, 750, 1000)
    with pytest.raises(OfflineLimitReached, match="0 of 1000"):
        check_offline_redeem(1, 1200, 1000)
