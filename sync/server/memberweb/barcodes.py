"""A voucher's code as a Code 128 barcode, drawn by the server as inline SVG (python-barcode).

The till reads it with its camera off the member's phone, so the drawing is made for that: one unit
of the SVG's view box per bar module, a quiet zone of ten modules each side, bars a quarter of the
code's length tall, black on a white ground. The page's style sheet stretches it to the width of
the phone (about 1.6 px a module at 360 px) and no further than 3 px a module. The writer's output
is made fit to sit inside the page: no XML prolog or comment, no ``id`` (several vouchers share a
page), no ``style`` attributes (the page's Content-Security-Policy allows no inline style), the
units of the view box instead of millimetres, which also keeps it small (about 2 KB).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

QUIET = 10  # modules of white either side (Code 128 asks for ten)
HEIGHT_SHARE = 4  # bars a quarter of the symbol's length tall

_SIZE = re.compile(r'<svg([^>]*?) width="([\d.]+)mm" height="([\d.]+)mm"')
_NUMBER = re.compile(r'"(\d+)(?:\.0+)?(?:mm)?"')


@lru_cache(maxsize=256)
def svg(code: str) -> Markup:
    """The inline SVG of ``code`` (a voucher code: letters, digits and a hyphen); the caller labels it."""
    import barcode
    from barcode.writer import SVGWriter

    symbol = barcode.get("code128", code, writer=SVGWriter())
    modules = len(symbol.build()[0])
    options = {"module_width": 1, "module_height": max((modules + 2 * QUIET) // HEIGHT_SHARE, 30),
               "quiet_zone": QUIET, "margin_top": 0, "margin_bottom": 0, "write_text": False,
               "compress": False}
    text = symbol.render(options).decode("utf-8")
    text = text[text.index("<svg"):]  # no XML declaration or DOCTYPE inside HTML
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    found = _SIZE.search(text)
    if found is None:
        raise ValueError("python-barcode's SVG is not what this module expects")
    box = " ".join(f"{float(n):g}" for n in found.group(2, 3))
    text = _SIZE.sub(rf'<svg\1 viewBox="0 0 {box}" aria-hidden="true" focusable="false"', text, count=1)
    text = text.replace(' id="barcode_group"', ' fill="#000"')
    text = text.replace(' style="fill:white"', ' fill="#fff"').replace(' style="fill:black;"', "")
    text = text.replace(' version="1.1"', "")
    text = _NUMBER.sub(r'"\1"', text).replace(' y="0"', "")
    text = re.sub(r">\s+<", "><", text).strip()
    if "style=" in text or "mm\"" in text:  # a writer that draws otherwise: refuse rather than show it wrong
        raise ValueError("python-barcode's SVG is not what this module expects")
    return Markup(text)
