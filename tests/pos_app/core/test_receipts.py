"""Receipt keys: every spelling of one receipt has one key, different receipts keep different keys."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.core.receipts import receipt_key

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u2066", "\x00"]
SPACES = [" ", "\t", "\n", "\u00a0", "\u2009", "\u3000"]


@pytest.mark.parametrize("spelling", ["SAME", "same", "Same", "ＳＡＭＥ", "ｓａｍｅ", "SAME\u200b",
                                      "\ufeffSAME", " S A M E ", "SA\u00adME", "S\u3000AME"])
def test_the_spellings_of_the_issue_share_one_key(spelling: str) -> None:
    assert receipt_key(spelling) == "same"


@pytest.mark.parametrize("char", INVISIBLE + SPACES)
def test_whitespace_and_invisible_characters_are_dropped(char: str) -> None:
    assert receipt_key(f"R{char}-1{char}") == receipt_key("R-1") == "r-1"


def test_compatibility_forms_and_case_folding() -> None:
    assert receipt_key("１２３-４") == "123-4"  # full-width digits and letters
    assert receipt_key("ﬁle-1") == "file-1"  # a ligature
    assert receipt_key("STRASSE") == receipt_key("Straße") == "strasse"  # folding, not lowering
    assert receipt_key("Ⅻ") == "xii"  # a roman numeral is its letters
    assert receipt_key("e\u0301") == receipt_key("\u00e9")  # decomposed or composed, one letter


def test_different_receipts_keep_different_keys() -> None:
    keys = {receipt_key(r) for r in ("R-1", "R-2", "R1", "R.1", "R_1", "1-R", "Ř-1", "R-1a")}
    assert len(keys) == 8


def test_a_receipt_of_only_invisible_characters_has_an_empty_key() -> None:
    assert receipt_key("\u200b\ufeff \t") == ""
    assert receipt_key("") == ""


def test_dropping_a_character_can_let_its_neighbours_compose() -> None:
    """Rounds repeat until the key is stable: the key of a key is the key itself."""
    assert receipt_key("e\u200b\u0301") == "\u00e9"
    assert receipt_key("a\u00a8") == "\u00e4"  # NFKC makes U+00A8 a space and a diaeresis


@given(st.text())
def test_a_key_is_its_own_key(text: str) -> None:
    key = receipt_key(text)
    assert receipt_key(key) == key
    assert not any(ch.isspace() for ch in key)


ASCII_RECEIPTS = st.text(alphabet=string.ascii_letters + string.digits + "-/.", min_size=1, max_size=20)


@given(ASCII_RECEIPTS, st.lists(st.tuples(st.integers(0, 20), st.sampled_from(INVISIBLE + SPACES)),
                                max_size=4))
def test_case_width_and_invisible_characters_never_matter(receipt: str, noise: list[tuple[int, str]]) -> None:
    noisy = receipt
    for position, char in noise:
        noisy = noisy[:position] + char + noisy[position:]
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in receipt)  # U+FF01..U+FF5E mirror ASCII 0x21..0x7E
    expected = receipt_key(receipt)
    assert expected == receipt.lower()
    assert receipt_key(noisy) == receipt_key(receipt.upper()) == receipt_key(full_width) == expected
