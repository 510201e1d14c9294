"""The two barcode libraries behind one small interface, and result validation.

Why two libraries: measured on real phone photos, each reads images the other
misses (zxing-cpp copes better with small and rotated symbols, zbar with some
blurred or glared EAN-13s). Either may be missing on a terminal: a backend whose
library does not import is simply absent, and the pipeline runs with the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol

import numpy as np

QR = "QR"
CODE128 = "CODE128"
EAN13 = "EAN13"
FORMATS = (QR, CODE128, EAN13)

Box = tuple[int, int, int, int]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Decoded:
    text: str
    format: str


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


@dataclass
class ZxingScan:
    """One zxing pass: what it read, and where it saw a symbol it could not read."""

    found: list[Decoded]
    failed_qr: list[Box]
    saw_symbol: bool  # anything located, read or not: the frame is worth more effort


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
            # The fast variant skips the rotated and downscaled retries.
            "fast": {"try_rotate": False, "try_downscale": False},
            "linear": {"formats": (fmt.Code128, fmt.EAN13)},
        }

    def decode(self, gray: np.ndarray, variant: str = "default") -> list[Decoded]:
        return self.scan(gray, variant, errors=False).found

    def scan(self, gray: np.ndarray, variant: str = "default", errors: bool = True) -> ZxingScan:
        """Decode, and with ``errors`` also report symbols zxing located but could
        not read (same single pass: ``return_errors`` costs nothing extra)."""
        options = {"formats": self._formats, **self._variants[variant]}
        results = self._z.read_barcodes(gray, return_errors=errors, **options)
        found: list[Decoded] = []
        failed: list[Box] = []
        for r in results:
            name = self._names.get(r.format)
            if r.valid:
                if name is not None:
                    found.append(Decoded(r.text, name))
                continue
            if r.format == self._z.BarcodeFormat.QRCode:
                p = r.position
                xs = [p.top_left.x, p.top_right.x, p.bottom_left.x, p.bottom_right.x]
                ys = [p.top_left.y, p.top_right.y, p.bottom_left.y, p.bottom_right.y]
                if max(xs) - min(xs) >= 12 and max(ys) - min(ys) >= 12:
                    failed.append((min(xs), min(ys), max(xs), max(ys)))
        return ZxingScan(found, failed, bool(results))


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


# --------------------------------------------------------------------------- validation


def ean13_check_ok(text: str) -> bool:
    """13 ASCII digits whose last is the EAN-13 check digit (our card numbers use it too)."""
    if len(text) != 13 or not text.isascii() or not text.isdigit():
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(text[:12]))
    return str((10 - total % 10) % 10) == text[12]


def looks_like_card(text: str) -> bool:
    return len(text) == 13 and text.isascii() and text.isdigit()


def plausible(d: Decoded) -> bool:
    """Drop empty and garbage reads. The libraries check symbol checksums; the
    EAN-13 check digit is re-checked because zbar's partial reads slip through,
    and a Code 128 read that looks like one of our 13-digit card numbers must
    carry a valid card check digit (a misread card is worse than no read)."""
    if not d.text or not d.text.strip() or "\ufffd" in d.text:
        return False
    if d.format == EAN13:
        return ean13_check_ok(d.text)
    if d.format == CODE128 and looks_like_card(d.text):
        return ean13_check_ok(d.text)
    return True


def _near_twins(a: Decoded, b: Decoded) -> bool:
    # Two different EAN-13 reads from one pass with the same last six digits are
    # one blurred symbol read two ways: seen with zbar on the photos ean13-2/28
    # and ean13-4/19 (the left half re-read, check digit still valid). Two real
    # products of one brand share the first digits, not the last.
    if a.format != EAN13 or b.format != EAN13 or a.text == b.text:
        return False
    return a.text[-6:] == b.text[-6:]


def unique(found: Sequence[Decoded]) -> list[Decoded]:
    """Plausible results, each once, in order. Near-identical EAN-13 pairs are
    dropped, both of them: we cannot tell which is right, and a wrong read is
    worse than none (the next frame gets another try)."""
    seen: set[Decoded] = set()
    out: list[Decoded] = []
    for d in found:
        if d not in seen and plausible(d):
            seen.add(d)
            out.append(d)
    return [d for d in out if not any(_near_twins(d, o) for o in out)]
