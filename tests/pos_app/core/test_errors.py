"""Error codes: each has its English template and row in docs/ERRORS.md; raise sites give code + params."""

from __future__ import annotations

import re
import string
from datetime import datetime
from pathlib import Path

import pytest

from pos_app.core import cards, ledger, qrtoken
from pos_app.core.errors import (
    MESSAGES,
    Code,
    DomainError,
    DuplicateMember,
    InvalidInput,
    NotEnoughPoints,
    Param,
    StorageFault,
    TesseraError,
    UnknownCard,
    render,
)
from pos_app.core.money import currency, parse_amount
from pos_app.sync_agent import NotRegistered
from pos_app.terminal import Terminal
from sync.server.members import ImportFailed
from tests.clocks import FakeClock

REPO = Path(__file__).resolve().parents[3]
DOC = REPO / "docs" / "ERRORS.md"
GIULIA, UNKNOWN = "2900000000056", "2900000000063"  # a demo member with 50 points; a valid card nobody has
INT_PARAMS = {"seconds", "length", "available", "needed", "cost", "limit", "left", "decimals", "digits",
              "version", "line", "minimum", "max_bytes", "count"}
_ROW = re.compile(r"^\| `(?P<code>[a-z_]+)` \| (?P<exit>[123]) \| (?P<params>.*?) \| (?P<sentence>.*) \|$")


def template_params(code: Code) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(MESSAGES[code]) if name]


def sample(code: Code) -> dict[str, Param]:
    return {name: 7 if name in INT_PARAMS else f"<{name}>" for name in template_params(code)}


def doc_rows() -> dict[str, re.Match[str]]:
    rows = [_ROW.match(line) for line in DOC.read_text(encoding="utf-8").splitlines()]
    return {row["code"]: row for row in rows if row is not None}


def all_subclasses(cls: type[TesseraError]) -> list[type[TesseraError]]:
    return [sub for direct in cls.__subclasses__() for sub in (direct, *all_subclasses(direct))]


# --- the catalogue ------------------------------------------------------------------------------------------


def test_every_code_has_a_template_and_codes_are_stable_snake_case() -> None:
    assert set(MESSAGES) == set(Code)
    assert len(Code.__members__) == len(Code), "two codes share a value"
    for code in Code:
        assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", code.value), code
        assert code.value == code.name.lower()


@pytest.mark.parametrize("code", list(Code))
def test_each_template_renders_with_its_params(code: Code) -> None:
    params = sample(code)
    message = render(code, params)
    assert "{" not in message and "}" not in message
    for value in params.values():
        assert str(value) in message
    error = DomainError(code, **params)
    assert (error.code, error.params, error.message, str(error)) == (code, params, message, message)
    assert error.as_dict() == {"code": code.value, "message": message, "params": params}


def test_a_missing_param_is_a_bug_at_the_raise_site() -> None:
    with pytest.raises(KeyError):
        DomainError(Code.PIN_LOCKED)


def test_subclasses_have_their_default_code_and_their_exit_class() -> None:
    assert UnknownCard(card="*********0018").code is Code.UNKNOWN_CARD
    assert NotEnoughPoints(available=1, needed=2).message == "not enough points: 1 available, 2 needed"
    assert NotRegistered().message == "this terminal is not registered: run `tessera-pos register`"
    assert isinstance(qrtoken.TokenExpired(), DomainError) and qrtoken.TokenExpired().code is Code.QR_EXPIRED
    assert InvalidInput().code is Code.INVALID and isinstance(InvalidInput(), ValueError)
    failed = ImportFailed([f"line {n}: bad" for n in range(2, 25)])
    assert failed.code is Code.IMPORT_FAILED and failed.params["count"] == 23
    assert failed.message.endswith("line 21: bad (and 3 more)")


# --- docs/ERRORS.md -----------------------------------------------------------------------------------------


def test_the_doc_lists_every_code_with_its_params_and_sentence() -> None:
    rows = doc_rows()
    assert set(rows) == {code.value for code in Code}
    for code in Code:
        row = rows[code.value]
        assert row["sentence"] == MESSAGES[code], code
        documented = re.findall(r"`([a-z_]+)` \((int|str)\)", row["params"])
        assert {name for name, _ in documented} >= set(template_params(code)), code
        for name, kind in documented:
            assert (kind == "int") == (name in INT_PARAMS), (code, name)


def exit_class(cls: type[TesseraError]) -> int:
    return 2 if issubclass(cls, InvalidInput) else 3 if issubclass(cls, StorageFault) else 1


def test_the_doc_gives_each_code_the_exit_class_of_its_raise_sites() -> None:
    """1 for a DomainError, 2 for an InvalidInput, 3 for a StorageFault: read from each ``raise X(Code.Y``
    and each default code."""
    exit_of = {row["code"]: int(row["exit"]) for row in doc_rows().values()}
    classes = {cls.__name__: cls for cls in all_subclasses(TesseraError)}
    seen = 0
    for cls in classes.values():
        if "default_code" in vars(cls):
            assert exit_of[cls.default_code.value] == exit_class(cls), cls
    for path in [*REPO.glob("pos_app/**/*.py"), *REPO.glob("sync/**/*.py")]:
        for name, member in re.findall(r"\b([A-Z]\w+)\(Code\.([A-Z_]+)", path.read_text(encoding="utf-8")):
            if name in classes:
                seen += 1
                assert exit_of[Code[member].value] == exit_class(classes[name]), (path.name, name, member)
    assert seen > 50


# --- raise sites give the code and typed params -------------------------------------------------------------


def test_an_unknown_card_carries_the_masked_card(demo: Terminal) -> None:
    with pytest.raises(UnknownCard) as caught:
        demo.member(UNKNOWN)
    assert (caught.value.code, caught.value.params) == (Code.UNKNOWN_CARD, {"card": cards.masked(UNKNOWN)})
    assert caught.value.message == "no member has card *********0063"


def test_a_points_shortfall_carries_the_reward_cost_and_balance(demo: Terminal) -> None:
    with pytest.raises(NotEnoughPoints) as caught:
        demo.redeem(GIULIA, "coffee")
    assert caught.value.code is Code.REWARD_POINTS
    assert caught.value.params == {"reward": "Free coffee", "cost": 100, "available": 50}
    verdict = next(v for v in demo.rewards_for(GIULIA) if v.reward.id == "coffee")
    assert (verdict.code, dict(verdict.params)) == (Code.REWARD_POINTS, caught.value.params)
    assert verdict.reason == caught.value.message


def test_a_ledger_shortfall_carries_available_and_needed() -> None:
    with pytest.raises(NotEnoughPoints) as caught:
        ledger.MemberLedger().spend("e1", 30, datetime(2026, 11, 18, 10, 0))
    assert (caught.value.code, caught.value.params) == (Code.NOT_ENOUGH_POINTS,
                                                        {"available": 0, "needed": 30})


def test_a_locked_pin_pad_carries_its_seconds(demo: Terminal, clock: FakeClock) -> None:
    for _ in range(4):
        with pytest.raises(DomainError) as wrong:
            demo.sign_in("0000")
        assert wrong.value.code is Code.WRONG_PIN
    with pytest.raises(DomainError) as locked:
        demo.sign_in("0000")
    assert (locked.value.code, locked.value.params) == (Code.PIN_PAD_LOCKED, {"seconds": 60})
    clock.advance(seconds=48)
    with pytest.raises(DomainError) as waiting:
        demo.sign_in("1111")
    assert (waiting.value.code, waiting.value.params) == (Code.PIN_LOCKED, {"seconds": 13})
    assert isinstance(waiting.value.params["seconds"], int)
    assert waiting.value.message == "too many wrong PINs: try again in 13 s"


def test_a_duplicate_contact_carries_the_name_and_full_card(demo: Terminal) -> None:
    first = demo.enroll("Dana Pop", phone="+40 721 555 001")
    with pytest.raises(DuplicateMember) as caught:
        demo.enroll("Dana P.", phone="+40721555001")
    assert caught.value.code is Code.DUPLICATE_CONTACT
    assert caught.value.params == {"name": "Dana Pop", "card": first.card}


def test_an_amount_refusal_names_text_and_currency() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_amount("1.234", currency("EUR"))
    assert caught.value.code is Code.AMOUNT_DECIMALS
    assert caught.value.params == {"text": "1.234", "currency": "EUR", "decimals": 2}
    assert caught.value.message == "invalid amount '1.234': EUR has at most 2 decimals"
