"""Qt's own messages reach the ``tessera.qt`` logger, at their level, card-like digits masked."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler, qWarning

from pos_app.ui import qtlog


@pytest.fixture
def routed() -> Iterator[None]:
    qtlog.install()
    yield
    qInstallMessageHandler(None)


@pytest.mark.allow_log("tessera.qt", "QFont: a test warning")
def test_a_qt_warning_is_logged_as_a_warning_with_cards_masked(routed: None, qapp: object,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="tessera.qt"):
        qWarning("QFont: a test warning about 2900000000018")
    found = [r for r in caplog.records if r.name == "tessera.qt"]
    assert [r.levelno for r in found] == [logging.WARNING]
    assert "*********0018" in found[0].getMessage() and "2900000000018" not in found[0].getMessage()


def test_platform_noise_is_debug_and_levels_follow_qt() -> None:
    assert qtlog.level_of(QtMsgType.QtWarningMsg, "This plugin does not support propagateSizeHints()") \
        == logging.DEBUG
    assert qtlog.level_of(QtMsgType.QtCriticalMsg, "anything") == logging.ERROR
    assert qtlog.level_of(QtMsgType.QtInfoMsg, "anything") == logging.DEBUG
    assert qtlog.masked("code 123") == "code 123"
