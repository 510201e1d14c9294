"""Phones in E.164 read in the store's region, e-mails case-folded, names without control characters."""

from __future__ import annotations

import pytest

from pos_app.core import contact
from pos_app.core.errors import Code, InvalidInput

# --- phones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "region", "stored_as"),
    [
        # the issue's examples: one person typed two ways is one phone
        ("0721555010", "RO", "+40721555010"),
        ("+40721555010", "RO", "+40721555010"),
        ("+40721555010", "", "+40721555010"),
        ("06 1234 5678", "IT", "+390612345678"),  # Italian numbers keep their leading 0
        ("+39 06 1234 5678", "", "+390612345678"),
        ("+39 06 1234 5678", "RO", "+390612345678"),  # a '+' number ignores the region
        ("+390612345678", "KR", "+390612345678"),
        ("010-1234-5678", "KR", "+821012345678"),
        # separators and the 00 prefix, as before
        ("+40 (721) 123-456", "", "+40721123456"),
        ("+40.721.123.456", "", "+40721123456"),
        ("0040 721 123 456", "", "+40721123456"),
        ("0721/123/456", "RO", "+40721123456"),
        (" 721123456 ", "RO", "+40721123456"),
    ],
)
def test_phones_are_stored_in_e164(typed: str, region: str, stored_as: str) -> None:
    assert contact.normalize_phone(typed, region) == stored_as
    assert contact.looks_like_phone(typed)


def test_the_issues_two_spellings_are_one_key() -> None:
    assert contact.normalize_phone("0721555010", "RO") == contact.normalize_phone("+40721555010", "RO")
    assert (contact.normalize_phone("06 1234 5678", "IT") == contact.normalize_phone("+39 06 1234 5678")
            == "+390612345678")


@pytest.mark.parametrize(("typed", "code"), [
    ("", Code.PHONE_EMPTY), ("   ", Code.PHONE_EMPTY),
    ("0721 ABC", Code.PHONE_INVALID), ("+40+721123456", Code.PHONE_INVALID), ("07#21", Code.PHONE_INVALID),
    ("12345", Code.PHONE_LENGTH), ("+1234567890123456", Code.PHONE_LENGTH),
    ("0" * 33, Code.PHONE_LENGTH),  # longer than 32 characters as typed
    ("+40 999 123 456", Code.PHONE_INVALID),  # no such Romanian range
    ("0721 123", Code.PHONE_INVALID),  # too short for Romania
    ("+39612345678", Code.PHONE_INVALID),  # the Italian number without its 0 (the old bug's output)
])
def test_bad_phones_are_refused_with_their_code(typed: str, code: Code) -> None:
    with pytest.raises(InvalidInput) as caught:
        contact.normalize_phone(typed, "RO")
    assert caught.value.code is code


def test_the_32_characters_are_counted_after_stripping() -> None:
    assert contact.normalize_phone(" " * 30 + "0721 555 010" + " " * 30, "RO") == "+40721555010"


def test_a_phone_typed_without_a_country_code_and_no_region_is_refused_asking_for_one() -> None:
    with pytest.raises(InvalidInput) as caught:
        contact.normalize_phone("0721 555 010", "")
    assert caught.value.code is Code.PHONE_NEEDS_REGION
    assert caught.value.message == ("phone number '0721 555 010' has no country code: type it with +CC or "
                                    "set the store's region")
    assert contact.looks_like_phone("0721 555 010")  # still a phone: the window asks the terminal


def test_a_lookup_also_tries_the_digits_older_versions_stored() -> None:
    assert contact.phone_lookup_keys("0721 555 010", "RO") == ("+40721555010", "0721555010")
    assert contact.phone_lookup_keys("+40 721 555 010", "RO") == ("+40721555010",)


def test_a_long_pasted_phone_is_quoted_clipped() -> None:
    with pytest.raises(InvalidInput) as caught:
        contact.normalize_phone("1" * 10_000, "RO")
    assert caught.value.code is Code.PHONE_LENGTH and len(caught.value.message) < 120


# --- regions --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [("RO", "RO"), ("it", "IT"), (" kr ", "KR"), ("US", "US")])
def test_regions_are_iso_codes_phonenumbers_knows(text: str, code: str) -> None:
    assert contact.region(text) == code
    assert contact.is_region(code)


@pytest.mark.parametrize("text", ["", "R", "ROU", "XX", "ZZ", "40", "+40", "Romania"])
def test_unknown_regions_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        contact.region(text)
    assert caught.value.code is Code.STORE_REGION
    assert not contact.is_region(text)


@pytest.mark.parametrize(("calling", "region"), [("+40", "RO"), ("40", "RO"), ("+39", "IT"), ("+82", "KR"),
                                                 ("+1", "US"), ("+999", ""), ("", ""), ("+4000", ""),
                                                 ("+٤٠", "")])
def test_a_calling_code_maps_to_its_main_region(calling: str, region: str) -> None:
    assert contact.region_for_calling_code(calling) == region


# --- e-mail ---------------------------------------------------------------------------------------


def test_emails_are_stripped_and_case_folded() -> None:
    assert contact.normalize_email("  Ana.Pop@Example.ORG ") == "ana.pop@example.org"
    assert contact.normalize_email("ANA.POP@EXAMPLE.ORG") == contact.normalize_email("ana.pop@example.org")
    assert contact.normalize_email("Groß@Example.de") == "gross@example.de"


@pytest.mark.parametrize("bad", [
    "", "ana", "ana@", "@example.org", "ana@example", "a b@example.org", "a@b@example.org",
    "x" * 250 + "@example.org", "ana\x00@example.org", "ana@exa\u202emple.org", "ana\x85@example.org",
    "ana\udcff@example.org",
])
def test_bad_emails(bad: str) -> None:
    with pytest.raises(InvalidInput, match="e-mail") as caught:
        contact.normalize_email(bad)
    assert caught.value.code is Code.EMAIL_INVALID


def test_an_email_of_254_characters_is_the_longest() -> None:
    longest = "a" * 242 + "@example.org"
    assert len(longest) == 254 and contact.normalize_email(longest) == longest
    with pytest.raises(InvalidInput):
        contact.normalize_email("a" + longest)


# --- names ----------------------------------------------------------------------------------------


def test_names() -> None:
    assert contact.normalize_name("  Ana   Maria\tPopescu ") == "Ana Maria Popescu"
    assert contact.normalize_name("Ana\r\nPopescu") == "Ana Popescu"  # line breaks are whitespace
    assert contact.normalize_name("Kim Min-jun 김민준") == "Kim Min-jun 김민준"
    assert contact.normalize_name("محمد علي") == "محمد علي"  # right-to-left text itself is fine
    with pytest.raises(InvalidInput, match="needs a name"):
        contact.normalize_name(" \t ")
    with pytest.raises(InvalidInput, match="longer than 200"):
        contact.normalize_name("x" * 201)
    assert contact.normalize_name("x" * 200) == "x" * 200


@pytest.mark.parametrize("bad", [
    "Ana\x00Pop", "Ana\x01", "\x1bAna", "Ana\x1f", "Ana\x7f", "Ana\x85Pop", "Ana\x9b",
    "Ana \u202eqoP", "\u202aAna", "\u202dAna", "Ana\u2066Pop\u2069", "Ana\u2067", "Ana\u2068",
    "Ana\udcff",
])
def test_names_with_control_or_direction_characters_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        contact.normalize_name(bad)
    assert caught.value.code is Code.NAME_CONTROL
    assert caught.value.message == "a name cannot contain control characters or text-direction overrides"
