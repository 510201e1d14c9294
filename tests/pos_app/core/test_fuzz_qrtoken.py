"""Bad input, fuzzed: member QR tokens have one spelling, and anything else is a token error.

test_qrtoken.py pins signing, the validity window and the guard on chosen tokens, and
tests/pos_app/cli/test_cli_qr_tokens.py the two spellings of issue 10 (``==`` padding, other low
bits). Here every mutation of a valid token (a changed, dropped or inserted character, padding,
case, low bits, truncation, whitespace) is either refused with a ``qr_*`` code or names exactly the
same signed content, which the replay guard (in memory and in the terminal's database) then refuses
as the same token; and arbitrary text never raises anything but a TokenError.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pos_app.core import cards
from pos_app.core import qrtoken as q
from pos_app.terminal import Terminal
from tests.clocks import FakeClock
from tests.fuzzing import HOSTILE, fuzz
from tests.pos_app.conftest import START

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
QR_CODES = {
    "qr_malformed",
    "qr_bad_card",
    "qr_unknown_key",
    "qr_forged",
    "qr_future",
    "qr_expired",
    "qr_replayed",
}
SECOND_KEY = q.private_key_from_bytes(bytes(range(32)))
KEYS = {**q.demo_public_keys(), "k-2026": SECOND_KEY.public_key()}
CARDS = (
    st.integers(0, 10**10 - 1).map(lambda n: f"29{n:010d}").map(lambda body: body + cards.check_digit(body))
)


def mutate(token: str, kind: str, position: int, char: str) -> str:
    """One edit of ``token``; ``position`` is taken modulo its length."""
    at = position % len(token)
    if kind == "replace":
        return token[:at] + char + token[at + 1 :]
    if kind == "insert":
        return token[:at] + char + token[at:]
    if kind == "delete":
        return token[:at] + token[at + 1 :]
    if kind == "truncate":
        return token[:at]
    if kind == "pad":
        return token + "=" * (position % 4 + 1)
    if kind == "pad_body":
        head, _, sig = token.rpartition(".")
        return head + "=" * (position % 3 + 1) + "." + sig
    if kind == "swapcase":
        return token[:at] + token[at].swapcase() + token[at + 1 :]
    if kind == "upper":
        return token.upper()
    if kind == "low_bits":  # the last character of the body or the signature, other unused bits
        head, _, sig = token.rpartition(".")
        flip = position % 15 + 1
        if position % 2:
            return head + "." + sig[:-1] + B64[B64.index(sig[-1]) ^ flip]
        return head[:-1] + B64[B64.index(head[-1]) ^ (flip % 4 or 1)] + "." + sig
    if kind == "dot":
        return token.replace(".", "..", 1) if position % 2 else token + "."
    raise AssertionError(kind)


MUTATIONS = st.sampled_from(
    ["replace", "insert", "delete", "truncate", "pad", "pad_body", "swapcase", "upper", "low_bits", "dot"]
)
CHARS = st.one_of(
    st.sampled_from([*list(B64), "=", ".", " ", "\t", "\n", "\u200b", "\x00", "+", "/", "é"]),
    st.characters(exclude_categories=("Cs",)),
)


@st.composite
def signed(draw: st.DrawFn) -> tuple[str, datetime]:
    card = draw(CARDS)
    at = START + timedelta(seconds=draw(st.integers(-(10**6), 10**6)))
    if draw(st.booleans()):
        return q.sign(card, at, q.demo_private_key(), q.DEMO_KEY_ID), at
    return q.sign(card, at, SECOND_KEY, "k-2026"), at


@fuzz(300)
@given(signed(), MUTATIONS, st.integers(0, 400), CHARS)
@example((q.sign("2900000000018", START, q.demo_private_key(), "demo"), START), "pad", 1, "=")
@example((q.sign("2900000000018", START, q.demo_private_key(), "demo"), START), "low_bits", 1, "")
def test_a_mutated_token_is_refused_or_the_same_signed_content(
    token_at: tuple[str, datetime], kind: str, position: int, char: str
) -> None:
    token, at = token_at
    original = q.verify(token, at, KEYS)
    variant = mutate(token, kind, position, char)
    guard = q.ReplayGuard()
    q.verify_once(token, at, KEYS, guard)
    try:
        claims = q.verify(variant, at, KEYS)
    except q.TokenError as exc:
        assert exc.code in QR_CODES, exc.code
        return
    # Accepted: then it is the same token, with the same content and the same replay key.
    assert claims == original and q.replay_key(claims) == q.replay_key(original)
    assert variant == token
    with pytest.raises(q.TokenReplayed):
        q.verify_once(variant, at, KEYS, guard)


@fuzz(300)
@given(
    st.one_of(
        HOSTILE,
        st.builds(
            lambda body, sig: f"TQ1.{body}.{sig}",
            st.text(B64 + "=", max_size=40),
            st.text(B64 + "=", max_size=100),
        ),
    )
)
@example("TQ1." + "A" * 19 + "." + "A" * 86)
@example(
    "TQ1."
    + q._b64encode(int("2900000000018").to_bytes(6, "big") + (2**62).to_bytes(8, "big") + b"demo")
    + "."
    + "A" * 86
)  # a time past datetime's range
@example("TQ1." + q._b64encode(bytes(14) + b"\xff\xfe") + "." + "A" * 86)  # a key id that is not UTF-8
def test_any_text_is_a_token_error_or_a_token(text: str) -> None:
    assert isinstance(q.looks_like_token(text), bool)
    for read in (lambda: q.decode_unverified(text), lambda: q.verify(text, START, KEYS)):
        try:
            read()
        except q.TokenError as exc:
            assert exc.code in QR_CODES, exc.code


@pytest.fixture
def terminal(open_terminal: Callable[..., Terminal], demo_template: Path) -> Terminal:
    """One demo terminal (which trusts the demo key) for all of a test's examples."""
    return open_terminal(demo_template)


@fuzz(60)
@given(
    card=st.sampled_from(["2900000000018", "2900000000025", "2900000000032"]),
    seconds=st.integers(0, 3600),
    kind=MUTATIONS,
    position=st.integers(0, 400),
    char=CHARS,
    space=st.sampled_from(["", " ", "\t", "\n", " \r\n"]),
)
def test_the_terminals_persisted_guard_refuses_every_spelling_of_a_used_token(
    terminal: Terminal,
    clock: FakeClock,
    card: str,
    seconds: int,
    kind: str,
    position: int,
    char: str,
    space: str,
) -> None:
    """The guard of issue 10 item 4 in sync_state: a token opens its member once, in any spelling."""
    at = clock.advance(seconds=1 + seconds)  # a later second every example: never another example's token
    token = q.sign(card, at, q.demo_private_key(), q.DEMO_KEY_ID)
    assert terminal.card_of_token(space + token + space) == card  # whitespace around is not part of it
    for variant in (token, mutate(token, kind, position, char)):
        with pytest.raises(q.TokenError) as caught:
            terminal.card_of_token(variant)
        assert caught.value.code in QR_CODES, caught.value.code
