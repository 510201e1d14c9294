"""Translations (.ts complete for the four languages, compiled and used), money and dates via QLocale."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from pos_app.core.errors import Code, DomainError, InvalidInput, NotEnoughPoints, RefundTooLarge
from pos_app.core.money import currency
from pos_app.ui import fmt, i18n, messages
from pos_app.ui.app import prepare

REPO = Path(__file__).resolve().parents[3]
MAIN_SCREENS = {"SignInPage", "Workspace", "MemberPanel", "SalePanel", "RedeemPanel", "EnrollPanel",
                "RefundPanel", "StatusBar", "SearchResults", "MainWindow", "Messages"}
EUR, KRW = currency("EUR"), currency("KRW")


def messages_of(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {(ctx.findtext("name") or "", msg.findtext("source") or ""): msg.find("translation")  # type: ignore[misc]
            for ctx in root.iter("context") for msg in ctx.iter("message")}


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_every_string_is_translated(language: str) -> None:
    found = messages_of(i18n.ts_file(language))
    assert {ctx for ctx, _ in found} >= MAIN_SCREENS
    unfinished = [key for key, tr in found.items()
                  if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished")
                  or not (tr.text or "")]
    assert unfinished == []


@pytest.mark.parametrize("language", ["it", "ro", "ko"])
def test_placeholders_survive_translation(language: str) -> None:
    for (ctx, source), tr in messages_of(i18n.ts_file(language)).items():
        for marker in ("%1", "%2", "%3", "%4"):
            assert (marker in source) == (marker in (tr.text or "")), (ctx, source, tr.text)


def test_ts_files_cover_every_string_in_the_code(tmp_path: Path) -> None:
    """lupdate over pos_app/ui finds no string the .ts files lack."""
    import PySide6

    lupdate = Path(PySide6.__file__).parent / "lupdate"
    if not lupdate.exists():
        pytest.skip("lupdate not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "pos_app" / "ui").glob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh), "-silent"], check=True, timeout=120)
    in_code = set(messages_of(fresh))
    assert len(in_code) > 100
    assert in_code - set(messages_of(i18n.ts_file("it"))) == set()


def test_compiled_translation_is_used(qapp: QApplication) -> None:
    qm = i18n.qm_file("it")
    assert qm is not None and qm.exists()
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Workspace", "Sale") == "Vendita"
    prepare(qapp, "ko")
    assert QCoreApplication.translate("SalePanel", "Confirm sale") == "판매 확인"
    assert QLocale().language() == QLocale.Language.Korean


def test_language_comes_from_options_then_the_os() -> None:
    assert i18n.pick_language("ro", system="it_IT") == "ro"
    assert i18n.pick_language("", system="ko_KR") == "ko"
    assert i18n.pick_language("", system="fr_FR") == "en"
    assert i18n.pick_language("xx", system="it-IT") == "it"


def test_korean_text_has_a_font_with_hangul(qapp: QApplication) -> None:
    from PySide6.QtGui import QFontInfo, QFontMetrics

    font = i18n.ui_font("ko")
    assert QFontMetrics(font).inFont("한") or QFontInfo(font).family() != ""
    assert "Noto Sans CJK KR" in font.families()[:2]


def test_money_follows_the_locale() -> None:
    assert fmt.money(123456, EUR, QLocale("en_US")) == "€1,234.56"
    assert fmt.money(1234567, EUR, QLocale("it_IT")) == "12.345,67\u00a0€"
    assert fmt.money(-1250, EUR, QLocale("ro_RO")).startswith("-12,50")
    assert fmt.money(15000, KRW, QLocale("ko_KR")) == "₩15,000"


def test_typed_amounts_accept_the_locale_decimal_comma_only() -> None:
    it = QLocale("it_IT")
    assert fmt.parse_money("12,50", EUR, it) == 1250
    assert fmt.parse_money("12.5", EUR, QLocale("en_US")) == 1250
    assert fmt.parse_money("12,5", EUR, QLocale("en_US")) == 1250
    for bad in ("1.234,50", "12,345", "-3", "0", "1e3", "12,50,1"):
        with pytest.raises(InvalidInput):
            fmt.parse_money(bad, EUR, it)
    with pytest.raises(InvalidInput):
        fmt.parse_money("100.5", KRW, QLocale("ko_KR"))


def test_domain_refusals_are_translated(qapp: QApplication) -> None:
    prepare(qapp, "it")
    assert messages.explain(DomainError(Code.WRONG_PIN)) == "PIN errato."
    too_few = NotEnoughPoints(Code.REWARD_POINTS, reward="Spa day voucher", cost=5000, available=120)
    assert messages.explain(too_few) == "Spa day voucher richiede 5000 punti; disponibili 120."
    assert messages.explain(RefundTooLarge(Code.RECEIPT_REFUNDED, receipt="R-9")) == \
        "Lo scontrino R-9 è già stato rimborsato per intero."
    assert messages.explain(ValueError("disk on fire")) == \
        "Si è verificato un errore: disk on fire"  # not a refusal
    prepare(qapp, "en")
    assert messages.explain(DomainError(Code.WRONG_PIN)) == "Wrong PIN."
