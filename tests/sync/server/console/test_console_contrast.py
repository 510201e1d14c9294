"""Every text of the HQ console meets WCAG AA contrast (4.5:1, 3:1 for large text), as chromium paints
it, on each page of the console."""

from __future__ import annotations

from typing import Any

from tests.sync.conftest import LiveServer
from tests.sync.server.browser import low_contrast
from tests.sync.server.console.test_console_browser import db_url, server, sign_in

__all__ = ["db_url", "server"]

PAGES = ("/hq/", "/hq/members?q=a", "/hq/conflicts", "/hq/terminals", "/hq/program", "/hq/reports",
         "/hq/period", "/hq/members/import")


def test_the_console_pages_have_readable_contrast(desk: Any, server: LiveServer) -> None:
    page = desk.new_page()
    page.goto(f"{server.url}/hq/")
    assert low_contrast(page) == []  # the sign-in page
    page.get_by_label("User name").fill("hq-anna")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("[role=alert]")
    assert low_contrast(page) == []  # with its error
    sign_in(page, server)
    for path in PAGES:
        response = page.goto(f"{server.url}{path}")
        assert response is not None and response.status == 200, path
        assert low_contrast(page) == [], path
    grey = "{color: '#aaa', fontSize: '16px'}"  # through the CSSOM: the page's CSP refuses inline styles
    page.evaluate(f"() => Object.assign(document.querySelector('h1').style, {grey})")
    assert any(found.startswith("h1") and "< 4.5" in found for found in low_contrast(page))  # the check bites
