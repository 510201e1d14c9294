"""Multi-row inserts and updates handed to sqlite3's executemany directly.

A catch-up writes tens of thousands of rows; SQLAlchemy's per-row parameter processing
(compiling each row's parameters, the timezone round trip of every datetime) was most of its
cost. Here the statement is built once per call and each value is converted by its column's
own bind processor, except aware datetimes, which are formatted the way SQLAlchemy's SQLite
DATETIME stores them (naive UTC, microseconds always written, so text order is time order).
Column defaults that SQLAlchemy would fill in for a missing key are filled in the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.orm import Session

from pos_app.base.sqltypes import UTCDateTime

Convert = Callable[[Any], Any] | None


def stored_time(value: datetime | None) -> str | None:
    """An aware datetime as SQLAlchemy's SQLite DATETIME stores it (``UTCDateTime``: naive UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the database")
    if value.utcoffset():
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")


def insert_rows(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT every row (all rows name the same columns)."""
    if not rows:
        return
    names = list(rows[0])
    defaults = _defaults(table, names)
    columns = [*names, *defaults]
    converts = [_converter(session, table.c[name]) for name in columns]
    fixed = tuple(defaults.values())
    params = [(*(r[n] for n in names), *fixed) for r in rows]
    listed = ", ".join(_quote(session, c) for c in columns)
    _execute(session, f"INSERT INTO {_quote(session, table.name)} ({listed})"
                      f" VALUES ({', '.join('?' for _ in columns)})", params, converts)


def update_rows(session: Session, table: Table, key: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """UPDATE each row's named columns where ``key`` equals its ``key`` value."""
    if not rows:
        return
    names = [n for n in rows[0] if n != key]
    converts = [_converter(session, table.c[n]) for n in (*names, key)]
    params = [(*(r[n] for n in names), r[key]) for r in rows]
    assignments = ", ".join(f"{_quote(session, n)} = ?" for n in names)
    _execute(session, f"UPDATE {_quote(session, table.name)} SET {assignments}"
                      f" WHERE {_quote(session, key)} = ?", params, converts)


def _execute(session: Session, sql: str, params: list[tuple[Any, ...]], converts: list[Convert]) -> None:
    at = [(i, c) for i, c in enumerate(converts) if c is not None]
    if at:
        converted = []
        for row in params:
            values = list(row)
            for i, convert in at:
                values[i] = convert(values[i])
            converted.append(tuple(values))
        params = converted
    session.connection().exec_driver_sql(sql, params)


def _converter(session: Session, column: Column[Any]) -> Convert:
    if isinstance(column.type, UTCDateTime):
        return stored_time
    return column.type.bind_processor(session.get_bind().dialect)


def _defaults(table: Table, names: list[str]) -> dict[str, Any]:
    """Scalar Python-side defaults of the columns the rows leave out (SQLAlchemy would fill them)."""
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name in names or column.default is None:
            continue
        if not column.default.is_scalar:
            raise ValueError(f"{table.name}.{column.name} has a computed default: name it in the rows")
        out[column.name] = column.default.arg  # type: ignore[attr-defined]
    return out


def _quote(session: Session, name: str) -> str:
    return session.get_bind().dialect.identifier_preparer.quote(name)
