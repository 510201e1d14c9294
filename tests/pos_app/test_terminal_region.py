"""The terminal reads phones typed without "+" in the store's region (init --region, config.toml's region)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from pos_app.config import Options
from pos_app.core.errors import Code, DuplicateMember, InvalidInput, UnknownCard
from pos_app.store.models import Member, OutboxOp
from pos_app.terminal import Terminal, initialize
from tests.clocks import FakeClock

ANA = "2900000000018"


def members(terminal: Terminal) -> int:
    with terminal.db.reader() as session:
        return session.scalar(select(func.count()).select_from(Member)) or 0


def reopened(terminal: Terminal, clock: FakeClock) -> Terminal:
    terminal.close()
    return Terminal(terminal.data_dir, clock=clock)


def test_the_demo_store_reads_phones_as_romanian(demo: Terminal) -> None:
    assert demo.phone_region == "RO"
    card = demo.enroll("Radu Ene", phone="0721555010").card
    assert demo.member(card).phone == "+40721555010"
    assert demo.member("0721 555 010").card == card
    assert demo.member("+40 721 555 010").card == card
    with pytest.raises(DuplicateMember, match=card):
        demo.enroll("Radu Again", phone="+40721555010")
    assert demo.member("0721 000 001").card == ANA  # the demo CSV's phones are E.164 already


def test_with_no_region_a_national_number_is_refused_asking_for_one(plain: Terminal) -> None:
    assert plain.phone_region == ""
    before = members(plain)
    attempts = (lambda: plain.enroll("Radu Ene", phone="0721 555 010"), lambda: plain.member("0721555010"))
    for attempt in attempts:
        with pytest.raises(InvalidInput) as caught:
            attempt()
        assert caught.value.code is Code.PHONE_NEEDS_REGION
    assert members(plain) == before
    card = plain.enroll("Radu Ene", phone="+40 721 555 010").card  # the international form needs none
    assert plain.member("+40721555010").card == card


def test_init_region_sets_the_stores_and_can_change_it(plain: Terminal, clock: FakeClock) -> None:
    initialize(plain.data_dir, region="it", clock=clock)
    terminal = reopened(plain, clock)
    try:
        assert terminal.phone_region == "IT"
        card = terminal.enroll("Giulia Verdi", phone="06 1234 5678").card
        assert terminal.member(card).phone == "+390612345678"  # the leading 0 kept
        assert terminal.member("+39 06 1234 5678").card == card
    finally:
        terminal.close()


def test_init_refuses_an_unknown_region_and_changes_nothing(plain: Terminal, clock: FakeClock) -> None:
    with pytest.raises(InvalidInput) as caught:
        initialize(plain.data_dir, region="XX", clock=clock)
    assert caught.value.code is Code.STORE_REGION
    terminal = reopened(plain, clock)
    try:
        assert terminal.phone_region == ""
    finally:
        terminal.close()


def test_config_region_overrides_the_stores(open_terminal: Callable[..., Terminal], demo_template: Path,
                                            clock: FakeClock) -> None:
    first = open_terminal(demo_template)
    Options(region="KR").save(first.data_dir)
    terminal = reopened(first, clock)
    try:
        assert terminal.phone_region == "KR"
        card = terminal.enroll("Lee Ji-eun", phone="010-2345-6789").card
        assert terminal.member(card).phone == "+821023456789"
    finally:
        terminal.close()


def test_the_old_calling_code_setting_still_works_as_its_region(
        open_terminal: Callable[..., Terminal], plain_template: Path, clock: FakeClock) -> None:
    first = open_terminal(plain_template)
    Options(default_country_code="+39").save(first.data_dir)
    terminal = reopened(first, clock)
    try:
        assert terminal.phone_region == "IT"
        # The finding: this was "+39612345678", a different number from "+39 06 1234 5678".
        card = terminal.enroll("Marta Neri", phone="06 1234 5678").card
        assert terminal.member(card).phone == "+390612345678"
    finally:
        terminal.close()


def test_a_phone_stored_before_e164_is_still_found(demo: Terminal) -> None:
    with demo.db.transaction() as session:  # how a terminal without a country code stored it
        session.execute(update(Member).where(Member.card == ANA).values(phone="0721000001"))
    assert demo.member("0721 000 001").card == ANA


@pytest.mark.parametrize("name", ["Ana\x00Pop", "Ana \u202eqoP", "Ana\u2066x\u2069", "Ana\x1b[31m"])
def test_enroll_refuses_control_characters_in_names_writing_nothing(plain: Terminal, name: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        plain.enroll(name, email="x@example.org")
    assert caught.value.code is Code.NAME_CONTROL
    with plain.db.reader() as session:
        assert session.scalar(select(func.count()).select_from(OutboxOp)) == 0


def test_without_a_region_a_phone_stored_before_e164_is_still_found(plain: Terminal) -> None:
    card = plain.enroll("Old Member", phone="+40 721 000 009").card
    with plain.db.transaction() as session:
        session.execute(update(Member).where(Member.card == card).values(phone="0721000009"))
    assert plain.member("0721 000 009").card == card


def test_a_phone_shaped_text_that_is_no_valid_number_is_nobodys(demo: Terminal) -> None:
    with pytest.raises(UnknownCard) as caught:  # the window then searches by what was typed
        demo.member("072155")
    assert caught.value.code is Code.UNKNOWN_PHONE
    with pytest.raises(InvalidInput) as refused:
        demo.member("hello")
    assert refused.value.code is Code.NOT_CARD_OR_PHONE
