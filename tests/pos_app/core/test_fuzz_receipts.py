"""Bad input, fuzzed: receipt keys at the terminal and at the server are one key.

A store receipt earns once across the store's tills because the terminal (pos_app.core.receipts)
and the server (sync.server.books.sale_key) compare receipts by the same key. test_receipts.py pins
the normalisation; this checks, for hostile text, that every receipt the terminal accepts has the
key the server will compute, and that every receipt it refuses is refused with RECEIPT_LENGTH.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pos_app.core.errors import Code, InvalidInput
from pos_app.core.receipts import MAX_KEY, MAX_RECEIPT, receipt_key
from pos_app.terminal import Terminal
from sync.server.books import KEY_LENGTH, sale_key
from tests.fuzzing import HOSTILE, NASTY, UNICODE, fuzz
from tests.pos_app.cli.runner import ANA

# Receipts near the limits: up to 64 characters of what NFKC lengthens (U+FDFA is 15 key characters).
LONG_KEYS = st.lists(st.sampled_from(["ﷺ", "㍻", "ﬃ", "Ⅻ", "A", "-", "\u200b"]), min_size=1, max_size=70).map(
    "".join
)
RECEIPTS = st.one_of(HOSTILE, UNICODE, LONG_KEYS, st.lists(st.sampled_from(NASTY), max_size=8).map("".join))
TWINS = "ﷺ" * 14  # 14 x 15 = 210 key characters: past what the server keeps of a key


@pytest.fixture
def terminal(open_terminal: Callable[..., Terminal], demo_template: Path) -> Terminal:
    """One demo terminal per test: hypothesis runs all of a test's examples in the same fixtures."""
    return open_terminal(demo_template)


def terminal_would_take(typed: str) -> bool:
    """The terminal's own rule (Terminal.sale and queue_refund): 1-64 characters, a key of 1-200."""
    typed = typed.strip()
    return 0 < len(typed) <= MAX_RECEIPT and 0 < len(receipt_key(typed)) <= MAX_KEY


def test_the_terminal_keeps_no_longer_a_key_than_the_server() -> None:
    assert MAX_KEY == KEY_LENGTH


@fuzz(250)
@given(RECEIPTS)
@example(TWINS + "A")  # was accepted by the terminal: its key is 211 characters, the server's 200
@example("R-1\x00\u202e")
def test_a_receipt_the_terminal_accepts_has_the_servers_key(text: str) -> None:
    key = receipt_key(text.strip())
    assert receipt_key(key) == key  # idempotent
    if terminal_would_take(text):
        assert sale_key(text.strip()) == key
        assert not any(ch.isspace() for ch in key)
    else:
        assert not key or len(text.strip()) > MAX_RECEIPT or len(key) > MAX_KEY


@fuzz(60)
@given(
    text=st.one_of(
        HOSTILE.filter(lambda t: not terminal_would_take(t)),
        LONG_KEYS.filter(lambda t: not terminal_would_take(t)),
    )
)
@example(text=TWINS + "A")
@example(text="\u200b\ufeff\x00 \t")
@example(text="x" * 65)
def test_a_receipt_the_terminal_refuses_is_invalid_input(text: str, terminal: Terminal) -> None:
    before = terminal.member(ANA).balance
    attempts = [lambda: terminal.queue_refund(text, None)]
    if text:  # no receipt at all is not a bad one: the terminal numbers the sale itself
        attempts.append(lambda: terminal.sale(ANA, 500, receipt=text))
    for attempt in attempts:
        with pytest.raises(InvalidInput) as caught:
            attempt()
        assert caught.value.code == Code.RECEIPT_LENGTH
    assert terminal.member(ANA).balance == before


def test_two_receipts_the_server_would_confuse_are_refused_at_the_terminal(terminal: Terminal) -> None:
    first, second = TWINS + "A", TWINS + "B"
    assert receipt_key(first) != receipt_key(second) and sale_key(first) == sale_key(second)
    for receipt in (first, second):
        with pytest.raises(InvalidInput):
            terminal.sale(ANA, 500, receipt=receipt)
    assert terminal.sale(ANA, 500, receipt="ﷺ" * 13 + "A").receipt == "ﷺ" * 13 + "A"  # 196: still one key
