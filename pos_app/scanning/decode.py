"""Barcode decoding pipeline: one small backend interface over zxing-cpp and zbar.

Why two libraries: measured on real phone photos, each reads images the other
misses (zxing-cpp copes better with small and rotated symbols, zbar with some
blurred or glared EAN-13s). Why stages: most camera frames decode on the first
cheap call, so the expensive preprocessing only runs when nothing was found.
The stage list and the numbers behind it are in bench/SCAN_RESULTS.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

import numpy as np

QR = "QR"
CODE128 = "CODE128"
EAN13 = "EAN13"
FORMATS = (QR, CODE128, EAN13)


@dataclass(frozen=True)
class Decoded:
    text: str
    format: str


class ImageError(ValueError):
    """An image file that cannot be read; the message is one line for the CLI."""


class Backend(Protocol):
    name: str

    def decode(self, gray: np.ndarray, variant: str = "default") -> list[Decoded]:
        """Decode a contiguous uint8 grayscale image. ``variant`` picks backend options."""
        ...


def _import_zxingcpp() -> ModuleType | None:
    try:
        import zxingcpp
    except ImportError:
        return None
    return zxingcpp


def _import_pyzbar() -> ModuleType | None:
    try:
        from pyzbar import pyzbar as module
    except ImportError:  # the Python package is missing
        return None
    except OSError:  # pyzbar is installed but the system libzbar is not
        return None
    zbar: ModuleType = module
    return zbar


class ZxingBackend:
    name = "zxing"

    def __init__(self, module: ModuleType) -> None:
        self._z = module
        fmt = module.BarcodeFormat
        self._formats = (fmt.QRCode, fmt.Code128, fmt.EAN13)
        self._names = {fmt.QRCode: QR, fmt.Code128: CODE128, fmt.EAN13: EAN13}
        bz = module.Binarizer
        self._variants: dict[str, dict[str, Any]] = {
            "default": {},
            "histogram": {"binarizer": bz.GlobalHistogram},
            # The fast variant skips the rotated and downscaled retries: used on
            # frames where we only want a quick look before preprocessing.
            "fast": {"try_rotate": False, "try_downscale": False},
            "linear": {"formats": (fmt.Code128, fmt.EAN13)},
        }

    def decode(self, gray: np.ndarray, variant: str = "default") -> list[Decoded]:
        options = {"formats": self._formats, **self._variants[variant]}
        results = self._z.read_barcodes(gray, **options)
        out: list[Decoded] = []
        for r in results:
            name = self._names.get(r.format)
            if name is not None:
                out.append(Decoded(r.text, name))
        return out

    def failed_qr_boxes(self, gray: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Bounding boxes of QR codes zxing located but could not decode."""
        boxes = []
        for r in self._z.read_barcodes(gray, formats=(self._z.BarcodeFormat.QRCode,), return_errors=True):
            if r.valid:
                continue
            p = r.position
            xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
            ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
            if max(xs) - min(xs) >= 12 and max(ys) - min(ys) >= 12:
                boxes.append((min(xs), min(ys), max(xs), max(ys)))
        return boxes


class ZbarBackend:
    name = "zbar"

    def __init__(self, module: ModuleType) -> None:
        self._pz = module
        sym = module.ZBarSymbol
        self._symbols = {"default": [sym.QRCODE, sym.CODE128, sym.EAN13], "linear": [sym.CODE128, sym.EAN13]}
        self._names = {"QRCODE": QR, "CODE128": CODE128, "EAN13": EAN13}

    def decode(self, gray: np.ndarray, variant: str = "default") -> list[Decoded]:
        h, w = gray.shape[:2]
        # The raw-buffer form avoids pyzbar's PIL/numpy sniffing and works on any
        # contiguous uint8 array.
        results = self._pz.decode(
            (gray.tobytes(), w, h), symbols=self._symbols.get(variant, self._symbols["default"])
        )
        out: list[Decoded] = []
        for r in results:
            name = self._names.get(r.type)
            if name is not None:
                out.append(Decoded(_bytes_to_text(r.data), name))
        return out


def _bytes_to_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # zbar hands back Latin-1 bytes for some Code 128 payloads.
        return data.decode("latin-1")


_backends: dict[str, Backend] | None = None


def available_backends() -> dict[str, Backend]:
    """The backends whose library imports here, loaded once."""
    global _backends
    if _backends is None:
        found: dict[str, Backend] = {}
        zx = _import_zxingcpp()
        if zx is not None:
            found["zxing"] = ZxingBackend(zx)
        zb = _import_pyzbar()
        if zb is not None:
            found["zbar"] = ZbarBackend(zb)
        _backends = found
    return _backends


def reset_backends() -> None:
    """Forget the loaded backends (tests simulate a missing library this way)."""
    global _backends
    _backends = None


# --------------------------------------------------------------------------- preprocessing


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


def _scaled(gray: np.ndarray, factor: float) -> np.ndarray:
    import cv2

    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)


def _clahe(gray: np.ndarray) -> np.ndarray:
    import cv2

    return np.asarray(cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray))


def _sharpen(gray: np.ndarray) -> np.ndarray:
    import cv2

    blurred = cv2.GaussianBlur(gray, (0, 0), 2.0)
    return np.asarray(cv2.addWeighted(gray, 1.8, blurred, -0.8, 0))


def _upscale_factor(gray: np.ndarray, target: int) -> float:
    # Only small images are enlarged: zbar and zxing need about two pixels per
    # module, and a 720p camera frame already has that for a card held near it.
    long_side = max(gray.shape[:2])
    return min(3.0, target / long_side) if long_side < target else 1.0


def _up(gray: np.ndarray) -> np.ndarray:
    f = _upscale_factor(gray, 640)
    return _scaled(gray, f) if f > 1 else gray


def _up_clahe(gray: np.ndarray) -> np.ndarray:
    return _clahe(_up(gray))


def _up_sharp(gray: np.ndarray) -> np.ndarray:
    return _sharpen(_up(gray))


def _small(gray: np.ndarray) -> bool:
    # Photos and crops, not camera frames: on these zbar is cheap and upscaling
    # pays off; on a 720p frame zbar alone costs ~35 ms, too much for every frame.
    return bool(gray.shape[0] * gray.shape[1] <= SMALL_PIXELS)


SMALL_PIXELS = 480 * 640

StageFn = Callable[[np.ndarray, dict[str, Backend]], list[Decoded]]


@dataclass(frozen=True)
class Stage:
    label: str
    run: StageFn


def _on(
    backend: str,
    prep: Callable[[np.ndarray], np.ndarray] | None = None,
    variant: str = "default",
    small_only: bool = False,
) -> StageFn:
    def run(gray: np.ndarray, backends: dict[str, Backend]) -> list[Decoded]:
        b = backends.get(backend)
        if b is None:
            return []
        # Without zxing, zbar on the whole frame is all we have: pay for it then.
        if small_only and not _small(gray) and "zxing" in backends:
            return []
        image = gray if prep is None else np.ascontiguousarray(prep(gray))
        return b.decode(image, variant)

    return run


def _located_linear(gray: np.ndarray, backends: dict[str, Backend]) -> list[Decoded]:
    from pos_app.scanning import locate

    found: list[Decoded] = []
    for region in locate.find_linear_regions(gray):
        crop = np.ascontiguousarray(locate.cut_upright(gray, region))
        for name in ("zxing", "zbar"):
            b = backends.get(name)
            if b is not None:
                found = _unique(b.decode(crop, "linear"))
                if found:
                    return found
    return found


def _qr_retry(gray: np.ndarray, backends: dict[str, Backend]) -> list[Decoded]:
    """zxing often finds a QR code whose modules it cannot sample cleanly (small,
    blurred, dark): cut that spot out, enlarge and even out its contrast, retry."""
    zx = backends.get("zxing")
    if not isinstance(zx, ZxingBackend):
        return []
    h, w = gray.shape[:2]
    for x0, y0, x1, y1 in zx.failed_qr_boxes(gray)[:2]:
        pad = max(x1 - x0, y1 - y0) // 3 + 8
        x0, y0, x1, y1 = max(0, x0 - pad), max(0, y0 - pad), min(w, x1 + pad), min(h, y1 + pad)
        crop = gray[y0:y1, x0:x1]
        if crop.size == 0:
            continue
        factor = min(3.0, max(1.0, 400 / max(crop.shape)))
        crop = _clahe(_scaled(crop, factor)) if factor > 1 else _clahe(np.ascontiguousarray(crop))
        found = _unique(zx.decode(crop))
        if found:
            return found
    return []


# Cheap stages run on every frame; thorough ones only when the cheap ones found
# nothing. Order and membership come from bench/scan_bench.py --explain.
CHEAP_STAGES: tuple[Stage, ...] = (
    Stage("zxing", _on("zxing")),
    Stage("zbar (small images)", _on("zbar", small_only=True)),
)
THOROUGH_STAGES: tuple[Stage, ...] = (
    Stage("located 1D, upright", _located_linear),
    Stage("QR retry", _qr_retry),
    Stage("zxing clahe", _on("zxing", _clahe)),
    Stage("zxing upscaled", _on("zxing", _up, small_only=True)),
    Stage("zbar upscaled clahe", _on("zbar", _up_clahe, "linear", small_only=True)),
    Stage("zbar upscaled sharpened", _on("zbar", _up_sharp, "linear", small_only=True)),
)


# --------------------------------------------------------------------------- validation


def _ean13_ok(text: str) -> bool:
    if len(text) != 13 or not text.isascii() or not text.isdigit():
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(text[:12]))
    return str((10 - total % 10) % 10) == text[12]


def plausible(d: Decoded) -> bool:
    """Drop empty and garbage reads; the libraries already check symbol checksums,
    the EAN-13 check digit is re-checked because zbar's partial reads slip through."""
    if not d.text or not d.text.strip() or "\ufffd" in d.text:
        return False
    if d.format == EAN13:
        return _ean13_ok(d.text)
    return True


def _unique(found: Sequence[Decoded]) -> list[Decoded]:
    seen: set[Decoded] = set()
    out: list[Decoded] = []
    for d in found:
        if d not in seen and plausible(d):
            seen.add(d)
            out.append(d)
    return out


# --------------------------------------------------------------------------- entry points


def run_stages(gray: np.ndarray, stages: Sequence[Stage]) -> list[Decoded]:
    """First stage (in order) that yields a plausible result wins; a stage whose
    backend is not importable yields nothing, so one library alone still works."""
    backends = available_backends()
    for stage in stages:
        found = _unique(stage.run(gray, backends))
        if found:
            return found
    return []


def decode_frame(frame: np.ndarray, *, thorough: bool = True) -> list[Decoded]:
    """Decode QR, Code 128 and EAN-13 symbols in a grayscale, BGR or BGRA frame."""
    if not isinstance(frame, np.ndarray) or frame.size == 0:
        return []
    gray = to_gray(frame)
    if min(gray.shape[:2]) < 8:
        # Nothing fits in a sliver, and some decoders misbehave on 1-pixel images.
        return []
    found = run_stages(gray, CHEAP_STAGES)
    if found or not thorough:
        return found
    return run_stages(gray, THOROUGH_STAGES)


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
    return decode_frame(read_image(path))
