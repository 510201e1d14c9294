"""Category loggers (tessera.store, tessera.terminal, tessera.sync, tessera.scan, tessera.ui).

Logs rotate in ``logs/`` of the data dir. Card numbers are logged masked and
tokens never: see ``pos_app.core.cards.masked``.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup(data_dir: Path, *, verbose: bool = False) -> None:
    root = logging.getLogger("tessera")
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return
    logs = data_dir / "logs"
    logs.mkdir(mode=0o700, exist_ok=True)
    path = logs / "tessera.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    os.chmod(path, 0o600)
    # A log line that cannot be written (a full disk) must not print a traceback at the cashier.
    logging.raiseExceptions = False
