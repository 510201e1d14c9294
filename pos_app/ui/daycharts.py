"""The manager's charts: the day hour by hour, and the last 30 days, drawn with pyqtgraph.

Each chart takes the lines of a daily report as they come from the worker (``by_hour``,
``trend``: plain dicts, see pos_app.store.daybreak) and redraws; it never asks for data.
Colours follow the style sheet's palette; the charts stay readable on a till's small screen
(no mouse interaction: a till has a touch screen or none).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QSizePolicy, QWidget

SALES = "#1f3a5f"
POINTS = "#d08c1f"
REDEEMED = "#b23b3b"
VISITS = "#c9d4e3"
BACKGROUND = "#ffffff"
AXIS = "#52606d"


class _Chart(pg.PlotWidget):  # type: ignore[misc]  # pyqtgraph ships no type hints
    def __init__(self, parent: QWidget | None, left: str, bottom: str) -> None:
        super().__init__(parent=parent, background=BACKGROUND)
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = self.getPlotItem()
        for side, text in (("left", left), ("bottom", bottom)):
            axis = item.getAxis(side)
            axis.setPen(AXIS)
            axis.setTextPen(AXIS)
            axis.setLabel(text, color=AXIS)
        item.showGrid(y=True, alpha=0.2)


class HourChart(_Chart):
    """One figure of the day by hour of the shop's clock, as bars: member sales or the points they earned."""

    def __init__(self, key: str, left: str, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, left, self.tr("Hour"))
        self.setObjectName(f"hourChart_{key}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(160)  # two of them stand beside the day's figures
        self.key = key
        item = self.getPlotItem()
        item.getAxis("bottom").setTicks([[(h, str(h)) for h in range(0, 24, 3)]])
        self.bars = pg.BarGraphItem(x=list(range(24)), height=[0] * 24, width=0.7, brush=colour, pen=None)
        item.addItem(self.bars)
        item.setXRange(-0.5, 23.5, padding=0)
        self.shown = [0] * 24  # what the bars show, hour by hour

    def set_hours(self, hours: Sequence[dict[str, Any]]) -> None:
        by_hour = {int(h["hour"]): int(h.get(self.key, 0)) for h in hours}
        self.shown = [by_hour.get(hour, 0) for hour in range(24)]
        self.bars.setOpts(height=self.shown)
        top = max([*self.shown, 1])
        item = self.getPlotItem()
        item.setYRange(0, top * 1.1, padding=0)
        # Whole numbers on the scale: counts of sales and points have no fractions.
        step = float(max(1, math.ceil(top / 4)))
        item.getAxis("left").setTickSpacing(major=step, minor=step)


class TrendChart(_Chart):
    """The last 30 days: points issued and redeemed (lines) over member visits (bars, to the same height)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, self.tr("Points"), self.tr("Day"))
        self.setObjectName("trendChart")
        item = self.getPlotItem()
        legend = item.addLegend(offset=(8, 4), labelTextColor=AXIS)
        self.visits = pg.BarGraphItem(x=[], height=[], width=0.7, brush=VISITS, pen=None)
        item.addItem(self.visits)
        self.issued = item.plot([], [], pen=pg.mkPen(POINTS, width=2), name=self.tr("Points issued"))
        self.redeemed = item.plot([], [], pen=pg.mkPen(REDEEMED, width=2), name=self.tr("Points redeemed"))
        legend.addItem(self.visits, self.tr("Visits (scaled)"))
        self.days: list[str] = []

    def set_trend(self, trend: Sequence[dict[str, Any]]) -> None:
        self.days = [str(d["date"]) for d in trend]
        xs = list(range(len(trend)))
        issued = [int(d.get("points_issued", 0)) for d in trend]
        redeemed = [int(d.get("points_redeemed", 0)) for d in trend]
        visits = [int(d.get("visits", 0)) for d in trend]
        self.issued.setData(xs, issued)
        self.redeemed.setData(xs, redeemed)
        # Visits are counts, not points: drawn to the lines' height, their numbers are in the table.
        top = max([*issued, *redeemed, 1])
        scale = top / max([*visits, 1])
        self.visits.setOpts(x=xs, height=[v * scale * 0.9 for v in visits])
        ticks = [(i, day[5:]) for i, day in enumerate(self.days) if (len(xs) - 1 - i) % 7 == 0]
        item = self.getPlotItem()
        item.getAxis("bottom").setTicks([ticks])
        item.setXRange(-0.5, max(len(xs), 1) - 0.5, padding=0)
        item.setYRange(0, top * 1.1, padding=0)
