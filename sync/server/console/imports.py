"""The console's member import: a CSV checked line by line and previewed before anything is written,
then imported in one transaction (HQ only; the same rules as `tessera-server member import`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pos_app.core.errors import TesseraError
from sync.server import members
from sync.server.console.users import User, audit
from sync.server.db import ServerDB

PREVIEW = 20


@dataclass(frozen=True)
class Checked:
    rows: list[members.Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def preview(self) -> list[members.Row]:
        return self.rows[:PREVIEW]


def check(db: ServerDB, text: str, store: str | None) -> Checked:
    try:
        return Checked(members.check_text(db, text, store or None))
    except members.ImportFailed as exc:
        return Checked([], exc.problems)
    except TesseraError as exc:
        return Checked([], [exc.message])


def run(db: ServerDB, user: User, text: str, store: str | None, now: datetime) -> dict[str, Any]:
    """Import the rows (HQ only: PermissionError otherwise); ImportFailed or another refusal if bad."""
    if user.scope is not None:
        raise PermissionError("import")
    rows = members.check_text(db, text, store or None)
    result = members.import_rows(db, rows, store or None, now)
    db.run_write(lambda s: audit(s, user, "member.import", now, result.get("store"),
                                 imported=result["imported"], duplicates=result["possible_duplicates"]))
    return result
