"""Printable member cards and vouchers as PDF.

python-barcode computes the Code 128 module pattern; we draw the bars as
vector rectangles with reportlab so the print is sharp at any printer dpi
(python-barcode's own writers need Pillow or produce SVG, neither fits).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from pos_app.base.files import atomic_path
from pos_app.core import cards

CARD_W = 85.60 * mm
CARD_H = 53.98 * mm
QUIET_MODULES = 10  # Code 128 asks for ten modules of white on each side


def code128_modules(data: str) -> str:
    """The bar pattern, "1" for a dark module, "0" for a light one."""
    import barcode

    return str(barcode.get("code128", data).build()[0])


def _draw_code128(c: canvas.Canvas, data: str, x: float, y: float, width: float, height: float) -> None:
    """Bars fill ``width`` including the quiet zones, so the caller only places the box."""
    modules = code128_modules(data)
    module = width / (len(modules) + 2 * QUIET_MODULES)
    c.setFillColorRGB(0, 0, 0)
    start = None
    # Runs of dark modules become one rectangle: fewer objects, no hairline gaps.
    for i, bit in enumerate(modules + "0"):
        if bit == "1" and start is None:
            start = i
        elif bit == "0" and start is not None:
            c.rect(x + (QUIET_MODULES + start) * module, y, (i - start) * module, height, stroke=0, fill=1)
            start = None


def grouped(card: str) -> str:
    """2 9123 4567 8906: the grouping printed under the bars, easy to read out."""
    return f"{card[0]} {card[1:5]} {card[5:9]} {card[9:]}"


@contextlib.contextmanager
def _pdf(out: Path, size: tuple[float, float]) -> Iterator[canvas.Canvas]:
    """A one-page canvas that replaces ``out`` only once fully written (never a half PDF)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        page = canvas.Canvas(str(tmp), pagesize=size, invariant=True)
        yield page
        page.showPage()
        page.save()


def render_card(card: str, name: str, out: Path, program_name: str = "Tessera") -> None:
    """Credit-card size (ID-1) PDF: program name, member name, Code 128 of the
    card number with the number in groups below it."""
    number = cards.validate(card)
    with _pdf(Path(out), (CARD_W, CARD_H)) as c:
        c.setTitle(f"{program_name} card {cards.masked(number)}")
        margin = 4 * mm
        c.setFont("Helvetica-Bold", 11)
        c.drawString(margin, CARD_H - margin - 9, program_name)
        c.setFont("Helvetica", 9)
        c.drawString(margin, CARD_H - margin - 22, name[:40])
        bar_w = CARD_W - 2 * margin
        bar_h = 17 * mm
        bar_y = margin + 6 * mm
        _draw_code128(c, number, margin, bar_y, bar_w, bar_h)
        c.setFont("Courier-Bold", 10)
        c.drawCentredString(CARD_W / 2, margin + 1.5 * mm, grouped(number))


def render_voucher(code: str, reward_name: str, out: Path) -> None:
    """A small slip (80 mm wide, receipt-printer size) with the voucher's Code 128."""
    if not code or not code.isascii() or not code.isprintable():
        raise ValueError("a voucher code is printable ASCII")
    width, height = 80 * mm, 50 * mm
    with _pdf(Path(out), (width, height)) as c:
        margin = 4 * mm
        c.setFont("Helvetica-Bold", 11)
        c.drawString(margin, height - margin - 9, "Voucher")
        c.setFont("Helvetica", 9)
        c.drawString(margin, height - margin - 22, reward_name[:45])
        _draw_code128(c, code, margin, margin + 6 * mm, width - 2 * margin, 18 * mm)
        c.setFont("Courier-Bold", 10)
        c.drawCentredString(width / 2, margin + 1.5 * mm, code)
