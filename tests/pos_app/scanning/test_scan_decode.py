from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from scan_helpers import CARD, PHOTOS, card_image, demo_token, in_frame, qr_image

from pos_app.scanning import Decoded, ImageError, decode_file, decode_frame
from pos_app.scanning import backends as bk
from pos_app.scanning import decode as dec

TOKEN = demo_token()


def texts(frame: np.ndarray) -> list[str]:
    # No time budget: these tests are about what the stages can read, and a busy
    # test machine must not turn a slow stage into a failure.
    return [d.text for d in decode_frame(frame, budget_ms=None)]


def test_clean_card_and_token_decode_with_format() -> None:
    assert decode_frame(in_frame(card_image())) == [Decoded(CARD, "CODE128")]
    assert decode_frame(in_frame(qr_image(TOKEN))) == [Decoded(TOKEN, "QR")]


@pytest.mark.parametrize("angle", [30.0, 45.0, 120.0])
def test_rotated_card_is_found(angle: float) -> None:
    # A row scan cannot cross every bar of a card at 45 degrees: the locator must cut it upright.
    assert CARD in texts(in_frame(card_image(), angle=angle))


@pytest.mark.parametrize(
    "degrade",
    [
        pytest.param(lambda f: cv2.GaussianBlur(f, (0, 0), 1.5), id="blur"),
        pytest.param(
            lambda f: np.clip(f + np.random.default_rng(1).normal(0, 18, f.shape), 0, 255).astype(np.uint8),
            id="noise",
        ),
        pytest.param(lambda f: (f.astype(np.float32) * 0.25 + 60).astype(np.uint8), id="low-contrast"),
        pytest.param(lambda f: (f.astype(np.float32) * 0.12).astype(np.uint8), id="dark"),
    ],
)
def test_degraded_frames(degrade) -> None:  # type: ignore[no-untyped-def]
    assert CARD in texts(degrade(in_frame(card_image())))
    assert TOKEN in texts(degrade(in_frame(qr_image(TOKEN), angle=20)))


def test_grayscale_and_bgra_inputs() -> None:
    bgr = in_frame(qr_image(TOKEN))
    assert texts(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)) == [TOKEN]
    assert texts(cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA)) == [TOKEN]


def test_blank_and_noise_frames_give_nothing() -> None:
    rng = np.random.default_rng(7)
    assert decode_frame(np.full((720, 1280, 3), 200, np.uint8)) == []
    assert decode_frame(rng.integers(0, 256, (720, 1280), dtype=np.uint8)) == []
    assert decode_frame(np.zeros((0, 0), np.uint8)) == []


def test_ean13_with_wrong_check_digit_is_dropped() -> None:
    assert not dec.plausible(Decoded("4006381333932", "EAN13"))
    assert dec.plausible(Decoded("4006381333931", "EAN13"))
    assert not dec.plausible(Decoded("   ", "QR"))


@pytest.mark.parametrize("only", ["zxing", "zbar"])
def test_one_library_alone_still_decodes(monkeypatch: pytest.MonkeyPatch, only: str) -> None:
    if only == "zxing":
        monkeypatch.setattr(bk, "_import_pyzbar", lambda: None)
    else:
        monkeypatch.setattr(bk, "_import_zxingcpp", lambda: None)
    dec.reset_backends()
    try:
        assert list(dec.available_backends()) == [only]
        assert CARD in texts(in_frame(card_image()))
        assert TOKEN in texts(in_frame(qr_image(TOKEN)))
    finally:
        monkeypatch.undo()
        dec.reset_backends()


def test_no_library_at_all_finds_nothing_without_crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bk, "_import_pyzbar", lambda: None)
    monkeypatch.setattr(bk, "_import_zxingcpp", lambda: None)
    dec.reset_backends()
    try:
        assert decode_frame(in_frame(card_image())) == []
    finally:
        monkeypatch.undo()
        dec.reset_backends()


needs_photos = pytest.mark.skipif(not PHOTOS.is_dir(), reason="shared benchmark photos not present")


@needs_photos
@pytest.mark.parametrize(
    "name",
    [
        "qrcode-1/1.webp",
        "code128-1/1.png",
        "ean13-1/10.webp",
        "ean13-2/17.webp",
        "ean13-4/14.webp",
        "qrcode-3/03.webp",
    ],
)
def test_real_photos(name: str) -> None:
    image = PHOTOS / name
    expected = image.with_suffix(".txt").read_text(encoding="utf-8")
    assert expected in [d.text for d in decode_file(image)]


@needs_photos
@pytest.mark.parametrize("name", ["1x1.webp", "1x100.webp", "01.webp", "MQR-falsepositive.jpg"])
def test_false_positive_photos_and_slivers_give_nothing(name: str) -> None:
    assert decode_file(PHOTOS / "falsepositives-1" / name) == []


def test_tiny_arrays_do_not_crash() -> None:
    assert decode_frame(np.zeros((1, 1), np.uint8)) == []
    assert decode_frame(np.zeros((1, 100, 3), np.uint8)) == []
    assert decode_frame(np.zeros((100, 1), np.uint8)) == []


def test_bad_files_raise_one_line_image_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    truncated = tmp_path / "half.png"
    ok, png = cv2.imencode(".png", in_frame(card_image()))
    assert ok
    truncated.write_bytes(png.tobytes()[:200])
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    for path in (text, truncated, empty, tmp_path / "missing.png", tmp_path):
        with pytest.raises(ImageError) as err:
            decode_file(path)
        assert "\n" not in str(err.value)
        assert str(path) in str(err.value)


def test_decode_file_reads_a_written_image(tmp_path: Path) -> None:
    path = tmp_path / "card.png"
    assert cv2.imwrite(str(path), in_frame(card_image()))
    assert decode_file(path) == [Decoded(CARD, "CODE128")]


def test_package_import_stays_light() -> None:
    import subprocess
    import sys

    code = "import sys, pos_app.scanning; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
