"""Money: strict parsing of decimal strings into integer minor units, per currency."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.core.errors import InvalidInput
from pos_app.core.money import EXPONENTS, MAX_MINOR, Currency, currency, format_amount, parse_amount

EUR, KRW, BHD = currency("EUR"), currency("KRW"), currency("BHD")


@pytest.mark.parametrize(
    ("text", "cur", "minor"),
    [
        ("12.5", EUR, 1250),
        ("12.50", EUR, 1250),
        ("12", EUR, 1200),
        ("0.01", EUR, 1),
        ("0", EUR, 0),
        (" 7.05 ", EUR, 705),
        ("1000", KRW, 1000),
        ("0", KRW, 0),
        ("1.234", BHD, 1234),
        ("1.2", BHD, 1200),
    ],
)
def test_valid_amounts(text: str, cur: Currency, minor: int) -> None:
    assert parse_amount(text, cur) == minor


@pytest.mark.parametrize(
    "text",
    [
        "12.505",  # too many decimals
        "1e3",  # exponent
        "1E3",
        "-1",  # negative
        "-0.50",
        "NaN",
        "nan",
        "inf",
        "Infinity",
        "",
        "   ",
        "\t\n",
        "1,000.00",  # thousands separators
        "1 000",
        "1_000",
        "12,50",  # decimal comma
        "+5",  # leading plus
        "١٢",  # Arabic-Indic digits
        "１２",  # fullwidth digits
        "12.",
        ".5",
        "12.5.0",
        "0x10",
        "12 .50",
        "€12",
        "12EUR",
    ],
)
def test_bad_forms_are_rejected(text: str) -> None:
    with pytest.raises(InvalidInput, match="invalid amount"):
        parse_amount(text, EUR)


def test_krw_has_no_minor_unit() -> None:
    assert parse_amount("1000", KRW) == 1000
    with pytest.raises(InvalidInput, match="KRW has no decimals"):
        parse_amount("1000.5", KRW)
    with pytest.raises(InvalidInput, match="KRW has no decimals"):
        parse_amount("1000.0", KRW)


def test_too_many_decimals_names_the_limit() -> None:
    with pytest.raises(InvalidInput, match="EUR has at most 2 decimals"):
        parse_amount("1.001", EUR)


def test_zero_can_be_refused() -> None:
    assert parse_amount("0.00", EUR) == 0
    with pytest.raises(InvalidInput, match="more than zero"):
        parse_amount("0.00", EUR, allow_zero=False)


def test_amounts_above_the_ceiling_are_refused() -> None:
    assert parse_amount(format_amount(MAX_MINOR, EUR), EUR) == MAX_MINOR
    with pytest.raises(InvalidInput, match="too large"):
        parse_amount(format_amount(MAX_MINOR + 1, EUR), EUR)
    with pytest.raises(InvalidInput, match="too large"):
        parse_amount("9" * 40, EUR)


def test_non_text_is_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_amount(12.5, EUR)  # type: ignore[arg-type]


def test_currency_codes() -> None:
    assert currency(" eur ") == Currency("EUR", 2)
    assert currency("KRW").scale == 1
    assert currency("BHD").scale == 1000
    with pytest.raises(InvalidInput, match="unsupported currency"):
        currency("XYZ")


@pytest.mark.parametrize(
    ("minor", "cur", "text"),
    [(1250, EUR, "12.50"), (5, EUR, "0.05"), (-1250, EUR, "-12.50"), (1000, KRW, "1000"), (1, BHD, "0.001")],
)
def test_format_amount(minor: int, cur: Currency, text: str) -> None:
    assert format_amount(minor, cur) == text


@given(st.sampled_from(sorted(EXPONENTS)), st.integers(min_value=0, max_value=MAX_MINOR))
def test_format_round_trips_through_parse(code: str, minor: int) -> None:
    cur = currency(code)
    text = format_amount(minor, cur)
    assert parse_amount(text, cur) == minor


@given(st.text(max_size=12))
def test_parse_never_accepts_anything_but_plain_ascii_decimals(text: str) -> None:
    try:
        minor = parse_amount(text, EUR)
    except InvalidInput:
        return
    stripped = text.strip()
    assert stripped.isascii()
    assert set(stripped) <= set("0123456789.")
    assert isinstance(minor, int) and minor >= 0
    assert parse_amount(format_amount(minor, EUR), EUR) == minor
