"""The decoder pipeline's control flow: time budget, early reject, validation, locator.

No timings here: a budget of 0 (or a deadline in the past) forces the budget
path, and the Trace says which stages ran.
"""

from __future__ import annotations

import numpy as np
from scan_helpers import CARD, card_image, demo_token, in_frame, qr_image

from pos_app.scanning import decode as dec
from pos_app.scanning import locate
from pos_app.scanning.backends import Decoded, plausible
from pos_app.scanning.stages import Frame, Stage

CHEAP = {s.label for s in dec.CHEAP_STAGES}


def test_budget_never_drops_an_easy_decode() -> None:
    for frame, text in ((in_frame(card_image()), CARD), (in_frame(qr_image(demo_token())), demo_token())):
        trace = dec.Trace()
        found = dec.decode_frame(frame, budget_ms=0, trace=trace)
        assert text in [d.text for d in found]
        assert set(trace.labels) <= CHEAP
        assert not trace.budget_spent and not trace.rejected_early


def test_spent_budget_still_runs_the_first_thorough_stage() -> None:
    # A card at 45 degrees needs the locator, the first thorough stage on a 720p frame.
    trace = dec.Trace()
    found = dec.decode_frame(in_frame(card_image(), angle=45), budget_ms=0, trace=trace)
    assert [d.text for d in found] == [CARD]
    assert trace.labels[-1] == "located 1D, upright"


def test_spent_budget_stops_later_stages() -> None:
    ran: list[str] = []

    def stage(label: str) -> Stage:
        def run(frame: Frame) -> list[Decoded]:
            ran.append(label)
            return []

        return Stage(label, run)

    frame = Frame(np.zeros((64, 64), np.uint8), {}, deadline=0.0)  # long past
    trace = dec.Trace()
    assert dec.run_stages(frame, [stage("a"), stage("b"), stage("c")], trace, budgeted=True) == []
    assert ran == ["a"]
    assert trace.budget_spent
    # Unbudgeted (the cheap stages) every stage runs whatever the deadline.
    ran.clear()
    dec.run_stages(frame, [stage("a"), stage("b")])
    assert ran == ["a", "b"]


def test_blank_and_noise_frames_take_the_early_reject_path() -> None:
    rng = np.random.default_rng(3)
    frames = [
        np.full((720, 1280, 3), 200, np.uint8),
        rng.integers(0, 256, (720, 1280), dtype=np.uint8),
        np.full((480, 640), 90, np.uint8),
    ]
    for frame in frames:
        trace = dec.Trace()
        assert dec.decode_frame(frame, budget_ms=None, trace=trace) == []
        assert trace.rejected_early
        assert set(trace.labels) <= CHEAP  # no thorough stage ran


def test_a_frame_worth_a_closer_look_is_not_rejected() -> None:
    trace = dec.Trace()
    frame = in_frame(card_image(), angle=60)
    assert CARD in [d.text for d in dec.decode_frame(frame, trace=trace, budget_ms=None)]
    assert not trace.rejected_early


def test_decode_file_has_no_budget(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import cv2

    seen: list[object] = []
    real = dec.decode_frame

    def spy(frame: np.ndarray, **kwargs: object) -> list[Decoded]:
        seen.append(kwargs.get("budget_ms", "default"))
        return real(frame, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dec, "decode_frame", spy)
    path = tmp_path / "card.png"
    assert cv2.imwrite(str(path), in_frame(card_image()))
    assert [d.text for d in dec.decode_file(path)] == [CARD]
    assert seen == [None]


def test_card_like_code128_needs_its_check_digit() -> None:
    assert plausible(Decoded(CARD, "CODE128"))
    assert not plausible(Decoded(CARD[:-1] + "5", "CODE128"))  # looks like a card, wrong check digit
    assert plausible(Decoded("291234567890", "CODE128"))  # 12 digits: not a card number
    assert plausible(Decoded("ORDER-4711", "CODE128"))


def test_locator_finds_a_rotated_card_as_one_strong_region() -> None:
    gray = dec.to_gray(in_frame(card_image(), angle=45))
    regions = locate.find_linear_regions(gray)
    assert regions and locate.is_strong(regions[0])
    assert abs(abs(regions[0].angle) - 45) < 5
    # Scratch buffers are reused per size: a different size right after still works.
    small = dec.to_gray(in_frame(card_image(), angle=45, size=(640, 480)))
    assert locate.is_strong(locate.find_linear_regions(small)[0])
    assert locate.find_linear_regions(np.full((480, 640), 128, np.uint8)) == []


def test_near_identical_ean13_pair_from_one_pass_is_dropped() -> None:
    from pos_app.scanning.backends import unique

    right, twin = Decoded("9784872348880", "EAN13"), Decoded("6784912348880", "EAN13")
    assert unique([right, twin]) == []
    other = Decoded("4006381333931", "EAN13")  # a genuinely different second product
    assert unique([right, other]) == [right, other]
    same_brand = Decoded("4006381333948", "EAN13")  # shares the prefix, not the suffix
    assert unique([other, same_brand]) == [other, same_brand]
