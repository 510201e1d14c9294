"""The decode budget counts the decoding thread's CPU time, not wall-clock time.

The property: which stages a frame gets depends only on the CPU the decoding thread itself spends, so
time it spends waiting (for a core on a busy machine, for the GIL, in a stalled call) changes nothing.
Load cannot be made deterministic, so a stall is injected instead: a sleep inside a stage is pure
waiting, like being preempted. No timings are asserted; the traces say which stages ran.
"""

from __future__ import annotations

import dataclasses
import os
import time
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from scan_helpers import card_image, demo_token, in_frame, qr_image

from pos_app.scanning import decode as dec
from pos_app.scanning import stages
from pos_app.scanning.backends import Decoded
from pos_app.scanning.stages import Frame, Stage

# Generous against the ~50 ms of CPU these frames need unbudgeted, so every thorough stage fits even
# on a loaded machine; the stall is longer than the whole budget, so on a wall clock it would cut.
BUDGET_MS = 400.0
STALL_S = 0.45


def _scrambled(img: np.ndarray, seed: int, rows: slice, cols: slice) -> np.ndarray:
    out = img.copy()
    band = out[rows, cols]
    band[:] = np.random.default_rng(seed).integers(0, 2, band.shape) * 255
    return out


def hard_frames() -> list[np.ndarray]:
    """Frames no stage can read but none is rejected early, so every thorough stage runs: a card with
    a band of its bars scrambled (the locator still sees bars) and a QR code with its middle scrambled
    (zxing still locates it, so the QR retry runs too), each on a 720p and a 640x480 frame."""
    card = card_image()
    card = _scrambled(card, 5, slice(None), slice(card.shape[1] // 3, card.shape[1] // 2))
    qr = qr_image(demo_token())
    h, w = qr.shape
    qr = _scrambled(qr, 7, slice(h // 3, 2 * h // 3), slice(w // 4, 3 * w // 4))
    return [
        in_frame(symbol, angle=angle, size=size)
        for symbol, angle in ((card, 30.0), (qr, 10.0))
        for size in ((1280, 720), (640, 480))
    ]


def _stalling_first(stall: Callable[[], None]) -> tuple[Stage, ...]:
    """THOROUGH_STAGES with ``stall`` run once per frame, before the first thorough stage that
    applies (the one that always runs, whatever the budget)."""
    stalled: weakref.WeakSet[Frame] = weakref.WeakSet()

    def stalling(stage: Stage) -> Stage:
        def run(frame: Frame) -> list[Decoded]:
            if frame not in stalled:
                stalled.add(frame)
                stall()
            return stage.run(frame)

        return dataclasses.replace(stage, run=run)

    return tuple(stalling(stage) for stage in dec.THOROUGH_STAGES)


def _cheap(labels: list[str]) -> list[str]:
    return [label for label in labels if label in {s.label for s in dec.CHEAP_STAGES}]


def _decode(frame: np.ndarray) -> tuple[list[Decoded], list[str], bool]:
    trace = dec.Trace()
    found = dec.decode_frame(frame, budget_ms=BUDGET_MS, trace=trace)
    return found, trace.labels, trace.budget_spent


@pytest.fixture(autouse=True)
def one_opencv_thread() -> Iterator[None]:
    before = cv2.getNumThreads()
    dec.single_threaded_opencv()  # as the capture worker's decode loop does
    yield
    cv2.setNumThreads(before)


def test_a_stall_inside_a_stage_does_not_cut_the_later_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    frames = hard_frames()
    normal = [_decode(f) for f in frames]
    for found, labels, spent in normal:
        assert found == [] and not spent
        assert len(labels) - len(_cheap(labels)) >= 2  # later stages the budget could cut

    monkeypatch.setattr(dec, "THOROUGH_STAGES", _stalling_first(lambda: time.sleep(STALL_S)))
    stalled = [_decode(f) for f in frames]
    assert stalled == normal  # same results, same stages, budget not spent

    # The stall is long enough to matter: counted on the wall clock (the old budget) it cuts every
    # stage after the first thorough one.
    monkeypatch.setattr(stages, "BUDGET_CLOCK", time.perf_counter_ns)
    for frame, (_, labels, _) in zip(frames[:2], normal[:2], strict=True):
        _, cut, spent = _decode(frame)
        assert spent
        assert cut == labels[: len(_cheap(labels)) + 1]


def test_the_threads_own_cpu_use_does_cut_the_later_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    def burn() -> None:  # spend the whole budget on this thread's CPU
        until = time.thread_time_ns() + int(BUDGET_MS * 1e6)
        while time.thread_time_ns() < until:
            pass

    monkeypatch.setattr(dec, "THOROUGH_STAGES", _stalling_first(burn))
    for frame in hard_frames()[:2]:
        trace = dec.Trace()
        assert dec.decode_frame(frame, budget_ms=BUDGET_MS, trace=trace) == []
        assert trace.budget_spent
        # The first thorough stage always runs, nothing after it.
        assert len(trace.labels) == len(_cheap(trace.labels)) + 1


def _threads() -> set[str]:
    return set(os.listdir("/proc/self/task"))


def test_decoding_starts_no_other_thread() -> None:
    # With OpenCV on one thread, nothing the decode calls works on another thread, so the decoding
    # thread's CPU time is the decode's whole cost (OpenCV's pool would start its threads here).
    before = _threads()
    for frame in hard_frames():
        dec.decode_frame(frame, budget_ms=None)
    assert _threads() <= before


def test_the_decode_worker_keeps_opencv_on_one_thread(qtbot: QtBot) -> None:
    from scan_helpers import CARD

    from pos_app.scanning.capture import CaptureWorker

    cv2.setNumThreads(2)  # OpenCV's default on this 2-core machine
    seen: list[int] = []

    def decoder(frame: np.ndarray) -> list[Decoded]:
        seen.append(cv2.getNumThreads())
        return dec.decode_frame(frame)

    class OneCard:
        def isOpened(self) -> bool:
            return True

        def read(self) -> tuple[bool, Any]:
            return True, in_frame(card_image(), size=(640, 480))

        def release(self) -> None:
            pass

    worker = CaptureWorker(0, decoder=decoder, capture_factory=lambda s: OneCard())
    try:
        with qtbot.waitSignal(worker.scanned, timeout=10000) as blocker:
            worker.start()
        assert blocker.args == [CARD]
    finally:
        worker.stop()
        assert worker.wait()
    assert seen and set(seen) == {1}
