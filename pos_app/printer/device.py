"""The configured receipt printer: parse printer/printer_target, open it, send a slip's bytes, probe it.

Kinds: ``none``; ``file`` (a path: tests, or a device node such as /dev/usb/lp0);
``network`` (host:port, raw TCP, usually port 9100); ``usb`` (vendor:product in hex,
e.g. 04b8:0202, through pyusb and libusb). Every failure to reach or write to the
printer is one :class:`PrinterError` with a stable code: ``printer_target`` (the
settings do not fit the kind), ``printer_unreachable`` (off, unplugged, refused,
timed out), ``printer_write`` (stopped taking data part-way), ``printer_no_paper``
(the printer said so when asked). Network connects and writes time out after
``timeout`` seconds (3 by default): a printer that is off costs the cashier a few
seconds on a worker thread, never the sale.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos_app.core.errors import Code, TesseraError

log = logging.getLogger("tessera.printer")

KINDS = ("none", "file", "network", "usb")
DEFAULT_PORT = 9100
_HOST_PORT = re.compile(r"(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\])(?::(?P<port>[0-9]{1,5}))?")
_VENDOR_PRODUCT = re.compile(r"(?:0x)?(?P<vendor>[0-9A-Fa-f]{1,4}):(?:0x)?(?P<product>[0-9A-Fa-f]{1,4})")
EXPECTED = {"file": "a file path", "network": "host:port such as 192.0.2.10:9100",
            "usb": "vendor:product in hex such as 04b8:0202"}


class PrinterError(TesseraError):
    """The receipt printer cannot take this slip; what was sold or redeemed stands."""

    default_code = Code.PRINTER_UNREACHABLE


@dataclass(frozen=True)
class Target:
    kind: str  # one of KINDS
    path: str = ""
    host: str = ""
    port: int = DEFAULT_PORT
    vendor: int = 0
    product: int = 0
    timeout: float = 3.0

    @property
    def enabled(self) -> bool:
        return self.kind != "none"

    def __str__(self) -> str:
        if self.kind == "network":
            return f"{self.host}:{self.port}"
        if self.kind == "usb":
            return f"usb {self.vendor:04x}:{self.product:04x}"
        return self.path or self.kind


def parse(kind: str, target: str, timeout: float = 3.0) -> Target:
    """The options' printer ``kind`` and ``target`` as a Target; PrinterError(printer_target) if wrong."""
    target = target.strip()
    if kind == "none":
        return Target("none")
    if kind == "file" and target:
        return Target("file", path=target, timeout=timeout)
    if kind == "network":
        match = _HOST_PORT.fullmatch(target)
        port = int(match["port"]) if match and match["port"] else DEFAULT_PORT
        if match and 1 <= port <= 65_535:
            return Target("network", host=match["host"].strip("[]"), port=port, timeout=timeout)
    if kind == "usb":
        match = _VENDOR_PRODUCT.fullmatch(target)
        if match:
            return Target("usb", vendor=int(match["vendor"], 16), product=int(match["product"], 16),
                          timeout=timeout)
    raise PrinterError(Code.PRINTER_TARGET, kind=kind, target=target,
                       expected=EXPECTED.get(kind, "one of " + ", ".join(KINDS)))


def from_options(options: Any) -> Target:
    """The Target of pos_app.config.Options (printer, printer_target, printer_timeout_seconds)."""
    return parse(options.printer, options.printer_target, float(options.printer_timeout_seconds))


def _open(target: Target) -> Any:
    """An opened python-escpos printer for ``target``; PrinterError(printer_unreachable) if it cannot be."""
    from pos_app.printer import lib  # python-escpos, pyusb, Pillow: on printing terminals only

    escpos_printer = lib.printers()  # first: it sets where python-escpos caches its printer database
    from escpos.exceptions import Error as EscposError

    device: Any
    if target.kind == "network":
        device = escpos_printer.Network(target.host, target.port, timeout=target.timeout)
    elif target.kind == "usb":
        device = escpos_printer.Usb(target.vendor, target.product, timeout=int(target.timeout * 1000))
    elif target.kind == "file":
        device = escpos_printer.File(target.path)
    else:
        raise PrinterError(Code.PRINTER_TARGET, kind=target.kind, target=str(target),
                           expected="one of " + ", ".join(KINDS[1:]))
    try:
        device.open()
    except (EscposError, OSError, RuntimeError, ValueError) as exc:  # pyusb: NoBackendError is a ValueError
        raise PrinterError(Code.PRINTER_UNREACHABLE, target=str(target), reason=_reason(exc)) from None
    return device


def _reason(exc: BaseException) -> str:
    """One line: python-escpos puts the OS error on a second line ("Could not open socket for h:\\n...")."""
    text = str(exc).strip().splitlines()
    return (text[-1] if text else type(exc).__name__).strip()[:200]


def send(target: Target, data: bytes) -> None:
    """Write a slip's bytes to the printer in one go, then close it."""
    if not target.enabled:
        return
    device = _open(target)
    try:
        device._raw(data)  # python-escpos' driver hook for bytes: the slip was rendered beforehand
    except Exception as exc:  # socket, file and pyusb write errors alike: the printer stopped taking data
        raise PrinterError(Code.PRINTER_WRITE, target=str(target), reason=_reason(exc)) from None
    finally:
        _close(device)
    log.info("printed %d bytes on %s", len(data), target)


def _close(device: Any) -> None:
    try:
        device.close()
    except Exception as exc:  # closing a dead connection must not hide what happened before
        log.debug("closing the printer failed: %s", exc)


def probe(target: Target) -> str:
    """Check the printer answers (doctor): a detail line, or PrinterError. Nothing is printed.

    A network or USB printer is also asked for its paper sensor (DLE EOT 4); one that
    does not answer within the timeout is taken as fine: many models stay silent.
    """
    if not target.enabled:
        return "none configured"
    if target.kind == "file":  # opening it would empty it: ask the file system instead
        path = Path(target.path)
        if os.access(path, os.W_OK) or (not path.exists() and os.access(path.parent, os.W_OK)):
            return f"{path} is writable"
        raise PrinterError(Code.PRINTER_UNREACHABLE, target=str(target), reason="not writable")
    device = _open(target)
    try:
        try:
            paper = device.paper_status()
        except (TimeoutError, NotImplementedError):  # socket.timeout is TimeoutError
            return f"{target} answers (paper sensor not reported)"
        except Exception as exc:  # a USB read error or a reset connection: reachable, not readable
            log.debug("paper status of %s failed: %s", target, exc)
            return f"{target} answers (paper sensor not reported)"
        if paper == 0:
            raise PrinterError(Code.PRINTER_NO_PAPER, target=str(target))
        return f"{target} answers, paper {'low' if paper == 1 else 'ok'}"
    finally:
        _close(device)
