"""Find linear barcodes in a frame and cut them out upright.

Why: the 1D readers scan rows (zxing also columns). A card held at 45 degrees
has no row that crosses every bar, so both libraries miss it however sharp it
is. A barcode is a patch of strong, parallel gradients; the structure tensor
finds such patches and their direction, and we rotate just that patch so the
bars stand vertical. The crop is small, so the readers run on it cheaply and
it can be enlarged when the bars are thin.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import cv2
import numpy as np

BLOCK = 8  # pixels per tensor cell: small enough to see a card far away
MIN_COHERENCE = 0.55  # 1.0 = perfectly parallel edges; text and clutter sit lower
MIN_CELLS = 10
MAX_REGIONS = 2  # measured: the region that decodes is always the first or second
# A region this big could hold a barcode worth the thorough stages: every
# located symbol in the benchmark sets covers >= 100 cells and >= 150 px across.
STRONG_CELLS = 64
STRONG_ACROSS = 96.0


@dataclass(frozen=True)
class Region:
    center: tuple[float, float]
    size: tuple[float, float]  # across the bars, along the bars (pixels)
    angle: float  # degrees of the gradient direction (across the bars)
    score: float


_work = threading.local()


def _buffer(name: str, shape: tuple[int, int]) -> np.ndarray:
    """A float32 scratch image reused across frames of one size (per thread):
    on the terminal's VM a fresh 4 MB array per Sobel or product costs as much
    as the arithmetic, in page faults."""
    cache: dict[str, np.ndarray] = getattr(_work, "cache", None) or {}
    _work.cache = cache
    buf = cache.get(name)
    if buf is None or buf.shape != shape:
        buf = cache[name] = np.empty(shape, np.float32)
    return buf


def find_linear_regions(gray: np.ndarray) -> list[Region]:
    h, w = gray.shape[:2]
    if h < 4 * BLOCK or w < 4 * BLOCK:
        return []
    # Crop to whole cells so the area resize below is an exact block average.
    h, w = h - h % BLOCK, w - w % BLOCK
    src = gray[:h, :w]
    gx = cv2.Sobel(src, cv2.CV_32F, 1, 0, dst=_buffer("gx", (h, w)), ksize=3)
    gy = cv2.Sobel(src, cv2.CV_32F, 0, 1, dst=_buffer("gy", (h, w)), ksize=3)
    cells = (w // BLOCK, h // BLOCK)
    product = _buffer("product", (h, w))
    # Average the tensor over cells: the orientation of thin bars survives this,
    # whereas shrinking the image first would blur them away.
    jxx = cv2.resize(cv2.multiply(gx, gx, dst=product), cells, interpolation=cv2.INTER_AREA)
    jyy = cv2.resize(cv2.multiply(gy, gy, dst=product), cells, interpolation=cv2.INTER_AREA)
    jxy = cv2.resize(cv2.multiply(gx, gy, dst=product), cells, interpolation=cv2.INTER_AREA)
    energy = jxx + jyy
    coherence = cv2.sqrt((jxx - jyy) ** 2 + 4 * jxy**2) / (energy + 1e-6)
    # Relative energy threshold (half the 90th percentile): low light lowers all
    # gradients together.
    k = int(0.9 * (energy.size - 1))
    strong = energy > max(float(np.partition(energy.ravel(), k)[k]) * 0.5, 200.0)
    raw = ((coherence > MIN_COHERENCE) & strong).astype(np.uint8)
    mask = cv2.morphologyEx(raw, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    regions: list[Region] = []
    for label in range(1, count):
        if stats[label, cv2.CC_STAT_AREA] < MIN_CELLS:
            continue
        sel = labels == label
        sxx, syy, sxy = float(jxx[sel].sum()), float(jyy[sel].sum()), float(jxy[sel].sum())
        theta = 0.5 * np.degrees(np.arctan2(2 * sxy, sxx - syy))
        ys, xs = np.nonzero(sel)
        pts = np.stack([xs, ys], axis=1).astype(np.float32) * BLOCK + BLOCK / 2
        # Extent of the patch across and along the bars, in frame pixels.
        t = np.radians(theta)
        across = pts @ np.array([np.cos(t), np.sin(t)], np.float32)
        along = pts @ np.array([-np.sin(t), np.cos(t)], np.float32)
        c_across = (across.max() + across.min()) / 2
        c_along = (along.max() + along.min()) / 2
        center = (
            float(c_across * np.cos(t) - c_along * np.sin(t)),
            float(c_across * np.sin(t) + c_along * np.cos(t)),
        )
        size = (float(across.max() - across.min() + BLOCK), float(along.max() - along.min() + BLOCK))
        regions.append(Region(center, size, float(theta), float(stats[label, cv2.CC_STAT_AREA])))
    regions.sort(key=lambda r: r.score, reverse=True)
    return regions[:MAX_REGIONS]


def is_strong(region: Region) -> bool:
    """Big enough to be a barcode rather than a box edge or a line of text."""
    return region.score >= STRONG_CELLS and region.size[0] >= STRONG_ACROSS


def cut_upright(gray: np.ndarray, region: Region, max_width: int = 1000) -> np.ndarray:
    """The region rotated so its bars are vertical, with a quiet-zone margin,
    enlarged when small (thin bars read better at two or more pixels each)."""
    across, along = region.size
    out_w = across * 1.3 + 2 * BLOCK
    out_h = max(along, 2 * BLOCK) + 2 * BLOCK
    scale = min(2.0, max(1.0, 600.0 / out_w), max_width / out_w)
    t = np.radians(region.angle)
    cos, sin = np.cos(t) * scale, np.sin(t) * scale
    cx, cy = region.center
    width, height = int(out_w * scale), int(out_h * scale)
    # Maps frame pixels into the crop: rotate by -angle about the region center,
    # scale, then move the center to the middle of the crop.
    m = np.array(
        [
            [cos, sin, width / 2 - (cos * cx + sin * cy)],
            [-sin, cos, height / 2 - (-sin * cx + cos * cy)],
        ],
        np.float32,
    )
    return np.asarray(
        cv2.warpAffine(gray, m, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    )
