"""Member card numbers: EAN-13 check digits."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.core import cards
from pos_app.core.errors import BadCheckDigit, DomainError, InvalidInput


@given(st.integers(min_value=0, max_value=2**32))
def test_generated_numbers_are_always_valid(seed: int) -> None:
    number = cards.generate(random.Random(seed))
    assert len(number) == 13
    assert number.startswith(cards.ISSUER_PREFIX)
    assert cards.is_valid(number)
    assert cards.validate(number) == number


@given(st.integers(min_value=0, max_value=2**32), st.integers(0, 12), st.integers(1, 9))
def test_any_single_digit_change_is_detected(seed: int, position: int, shift: int) -> None:
    number = cards.generate(random.Random(seed))
    wrong_digit = str((int(number[position]) + shift) % 10)
    typo = number[:position] + wrong_digit + number[position + 1:]
    assert typo != number
    assert not cards.is_valid(typo)
    with pytest.raises(BadCheckDigit):
        cards.validate(typo)


def test_known_ean13_numbers() -> None:
    assert cards.check_digit("400638133393") == "1"  # a published EAN-13
    assert cards.is_valid("4006381333931")
    assert cards.check_digit("290000000001") == "8"
    assert cards.validate("2900000000018") == "2900000000018"


def test_spaces_and_dashes_are_ignored() -> None:
    assert cards.validate(" 2900-0000-0001-8 ") == "2900000000018"
    assert cards.validate("2 900000 000018") == "2900000000018"


@pytest.mark.parametrize(
    "text",
    ["", "12345", "29000000000181", "29000000000A8", "abcdefghijklm", "٢٩٠٠٠٠٠٠٠٠٠١٨", "2900000000.18"],
)
def test_malformed_numbers_are_invalid_input_not_a_check_digit_error(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        cards.validate(text)
    assert not isinstance(caught.value, DomainError)
    assert not cards.is_valid(text)


def test_bad_check_digit_is_a_domain_refusal_with_its_own_code() -> None:
    with pytest.raises(BadCheckDigit) as caught:
        cards.validate("2900000000019")
    assert isinstance(caught.value, DomainError)
    assert not isinstance(caught.value, InvalidInput)
    assert caught.value.code == "bad_check_digit"
    assert "check digit" in caught.value.message


def test_check_digit_needs_twelve_ascii_digits() -> None:
    for body in ("12345678901", "1234567890123", "12345678901x", "١٢٣٤٥٦٧٨٩٠١٢"):
        with pytest.raises(InvalidInput):
            cards.check_digit(body)


def test_masked_shows_only_the_last_four_digits() -> None:
    assert cards.masked("2900000000018") == "*********0018"
    assert cards.masked("18") == "18"


def test_looks_like_card() -> None:
    assert cards.looks_like_card("2900000000019")  # shape only, check digit not checked
    assert not cards.looks_like_card("+40721000001")
