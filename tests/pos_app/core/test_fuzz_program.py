"""Bad input, fuzzed: a loyalty program file loads to a valid Program or is one InvalidInput line.

test_program_rules.py pins what a program means; here arbitrary text, arbitrary TOML documents built
from the program's own keys with values of every TOML type (and integers up to TOML's 2^63 - 1), and
line-level mutations of the demo program go through ``parse_program``, and through
`tessera-server program load` where a version reaches the database.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from pos_app.core.errors import InvalidInput
from pos_app.core.limits import MAX_POINTS, MAX_VERSION
from pos_app.core.program import Program, parse_program, quote_earn
from tests.fuzzing import HOSTILE, NASTY, fuzz, one_line

REPO = Path(__file__).resolve().parents[3]
DEMO = (REPO / "resources" / "demo_program.toml").read_text(encoding="utf-8")

TOP_KEYS = [
    "version",
    "name",
    "currency",
    "points_per_unit",
    "min_basket",
    "enrollment_bonus",
    "birthday_bonus",
    "pending_days",
    "expiry_months",
    "max_points_per_transaction",
    "offline_daily_redeem_limit",
    "max_adjust_points",
]
TIER_KEYS = ["id", "name", "min_spend", "multiplier_percent"]
PROMO_KEYS = ["id", "name", "multiplier_percent", "starts", "ends", "weekdays", "hours"]
REWARD_KEYS = [
    "id",
    "name",
    "cost",
    "kind",
    "value",
    "item",
    "min_tier",
    "starts",
    "ends",
    "per_member_limit",
    "stock",
    "stock_scope",
    "voucher_days",
]
WORDS = [
    "EUR",
    "KRW",
    "BHD",
    "eur",
    "XYZ",
    "bronze",
    "silver",
    "member",
    "fixed_discount",
    "percent_discount",
    "free_item",
    "chain",
    "store",
    "10.00",
    "0",
    "1e3",
    "-5",
    "",
]

SCALARS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from(
        [0, 1, 2, 6, 7, 24, 25, 100, 101, MAX_POINTS, MAX_POINTS + 1, MAX_VERSION, MAX_VERSION + 1]
    ),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.sampled_from(NASTY),
    st.text(max_size=12),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
    st.times(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(TIER_KEYS), inner, max_size=3)
    ),
    max_leaves=6,
)


def table(keys: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.sampled_from(keys), VALUES, max_size=len(keys))


DOCUMENTS = st.fixed_dictionaries(
    {
        "currency": st.sampled_from(["EUR", "KRW", "BHD"]),
        "version": st.one_of(st.integers(1, 10), st.integers(1, 10), VALUES),
    },
    optional={
        "tiers": st.lists(table(TIER_KEYS), max_size=3),
        "promotions": st.lists(table(PROMO_KEYS), max_size=2),
        "rewards": st.lists(table(REWARD_KEYS), max_size=3),
        **{key: VALUES for key in TOP_KEYS if key not in ("version", "currency")},
    },
).flatmap(lambda doc: st.just(doc) | table(TOP_KEYS).map(lambda extra: {**doc, **extra}))


def toml_value(value: Any) -> str:
    """``value`` as TOML (enough of it for these documents; json strings are TOML basic strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise AssertionError(type(value))


def toml(document: dict[str, Any]) -> str:
    lines = [
        f"{k} = {toml_value(v)}" for k, v in document.items() if k not in ("tiers", "promotions", "rewards")
    ]
    for key in ("tiers", "promotions", "rewards"):
        for item in document.get(key, []):
            lines.append(f"[[{key}]]")
            lines.extend(f"{k} = {toml_value(v)}" for k, v in item.items())
    return "\n".join(lines) + "\n"


def check(text: str) -> Program | None:
    """The loaded program after checking what a valid one is, or None after checking the refusal."""
    try:
        program = parse_program(text)
    except InvalidInput as exc:
        assert exc.code.startswith(("program_", "currency_", "amount_")), exc.code
        assert one_line(exc.message, limit=600), exc.message[:300]
        return None
    assert 1 <= program.version <= MAX_VERSION
    assert any(t.min_spend == 0 for t in program.tiers)
    assert len({t.id for t in program.tiers}) == len(program.tiers)
    assert len({r.id for r in program.rewards}) == len(program.rewards)
    numbers = [
        program.points_per_unit,
        program.min_basket,
        program.enrollment_bonus,
        program.birthday_bonus,
        program.pending_days,
        program.expiry_months,
        program.offline_daily_redeem_limit,
        program.max_adjust_points,
        *(r.cost for r in program.rewards),
        *(t.min_spend for t in program.tiers),
    ]
    assert all(type(n) is int and 0 <= n <= MAX_POINTS for n in numbers)
    tier_ids = {t.id for t in program.tiers}
    assert all(r.min_tier is None or r.min_tier in tier_ids for r in program.rewards)
    base = program.tier_for_spend(0)
    assert quote_earn(program, 1000, base, datetime(2026, 11, 18, 10, 0)).points >= 0
    return program


@fuzz(150)
@given(HOSTILE)
@example('currency = "EUR"\nversion = ' + "9" * 5000 + "\n")  # tomllib's ValueError escaped
def test_any_text_is_a_program_or_one_line(text: str) -> None:
    check(text)


@fuzz(400)
@given(DOCUMENTS)
@example({"currency": "EUR", "version": 2**63 - 1})  # was loaded, then overflowed SQLite's INTEGER
@example(
    {
        "currency": "EUR",
        "version": 1,
        "tiers": [{"id": "member"}],
        "rewards": [{"id": "r", "name": "R", "cost": 1, "kind": "free_item", "min_tier": ["member"]}],
    }
)
@example({"currency": "EUR", "version": 1, "enrollment_bonus": 2**63 - 1})
def test_any_toml_document_of_program_keys_is_a_program_or_one_line(document: dict[str, Any]) -> None:
    check(toml(document))


DEMO_LINES = DEMO.splitlines()


@fuzz(300)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["delete", "duplicate", "value", "insert", "truncate"]),
            st.integers(0, len(DEMO_LINES) - 1),
            st.one_of(SCALARS.map(toml_value), HOSTILE),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_mutated_demo_program_is_a_program_or_one_line(edits: list[tuple[str, int, str]]) -> None:
    lines = list(DEMO_LINES)
    for kind, at, text in edits:
        at %= max(len(lines), 1)
        if not lines:
            break
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        elif kind == "value" and "=" in lines[at]:
            lines[at] = lines[at].split("=", 1)[0] + "= " + text
        elif kind == "insert":
            lines.insert(at, text)
        elif kind == "truncate":
            lines[at] = lines[at][: len(lines[at]) // 2]
    check("\n".join(lines) + "\n")


def test_the_demo_program_is_valid_as_the_mutations_start() -> None:
    program = check(DEMO)
    assert program is not None and program.rewards
