"""Synthetic member cards and QR tokens as camera-like frames, shared by the scanning tests."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import cv2
import numpy as np

from pos_app.core import qrtoken
from pos_app.scanning.cardpdf import QUIET_MODULES, code128_modules

PHOTOS = Path(__file__).resolve().parents[3] / ".." / "shared" / "benchdata" / "scan-photos"
CARD = "2912345678906"
ISSUED = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def demo_token(card: str = CARD) -> str:
    return qrtoken.sign(card, ISSUED, qrtoken.demo_private_key(), qrtoken.DEMO_KEY_ID)


def card_image(card: str = CARD, module: int = 3) -> np.ndarray:
    bits = "0" * QUIET_MODULES + code128_modules(card) + "0" * QUIET_MODULES
    row = np.array([0 if b == "1" else 255 for b in bits], np.uint8)
    img = np.repeat(np.repeat(row[None, :], 50, axis=0), module, axis=1)
    return np.repeat(img, module, axis=0)[: 50 * module]


def qr_image(text: str, module: int = 4) -> np.ndarray:
    import segno

    matrix = np.pad(np.array([list(r) for r in segno.make(text, error="m").matrix], np.uint8), 4)
    return np.kron(np.where(matrix == 1, 0, 255).astype(np.uint8), np.ones((module, module), np.uint8))


def in_frame(symbol: np.ndarray, angle: float = 0.0, size: tuple[int, int] = (1280, 720)) -> np.ndarray:
    """The symbol pasted, rotated about its centre, on a mid-grey BGR frame."""
    w, h = size
    frame = np.full((h, w), 128, np.uint8)
    sh, sw = symbol.shape
    m = cv2.getRotationMatrix2D((sw / 2, sh / 2), angle, 1.0)
    m[:, 2] += (w / 2 - sw / 2, h / 2 - sh / 2)
    warped = cv2.warpAffine(symbol, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
    mask = cv2.warpAffine(np.ones_like(symbol), m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    frame[mask > 0] = warped[mask > 0]
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
