"""Where the server keeps its data: ``--data-dir``/TESSERA_DATA_DIR, ``--db``/TESSERA_DB."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "TESSERA_DATA_DIR"
ENV_DB = "TESSERA_DB"
DB_NAME = "server.db"


def data_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        path = explicit
    elif os.environ.get(ENV_DATA_DIR):
        path = Path(os.environ[ENV_DATA_DIR])
    else:
        path = Path(platformdirs.user_data_dir("tessera-server", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def db_url(explicit: str | None, directory: Path) -> str:
    return explicit or os.environ.get(ENV_DB) or f"sqlite:///{directory / DB_NAME}"
