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


# WCAG 2.1 contrast (1.4.3, level AA) of every element that shows text of its own, as the browser
# painted it: its computed colour over the colours behind it, blended up the tree from white.
_CONTRAST = """() => {
  const parse = c => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const mix = (top, under, k) => top[k] * top.a + under[k] * (1 - top.a);
  const over = (top, under) => ({r: mix(top, under, "r"), g: mix(top, under, "g"), b: mix(top, under, "b"),
                                 a: 1});
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = c => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const behind = el => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    return layers.reverse().reduce((under, top) => over(top, under), {r: 255, g: 255, b: 255, a: 1}); };
  const found = [];
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || el.getClientRects().length === 0 || el.closest("[disabled]")) continue;
    const bg = behind(el), fg = over(parse(st.color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const words = el.textContent.trim().slice(0, 40);
    const tag = `${el.tagName.toLowerCase()}#${el.id}`;
    if (ratio < need) found.push(`${tag} "${words}": ${ratio.toFixed(2)} < ${need}`);
  }
  return found;
}"""


def low_contrast(page: Any) -> list[str]:
    """The page's texts below WCAG AA contrast, each with its element, words and ratio (none: [])."""
    found: list[str] = page.evaluate(_CONTRAST)
    return found
