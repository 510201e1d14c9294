"""The terminal's daily report as a one-page PDF (``tessera-pos report daily --format pdf``, the window's
Ctrl+S).

The layout itself is ``pos_app.base.dailypdf``, shared with the server's HQ console so a store's day
prints the same on both; this module binds it to the terminal's money (``core.money``, the report's
currency; EUR for a report that names none, as before) and keeps the names its callers import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pos_app.base import dailypdf
from pos_app.base.dailypdf import LABELS, PAPERS, hourly_chart, trend_chart
from pos_app.core.money import currency, format_amount

__all__ = ["LABELS", "PAPERS", "hourly_chart", "trend_chart", "write_daily_pdf"]


def _bound(report: dict[str, Any]) -> tuple[dict[str, Any], dailypdf.Amount]:
    """The report with its currency code spelled as core.money does, and how its amounts are written."""
    cur = currency(report.get("currency", "EUR"))
    return {**report, "currency": cur.code}, lambda minor: format_amount(minor, cur)


def write_daily_pdf(report: dict[str, Any], out: Path, paper: str = "a4") -> None:
    """Write atomically: a half-written PDF never replaces a good one. ``paper``: a4 or letter."""
    shown, amount = _bound(report)
    dailypdf.write_daily_pdf(shown, amount, out, paper)
