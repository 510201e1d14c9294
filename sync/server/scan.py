"""A time range over a large table, read the way that is cheapest on each database.

SQLite's planner takes the ``created_at`` index for any range, even one holding a fifth of
the ledger; it then reads the rows in index order, one B-tree descent per row, four times
slower than reading the table straight through (measured by bench/health_bench.py on a million
entries). When the range holds more than a tenth of the table, the range is written so that no
index can serve it (the stored text compared through a CAST: the same comparison, as UTC text
sorts as time), and SQLite scans. PostgreSQL's planner weighs this itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, cast, func, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from pos_app.base.bulk import stored_time

SCAN_SHARE = 10  # scan when the range holds more than 1/SCAN_SHARE of the table's rows


def time_range(session: Session, column: Any, start: datetime, end: datetime) -> ColumnElement[bool]:
    """``start <= column < end``, unindexable on SQLite when the range is a large share of the table."""
    if session.get_bind().dialect.name != "sqlite" or not _large(session, column, start, end):
        return and_(column >= start, column < end)
    text = cast(column, String)
    return and_(text >= stored_time(start), text < stored_time(end))


def _large(session: Session, column: Any, start: datetime, end: datetime) -> bool:
    table = column.table
    # Counted on the column's own index (no row is read); rows are never deleted, so max(rowid) is the size.
    inside = session.scalar(select(func.count()).select_from(table).where(column >= start, column < end)) or 0
    rows = session.scalar(select(func.max(literal_column("rowid"))).select_from(table)) or 0
    return int(inside) * SCAN_SHARE > int(rows)
