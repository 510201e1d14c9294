"""Receipt keys: when two typed receipt numbers are the same store receipt.

A receipt is typed by hand, pasted from a till's screen or scanned, so one paper
receipt reaches us as ``SAME``, ``same``, full-width ``ＳＡＭＥ`` or ``SAME`` with a
zero-width space picked up on the way. The terminal and the server both compare
receipts by :func:`receipt_key` (the server imports this module), so "earns once"
holds for every spelling. The receipt as typed is what is stored and shown.
"""

from __future__ import annotations

import unicodedata

# A typed receipt is 1 to MAX_RECEIPT characters and its key 1 to MAX_KEY: NFKC can lengthen a receipt
# fifteenfold (U+FDFA), and the server keeps MAX_KEY characters of a key (sync.server.books.KEY_LENGTH),
# so a longer key would be one receipt at the terminal and another's prefix at the server.
MAX_RECEIPT = 64
MAX_KEY = 200

# Characters that never tell two receipts apart: Cf holds the invisible format characters
# (U+200B zero-width space, U+FEFF byte-order mark, U+00AD soft hyphen, bidi marks), Cc the
# control characters; whitespace is dropped separately (str.isspace, which covers Zs, Zl, Zp).
_IGNORED_CATEGORIES = frozenset({"Cf", "Cc"})


def receipt_key(text: str) -> str:
    """The comparison key of a typed receipt: NFKC, case-folded, without whitespace or invisible characters.

    One round drops what never tells receipts apart, then applies NFKC, case folding and NFKC again
    (folding can leave text that is not NFKC, as Unicode's NFKC_Casefold notes). Dropping a character
    can let its neighbours compose (``e``, U+200B, U+0301), and NFKC can make spaces (U+00A8 is a space
    and a diaeresis), so rounds repeat until nothing changes: a key is its own key.
    """
    key = text
    for _ in range(_MAX_ROUNDS):
        again = _round(key)
        if again == key:
            break
        key = again
    return key


_MAX_ROUNDS = 8  # real text settles in one or two


def _round(text: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", _visible(text)).casefold())


def _visible(text: str) -> str:
    return "".join(ch for ch in text
                   if not ch.isspace() and unicodedata.category(ch) not in _IGNORED_CATEGORIES)
