"""Render the cashier window's main screens in every language to docs/screenshots/*.png (1024x768).

    QT_QPA_PLATFORM=offscreen python docs/screenshots/render.py [--out DIR] [--lang it ...]

Uses a throwaway demo terminal on a fixed clock, drives the real widgets, grabs the
window, and reports any text that does not fit (exit code 1 if some does).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from pos_app.terminal import Terminal, initialize
from pos_app.ui import i18n
from pos_app.ui.app import WINDOW_SIZE, prepare
from pos_app.ui.layoutcheck import clipped
from pos_app.ui.window import MainWindow

HERE = Path(__file__).resolve().parent
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # a Wednesday: plain earn rate
MARCO = "2900000000025"


def settle(window: MainWindow) -> None:
    loop = QEventLoop()
    for _ in range(3):
        while window.worker.pending:
            QTimer.singleShot(10, loop.quit)
            loop.exec()
        QTimer.singleShot(30, loop.quit)
        loop.exec()


def scan(window: MainWindow, code: str) -> None:
    """A keyboard-wedge scanner: a fast burst and Enter."""
    field = window.workspace.scan
    field.setFocus()
    QTest.keyClicks(field, code)
    QTest.keyClick(field, Qt.Key.Key_Return)
    settle(window)


def render(language: str, template: Path, out: Path) -> list[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    prepare(app, language)
    data = Path(tempfile.mkdtemp(prefix=f"tessera-shots-{language}-"))
    import shutil

    shutil.copytree(template, data, dirs_exist_ok=True)
    terminal = Terminal(data, clock=lambda: NOW)
    window = MainWindow(terminal.options, terminal=terminal, monotonic=_burst_clock())
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(window)
    problems: list[str] = []

    def shot(name: str, prepare_screen: Callable[[], None] | None = None) -> None:
        if prepare_screen is not None:
            prepare_screen()
        settle(window)
        path = out / f"{language}-{name}.png"
        window.grab().save(str(path))
        problems.extend(f"{path.name}: {p}" for p in clipped(window))
        if window.size().width() != WINDOW_SIZE[0]:
            problems.append(f"{path.name}: window grew to {window.size().width()} px")
        print(path.relative_to(HERE.parents[1]) if path.is_relative_to(HERE.parents[1]) else path)

    ws = window.workspace
    QTest.keyClicks(window.signin.pin, "11")
    shot("signin")
    QTest.keyClicks(window.signin.pin, "11")
    QTest.keyClick(window.signin.pin, Qt.Key.Key_Return)
    settle(window)
    shot("member", lambda: scan(window, MARCO))
    decimal = window.locale().decimalPoint()

    def sale_quote() -> None:
        QTest.keyClick(ws.scan, Qt.Key.Key_F2)
        QTest.keyClicks(ws.sale.amount, f"42{decimal}50")

    shot("sale-quote", sale_quote)
    shot("sale-confirmed", lambda: QTest.keyClick(ws.sale.amount, Qt.Key.Key_Return))

    def voucher() -> None:
        ws.redeem.ask("coffee")
        QTest.keyClick(ws.redeem.confirm_button, Qt.Key.Key_Return)

    shot("voucher", voucher)

    def enroll() -> None:
        QTest.keyClick(ws.scan, Qt.Key.Key_Escape)
        QTest.keyClick(ws.scan, Qt.Key.Key_F4)
        QTest.keyClicks(ws.enroll.name, "Sofia Marinescu")
        QTest.keyClicks(ws.enroll.phone, "0722 123 456")
        QTest.keyClicks(ws.enroll.email, "sofia@example.org")

    shot("enroll", enroll)
    shot("enrolled", lambda: QTest.keyClick(ws.enroll.email, Qt.Key.Key_Return))

    def manager() -> None:
        seed_month(data)
        window.lock()
        QTest.keyClicks(window.signin.pin, "9999")
        QTest.keyClick(window.signin.pin, Qt.Key.Key_Return)
        settle(window)
        scan(window, MARCO)
        QTest.keyClick(ws.scan, Qt.Key.Key_F10)

    shot("manager", manager)
    page = window.manager

    def month() -> None:
        bar = page.summary.body_scroll.verticalScrollBar()
        bar.setValue(bar.maximum())

    shot("manager-month", month)

    def correction() -> None:
        QTest.keyClick(page.summary.day, Qt.Key.Key_F4)
        QTest.keyClicks(page.correction.points, "-20")
        QTest.keyClicks(page.correction.reason, "Voucher not honoured")
        QTest.keyClick(page.correction.reason, Qt.Key.Key_Return)

    shot("manager-correction", correction)
    shot("manager-settings", lambda: QTest.keyClick(page.correction.card, Qt.Key.Key_F6))
    shot("manager-audit", lambda: page.show_section(page.audit))
    if language == "en":
        pdf_page(terminal, out)
    window.close()
    terminal.close()
    shutil.rmtree(data, ignore_errors=True)
    return problems


def seed_month(data: Path) -> None:
    """A month of sales at other hours and days, so the manager's charts have a shape to show."""
    at = [NOW]
    till = Terminal(data, clock=lambda: at[0])
    try:
        for days_back in range(29, -1, -1):
            for n, hour in enumerate((8, 9, 11, 12, 13, 16, 17, 18)[: 3 + (days_back * 7) % 6]):
                at[0] = NOW.replace(hour=hour, minute=7 * n) - timedelta(days=days_back)
                if at[0] < NOW:
                    till.sale(MARCO, 900 + 350 * n + 40 * days_back, f"M-{days_back}-{n}",
                              cashier="cashier" if n % 2 else "manager")
    finally:
        till.close()


def pdf_page(terminal: Terminal, out: Path) -> None:
    """The day's one-page PDF, its page as a PNG beside the screenshots (pdftoppm, when installed)."""
    import shutil
    import subprocess

    from pos_app.reportpdf import write_daily_pdf

    pdf = out / "report-a4.pdf"
    write_daily_pdf(terminal.daily_report(NOW.astimezone().date()), pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(out / "report-a4")],
                       check=True)
        print(out / "report-a4.png")
    pdf.unlink()


def _burst_clock() -> Callable[[], float]:
    """Every read 5 ms later: scripted key bursts look like a USB scanner."""
    now = [0.0]

    def tick() -> float:
        now[0] += 0.005
        return now[0]

    return tick


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--lang", nargs="*", default=list(i18n.LANGUAGES))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["render"])
    template = Path(tempfile.mkdtemp(prefix="tessera-shots-template-")) / "data"
    initialize(template, demo=True, clock=lambda: NOW)
    problems: list[str] = []
    for language in args.lang:
        problems += render(language, template, args.out)
    del app
    for problem in problems:
        print("CLIPPED", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
