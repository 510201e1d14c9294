"""Terminal options, declared once with types and defaults, stored in config.toml.

Only settings live here; secrets (the terminal token) are in a separate 0600 file.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

CONFIG_NAME = "config.toml"
ENV_DATA_DIR = "TESSERA_DATA_DIR"


@dataclass
class Options:
    language: str = ""  # empty: the OS locale
    idle_lock_seconds: int = 300
    camera: str = ""  # camera index, a video file or an image folder; empty: none
    camera_width: int = 1280
    camera_height: int = 720
    scan_cooldown_seconds: int = 3
    sync_interval_seconds: int = 30
    default_country_code: str = ""  # e.g. "+40": "0721..." is stored as "+40721..."
    undo_window_seconds: int = 120

    @classmethod
    def load(cls, data_dir: Path) -> Options:
        path = data_dir / CONFIG_NAME
        if not path.exists():
            return cls()
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if key in known:
                default = getattr(cls(), key)
                values[key] = type(default)(value)
        return cls(**values)

    def save(self, data_dir: Path) -> None:
        path = data_dir / CONFIG_NAME
        tmp = path.with_suffix(".tmp")
        tmp.write_text(tomli_w.dumps(asdict(self)), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)


def default_data_dir() -> Path:
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("tessera", appauthor=False))


def ensure_data_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path
