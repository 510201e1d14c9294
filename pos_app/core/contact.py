"""Normalising the phone numbers and e-mail addresses people type."""

from __future__ import annotations

import re

from pos_app.core.errors import Code, InvalidInput

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_phone(text: str, default_country_code: str = "") -> str:
    """Keep digits and one leading '+': "+40 (721) 123-456" -> "+40721123456".

    A national number starting with 0 gets ``default_country_code`` (e.g. "+40")
    when one is configured, so the same phone typed two ways matches one member.
    """
    stripped = text.strip()
    if not stripped:
        raise InvalidInput(Code.PHONE_EMPTY)
    if re.search(r"[^0-9+\s().\-/]", stripped) or "+" in stripped[1:]:
        raise InvalidInput(Code.PHONE_INVALID, text=text)
    digits = re.sub(r"\D", "", stripped)
    if stripped.startswith("00"):
        digits, plus = digits[2:], True
    else:
        plus = stripped.startswith("+")
    if not plus and default_country_code and digits.startswith("0"):
        digits, plus = default_country_code.lstrip("+") + digits[1:], True
    if not 6 <= len(digits) <= 15:
        raise InvalidInput(Code.PHONE_LENGTH, text=text)
    return ("+" if plus else "") + digits


def looks_like_phone(text: str) -> bool:
    try:
        normalize_phone(text)
    except InvalidInput:
        return False
    return True


def normalize_email(text: str) -> str:
    candidate = text.strip()
    if not _EMAIL.fullmatch(candidate) or len(candidate) > 254:
        raise InvalidInput(Code.EMAIL_INVALID, text=text)
    local, domain = candidate.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def normalize_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidInput(Code.NAME_MISSING)
    if len(name) > 200:
        raise InvalidInput(Code.NAME_TOO_LONG)
    return name
