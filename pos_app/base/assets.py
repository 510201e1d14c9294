"""Where the bundled resources (demo program, style sheets, translations) live.

Installed, they are the package ``pos_app.resources`` (mapped from the top-level
``resources/`` folder); in a PyInstaller bundle or a plain checkout, the folder.
Here in ``base`` because both ends read them: the window its style and
translations, the server (``init --demo``) the demo program and members.
"""

from __future__ import annotations

import sys
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def root() -> Traversable:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    try:
        return resources.files("pos_app.resources")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "resources"  # pos_app/base/ -> the checkout


def read_text(name: str) -> str:
    return root().joinpath(name).read_text(encoding="utf-8")


def path(name: str) -> Path:
    return Path(str(root().joinpath(name)))
