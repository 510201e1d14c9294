"""Barcode decoding pipeline: ``decode_frame(frame) -> list[Decoded]``.

Stages (pos_app.scanning.stages) run cheapest first; the first that yields a
plausible result wins. Most camera frames decode on the cheap stages. When they
find nothing, a frame with no trace of a symbol (zxing located nothing and the
locator found no barcode-sized patch of parallel edges) is rejected at once;
otherwise the thorough stages run until one reads something or the frame's
budget is spent. The budget is CPU time of the decoding thread, not wall-clock
time, so the same frame runs the same stages on a quiet or a busy machine
(stages.BUDGET_CLOCK says why and what that requires). The capture worker
always decodes the newest frame, so a budget keeps it current: a hard frame
gets another try on the next one.
The numbers behind this are in bench/SCAN_RESULTS.md.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from pos_app.scanning import stages
from pos_app.scanning.backends import (
    CODE128,
    EAN13,
    FORMATS,
    QR,
    Backend,
    Decoded,
    _import_pyzbar,
    _import_zxingcpp,
    available_backends,
    plausible,
    reset_backends,
    unique,
)
from pos_app.scanning.stages import CHEAP_STAGES, SMALL_PIXELS, THOROUGH_STAGES, Frame, Stage

__all__ = [
    "CHEAP_STAGES",
    "CODE128",
    "EAN13",
    "FORMATS",
    "QR",
    "THOROUGH_STAGES",
    "Backend",
    "Decoded",
    "ImageError",
    "StageRun",
    "Trace",
    "_import_pyzbar",
    "_import_zxingcpp",
    "available_backends",
    "budget_for",
    "decode_file",
    "decode_frame",
    "plausible",
    "read_image",
    "reset_backends",
    "run_stages",
    "single_threaded_opencv",
    "to_gray",
]

# Per-frame budgets for the thorough stages: CPU time of the decoding thread,
# counted from the start of the call. Cheap stages always run in full, so the
# budget never drops an easy decode.
FRAME_BUDGET_MS = 20.0  # camera frames (720p)
SMALL_BUDGET_MS = 15.0  # photos and small frames


class ImageError(ValueError):
    """An image file that cannot be read; the message is one line for the CLI."""


class StageRun(NamedTuple):
    label: str
    cpu_ms: float  # the decoding thread's CPU time: what the budget counts
    wall_ms: float
    found: int  # plausible results


@dataclass
class Trace:
    """What one decode did: the stages run with their cost, and why it stopped."""

    stages: list[StageRun] = field(default_factory=list)
    rejected_early: bool = False
    budget_spent: bool = False

    @property
    def labels(self) -> list[str]:
        return [run.label for run in self.stages]


def to_gray(frame: np.ndarray) -> np.ndarray:
    import cv2

    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    if frame.ndim == 2:
        gray = frame
    elif frame.ndim == 3 and frame.shape[2] == 3:
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    elif frame.ndim == 3 and frame.shape[2] == 4:
        gray = cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    else:
        raise ImageError(f"unsupported frame shape {frame.shape}")
    if gray.dtype != np.uint8:
        if gray.dtype == np.uint16:
            gray = (gray >> 8).astype(np.uint8)
        else:
            gray = np.clip(gray, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(gray)


def budget_for(gray: np.ndarray) -> float:
    return SMALL_BUDGET_MS if gray.shape[0] * gray.shape[1] <= SMALL_PIXELS else FRAME_BUDGET_MS


def run_stages(
    gray: np.ndarray | Frame, stages: Sequence[Stage], trace: Trace | None = None, *, budgeted: bool = False
) -> list[Decoded]:
    """First stage (in order) that yields a plausible result wins; a stage whose
    backend is not importable yields nothing, so one library alone still works.
    With ``budgeted``, the first stage that applies always runs and no later one
    starts after the frame's deadline."""
    frame = gray if isinstance(gray, Frame) else Frame(gray, available_backends())
    first = True
    for stage in stages:
        if not stage.applies(frame):
            continue
        if budgeted and not first and frame.expired():
            if trace is not None:
                trace.budget_spent = True
            return []
        first = False
        c0, t0 = time.thread_time_ns(), time.perf_counter_ns()
        found = unique(stage.run(frame))
        if trace is not None:
            cpu, wall = time.thread_time_ns() - c0, time.perf_counter_ns() - t0
            trace.stages.append(StageRun(stage.label, cpu / 1e6, wall / 1e6, len(found)))
        if found:
            return found
    return []


def decode_frame(
    frame: np.ndarray,
    *,
    thorough: bool = True,
    budget_ms: float | None = -1.0,
    trace: Trace | None = None,
) -> list[Decoded]:
    """Decode QR, Code 128 and EAN-13 symbols in a grayscale, BGR or BGRA frame.

    ``budget_ms``: CPU time of the calling thread for the whole call, after which
    no further thorough stage starts; the default (-1) picks FRAME_BUDGET_MS or
    SMALL_BUDGET_MS by size, None means no limit. Time the thread spends waiting
    (for a core on a busy machine, for the GIL, for I/O) does not count, so the
    stages a frame gets do not depend on what else the machine is doing; that
    holds while OpenCV stays on one thread (single_threaded_opencv()).
    ``trace`` records the stages run."""
    start = stages.BUDGET_CLOCK()
    if not isinstance(frame, np.ndarray) or frame.size == 0:
        return []
    gray = to_gray(frame)
    if min(gray.shape[:2]) < 8:
        # Nothing fits in a sliver, and some decoders misbehave on 1-pixel images.
        return []
    if budget_ms is not None and budget_ms < 0:
        budget_ms = budget_for(gray)
    deadline = None if budget_ms is None else start + budget_ms * 1e6
    state = Frame(gray, available_backends(), deadline)
    found = run_stages(state, CHEAP_STAGES, trace)
    if found or not thorough:
        return found
    if nothing_to_find(state):
        if trace is not None:
            trace.rejected_early = True
        return []
    return run_stages(state, THOROUGH_STAGES, trace, budgeted=True)


def single_threaded_opencv() -> None:
    """Keep OpenCV's work on the calling thread (process-wide: OpenCV has one pool).

    The decode budget counts the decoding thread's CPU time; OpenCV's default pool
    (one thread per core) would run parts of a resize or Sobel on threads that
    clock does not see, and how much depends on the load. The decode worker shares
    the machine with the capture loop and the GUI anyway, so a pool buys little."""
    import cv2

    cv2.setNumThreads(1)


def nothing_to_find(frame: Frame) -> bool:
    """Early reject: zxing located no symbol at all (read or not) and the locator
    finds no barcode-sized patch of parallel edges. Every frame a thorough stage
    rescues in the benchmark sets shows one of the two (QR rescues: zxing saw the
    symbol; 1D rescues: a strong region). Without zxing only the locator counts."""
    if "zxing" in frame.backends and frame.zxing_saw_symbol:
        return False
    if "zxing" not in frame.backends and "zbar" not in frame.backends:
        return True
    return not frame.has_strong_region()


def read_image(path: str | os.PathLike[str]) -> np.ndarray:
    """Load an image file as grayscale, or raise ImageError with a one-line reason."""
    import cv2

    p = Path(path)
    if not p.exists():
        raise ImageError(f"{p}: no such file")
    if not p.is_file():
        raise ImageError(f"{p}: not a file")
    try:
        data = np.fromfile(p, dtype=np.uint8)
    except OSError as exc:
        raise ImageError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if data.size == 0:
        raise ImageError(f"{p}: empty file")
    # OpenCV logs its own complaint about bad headers on stderr; the caller
    # gets our one-line ImageError instead.
    log = cv2.utils.logging
    previous = log.getLogLevel()
    log.setLogLevel(log.LOG_LEVEL_SILENT)
    try:
        image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    finally:
        log.setLogLevel(previous)
    if image is None:
        image = _read_with_pillow(p)
    if image is None:
        raise ImageError(f"{p}: not an image or unsupported format")
    return to_gray(image)


def _read_with_pillow(p: Path) -> np.ndarray | None:
    # OpenCV refuses some tiny or unusual WebP files that Pillow reads fine.
    try:
        from PIL import Image
    except ImportError:
        return None
    try:
        with Image.open(p) as im:
            return np.asarray(im.convert("L"))
    except Exception:  # Pillow raises many types for bad input; all mean "not an image"
        return None


def decode_file(path: str | os.PathLike[str]) -> list[Decoded]:
    """Decode an image file with every stage: a single file has no next frame to
    wait for, so it gets no time budget."""
    return decode_frame(read_image(path), budget_ms=None)
