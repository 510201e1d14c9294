"""`tessera-pos` with no command: the cashier window, on the data dir or (``--demo``) a throwaway one;
a data dir never set up opens the first-run wizard."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pos_app import log
from pos_app.cli.common import data_dir_of


def start_window(args: argparse.Namespace) -> int:
    if args.demo:
        # Seeded by the window's worker after it is on screen: start-up stays fast.
        target = Path(tempfile.mkdtemp(prefix="tessera-demo-"))
        log.setup(target, verbose=args.verbose)
    else:
        target = data_dir_of(args)  # a new one opens the first-run wizard (pos_app.ui.wizard)
    from pos_app.ui import app  # Qt loads only when the window is wanted

    return int(app.run(target, camera=args.camera, demo=args.demo))
