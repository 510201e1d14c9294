"""A throwaway PostgreSQL schema per benchmark run: the URL that searches it first, and its removal."""

from __future__ import annotations

import uuid

from sqlalchemy.engine import make_url


def pg_schema_url(base: str, prefix: str = "bench") -> tuple[str, str]:
    import psycopg

    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    plain = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_schema(base: str, schema: str) -> None:
    import psycopg

    plain = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
