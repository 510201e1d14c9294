"""Printing a member card or a voucher: write a PDF (off the GUI thread), open it with the OS viewer.

The PDF renderer (``pos_app.scanning.cardpdf``, reportlab) is imported only when
the cashier asks to print, on the worker thread, so it never slows start-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication as QCA
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from pos_app.ui import messages
from pos_app.ui.context import Context

if TYPE_CHECKING:
    from pos_app.ui.widgets import Banner


def _out_dir(ctx: Context) -> Path:
    return (ctx.terminal.data_dir if ctx.terminal is not None else Path.cwd()) / "print"


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:40]


def _renderer() -> ModuleType:
    try:
        from pos_app.scanning import cardpdf  # reportlab: loaded on the worker, the first time one prints
    except ImportError as exc:
        raise PrintingUnavailable(str(exc)) from None
    return cardpdf


class PrintingUnavailable(Exception):
    pass


def _open(path: Path, banner: Banner) -> None:
    if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        banner.show_message("info", QCA.translate("Printing", "Saved to %1").replace("%1", str(path)))
    else:
        opened = QCA.translate("Printing", "Opened for printing: %1").replace("%1", path.name)
        banner.show_message("ok", opened)


def _failed(banner: Banner) -> Callable[[BaseException], None]:
    def show(error: BaseException) -> None:
        if isinstance(error, PrintingUnavailable):
            banner.show_message("error",
                                QCA.translate("Printing", "Printing is not available on this terminal."))
        else:
            banner.show_message("error", messages.explain(error))

    return show


def print_card(ctx: Context, card: str, name: str, banner: Banner) -> None:
    out = _out_dir(ctx) / f"card-{_safe(card)}.pdf"
    program = ctx.program_name

    def job() -> Path:
        renderer = _renderer()
        out.parent.mkdir(parents=True, exist_ok=True)
        renderer.render_card(card, name, out, program)
        return out

    ctx.worker.run(job, lambda path: _open(path, banner), _failed(banner))


def print_voucher(ctx: Context, code: str, reward_name: str, banner: Banner) -> None:
    out = _out_dir(ctx) / f"voucher-{_safe(code)}.pdf"

    def job() -> Path:
        renderer = _renderer()
        out.parent.mkdir(parents=True, exist_ok=True)
        renderer.render_voucher(code, reward_name, out)
        return out

    ctx.worker.run(job, lambda path: _open(path, banner), _failed(banner))
