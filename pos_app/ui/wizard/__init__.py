"""First-run wizard of the cashier window (issue 12): language, region, server, camera, printer, manager.

``needed(data_dir)`` is a file check the window makes before anything loads; :func:`start` shows the
wizard on a new terminal, :func:`run_again` from a manager's settings. Qt loads with flow/pages only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pos_app.ui.wizard.steps import needed

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QPushButton, QWidget

    from pos_app.ui.context import Context


def start(*args: Any, **kwargs: Any) -> Any:
    from pos_app.ui.wizard import flow

    return flow.start(*args, **kwargs)


def run_again(parent: QWidget | None, ctx: Context) -> QDialog:
    from pos_app.ui.wizard import flow

    return flow.run_again(parent, ctx)


def run_again_button(parent: QWidget, ctx: Context) -> QPushButton:
    from pos_app.ui.wizard import flow

    return flow.run_again_button(parent, ctx)


__all__ = ["needed", "run_again", "run_again_button", "start"]
