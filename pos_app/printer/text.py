"""Text a thermal printer can print: its code pages hold Latin letters, not Hangul or every diacritic.

python-escpos picks a code page per character from the printer's profile and prints
"?" for a character none of them has. Before that happens we keep as much as we can:
Romanian s/t with comma below become the cedilla forms the code pages do have (CP852,
CP1250), Hangul syllables are romanized (Revised Romanization, letter by letter: 커피 ->
keopi), other accented letters lose the accent the printer lacks (ő -> o), and only what
is left becomes "?". Labels of the slip are not romanized: a label the printer cannot
print is printed in English instead (see slips.Line.fallback).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

CanEncode = Callable[[str], bool]

_COMMA_TO_CEDILLA = str.maketrans({"ș": "ş", "Ș": "Ş", "ț": "ţ", "Ț": "Ţ"})

_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
             "h")
_VOWELS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
           "wi", "yu", "eu", "ui", "i")
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
           "t", "ng", "t", "t", "k", "t", "p", "t")
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


def hangul(ch: str) -> str:
    """One Hangul syllable in Latin letters; "" for any other character."""
    code = ord(ch)
    if not _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return ""
    index = code - _HANGUL_FIRST
    initial, rest = divmod(index, 21 * 28)
    vowel, final = divmod(rest, 28)
    return _INITIALS[initial] + _VOWELS[vowel] + _FINALS[final]


def _ascii_ok(ch: str) -> bool:
    return ch.isascii()


def printable(text: str, can_encode: CanEncode = _ascii_ok) -> str:
    """``text`` with every character the printer cannot encode replaced as described above."""
    out: list[str] = []
    for ch in text.translate(_COMMA_TO_CEDILLA):
        if ch in "\n\t" or can_encode(ch):
            out.append(ch)
            continue
        latin = hangul(ch)
        if latin:
            out.append(latin)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(base if base and all(can_encode(c) for c in base) else "?")
    return "".join(out)


def fits(text: str, can_encode: CanEncode = _ascii_ok) -> bool:
    """True if the printer has every character of ``text`` (after the s/t comma fix)."""
    return all(ch in "\n\t" or can_encode(ch) for ch in text.translate(_COMMA_TO_CEDILLA))
