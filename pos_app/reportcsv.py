"""The daily report as CSV: the day's figures in one row, then each breakdown as its own table.

A spreadsheet opens it as it is: the first table is the day (header and one row), and after
each blank line comes one breakdown (by reward, by cashier, by hour, the 30-day trend) with
its own header; the server's store day (``tessera-server report daily --format csv``) is laid
out the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pos_app.base.csvtables import tables_csv
from pos_app.base.files import atomic_path

BREAKDOWNS = ("by_reward", "by_cashier", "by_hour", "trend")


def figures(report: dict[str, Any]) -> dict[str, Any]:
    """The report's scalar fields (everything but the breakdowns' lists)."""
    return {k: v for k, v in report.items() if not isinstance(v, list)}


def daily_csv(report: dict[str, Any]) -> str:
    return tables_csv([[figures(report)], *(report.get(name) or [] for name in BREAKDOWNS)])


def write_daily_csv(report: dict[str, Any], out: Path) -> None:
    """Write atomically: a half-written file never replaces a good one."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        tmp.write_text(daily_csv(report), encoding="utf-8")
