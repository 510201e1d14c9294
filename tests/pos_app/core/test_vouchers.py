"""Voucher codes: chain-unique without coordination, forgiving to type, a check character catching typos."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from pos_app.core import vouchers
from pos_app.core.errors import Code, InvalidInput
from pos_app.core.vouchers import ALPHABET, VoucherState

TERMINAL = "0190f1d2-7c3a-7b4e-9a51-0c2d3e4f5a6b"


def test_format_is_short_printable_and_starts_with_the_terminal_prefix() -> None:
    code = vouchers.make(TERMINAL, 1)
    assert len(code) == 12 and code[7] == "-"
    assert code.startswith(vouchers.prefix(TERMINAL) + "-")
    assert all(ch in ALPHABET for ch in code.replace("-", ""))
    assert code.isascii() and code.isprintable()
    assert vouchers.normalize(code) == code


def test_a_terminal_counter_gives_distinct_codes_and_grows_past_three_characters() -> None:
    codes = {vouchers.make(TERMINAL, n) for n in range(1, 5000)}
    assert len(codes) == 4999
    big = vouchers.make(TERMINAL, 31 ** 3 + 5)
    assert len(big) == 13 and vouchers.normalize(big) == big


def test_codes_are_unique_across_terminal_ids() -> None:
    terminals = [str(uuid.UUID(int=n * 7919 + 12345)) for n in range(2000)]
    prefixes = {vouchers.prefix(t) for t in terminals}
    assert len(prefixes) == len(terminals)
    codes = {vouchers.make(t, n) for t in terminals[:200] for n in range(1, 20)}
    assert len(codes) == 200 * 19


def test_the_check_character_catches_every_single_typo_and_every_swap() -> None:
    code = vouchers.make(TERMINAL, 42)
    raw = code.replace("-", "")
    for index, original in enumerate(raw):
        for other in ALPHABET:
            if other != original:
                typo = raw[:index] + other + raw[index + 1:]
                assert vouchers.parse(typo) is None, typo
    for i in range(len(raw)):
        for j in range(i + 1, len(raw)):
            if raw[i] != raw[j]:
                swapped = list(raw)
                swapped[i], swapped[j] = swapped[j], swapped[i]
                assert vouchers.parse("".join(swapped)) is None, (i, j)


def test_typing_is_forgiving_about_case_spaces_hyphens_and_look_alikes() -> None:
    code = vouchers.make(TERMINAL, 7)
    loose = " " + code.lower().replace("-", " - ") + " "
    assert vouchers.normalize(loose) == code
    zero_one = vouchers.make("x", 1)  # counter 001: holds 0s and a 1
    assert vouchers.normalize(zero_one.replace("0", "O").replace("1", "l")) == zero_one


def test_old_codes_are_still_recognised_and_other_text_is_not_a_voucher() -> None:
    assert vouchers.normalize("vabcdefgh2") == "VABCDEFGH2"
    for text in ("", "2900000000018", "hello", "V-7QX2-91AB", "Z" * 12):
        assert not vouchers.looks_like_voucher(text)
    with pytest.raises(InvalidInput) as raised:
        vouchers.normalize("nope")
    assert raised.value.code is Code.VOUCHER_FORMAT


def test_state_at_reads_an_issued_voucher_past_its_date_as_expired() -> None:
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert vouchers.state_at("issued", now + timedelta(seconds=1), now) is VoucherState.ISSUED
    assert vouchers.state_at("issued", now, now) is VoucherState.EXPIRED
    assert vouchers.state_at("issued", None, now) is VoucherState.ISSUED
    assert vouchers.state_at("used", now - timedelta(days=1), now) is VoucherState.USED
    assert vouchers.state_at("void", now - timedelta(days=1), now) is VoucherState.VOID
    assert vouchers.expiry(now, 90) == now + timedelta(days=90)
