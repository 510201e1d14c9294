"""Bad input, fuzzed: money amounts and card numbers against hostile text.

The tests beside this one (test_money_parsing.py, test_card_numbers.py) pin the rules on chosen
examples; these throw NUL, bidi overrides, non-ASCII digits, exponents, signs and pasted megabytes at
the parsers and check what may come out: a value within its bounds, or InvalidInput with a stable
code and a one-line message, never another exception.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from pos_app.core import cards
from pos_app.core.errors import BadCheckDigit, Code, InvalidInput
from pos_app.core.money import EXPONENTS, MAX_MINOR, Currency, currency, format_amount, parse_amount
from tests.fuzzing import HOSTILE, PIECES, fuzz, one_line

AMOUNT_CODES = {
    Code.AMOUNT_FORMAT,
    Code.AMOUNT_DECIMALS,
    Code.AMOUNT_NO_DECIMALS,
    Code.AMOUNT_TOO_LARGE,
    Code.AMOUNT_NOT_POSITIVE,
}
CURRENCIES = st.sampled_from(sorted(EXPONENTS)).map(currency)
# Amount-shaped text: digits, one or two points, signs and exponents, with hostile pieces around.
AMOUNTISH = st.builds(
    lambda a, b, c: a + b + c,
    st.sampled_from(["", " ", "+", "-", "\u3000", "\x00", "٣"]),
    st.from_regex(r"[0-9]{0,20}(\.[0-9]{0,5})?([eE][+-]?[0-9]{1,3})?", fullmatch=True),
    st.sampled_from(["", " ", "\n", ".", "0", "\u202e", "１", "\t"]),
)


@fuzz(400)
@given(st.one_of(HOSTILE, AMOUNTISH), CURRENCIES, st.booleans())
@example("1." + "0" * 100_000, currency("EUR"), True)  # was quoted whole in the message: 100 KB on one line
@example("12\n", currency("EUR"), True)
def test_an_amount_is_minor_units_in_bounds_or_invalid_input(
    text: str, cur: Currency, allow_zero: bool
) -> None:
    try:
        minor = parse_amount(text, cur, allow_zero=allow_zero)
    except InvalidInput as exc:
        assert exc.code in AMOUNT_CODES, exc.code
        assert one_line(exc.message), exc.message[:200]
        return
    assert type(minor) is int  # never a float, never a bool
    assert (0 if allow_zero else 1) <= minor <= MAX_MINOR
    # What was accepted is exactly the ASCII decimal it looks like, and is the amount's one spelling.
    stripped = text.strip()
    assert stripped.isascii() and set(stripped) <= set("0123456789.")
    assert Decimal(stripped) * cur.scale == minor
    assert parse_amount(format_amount(minor, cur), cur) == minor


@fuzz(200)
@given(
    CURRENCIES,
    st.integers(min_value=0, max_value=MAX_MINOR),
    st.integers(0, 30),
    st.sampled_from(["", " ", "\t", "\u3000", "\n"]),
)
def test_leading_zeros_and_whitespace_around_do_not_change_an_amount(
    cur: Currency, minor: int, zeros: int, space: str
) -> None:
    text = space + "0" * zeros + format_amount(minor, cur) + space
    assert parse_amount(text, cur) == minor  # 30 leading zeros are not "too large"


@fuzz(300)
@given(
    st.one_of(HOSTILE, PIECES.map(lambda p: p + "2900000000018"), PIECES.map(lambda p: "2900000000018" + p))
)
@example("-\u30002900000000018")  # normalize was not idempotent: validate said "card number body"
@example("x" * 100_000)
def test_a_card_number_is_thirteen_checked_digits_or_a_refusal(text: str) -> None:
    normal = cards.normalize(text)
    assert cards.normalize(normal) == normal
    valid = cards.is_valid(text)  # a predicate: never raises
    try:
        number = cards.validate(text)
    except BadCheckDigit:
        assert not valid and cards.looks_like_card(text)  # only a well-formed number has a wrong check digit
        return
    except InvalidInput as exc:
        assert not valid and not cards.looks_like_card(text)
        assert exc.code == Code.CARD_LENGTH, exc.code
        assert one_line(exc.message), exc.message[:200]
        return
    assert valid and number == normal
    assert len(number) == cards.CARD_LENGTH and number.isascii() and number.isdigit()
    assert cards.check_digit(number[:12]) == number[12]
    assert cards.validate(number) == number


@fuzz(200)
@given(st.one_of(HOSTILE, st.from_regex(r"[0-9]{13}", fullmatch=True)))
def test_masked_shows_at_most_the_last_four_characters(text: str) -> None:
    shown = cards.masked(text)
    assert len(shown) == len(text)
    assert shown.endswith(text[-4:]) if text else shown == ""
    assert set(shown[:-4]) <= {"*"}
    if cards.is_valid(text):
        number = cards.validate(text)
        assert cards.masked(number) == "*" * 9 + number[-4:]
