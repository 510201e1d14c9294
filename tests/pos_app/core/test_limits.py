"""The caps on numbers: points and amounts beyond them are refused with a code, however many digits."""

from __future__ import annotations

import pytest

from pos_app.core import limits
from pos_app.core.errors import Code, InvalidInput
from pos_app.core.money import MAX_MINOR, currency, parse_amount

EUR = currency("EUR")


def test_the_caps() -> None:
    assert limits.MAX_SAFE == limits.MAX_POINTS == 9_007_199_254_740_991
    assert MAX_MINOR == limits.MAX_MINOR <= limits.MAX_SAFE
    assert limits.MAX_VERSION == 2**31 - 1


@pytest.mark.parametrize(("text", "points"), [("50", 50), ("-20", -20), ("+7", 7), (" 3 ", 3), ("007", 7),
                                              (str(2**53 - 1), 2**53 - 1), (str(-(2**53 - 1)), -(2**53 - 1)),
                                              ("0" * 40 + "1", 1)])
def test_points_within_the_cap(text: str, points: int) -> None:
    assert limits.parse_points(text) == points


@pytest.mark.parametrize("text", [str(2**53), str(-(2**53)), str(2**63), "1" + "0" * 30, "9" * 5000])
def test_points_beyond_the_cap(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        limits.parse_points(text)
    assert caught.value.code is Code.POINTS_TOO_LARGE
    assert caught.value.params["limit"] == limits.MAX_POINTS and len(caught.value.message) < 120


@pytest.mark.parametrize("text", ["ten", "", "1.5", "1e3", "٥٠", "5 0", "--5", "0x10"])
def test_points_that_are_not_a_whole_number(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        limits.parse_points(text)
    assert caught.value.code is Code.POINTS_FORMAT


def test_checked_points_takes_a_smaller_program_cap() -> None:
    assert limits.checked_points(10_000, 10_000) == 10_000
    with pytest.raises(InvalidInput, match="10001 points is beyond the limit of 10000"):
        limits.checked_points(10_001, 10_000)


@pytest.mark.parametrize("text", ["9" * 5000, "9" * 5000 + ".00", "1" + "0" * 16, "10000000000000.01"])
def test_amounts_beyond_the_cap_however_long(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_amount(text, EUR)
    assert caught.value.code is Code.AMOUNT_TOO_LARGE and len(caught.value.message) < 120


def test_leading_zeros_do_not_count_as_digits() -> None:
    assert parse_amount("0" * 100 + "12.50", EUR) == 1250


def test_clipped() -> None:
    assert limits.clipped("short") == "short"
    assert limits.clipped("x" * 100) == "x" * 40 + "…"
