"""Normalising the names, phone numbers and e-mail addresses people type.

Both ends use these, so one person typed two ways is one key: a phone number is
stored in E.164 ("+40721555010"), read with the ``phonenumbers`` library and the
store's region (ISO 3166 alpha-2, "RO"), so "0721 555 010" typed in Romania and
"+40 721 555 010" match; an Italian "06 1234 5678" keeps its leading 0
("+390612345678"). An e-mail address is stripped and case-folded.
"""

from __future__ import annotations

import re

import phonenumbers

from pos_app.core.errors import Code, InvalidInput
from pos_app.core.limits import MAX_E164, MAX_EMAIL, MAX_NAME, MAX_PHONE_INPUT, clipped

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# What a person's name or address never contains: C0 controls but the usual whitespace (which is
# collapsed), DEL and C1 controls, bidi embeddings/overrides/isolates (they make a name display as
# something else), and lone surrogates (undecodable bytes from a command line; no database takes them).
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_PHONE_CHARS = re.compile(r"[^0-9+\s().\-/]")


# --- regions -------------------------------------------------------------------------------------


def is_region(code: str) -> bool:
    """True for an ISO 3166 alpha-2 code whose phone numbers ``phonenumbers`` knows ("RO", "IT", "KR")."""
    return code in phonenumbers.SUPPORTED_REGIONS


def region(text: str) -> str:
    """The region ``text`` names, upper-cased ("ro" -> "RO"); InvalidInput if there is none."""
    code = text.strip().upper()
    if not is_region(code):
        raise InvalidInput(Code.STORE_REGION, region=clipped(text))
    return code


def region_for_calling_code(calling_code: str) -> str:
    """The main region of a calling code ("+40" -> "RO", "+1" -> "US"); "" if none has it."""
    digits = calling_code.lstrip("+")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 3:
        return ""
    found = phonenumbers.region_code_for_country_code(int(digits))
    return found if is_region(found) else ""


# --- phone numbers -------------------------------------------------------------------------------


def phone_shape(text: str) -> str:
    """The digits of ``text`` with one leading '+' ("00" read as '+'), checked for characters and length.

    This is also how versions before E.164 stored phones, so members stored then stay findable.
    """
    stripped = text.strip()
    if not stripped:
        raise InvalidInput(Code.PHONE_EMPTY)
    if len(stripped) > MAX_PHONE_INPUT:
        raise InvalidInput(Code.PHONE_LENGTH, text=clipped(text))
    if _PHONE_CHARS.search(stripped) or "+" in stripped[1:]:
        raise InvalidInput(Code.PHONE_INVALID, text=text)
    digits = re.sub(r"[^0-9]", "", stripped)
    international = stripped.startswith(("+", "00"))
    if stripped.startswith("00"):
        digits = digits[2:]
    if not 6 <= len(digits) <= MAX_E164:
        raise InvalidInput(Code.PHONE_LENGTH, text=text)
    return ("+" if international else "") + digits


def normalize_phone(text: str, region_code: str = "") -> str:
    """``text`` in E.164: "0721 555 010" with region "RO" -> "+40721555010".

    A number without '+' (or 00) needs the store's region; without one it is refused
    with a sentence saying so, never stored as typed. Numbers that are not valid for
    their country are refused.
    """
    shape = phone_shape(text)
    if not shape.startswith("+") and not region_code:
        raise InvalidInput(Code.PHONE_NEEDS_REGION, text=text)
    try:
        number = phonenumbers.parse(shape, None if shape.startswith("+") else region_code)
    except phonenumbers.NumberParseException:
        raise InvalidInput(Code.PHONE_INVALID, text=text) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(Code.PHONE_INVALID, text=text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_lookup_keys(text: str, region_code: str = "") -> tuple[str, ...]:
    """What a member with phone ``text`` may be stored under: its E.164 form, then the older digits form."""
    e164 = normalize_phone(text, region_code)
    older = phone_shape(text)
    return (e164,) if older == e164 else (e164, older)


def looks_like_phone(text: str) -> bool:
    """True if ``text`` has the shape of a phone number (whatever the region)."""
    try:
        phone_shape(text)
    except InvalidInput:
        return False
    return True


# --- e-mail and names ------------------------------------------------------------------------------


def normalize_email(text: str) -> str:
    """``text`` stripped and case-folded: "  Ana.Pop@Example.ORG " -> "ana.pop@example.org"."""
    candidate = text.strip()
    if len(candidate) > MAX_EMAIL or _FORBIDDEN.search(candidate) or not _EMAIL.fullmatch(candidate):
        raise InvalidInput(Code.EMAIL_INVALID, text=clipped(text, 80))
    folded = candidate.casefold()
    if len(folded) > MAX_EMAIL:  # "ß" folds to "ss"
        raise InvalidInput(Code.EMAIL_INVALID, text=clipped(text, 80))
    return folded


def normalize_name(text: str) -> str:
    """``text`` with runs of whitespace collapsed; no control or text-direction characters, at most 200."""
    if _FORBIDDEN.search(text):
        raise InvalidInput(Code.NAME_CONTROL)
    name = " ".join(text.split())
    if not name:
        raise InvalidInput(Code.NAME_MISSING)
    if len(name) > MAX_NAME:
        raise InvalidInput(Code.NAME_TOO_LONG)
    return name
