"""The window's refusal texts: one per code, translated in every language, parameters filled in by name."""

from __future__ import annotations

import ast
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from pos_app.core.errors import MESSAGES, Code, DomainError, InvalidInput, NotEnoughPoints, Param
from pos_app.core.program import Reward
from pos_app.core.rewards import Eligibility
from pos_app.ui import i18n, messages
from pos_app.ui.app import prepare

UI = Path(messages.__file__).parent
TRANSLATED = ["it", "ro", "ko"]
EXTRA_PARAMS = {Code.PIN_PAD_LOCKED: {"seconds"}, Code.IMPORT_FAILED: {"count"}}


def template_params(code: Code) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(MESSAGES[code]) if name}


def sample(code: Code) -> dict[str, Param]:
    return {name: 4321 if name in ("seconds", "cost", "available", "needed", "limit", "left", "decimals",
                                   "digits", "version", "line", "minimum", "max_bytes", "count")
            else f"X{name}Y" for name in template_params(code)}


def unfinished_in_ts(language: str) -> set[str]:
    """Sources of context Messages whose .ts translation is missing, empty or marked unfinished."""
    root = ET.parse(i18n.ts_file(language)).getroot()
    missing = set()
    for ctx in root.iter("context"):
        if ctx.findtext("name") != messages.CONTEXT:
            continue
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if (tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished")
                    or not (tr.text or "").strip()):
                missing.add(msg.findtext("source") or "")
    return missing


@pytest.fixture
def compiled() -> dict[str, QTranslator]:
    translators = {}
    for language in TRANSLATED:
        qm = i18n.qm_file(language)
        assert qm is not None, f"no compiled catalog for {language}"
        translator = QTranslator()
        assert translator.load(str(qm)), qm
        translators[language] = translator
    return translators


def test_every_code_has_a_window_text() -> None:
    assert set(messages.TEXTS) == set(Code)


@pytest.mark.parametrize("code", list(Code))
def test_each_text_takes_its_params_from_the_error(code: Code) -> None:
    entry = messages.TEXTS[code]
    markers = [f"%{n}" for n in range(1, 10) if f"%{n}" in entry.source]
    assert markers == [f"%{n}" for n in range(1, len(entry.names) + 1)], (code, entry)
    allowed = template_params(code) | EXTRA_PARAMS.get(code, set()) | {messages.DETAIL}
    assert set(entry.names) <= allowed, (code, entry.names)


def test_every_code_is_translated_in_it_ro_and_ko(compiled: dict[str, QTranslator]) -> None:
    missing = []
    for language, translator in compiled.items():
        not_done = unfinished_in_ts(language)
        for code in Code:
            source = messages.TEXTS[code].source
            translated = translator.translate(messages.CONTEXT, source)
            if not translated or translated == source or source in not_done:
                missing.append((language, code.value, source))
    assert missing == []


def test_every_source_text_is_in_the_ts_files() -> None:
    """lupdate finds them (QT_TRANSLATE_NOOP in messages.py); the .ts files must hold them all."""
    sources = {entry.source for entry in messages.TEXTS.values()}
    for language in [*TRANSLATED, "en"]:
        root = ET.parse(i18n.ts_file(language)).getroot()
        held = {msg.findtext("source") for ctx in root.iter("context")
                if ctx.findtext("name") == messages.CONTEXT for msg in ctx.iter("message")}
        assert sources - held == set(), language


@pytest.mark.parametrize("language", ["en", *TRANSLATED])
def test_explain_fills_the_params_in_every_language(qapp: QApplication, language: str) -> None:
    prepare(qapp, language)
    locked = messages.explain(DomainError(Code.PIN_LOCKED, seconds=12))
    assert "12" in locked
    short = messages.explain(NotEnoughPoints(Code.REWARD_POINTS, reward="Spa day", cost=5000, available=120))
    assert "Spa day" in short and "5000" in short and "120" in short
    duplicate = messages.explain(DomainError(Code.DUPLICATE_CONTACT, name="Ana", card="2900000000018"))
    assert "Ana" in duplicate and "2900000000018" in duplicate
    detail = messages.explain(InvalidInput(Code.PROGRAM_REQUIRED, key="currency"))
    assert "program: currency is required" in detail  # technical codes: the English sentence as the detail
    for code in Code:
        shown = messages.text(code, sample(code))
        assert shown, code
        for name in messages.TEXTS[code].names:
            if name != messages.DETAIL:
                assert str(sample(code)[name]) in shown, (language, code, name)


def test_english_texts_are_todays(qapp: QApplication) -> None:
    assert messages.explain(DomainError(Code.UNKNOWN_RECEIPT, receipt="NOPE-1")) == \
        "No sale has receipt NOPE-1."
    assert messages.explain(DomainError(Code.PIN_PAD_LOCKED, seconds=60)) == \
        "Too many wrong PINs: the PIN pad is locked for 60 s."
    assert messages.explain(ValueError("disk on fire")) == "Something went wrong: disk on fire"


def test_a_reward_refusal_is_explained_by_its_code(qapp: QApplication) -> None:
    reward = Reward(id="10pct", name="10% off your basket", cost=300, kind="percent_discount", value=10)
    refused = Eligibility(reward, False, "10% off your basket needs Silver tier or higher", Code.REWARD_TIER,
                          {"reward": reward.name, "tier": "Silver"})
    assert messages.refusal(refused) == "10% off your basket needs Silver tier or higher."
    assert messages.refusal(Eligibility(reward, True)) == ""
    prepare(qapp, "it")
    assert messages.refusal(refused) == "10% off your basket richiede il livello Silver o superiore."


def test_a_value_holding_a_marker_is_not_filled_twice() -> None:
    assert messages.explain(DomainError(Code.DUPLICATE_CONTACT, name="50%2 off", card="29")) == \
        "50%2 off is already a member with this phone or e-mail (card 29)."


@pytest.mark.parametrize("module", ["messages.py", "signin.py", "enroll.py"])
def test_the_window_reads_no_message_text_with_regular_expressions(module: str) -> None:
    tree = ast.parse((UI / module).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names} | {node.module for node in ast.walk(tree)
                                            if isinstance(node, ast.ImportFrom) and node.module}
    assert "re" not in imported


@pytest.mark.parametrize("language", ["en", *TRANSLATED])
@pytest.mark.parametrize("code", [Code.BACKUP_UNUSABLE, Code.BACKUP_OTHER_TERMINAL, Code.NO_BACKUP,
                                  Code.MIGRATION_FAILED, Code.MIGRATION_NOT_UNDONE])
def test_backup_and_upgrade_refusals_have_their_own_sentence(qapp: QApplication, language: str,
                                                             code: Code) -> None:
    """The settings screen's restore and the PIN pad's failed upgrade say what happened, not the generic
    "Something went wrong" around the English sentence."""
    assert messages.DETAIL not in messages.TEXTS[code].names  # its own words, filled from its params
    prepare(qapp, language)
    params = sample(code)
    english = MESSAGES[code].format(**params)
    shown = messages.text(code, params, english)
    assert shown != messages.text(Code.SYNC_FAILED, {}, english)  # the generic "Something went wrong: ..."
    assert str(params["path"]) in shown
