"""python-escpos, loaded on first use with its printer database cached where Tessera keeps caches.

On import python-escpos parses its printer database (capabilities.json) and pickles it
into a fresh temporary directory per process unless ESCPOS_CAPABILITIES_PICKLE_DIR names
one: pointed at the user cache dir, every start reuses one pickle and /tmp gains nothing.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

PICKLE_DIR_ENV = "ESCPOS_CAPABILITIES_PICKLE_DIR"


def printers() -> ModuleType:
    """``escpos.printer`` (Network, Usb, File, Dummy)."""
    if PICKLE_DIR_ENV not in os.environ:
        import platformdirs

        cache = Path(platformdirs.user_cache_dir("tessera", appauthor=False)) / "escpos"
        try:
            cache.mkdir(parents=True, exist_ok=True)
            os.environ[PICKLE_DIR_ENV] = str(cache)
        except OSError:  # a read-only home: python-escpos falls back to a temporary directory
            pass
    from escpos import printer

    module: ModuleType = printer  # python-escpos has no type hints
    return module
