"""Member card numbers: 13 digits with an EAN-13 check digit.

EAN-13 was chosen over Luhn so a card can also be printed as an EAN-13 symbol and
read by any retail scanner. Numbers we issue start with "29", the GS1 prefix range
reserved for in-store use, so they never collide with product barcodes.
"""

from __future__ import annotations

import random

from pos_app.core.errors import BadCheckDigit, Code, InvalidInput
from pos_app.core.limits import clipped

CARD_LENGTH = 13
ISSUER_PREFIX = "29"


def check_digit(first12: str) -> str:
    if len(first12) != CARD_LENGTH - 1 or not first12.isascii() or not first12.isdigit():
        raise InvalidInput(Code.CARD_BODY_LENGTH)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def normalize(text: str) -> str:
    """Drop the spaces and dashes people type or print between digit groups, and whitespace around.

    Stripped after the separators go, so a normalized number is its own normalization ("-\u3000 29..."
    once left a leading U+3000 that only a second pass removed).
    """
    return "".join(ch for ch in text if ch not in " -").strip()


def looks_like_card(text: str) -> bool:
    candidate = normalize(text)
    return len(candidate) == CARD_LENGTH and candidate.isascii() and candidate.isdigit()


def is_valid(card: str) -> bool:
    return looks_like_card(card) and check_digit(normalize(card)[:12]) == normalize(card)[12]


def validate(card: str) -> str:
    """The normalized card number, or raise: malformed -> InvalidInput, wrong check digit -> BadCheckDigit."""
    candidate = normalize(card)
    if not looks_like_card(candidate):
        raise InvalidInput(Code.CARD_LENGTH, digits=CARD_LENGTH, text=clipped(card))
    if check_digit(candidate[:12]) != candidate[12]:
        raise BadCheckDigit()
    return candidate


def generate(rng: random.Random) -> str:
    digits = CARD_LENGTH - 1 - len(ISSUER_PREFIX)
    body = ISSUER_PREFIX + "".join(str(rng.randrange(10)) for _ in range(digits))
    return body + check_digit(body)


def masked(card: str) -> str:
    """Card number safe for logs: only the last four digits."""
    return "*" * max(len(card) - 4, 0) + card[-4:]
