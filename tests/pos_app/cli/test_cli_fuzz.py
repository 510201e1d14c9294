"""Bad input the fuzz layer found, at `tessera-pos`'s command line: one short line on stderr, no traceback.

Exit 2 for input that is not well-formed, exit 1 for a well-formed refusal (a member QR code); the
line quotes a pasted page by its first characters, not whole. The fuzz tests beside the parsers are
tests/pos_app/core/test_fuzz_*.py.
"""

from __future__ import annotations

from pathlib import Path

from tests.pos_app.cli.runner import ANA, Run, cli_many

TWINS = "ﷺ" * 14  # a receipt whose key (211 characters) is longer than the server keeps


def short_line(run: Run, code: int, *words: str) -> str:
    line = run.refused(code, *words)
    assert "Traceback" not in run.err and len(line) < 300, line[:300]
    return line


def test_bad_amounts_cards_and_receipts_are_one_short_line(data: Path) -> None:
    sale = ["sale", "--card", ANA, "--amount"]
    big, card, lookup, twins, token, name, separators = cli_many(
        data,
        [*sale, "1." + "0" * 50_000, "--receipt", "F-1"],  # was quoted whole: a 50 KB line
        ["sale", "--card", "x" * 50_000, "--amount", "5", "--receipt", "F-2"],
        ["member", "show", "x" * 50_000],  # was quoted whole too
        [*sale, "5", "--receipt", TWINS + "A"],  # the server would confuse it with TWINS + "B"
        ["member", "show", "TQ1." + "A" * 19 + "==." + "A" * 86],
        ["member", "enroll", "--name", "\u202eAna", "--json"],
        # normalize was not idempotent: "-\u3000" before a card left a U+3000 that validate refused
        ["member", "show", "-\u3000" + ANA + " -", "--json"],
    )
    short_line(big, 2, "invalid amount")
    assert "…" in big.err  # the amount is quoted by its first characters
    short_line(card, 2, "a card number is 13 digits")
    short_line(lookup, 2, "is neither a card number nor a phone number")
    short_line(twins, 2, "receipt number")
    short_line(token, 1, "not a valid member code")
    assert name.error_json(2)["code"] == "name_control"
    assert separators.ok()["card"] == ANA
