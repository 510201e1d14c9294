"""A USB scanner's fast burst is a scan; a person typing the same digits is not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_helpers import StepClock

from pos_app.ui.scanfield import MAX_GAP_S, ScanField

Field = tuple[ScanField, StepClock]  # the widget and the clock its key presses read


@pytest.fixture
def field(qtbot: QtBot) -> Field:
    clock = StepClock()
    widget = ScanField(clock=clock)
    qtbot.addWidget(widget)
    widget.show()
    return widget, clock


def type_keys(qtbot: QtBot, widget: ScanField, clock: StepClock, text: str, gap: float) -> None:
    clock.step = gap
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_fast_burst_ending_with_enter_is_a_scan(qtbot: QtBot, field: Field) -> None:
    widget, clock = field
    with qtbot.waitSignal(widget.scanned, timeout=1000) as blocker, \
            qtbot.assertNotEmitted(widget.submitted):
        type_keys(qtbot, widget, clock, "2900000000025", gap=0.005)
    assert blocker.args == ["2900000000025"]
    assert widget.text() == ""


def test_same_digits_typed_by_a_person_are_submitted_not_scanned(qtbot: QtBot, field: Field) -> None:
    widget, clock = field
    with qtbot.waitSignal(widget.submitted, timeout=1000) as blocker, qtbot.assertNotEmitted(widget.scanned):
        type_keys(qtbot, widget, clock, "2900000000025", gap=0.180)
    assert blocker.args == ["2900000000025"]


def test_short_fast_burst_is_not_a_scan(qtbot: QtBot, field: Field) -> None:
    widget, clock = field
    with qtbot.waitSignal(widget.submitted, timeout=1000) as blocker, qtbot.assertNotEmitted(widget.scanned):
        type_keys(qtbot, widget, clock, "Ana", gap=0.005)
    assert blocker.args == ["Ana"]


def test_gap_just_over_the_limit_is_human(qtbot: QtBot, field: Field) -> None:
    widget, clock = field
    with qtbot.assertNotEmitted(widget.scanned):
        type_keys(qtbot, widget, clock, "2900000000025", gap=MAX_GAP_S + 0.01)


def test_scan_after_half_typed_text_takes_only_the_burst(qtbot: QtBot, field: Field) -> None:
    widget, clock = field
    clock.step = 0.3
    qtbot.keyClicks(widget, "Mar")
    clock.advance(2.0)
    with qtbot.waitSignal(widget.scanned, timeout=1000) as blocker:
        type_keys(qtbot, widget, clock, "2900000000049", gap=0.004)
    assert blocker.args == ["2900000000049"]


def test_enter_long_after_a_burst_is_a_person_confirming(qtbot: QtBot, field: Field) -> None:
    widget, clock = field
    clock.step = 0.004
    qtbot.keyClicks(widget, "2900000000025")
    clock.advance(1.5)
    with qtbot.waitSignal(widget.submitted, timeout=1000), qtbot.assertNotEmitted(widget.scanned):
        qtbot.keyClick(widget, Qt.Key.Key_Return)
