"""The migrations build exactly the schema the models declare (no drift either way)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sync.server.db import ServerDB
from sync.server.models import Base


def test_the_migrated_schema_is_the_models_schema(db_url: str) -> None:
    db = ServerDB(db_url)
    try:
        db.migrate()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": False})
            diff = compare_metadata(context, Base.metadata)
    finally:
        db.dispose()
    assert diff == []
