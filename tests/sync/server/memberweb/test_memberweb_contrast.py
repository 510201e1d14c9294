"""Every text of the member page meets WCAG AA contrast (4.5:1, 3:1 for large text), as chromium paints
it: sign-in with its messages, the member's page, the code page, in every language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.sync.conftest import LiveServer, Node
from tests.sync.server.browser import low_contrast
from tests.sync.server.memberweb.test_memberweb_browser import ANA, sign_in


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server.db'}"


def test_the_member_pages_have_readable_contrast(phone: Any, server: LiveServer,
                                                 make_node: Callable[..., Node]) -> None:
    till = make_node("t1")
    till.terminal.sale(ANA, 4250, receipt="R-CONTRAST", cashier="ioana")
    assert till.sync().ok
    page = phone.new_page()
    page.goto(f"{server.url}/m/")
    assert low_contrast(page) == []
    page.get_by_label("Card number").first.fill("2900000000019")  # a wrong check digit: an error shown
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_selector("[role=alert], [role=status]")
    assert low_contrast(page) == []
    sign_in(page, server)
    assert page.locator("#history").inner_text() and low_contrast(page) == []
    page.goto(f"{server.url}/m/qr")
    page.wait_for_selector("#qr svg")
    assert low_contrast(page) == []
    for language in ("Italiano", "Română", "한국어"):
        page.goto(f"{server.url}/m/")
        page.get_by_role("link", name=language).click()
        page.wait_for_load_state()
        assert low_contrast(page) == [], language
