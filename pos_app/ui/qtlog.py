"""Qt's own messages (its warnings about plugins, fonts, widgets) into the ``tessera.qt`` logger.

Without this they go to stderr, which nobody reads on a till; in the log file they sit beside
the terminal's own lines, masked like them. Qt's debug and info lines stay at DEBUG; a few
warnings every offscreen or minimal platform prints at start are not faults and go to DEBUG too.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("tessera.qt")

# Printed by platforms without a window manager (offscreen, minimal): nothing is wrong.
_PLATFORM_NOISE = ("does not support propagateSizeHints", "This plugin does not support")
_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.DEBUG,
           QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
           QtMsgType.QtFatalMsg: logging.CRITICAL}
_CARD_LIKE = re.compile(r"\d{8,15}(\d{4})")  # a long digit run Qt echoes (a field's text): keep 4


def level_of(kind: QtMsgType, message: str) -> int:
    level = _LEVELS.get(kind, logging.WARNING)
    if level == logging.WARNING and any(noise in message for noise in _PLATFORM_NOISE):
        return logging.DEBUG
    return level


def masked(message: str) -> str:
    return _CARD_LIKE.sub(lambda m: "*" * (len(m.group(0)) - 4) + m.group(1), message)


def _handle(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.category})" if context.category and context.category != "default" else ""
    log.log(level_of(kind, message), "%s%s", masked(message), where)


def install() -> None:
    """Route every Qt message of this process through ``tessera.qt`` (idempotent)."""
    qInstallMessageHandler(_handle)
