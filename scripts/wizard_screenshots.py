"""Render each step of the first-run wizard in every language to docs/screenshots/wizard-<lang>-<step>.png.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/wizard_screenshots.py [--out DIR] [--lang it ...]

The wizard runs on a throwaway data dir and is never finished (nothing is written there); the camera
step previews the bundled card image (resources/sample_card.png) and shows its test scan. Text that
does not fit 1024x768 is reported (exit code 1 if some does).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from pos_app.base import assets
from pos_app.ui import i18n
from pos_app.ui.app import WINDOW_SIZE, prepare
from pos_app.ui.layoutcheck import clipped
from pos_app.ui.wizard.devices import CameraPage, PrinterPage
from pos_app.ui.wizard.flow import SetupWizard
from pos_app.ui.wizard.manager import ManagerPage
from pos_app.ui.wizard.pages import ServerPage
from pos_app.ui.wizard.steps import Setup

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("language", "region", "server", "camera", "printer", "manager")


def pump(until: Callable[[], bool] = lambda: False, timeout_s: float = 5.0) -> None:
    """Run the event loop until ``until()`` holds or ``timeout_s`` passed (then a last short round)."""
    loop = QEventLoop()
    deadline = time.monotonic() + timeout_s
    while not until() and time.monotonic() < deadline:
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    QTimer.singleShot(50, loop.quit)
    loop.exec()


def prepare_step(wizard: SetupWizard, camera_folder: Path) -> None:
    page = wizard.page
    if isinstance(page, ServerPage):
        page.url.setText("https://loyalty.example.com")
    elif isinstance(page, CameraPage):
        page.choice.setCurrentIndex(page.choice.findData("other"))
        page.source.setText(str(camera_folder))
        page.test_scan()
        pump(lambda: bool(page.read), timeout_s=15)
    elif isinstance(page, PrinterPage):
        page.kind.setCurrentIndex(page.kind.findData("network"))
        page.target.setText("192.0.2.10:9100")
    elif isinstance(page, ManagerPage):
        page.name.setText("Maria Rossi")
        page.pin.setText("4321")
        page.again.setText("4321")


def render(language: str, out: Path) -> tuple[list[Path], list[str]]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    prepare(app, language)
    work = Path(tempfile.mkdtemp(prefix=f"tessera-wizard-{language}-"))
    camera_folder = work / "camera"
    camera_folder.mkdir()
    shutil.copy(assets.path("sample_card.png"), camera_folder / "card.png")
    wizard = SetupWizard(work / "data", setup=Setup(language=language), camera_lister=lambda: [])
    wizard.resize(*WINDOW_SIZE)
    wizard.show()
    written, problems = [], []
    try:
        for index, step in enumerate(STEPS):
            wizard.go(index)
            prepare_step(wizard, camera_folder)
            pump(lambda: wizard.worker.pending == 0)
            problems += [f"{language} {step}: {p}" for p in clipped(wizard)]
            target = out / f"wizard-{language}-{index + 1}-{step}.png"
            wizard.grab().save(str(target))
            written.append(target)
    finally:
        wizard.close()
        shutil.rmtree(work, ignore_errors=True)
    return written, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wizard_screenshots.py")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", nargs="*", default=list(i18n.LANGUAGES))
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(["tessera-wizard-shots"])
    assert isinstance(app, QApplication)
    args.out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for language in args.lang:
        written, found = render(language, args.out)
        problems += found
        for path in written:
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    for problem in problems:
        print(f"does not fit: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
