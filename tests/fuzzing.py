"""The bad-input fuzz layer's shared parts: one reproducible hypothesis setting and hostile text.

Every fuzz test runs with ``derandomize=True``: the examples are a function of the test's source, so a
run is the same on every machine and in CI. ``TESSERA_FUZZ_EXAMPLES`` multiplies the number of
examples for a longer run by hand (``TESSERA_FUZZ_EXAMPLES=20 pytest tests/ -k fuzz``).
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

_SCALE = max(1, int(os.environ.get("TESSERA_FUZZ_EXAMPLES", "1") or "1"))


def fuzz(examples: int) -> Any:
    """The settings of one fuzz test: ``examples`` examples (times TESSERA_FUZZ_EXAMPLES), no deadline."""
    return settings(
        derandomize=True,
        max_examples=examples * _SCALE,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


# What people and scanners actually send that a parser must survive: NUL and other controls, bidi
# overrides and isolates, invisible format characters, whitespace of every kind, non-ASCII digits
# (Arabic-Indic, full-width, mathematical, superscript), signs, exponents, separators, and
# compatibility characters that NFKC makes longer (U+FDFA becomes 18 characters).
NASTY = [
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    " ",
    "\t",
    "\n",
    "\r",
    "\x0b",
    "\x0c",
    "\u00a0",
    "\u1680",
    "\u2009",
    "\u2028",
    "\u2029",
    "\u3000",
    "٣",
    "٠",
    "۷",
    "１",
    "０",
    "𝟗",
    "²",
    "½",
    "Ⅻ",
    "ﷺ",
    "ﬁ",
    "ß",
    "İ",
    "e",
    "E",
    "+",
    "-",
    "−",
    ".",
    ",",
    "_",
    "'",
    '"',
    "=",
    "/",
    "\\",
    "%",
    "$",
    "€",
    "inf",
    "nan",
    "0x",
    "1e9",
    "\ufffd",
]
DIGITS = list("0123456789")

# Any Unicode text without lone surrogates (which no UTF-8 command line, file or database can carry).
UNICODE = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
# Text built from the hostile pieces and ASCII digits, where parsers' edge cases live.
PIECES = st.lists(st.sampled_from(NASTY + DIGITS * 4), max_size=24).map("".join)
# Long text: a pasted page, a scanner stuck on one key.
HUGE = st.builds(
    lambda unit, times: unit * times,
    st.sampled_from(["9", "0", "1.", " ", "\x00", "ﷺ", "a"]),
    st.integers(min_value=1_000, max_value=200_000),
)
HOSTILE = st.one_of(UNICODE, PIECES, PIECES, HUGE)


def one_line(message: str, limit: int = 400) -> bool:
    """An error message a terminal can print as it is: one line, not the whole pasted input again."""
    return "\n" not in message and "\r" not in message and 0 < len(message) <= limit
