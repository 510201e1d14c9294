"""The manager's charts render offscreen, are not blank, and change when the day's figures change."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from pos_app.ui.daycharts import BACKGROUND, HourChart, TrendChart


def rendered(widget: Any, qtbot: QtBot) -> QImage:
    widget.resize(480, 220)
    widget.show()
    qtbot.waitExposed(widget)
    return widget.grab().toImage()


def inked(image: QImage, colour: str) -> int:
    """Pixels of ``colour`` (bars and lines are drawn in flat colours)."""
    wanted = QColor(colour).rgb()
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixel(x, y) == wanted)


def test_hour_bars_follow_the_hours(qtbot: QtBot) -> None:
    chart = HourChart("sales", "Sales", "#1f3a5f")
    qtbot.addWidget(chart)
    empty = rendered(chart, qtbot)
    assert inked(empty, "#1f3a5f") == 0 and inked(empty, BACKGROUND) > 0
    chart.set_hours([{"hour": 9, "sales": 3}, {"hour": 17, "sales": 6}])
    assert chart.shown[9] == 3 and chart.shown[17] == 6 and sum(chart.shown) == 9
    busy = rendered(chart, qtbot)
    assert inked(busy, "#1f3a5f") > 50
    chart.set_hours([{"hour": 9, "sales": 6}, {"hour": 17, "sales": 6}])
    busier = rendered(chart, qtbot)
    assert inked(busier, "#1f3a5f") > inked(busy, "#1f3a5f")  # the 9 o'clock bar grew to the 17's


def test_trend_draws_both_lines_and_changes(qtbot: QtBot) -> None:
    chart = TrendChart()
    qtbot.addWidget(chart)
    days = [{"date": f"2026-11-{d:02d}", "points_issued": 10 * d, "points_redeemed": 0, "visits": d % 3}
            for d in range(1, 31)]
    chart.set_trend(days)
    first = rendered(chart, qtbot)
    assert inked(first, "#d08c1f") > 20  # the issued line
    days[-1] = {**days[-1], "points_redeemed": 250}
    chart.set_trend(days)
    second = rendered(chart, qtbot)
    assert inked(second, "#b23b3b") > inked(first, "#b23b3b")  # the redeemed line rose at the end
    assert chart.days[0] == "2026-11-01" and len(chart.days) == 30
