"""`tessera-pos` with no command: the cashier window, on the data dir or (``--demo``) a throwaway one."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from pos_app import log
from pos_app.base.cmdline import UsageError
from pos_app.cli.common import DB_FILE, data_dir_of


def start_window(args: argparse.Namespace) -> int:
    if args.demo:
        # Seeded by the window's worker after it is on screen: start-up stays fast.
        target = Path(tempfile.mkdtemp(prefix="tessera-demo-"))
        log.setup(target, verbose=args.verbose)
    else:
        target = data_dir_of(args)
        if not (target / DB_FILE).exists():
            raise UsageError(f"no terminal database in {target}: run `tessera-pos init` (or try --demo)")
    from pos_app.ui import app  # Qt loads only when the window is wanted

    return int(app.run(target, camera=args.camera, demo=args.demo))
