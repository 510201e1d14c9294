"""``tessera-pos --self-test``: the installed bundle checks itself end to end, headless if need be.

In order: the cashier window opens (offscreen when there is no display) on a throwaway data
dir that its worker creates with :func:`pos_app.terminal.initialize`; the bundled sample card
image (``resources/sample_card.png``, a Code 128 of a valid card number) is decoded; that card
is enrolled, sold to and read back from the throwaway database; a PDF test page (the member
card) is rendered and must be a non-empty PDF; a voucher slip is printed through python-escpos to
a file printer and must be ESC/POS holding its code; the first-run wizard is finished standalone
on a second new data dir. Each check prints one line on stdout, with the
time from process start to the window on screen; the first failure ends the run with
``self-test failed: <check>: <reason>`` (one line on stderr) and exit 1.

``build_installer.py`` runs it on the frozen binary. It lives in ``ui`` because it drives the
window; the database is reached through the terminal's use cases only, like the window does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pos_app.terminal import Terminal
    from pos_app.ui.window import MainWindow

PREFIX = "self-test"
SAMPLE = "sample_card.png"
WINDOW_TIMEOUT_MS = 60_000  # a cold first start from a slow disk; a hang still ends
SALE_MINOR = 4200  # 42.00 in the demo program's currency
# Set when this module loads: the fallback start mark where /proc is not there to ask.
_LOADED = time.monotonic()


class CheckFailed(Exception):
    """One check failed; the message is the one-line reason."""


def process_age() -> tuple[float, str]:
    """Seconds since this process started, and what that was measured from.

    Linux: the kernel's start time of the process (``/proc/self/stat`` field 22, clock ticks
    since boot, 10 ms resolution), so the bundle's bootloader and unpacking count too.
    Elsewhere: since this module was imported (later than the real start).
    """
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started, "process start"
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic() - _LOADED, "self-test import"


def sample_path() -> Path:
    from pos_app.base import assets

    return assets.path(SAMPLE)


def _say(text: str) -> None:
    print(f"{PREFIX}: {text}", flush=True)


def open_window(data_dir: Path) -> float:
    """Show the cashier window, wait until its terminal is open; seconds from process start to shown."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from pos_app.config import Options
    from pos_app.ui import app as window_app
    from pos_app.ui import i18n
    from pos_app.ui.window import MainWindow

    qt = QApplication.instance() or QApplication(["tessera-pos"])
    assert isinstance(qt, QApplication)
    options = Options.load(data_dir)
    window_app.prepare(qt, i18n.pick_language(options.language))
    errors: list[BaseException] = []
    window = MainWindow(options, loader=_recording(_open_terminal(data_dir), errors))
    shown: list[float] = []
    loop = QEventLoop()
    window.ready.connect(loop.quit)
    # The loader's job settles the queue with an error when the database cannot be opened.
    window.worker.settled.connect(lambda: loop.quit() if errors else None)
    QTimer.singleShot(WINDOW_TIMEOUT_MS, loop.quit)
    window.resize(*window_app.WINDOW_SIZE)
    window.show()
    QTimer.singleShot(0, lambda: shown.append(process_age()[0]))  # runs after the first paint
    try:
        if window.terminal is None and not errors:
            loop.exec()
        return _window_outcome(window, shown, errors)
    finally:
        window.close()
        if window.terminal is not None:
            window.terminal.close()


def _window_outcome(window: MainWindow, shown: list[float], errors: list[BaseException]) -> float:
    if errors:
        raise CheckFailed(f"the window could not open the terminal database: {_reason(errors[0])}")
    if not shown or not window.isVisible():
        raise CheckFailed("the window was not shown")
    if window.terminal is None:
        raise CheckFailed(f"the terminal did not open within {WINDOW_TIMEOUT_MS // 1000} s")
    return shown[0]


def _open_terminal(data_dir: Path) -> Callable[[], Terminal]:
    def load() -> Terminal:
        from pos_app.terminal import Terminal, initialize

        initialize(data_dir)  # writes the throwaway database: schema, identity, program
        return Terminal(data_dir)

    return load


def _recording(load: Callable[[], Terminal], errors: list[BaseException]) -> Callable[[], Terminal]:
    def run() -> Terminal:
        try:
            return load()
        except BaseException as exc:
            errors.append(exc)
            raise

    return run


def decode_sample(path: Path) -> str:
    """The card number read from the sample image."""
    from pos_app.core import cards
    from pos_app.scanning import decode

    try:
        found = decode.decode_file(path)
    except decode.ImageError as exc:
        raise CheckFailed(str(exc)) from None
    numbers = [d.text for d in found if cards.is_valid(d.text)]
    if not numbers:
        raise CheckFailed(f"{path}: no card barcode found (decoded {[d.text for d in found]})")
    return numbers[0]


def write_and_read(data_dir: Path, card: str) -> int:
    """Enroll ``card``, record a sale and read the member back; the balance read."""
    from pos_app.terminal import Terminal

    terminal = Terminal(data_dir)
    try:
        terminal.enroll("Self Test", card=card)
        sale = terminal.sale(card, SALE_MINOR, receipt="SELF-TEST-1")
        shown = terminal.member(card)
    finally:
        terminal.close()
    if sale.points_earned <= 0 or shown.balance != sale.balance:
        raise CheckFailed(f"read back balance {shown.balance}, the sale left {sale.balance} "
                          f"({sale.points_earned} points earned)")
    return shown.balance


def render_test_page(out: Path, card: str) -> int:
    """Render the member card PDF (the printer-independent test page); its size in bytes."""
    from pos_app.scanning.cardpdf import render_card

    render_card(card, "Self Test", out, program_name="Tessera self-test")
    data = out.read_bytes() if out.exists() else b""
    if not data.startswith(b"%PDF") or len(data) < 200:
        raise CheckFailed(f"{out}: not a PDF ({len(data)} bytes)")
    return len(data)


def complete_wizard(data_dir: Path, slip: Path) -> str:
    """The first-run wizard on a new data dir, finished standalone with a file printer and a manager."""
    from PySide6.QtCore import QEventLoop, QTimer

    from pos_app.ui.wizard import flow, needed

    opened: list[object] = []
    wizard = flow.start(data_dir, opened.append, camera_lister=lambda: [])
    setup = wizard.setup
    setup.manager_name, setup.manager_pin = "Self Test", "5791"
    setup.printer, setup.printer_target = "file", str(slip)
    loop = QEventLoop()
    wizard.worker.settled.connect(loop.quit)  # the finishing job is done, saved or failed
    QTimer.singleShot(WINDOW_TIMEOUT_MS, loop.quit)
    wizard.finish()
    if wizard.busy:
        loop.exec()
    wizard.close()
    if not opened or needed(data_dir):
        raise CheckFailed(f"setup did not finish: {wizard.message.text() or 'no answer'}")
    return str(data_dir)


def print_test_slip(out: Path, card: str) -> int:
    """Print a voucher slip through python-escpos to a file printer; the bytes written."""
    from datetime import UTC, datetime

    from pos_app.printer import device, slips

    place = slips.Place(program="Tessera self-test", store="self-test", terminal="self-test",
                        at=datetime.now(UTC))
    slip = slips.voucher_slip(place, reward="Test page", points_spent=0, balance=0, voucher="SELFTEST01",
                              card=card)
    device.send(device.parse("file", str(out)), slips.to_bytes(slip))
    data = out.read_bytes() if out.exists() else b""
    if not data.startswith(b"\x1b@") or b"SELFTEST01" not in data:
        raise CheckFailed(f"{out}: not the ESC/POS slip ({len(data)} bytes)")
    return len(data)


def draw_chart() -> int:
    """The manager's hour chart drawn offscreen (pyqtgraph and what it imports are in the bundle)."""
    from pos_app.ui.daycharts import SALES, HourChart

    chart = HourChart("sales", "Sales", SALES)
    try:
        chart.resize(320, 160)
        chart.set_hours([{"hour": 9, "sales": 3}, {"hour": 17, "sales": 5}])
        image = chart.grab().toImage()
        wanted = image.pixelColor(0, 0).rgb()
        inked = sum(1 for y in range(0, image.height(), 4) for x in range(0, image.width(), 4)
                    if image.pixel(x, y) != wanted)
    finally:
        chart.close()
    if sum(chart.shown) != 8 or inked == 0:
        raise CheckFailed(f"the chart shows {sum(chart.shown)} sales, {inked} pixels drawn")
    return inked


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())  # one line, whatever the exception held


def run_checks(sample: Path, work: Path) -> None:
    data_dir = work / "data"
    step = "window"
    try:
        seconds = open_window(data_dir)
        age, since = process_age()
        _say(f"window shown {seconds:.2f} s after {since}, terminal open after {age:.2f} s")
        step = "sample card"
        card = decode_sample(sample)
        _say(f"decoded {sample.name}: card ending {card[-4:]}")
        step = "database"
        balance = write_and_read(data_dir, card)
        _say(f"database {data_dir / 'terminal.db'} written and read back (balance {balance})")
        step = "test page"
        size = render_test_page(work / "test-page.pdf", card)
        _say(f"test page PDF written ({size} bytes)")
        step = "setup wizard"
        _say(f"first-run wizard finished standalone in {complete_wizard(work / 'wizard', work / 'slip.bin')}")
        step = "receipt printer"
        size = print_test_slip(work / "test-slip.escpos", card)
        _say(f"ESC/POS test slip printed to a file printer ({size} bytes)")
        step = "chart"
        _say(f"manager's hour chart drawn offscreen ({draw_chart()} pixels sampled)")
    except CheckFailed as exc:
        raise CheckFailed(f"{step}: {exc}") from None
    except Exception as exc:  # an unexpected failure is still one line: the bundle is what is broken
        raise CheckFailed(f"{step}: {type(exc).__name__}: {_reason(exc)}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tessera-pos --self-test",
                                     description="check the installed terminal end to end")
    parser.add_argument("--sample", type=Path, help="card image to decode (default: the bundled sample)")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    from pos_app.ui.app import display_problem

    if display_problem():  # a headless box still checks everything, on Qt's offscreen platform
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    work = Path(tempfile.mkdtemp(prefix="tessera-selftest-"))
    try:
        run_checks(args.sample or sample_path(), work)
    except CheckFailed as exc:
        print(f"{PREFIX} failed: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _say("passed")
    return 0
