"""The member page in a real browser (chromium at 360 px) against the real server and a real till.

A sale rung on a registered till and synced shows on the page; the page's rotating QR code, decoded
from a screenshot by the terminal's own decoder, opens that member at the till once, and not after it
expired; offline, the page keeps rotating the codes it has and says until when.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from pos_app.core.errors import Code, TesseraError
from pos_app.scanning import decode_frame
from pos_app.terminal import Terminal
from sync.server.memberweb import login
from tests.sync.conftest import LiveServer, Node
from tests.sync.server.memberweb.weekend import ring_saturday

ANA = "2900000000018"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """One backend is enough for the browser: the sign-in rules run on both in test_memberweb_login."""
    return f"sqlite:///{tmp_path / 'server.db'}"


def decoded_qr(page: Any) -> str:
    png = page.locator("#qr").screenshot()
    frame = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    texts = [d.text for d in decode_frame(frame) if d.text.startswith("TQ1.")]
    assert len(texts) == 1, texts
    return texts[0]


def sign_in(page: Any, server: LiveServer) -> None:
    page.goto(f"{server.url}/m/")
    page.get_by_label("Card number").first.fill(ANA)
    page.get_by_role("button", name="Send me a code").click()
    assert "a code is on its way" in page.locator("[role=status]").inner_text()
    code = login.issue_code(server.db, ANA, datetime.now(UTC), "shop").code  # the shop hands one out
    page.get_by_label("Sign-in code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/m/")


def tessera_pos(capsys: pytest.CaptureFixture[str], till: Node, *args: str) -> dict[str, Any]:
    import json

    from pos_app.cli import main as pos_main

    capsys.readouterr()
    assert pos_main(["--data-dir", str(till.data_dir), *args]) == 0
    answer: dict[str, Any] = json.loads(capsys.readouterr().out)
    return answer


def test_balance_after_a_synced_sale_and_a_qr_code_the_till_accepts_once(
        phone: Any, server: LiveServer, make_node: Callable[..., Node],
        capsys: pytest.CaptureFixture[str]) -> None:
    till = make_node("t1")
    sold = till.terminal.sale(ANA, 4250, receipt="R-WEB-1", cashier="ioana")
    assert till.sync().ok
    page = phone.new_page()
    loaded: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: loaded.append((r.url, r.sizes()["responseBodySize"])))
    page.clock.install()  # the page's own clock: the test moves it instead of waiting 30 s
    sign_in(page, server)
    assert page.locator("#balance").inner_text() == str(server.balance(ANA)) == str(sold.balance)
    assert "R-WEB-1" in page.locator("#history").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone

    loaded.clear()
    page.reload(wait_until="networkidle")  # every request of the load finished and counted
    assert loaded and all(url.startswith(server.url) for url, _ in loaded), loaded  # no fonts, scripts, CDNs
    assert 1_000 < sum(size for _, size in loaded) < 100_000, loaded

    page.get_by_role("link", name="Show my code at the till").click()
    page.wait_for_selector("#qr svg")
    assert page.locator("#qr-status").inner_text().startswith("Valid until ")
    first = decoded_qr(page)
    assert till.terminal.card_of_token(first) == ANA
    with pytest.raises(TesseraError) as replayed:
        till.terminal.card_of_token(first)
    assert replayed.value.code is Code.QR_REPLAYED

    shown = page.locator("#qr").get_attribute("data-show-from")
    page.clock.fast_forward(31_000)
    page.wait_for_function(f"document.getElementById('qr').dataset.showFrom !== {shown!r}")
    second = decoded_qr(page)
    assert second != first and till.terminal.card_of_token(second) == ANA
    shown = page.locator("#qr").get_attribute("data-show-from")
    page.clock.fast_forward(30_000)
    page.wait_for_function(f"document.getElementById('qr').dataset.showFrom !== {shown!r}")
    assert tessera_pos(capsys, till, "member", "show", decoded_qr(page), "--json")["card"] == ANA

    shown = page.locator("#qr").get_attribute("data-show-from")
    page.clock.fast_forward(30_000)
    page.wait_for_function(f"document.getElementById('qr').dataset.showFrom !== {shown!r}")
    third = decoded_qr(page)
    issued = datetime.fromisoformat(str(page.locator("#qr").get_attribute("data-show-from")))
    later = Terminal(till.data_dir, clock=lambda: issued + timedelta(minutes=4))
    try:
        with pytest.raises(TesseraError) as expired:
            later.card_of_token(third)
        assert expired.value.code is Code.QR_EXPIRED
    finally:
        later.close()


def test_the_history_says_why_and_the_vouchers_barcode_opens_it_at_the_till(
        phone: Any, server: LiveServer, make_node: Callable[..., Node],
        capsys: pytest.CaptureFixture[str]) -> None:
    """Last Saturday on a till: a Gold purchase in the weekend promotion, refunds, a free coffee and a voided
    voucher; on the page each line says why, and the coffee's barcode, read off a screenshot by the
    terminal's own decoder, is a voucher the till takes."""
    saturday = ring_saturday(make_node)
    page = phone.new_page()
    sign_in(page, server)
    rows = {row.split("\t")[1].split("\n")[0]: row for row in page.locator("#history tr").all_inner_texts()}
    gold = rows["Purchase, receipt R-B, store demo"]
    assert "Gold tier ×1.5 · Double points at weekends ×2 · capped at 5000 points" in gold and "+5000" in gold
    assert "basket under the minimum of 1.00 EUR" in rows["Purchase, receipt R-C, store demo"]
    refund = next(text for key, text in rows.items() if key.startswith("Refund or cancellation, receipt R-A"))
    assert "Refund of receipt R-A" in refund and "-4000" in refund
    assert any(f"Free coffee · voucher {saturday.coffee}" in text for text in rows.values())
    assert any(f"Voucher {saturday.voided} voided" in text for text in rows.values())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    label = f"Voucher code {saturday.coffee} as a barcode"
    assert page.get_by_role("img", name=f"Voucher code {saturday.voided} as a barcode").count() == 0  # void
    png = page.get_by_role("img", name=label).screenshot()
    frame = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    assert frame is not None and frame.shape[1] >= 2 * 250  # 1.3 px a module at 360 px
    read = [(d.text, d.format) for d in decode_frame(frame)]
    assert read == [(saturday.coffee, "CODE128")], read
    checked = tessera_pos(capsys, saturday.till, "voucher", "check", read[0][0], "--json")
    assert checked["code"] == saturday.coffee and checked["state"] == "issued"

    # As the browser counted the bodies (uncompressed): the page, its style sheet, no other request.
    sizes = dict(page.evaluate("""[...performance.getEntriesByType('navigation'),
        ...performance.getEntriesByType('resource')].map(e => [e.name, e.decodedBodySize])"""))
    assert set(sizes) == {f"{server.url}/m/", f"{server.url}/m/static/style.css"}, sizes
    assert sizes[f"{server.url}/m/"] < 12_000  # the barcode is about 1.9 KB of it

    used = tessera_pos(capsys, saturday.till, "voucher", "use", read[0][0], "--json")
    assert used["state"] == "used"
    assert saturday.till.sync().ok
    page.reload()
    assert page.get_by_role("img", name=label).count() == 0  # a used voucher shows no barcode
    assert page.locator(".barcode").count() == 0


def test_offline_the_page_keeps_rotating_and_says_until_when(phone: Any, server: LiveServer) -> None:
    page = phone.new_page()
    page.clock.install()
    sign_in(page, server)
    page.goto(f"{server.url}/m/qr")
    page.wait_for_selector("#qr svg")
    phone.set_offline(True)
    shown = page.locator("#qr").get_attribute("data-show-from")
    page.clock.fast_forward(181_000)  # six codes later: the page must try the network and fail
    page.wait_for_function("document.getElementById('qr-status').textContent.startsWith('Offline')")
    assert page.locator("#qr").get_attribute("data-show-from") != shown
    assert page.locator("#qr svg").count() == 1
    page.clock.fast_forward(10 * 60_000)  # past the last code's time: no stale code stays on screen
    page.wait_for_function("document.getElementById('qr').children.length === 0")
    assert "connect to get a new code" in page.locator("#qr-status").inner_text()


def test_the_page_follows_the_browsers_language_and_can_be_switched(browser: Any, server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="it-IT")
    try:
        page = context.new_page()
        page.goto(f"{server.url}/m/")
        assert page.locator("html").get_attribute("lang") == "it"
        assert page.get_by_role("button", name="Inviami un codice").is_visible()
        page.get_by_role("link", name="한국어").click()
        assert page.locator("html").get_attribute("lang") == "ko"
        page.goto(f"{server.url}/m/")  # the choice is kept
        assert page.get_by_role("button", name="코드 보내기").is_visible()
    finally:
        context.close()


def test_screenshots_for_the_readme(phone: Any, server: LiveServer, make_node: Callable[..., Node],
                                   tmp_path: Path) -> None:
    """The README's pictures of the page on a phone, from the real page: TESSERA_SCREENSHOTS=docs/screenshots
    writes them there (the README's copies), otherwise they go to a temporary folder."""
    out = Path(os.environ.get("TESSERA_SCREENSHOTS") or tmp_path)
    till = make_node("t1")
    till.terminal.sale(ANA, 4250, receipt="R-WEB-2", cashier="ioana")
    assert till.sync().ok
    page = phone.new_page()
    page.goto(f"{server.url}/m/")
    out.mkdir(parents=True, exist_ok=True)
    shots = {"member-web-signin.png": page.screenshot()}
    sign_in(page, server)
    shots["member-web-home.png"] = page.screenshot(full_page=True)
    page.goto(f"{server.url}/m/qr")
    page.wait_for_selector("#qr svg")
    shots["member-web-qr.png"] = page.screenshot()
    for name, png in shots.items():
        image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
        assert image.shape[1] == 720  # 360 px at a phone's 2x
        (out / name).write_bytes(png)


def till_member(till: Node, card: str) -> tuple[bool, str, str | None]:
    from sqlalchemy import select

    from pos_app.store.models import Member

    with till.terminal.db.reader() as session:
        row = session.execute(select(Member.marketing_consent, Member.name, Member.phone)
                              .where(Member.card == card)).one()
    return bool(row.marketing_consent), row.name, row.phone


def test_consent_download_and_deletion_reach_the_till(
        phone: Any, server: LiveServer, make_node: Callable[..., Node], tmp_path: Path) -> None:
    import json

    from sync.server.models import MemberEvent

    till = make_node("t1")
    till.terminal.sale(ANA, 2000, receipt="R-GDPR-1", cashier="ioana")
    assert till.sync().ok and till_member(till, ANA)[0] is False
    page = phone.new_page()
    sign_in(page, server)
    ready = page.locator("#rewards li.ready").all_inner_texts()
    later = page.locator("#rewards li.later").all_inner_texts()
    assert ready and later and all("ready: ask at the till" in r for r in ready)
    assert any("more points" in r or "for " in r for r in later)

    page.get_by_role("button", name="Send me offers").click()
    assert page.locator("#consent").inner_text() == "You receive our offers."
    page.reload()
    assert page.get_by_role("button", name="Stop sending offers").is_visible()  # kept on the server
    assert till.sync().ok and till_member(till, ANA)[0] is True  # and on the till

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    saved = tmp_path / "mine.json"
    download.value.save_as(saved)
    mine = json.loads(saved.read_text(encoding="utf-8"))
    assert mine["profile"]["card"] == ANA and mine["profile"]["marketing_consent"] is True
    assert mine["consent_history"][-1]["consent"] is True
    assert "R-GDPR-1" in {entry["receipt"] for entry in mine["ledger"]}
    assert sum(entry["points"] for entry in mine["ledger"]) == mine["profile"]["balance"]

    page.get_by_role("button", name="Delete my account").click()  # not confirmed: nothing happens
    assert "Tick the box" in page.locator("[role=alert]").inner_text()
    page.get_by_label("I want to delete my account").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/m/?deleted=1")
    assert "Your account is deleted" in page.locator("[role=status]").inner_text()
    page.goto(f"{server.url}/m/qr/codes")
    assert "signed_out" in page.content()  # the session ended with the account
    assert till.sync().ok
    consent, name, on_file = till_member(till, ANA)
    assert (consent, name, on_file) == (False, "Deleted member", None)
    with pytest.raises(TesseraError) as refused:
        till.terminal.sale(ANA, 1000, receipt="R-GDPR-2")
    assert refused.value.code is Code.MEMBER_BLOCKED
    with server.db.read() as session:
        kinds = [e.kind for e in session.query(MemberEvent).order_by(MemberEvent.at, MemberEvent.id)]
    assert kinds == ["consent.on", "data.download", "account.delete"]
    assert server.ledger_check()[ANA] == mine["profile"]["balance"]  # the books still add up
    with pytest.raises(TesseraError):
        login.issue_code(server.db, ANA, datetime.now(UTC), "shop")  # no more sign-ins


def test_signing_in_works_from_the_keyboard_alone(phone: Any, server: LiveServer) -> None:
    page = phone.new_page()
    page.goto(f"{server.url}/m/")
    page.keyboard.press("Tab")  # the language links come first, then the card field
    while page.evaluate("document.activeElement.id") != "card":
        page.keyboard.press("Tab")
    page.keyboard.type(ANA)
    page.keyboard.press("Enter")  # submits "Send me a code"
    page.wait_for_selector("[role=status]")
    code = login.issue_code(server.db, ANA, datetime.now(UTC), "shop").code
    page.focus("#code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server.url}/m/")
    unlabelled = page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]), button')]
        .filter(e => !(e.labels && e.labels.length) && !e.textContent.trim() && !e.getAttribute('aria-label'))
        .length""")
    assert unlabelled == 0 and page.locator("#balance").is_visible()
