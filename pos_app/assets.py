"""The bundled resources, under the name the terminal's modules import; the code is ``pos_app.base.assets``."""

from __future__ import annotations

from pos_app.base.assets import path, read_text, root

__all__ = ["path", "read_text", "root"]
