"""Decoder stages: preprocessing plus one backend call each, cheapest first.

A stage works on a ``Frame``, which holds the grayscale image and caches what
several stages share (the CLAHE image, the located 1D regions, the QR codes
zxing saw but could not read), so no conversion runs twice on one frame. The
stage lists and the measurements behind their order are in bench/SCAN_RESULTS.md
(``bench/scan_bench.py --stages`` prints rescues per stage and their cost).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from pos_app.scanning import locate
from pos_app.scanning.backends import Backend, Box, Decoded, ZxingBackend, unique

# Photos and crops, not camera frames: on these zbar is cheap and upscaling pays
# off; on a 720p frame zbar alone costs ~30 ms, too much for every frame.
SMALL_PIXELS = 480 * 640
# Frames this big are first read at half size: measured on the 720p set, zxing
# reads 118 of 300 at half size in ~1.5 ms against 157 in ~6 ms at full size.
LARGE_PIXELS = 2 * SMALL_PIXELS


# The clock of the per-frame budget: CPU time of the calling (decoding) thread, in ns. Not wall-clock
# time: on a busy machine the thread waits for a core (and for the GIL) without using any CPU, and with
# a wall-clock budget that waiting decided which stages ran, so the same frame decoded differently
# under load. Thread CPU time is the decode's whole cost only because nothing it calls works on other
# threads: zxing-cpp and zbar run on the caller's thread, the numpy operations used are elementwise,
# and OpenCV is kept to one thread (decode.single_threaded_opencv(), set by the capture worker's
# decode loop and the benchmark; OpenCV's default pool would move part of a resize or Sobel onto
# threads this clock does not see). A module attribute so that bench/scan_bench.py --budget-clock wall
# and the tests can compare with the old wall-clock behaviour.
BUDGET_CLOCK: Callable[[], int] = time.thread_time_ns


class Frame:
    """One grayscale frame on its way through the stages."""

    def __init__(self, gray: np.ndarray, backends: dict[str, Backend], deadline: float | None = None) -> None:
        self.gray = gray
        self.backends = backends
        self.deadline = deadline  # a BUDGET_CLOCK() value (ns of thread CPU time); None: no budget
        self.pixels = int(gray.shape[0] * gray.shape[1])
        self.small = self.pixels <= SMALL_PIXELS
        self.large = self.pixels > LARGE_PIXELS
        # Set by the full-size zxing stage: QR codes located but not read, and
        # whether zxing located anything at all (used by the early reject).
        self.failed_qr: list[Box] = []
        self.zxing_saw_symbol = False
        self._clahe: np.ndarray | None = None
        self._regions: list[locate.Region] | None = None

    def expired(self) -> bool:
        return self.deadline is not None and BUDGET_CLOCK() >= self.deadline

    def clahe(self) -> np.ndarray:
        if self._clahe is None:
            self._clahe = clahe(self.gray)
        return self._clahe

    def regions(self) -> list[locate.Region]:
        if self._regions is None:
            self._regions = locate.find_linear_regions(self.gray)
        return self._regions

    def has_strong_region(self) -> bool:
        return any(locate.is_strong(r) for r in self.regions())


# --------------------------------------------------------------------------- preprocessing


def scaled(gray: np.ndarray, factor: float) -> np.ndarray:
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    return np.asarray(cv2.resize(gray, None, fx=factor, fy=factor, interpolation=interpolation))


def clahe(gray: np.ndarray) -> np.ndarray:
    return np.asarray(cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray))


def sharpen(gray: np.ndarray) -> np.ndarray:
    blurred = cv2.GaussianBlur(gray, (0, 0), 2.0)
    return np.asarray(cv2.addWeighted(gray, 1.8, blurred, -0.8, 0))


def upscaled(gray: np.ndarray, target: int = 640) -> np.ndarray:
    # Only small images are enlarged: zbar and zxing need about two pixels per
    # module, and a 720p camera frame already has that for a card held near it.
    long_side = max(gray.shape[:2])
    factor = min(3.0, target / long_side) if long_side < target else 1.0
    return scaled(gray, factor) if factor > 1 else gray


# --------------------------------------------------------------------------- stages

StageFn = Callable[[Frame], list[Decoded]]


@dataclass(frozen=True)
class Stage:
    label: str
    run: StageFn
    applies: Callable[[Frame], bool] = lambda frame: True


def _zxing(frame: Frame) -> ZxingBackend | None:
    zx = frame.backends.get("zxing")
    return zx if isinstance(zx, ZxingBackend) else None


def zxing_half(frame: Frame) -> list[Decoded]:
    zx = _zxing(frame)
    if zx is None:
        return []
    return zx.decode(np.ascontiguousarray(scaled(frame.gray, 0.5)))


def zxing_full(frame: Frame) -> list[Decoded]:
    zx = _zxing(frame)
    if zx is None:
        return []
    scan = zx.scan(frame.gray)
    frame.failed_qr = scan.failed_qr
    frame.zxing_saw_symbol = scan.saw_symbol
    return scan.found


def zbar_full(frame: Frame) -> list[Decoded]:
    zb = frame.backends.get("zbar")
    return [] if zb is None else zb.decode(frame.gray)


def located_linear(frame: Frame) -> list[Decoded]:
    """Each strong 1D region cut out upright (bars vertical), then zxing, then zbar.

    Measured reason: a card held at more than ~20 degrees has no row crossing
    every bar, so both libraries miss it however sharp it is."""
    tried = 0
    for region in frame.regions():
        if not locate.is_strong(region):
            continue
        # On photos the region that reads is always the strongest one; on a
        # 720p frame it is sometimes the second (a glare edge can outscore it).
        if tried and (frame.small or frame.expired()):
            break
        tried += 1
        crop = np.ascontiguousarray(locate.cut_upright(frame.gray, region))
        for name in ("zxing", "zbar"):
            b = frame.backends.get(name)
            if b is not None:
                found = unique(b.decode(crop, "linear"))
                if found:
                    return found
    return []


def qr_retry(frame: Frame) -> list[Decoded]:
    """zxing often finds a QR code whose modules it cannot sample cleanly (small,
    blurred, dark): cut that spot out, enlarge and even out its contrast, retry."""
    zx = _zxing(frame)
    if zx is None:
        return []
    h, w = frame.gray.shape[:2]
    for x0, y0, x1, y1 in frame.failed_qr[:2]:
        pad = max(x1 - x0, y1 - y0) // 3 + 8
        x0, y0, x1, y1 = max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)
        crop = np.ascontiguousarray(frame.gray[y0:y1, x0:x1])
        if crop.size == 0:
            continue
        factor = min(3.0, max(1.0, 400 / max(crop.shape)))
        found = unique(zx.decode(clahe(scaled(crop, factor) if factor > 1 else crop)))
        if found:
            return found
    return []


def _on(backend: str, prep: Callable[[Frame], np.ndarray], variant: str = "default") -> StageFn:
    def run(frame: Frame) -> list[Decoded]:
        b = frame.backends.get(backend)
        if b is None:
            return []
        return b.decode(np.ascontiguousarray(prep(frame)), variant)

    return run


def _small(frame: Frame) -> bool:
    return frame.small


def _large(frame: Frame) -> bool:
    return frame.large


def _has_failed_qr(frame: Frame) -> bool:
    return bool(frame.failed_qr)


def _zbar_only(frame: Frame) -> bool:
    # Without zxing, zbar on the whole frame is all we have: pay for it then.
    return "zxing" not in frame.backends


# Cheap stages run on every frame, whatever the budget. On a 720p frame the
# half-size zxing pass settles most easy frames in ~1.5 ms.
CHEAP_STAGES: tuple[Stage, ...] = (
    Stage("zxing half size", zxing_half, _large),
    Stage("zxing", zxing_full),
    Stage("zbar (no zxing)", zbar_full, _zbar_only),
)

# Thorough stages run only when the cheap ones found nothing and the frame was
# not rejected early; the first that applies always runs, each later one only
# while the frame's budget lasts. Order: reads per millisecond, measured with
# bench/scan_bench.py --stages (table in bench/SCAN_RESULTS.md).
THOROUGH_STAGES: tuple[Stage, ...] = (
    Stage("zbar (small images)", zbar_full, lambda f: f.small and "zxing" in f.backends),
    # CLAHE + zxing costs ~1 ms on a photo but ~10 ms on a 720p frame, where it
    # rarely reads anything the locator does not: early for small images only.
    Stage("zxing clahe (small images)", _on("zxing", Frame.clahe), _small),
    Stage("located 1D, upright", located_linear),
    Stage("QR retry", qr_retry, _has_failed_qr),
    Stage("zxing clahe", _on("zxing", Frame.clahe), lambda f: not f.small),
    # zxing before the zbar variants: zbar on enhanced images occasionally
    # misreads a digit, zxing has not in any benchmark image.
    Stage("zxing upscaled", _on("zxing", lambda f: upscaled(f.gray)), _small),
    Stage("zbar upscaled clahe", _on("zbar", lambda f: clahe(upscaled(f.gray)), "linear"), _small),
    Stage("zbar upscaled sharpened", _on("zbar", lambda f: sharpen(upscaled(f.gray)), "linear"), _small),
)
