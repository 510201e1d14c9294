"""Entry point of the cashier window: ``run(data_dir, camera=None, demo=False) -> exit code``.

Start-up is kept short: the window shows at once and the terminal database (and
the heavy imports behind it) open on the worker thread while the PIN pad waits.
OpenCV, reportlab and the capture worker load only when used.

``TESSERA_STARTUP_PROBE=1`` prints ``shown <unix time>`` when the window is on
screen and ``ready <unix time>`` when the PIN pad accepts PINs, then quits
(used by bench/startup_bench.py).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the terminal (SQLAlchemy, Alembic) loads on the worker, after the window shows
    from PySide6.QtWidgets import QApplication

    from pos_app.config import Options
    from pos_app.terminal import Terminal
    from pos_app.ui.window import MainWindow

PROBE_ENV = "TESSERA_STARTUP_PROBE"
WINDOW_SIZE = (1024, 768)


def display_problem() -> str | None:
    """Why no window can be shown, or None. Only Linux/BSD without any display is detected."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return None
    if os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display: DISPLAY and WAYLAND_DISPLAY are unset (run it in a desktop session, "
            "or set QT_QPA_PLATFORM=offscreen for a headless check)")


def style_sheet() -> str:
    from pos_app.base import assets

    try:
        text = assets.read_text("style.qss")
    except OSError:
        return ""
    return text.replace("@ICONS@", assets.path("icons").as_posix())


def prepare(app: object, language: str) -> None:
    """Translations, font and style for ``language`` (used by run() and the screenshot script)."""
    from PySide6.QtWidgets import QApplication

    from pos_app.ui import i18n

    assert isinstance(app, QApplication)
    i18n.install(app, language)
    app.setFont(i18n.ui_font(language))
    app.setStyleSheet(style_sheet())


def _loader(data_dir: Path, demo: bool) -> Callable[[], Terminal]:
    def load() -> Terminal:
        from pos_app.terminal import Terminal, initialize

        if demo and not (data_dir / "terminal.db").exists():
            initialize(data_dir, demo=True)
        return Terminal(data_dir)

    return load


def run(data_dir: Path, camera: str | None = None, demo: bool = False) -> int:
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    from pos_app.config import Options
    from pos_app.core.errors import InvalidInput

    try:
        options = Options.load(data_dir)
    except InvalidInput as exc:  # a bad config.toml: its one line, no traceback (the CLI checks it first)
        print(exc.message, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from pos_app.ui import i18n, qtlog

    qtlog.install()  # Qt's warnings into the log file, not a stderr nobody reads
    app = QApplication.instance() or QApplication(["tessera-pos"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Tessera")
    app.setOrganizationName("Tessera")
    windows: list[MainWindow] = []

    def open_window(chosen: Options) -> None:
        prepare(app, i18n.pick_language(chosen.language))
        windows.append(_main_window(app, data_dir, chosen, camera, demo))

    setup = None
    if not demo:
        from pos_app.ui import wizard

        if wizard.needed(data_dir):  # a new terminal: the first-run wizard, then the PIN pad
            prepare(app, i18n.pick_language(options.language))
            setup = wizard.start(data_dir, open_window)
    if setup is None:
        open_window(options)
    try:
        return int(app.exec())
    finally:
        for window in windows:
            window.close()
            if window.terminal is not None:
                window.terminal.close()


def _main_window(app: QApplication, data_dir: Path, options: Options, camera: str | None,
                 demo: bool) -> MainWindow:
    from PySide6.QtCore import QCoreApplication, QTimer

    from pos_app.ui.window import MainWindow

    window = MainWindow(options, loader=_loader(data_dir, demo), camera=camera)
    if demo:
        window.setWindowTitle(window.windowTitle() + " " + QCoreApplication.translate("MainWindow", "(demo)"))
    window.resize(*WINDOW_SIZE)
    window.setMinimumSize(*WINDOW_SIZE)
    window.show()
    if os.environ.get(PROBE_ENV):
        QTimer.singleShot(0, lambda: print(f"shown {time.time():.6f}", flush=True))  # after the first paint
        window.ready.connect(lambda: (print(f"ready {time.time():.6f}", flush=True),
                                      QTimer.singleShot(0, app.quit)))
    return window


def main(argv: list[str] | None = None) -> int:
    """``python -m pos_app.ui.app [--demo | --data-dir DIR] [--camera SRC]``: the window alone.

    With ``--demo`` the throwaway data dir is created and seeded on the worker
    thread while the window is already up; a data dir without a terminal database
    opens the first-run wizard (pos_app.ui.wizard).
    """
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(prog="python -m pos_app.ui.app")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--camera")
    args = parser.parse_args(argv)
    if args.demo:
        target = args.data_dir or Path(tempfile.mkdtemp(prefix="tessera-demo-"))
    else:
        from pos_app.config import default_data_dir

        target = args.data_dir or default_data_dir()  # a new one: the first-run wizard sets it up
    return run(target, camera=args.camera, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
