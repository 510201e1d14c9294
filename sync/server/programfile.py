"""`tessera-server program load FILE.toml [--at WHEN]`: a program file stored as a version, active now or
from an instant (ISO 8601 with its UTC offset)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pos_app.core.errors import Code, InvalidInput
from sync.server import programs
from sync.server.db import ServerDB


def read_source(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(Code.CANNOT_READ, path=str(path), reason=str(exc.strerror)) from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(Code.CANNOT_READ, path=str(path),
                           reason=f"not UTF-8 text (byte {exc.start})") from None


def load_file(db: ServerDB, path: Path, at: str | None, now: datetime) -> dict[str, Any]:
    """Load ``path`` active from ``at`` (None: now): the version, whether it was new, its instant."""
    instant = programs.parse_instant(at) if at is not None else None
    programs.activation_instant(instant, now)  # a bad instant is refused before the file is read
    source = read_source(path)

    def work(session: Session) -> dict[str, Any]:
        return programs.put(session, source, now, instant).as_dict(programs.source_digest(source))

    return db.run_write(work, attempts=1)


def summary(result: dict[str, Any]) -> str:
    """The command's lines for people."""
    done = ("stored" if result["stored"] else "moved" if result["moved"] else "already loaded, unchanged")
    when = (f", active from {result['active_from']}" if result["active_from"]
            else ", active now" if result["stored"] or result["moved"] else "")
    lines = [f"program version {result['version']} ({result['name']}): {done}{when}"]
    if result["state"] == "superseded":
        lines.append("it will never be active: a higher version is active by its date")
    if result["superseded"]:
        lines.append("never active now (a higher version is active by their date): version "
                     + ", ".join(str(v) for v in result["superseded"]))
    return "\n".join(lines)
