from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import cv2
import pytest

from pos_app.core.errors import BadCheckDigit
from pos_app.scanning import decode_file
from pos_app.scanning.cardpdf import CARD_H, CARD_W, grouped, render_card, render_voucher

CARD = "2912345678906"
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


def rasterize(pdf: Path, dpi: int = 300) -> Path:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(prefix)], check=True)
    return prefix.with_suffix(".png")


@needs_pdftoppm
def test_card_pdf_decodes_back_at_300_dpi(tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    render_card(CARD, "Ana Popescu", out, program_name="Corner Shop Club")
    png = rasterize(out)
    image = cv2.imread(str(png))
    # ID-1 size: 85.60 x 53.98 mm at 300 dpi is 1011 x 638 pixels.
    assert abs(image.shape[1] - 1011) <= 2 and abs(image.shape[0] - 638) <= 2
    assert [(d.text, d.format) for d in decode_file(png)] == [(CARD, "CODE128")]


def test_card_pdf_has_card_size_and_text(tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    render_card(CARD, "Ana Popescu", out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert f"{CARD_W:.2f}".encode()[:5] in data and f"{CARD_H:.2f}".encode()[:5] in data
    assert not list(tmp_path.glob("*.tmp"))  # the temp file was renamed, not left behind


def test_grouping() -> None:
    assert grouped(CARD) == "2 9123 4567 8906"


def test_bad_card_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    with pytest.raises(BadCheckDigit):
        render_card("2912345678900", "X", out)
    assert list(tmp_path.iterdir()) == []


def test_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    out.write_text("old")
    render_card(CARD, "Ana", out)
    assert out.read_bytes().startswith(b"%PDF")


@needs_pdftoppm
def test_voucher_decodes_back(tmp_path: Path) -> None:
    out = tmp_path / "voucher.pdf"
    render_voucher("V-7QX2-91AB", "Free coffee", out)
    assert [d.text for d in decode_file(rasterize(out))] == ["V-7QX2-91AB"]
