"""Multi-row inserts and updates handed to the driver's executemany directly.

A terminal's catch-up and a server's push batch write thousands of rows; SQLAlchemy's per-row
parameter processing (compiling each row's parameters, the timezone round trip of every
datetime) was most of their cost. Here the statement is built once per call and each value is
converted by its column's own bind processor, except aware datetimes: on SQLite formatted the
way SQLAlchemy's DATETIME stores them (naive UTC, microseconds always written, so text order is
time order), elsewhere handed to the driver as naive UTC (``UTCDateTime``'s own conversion).
Column defaults that SQLAlchemy would fill in for a missing key are filled in the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.orm import Session

from pos_app.base.sqltypes import UTCDateTime, to_naive_utc

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
    mark = _marker(session)
    _execute(session, f"INSERT INTO {_quote(session, table.name)} ({listed})"
                      f" VALUES ({', '.join(mark for _ in columns)})", params, converts)


def update_rows(session: Session, table: Table, key: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """UPDATE each row's named columns where ``key`` equals its ``key`` value."""
    if not rows:
        return
    names = [n for n in rows[0] if n != key]
    converts = [_converter(session, table.c[n]) for n in (*names, key)]
    params = [(*(r[n] for n in names), r[key]) for r in rows]
    mark = _marker(session)
    assignments = ", ".join(f"{_quote(session, n)} = {mark}" for n in names)
    _execute(session, f"UPDATE {_quote(session, table.name)} SET {assignments}"
                      f" WHERE {_quote(session, key)} = {mark}", params, converts)


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
    dialect = session.get_bind().dialect
    if isinstance(column.type, UTCDateTime):
        return stored_time if dialect.name == "sqlite" else _naive_utc
    return column.type.bind_processor(dialect)


def _naive_utc(value: datetime | None) -> datetime | None:
    return to_naive_utc(value) if value is not None else None


def _marker(session: Session) -> str:
    """The driver's positional placeholder: sqlite3's ``?``, psycopg's ``%s``."""
    return "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"


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
