"""A real browser for the server's pages (the member page, the HQ console): Debian's chromium driven by
Playwright for Python.

The registry's own browser downloads are not reachable here, so Playwright is pointed at the system
chromium (run.sh installs it with the other test packages). A missing one fails the tests that need it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("TESSERA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"no chromium at {CHROMIUM}: run.sh installs Debian's chromium package")
    with sync_playwright() as playwright:
        # root in a container: chromium's sandbox needs user namespaces it does not get here
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def desk(browser: Any) -> Iterator[Any]:
    """A fresh desktop-sized browser context (1280 x 800, English)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    yield context
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A fresh phone-sized browser context (360 x 740, a touch screen, English)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="en-GB")
    yield context
    context.close()
