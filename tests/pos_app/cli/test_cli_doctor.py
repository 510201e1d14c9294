"""`tessera-pos doctor`: its checks as JSON and lines, its exit code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.pos_app.cli.runner import cli, cli_many


def test_doctor_json(data: Path, tmp_path: Path) -> None:
    healthy, missing = cli_many(None, ["--data-dir", str(data), "doctor", "--json"],
                                ["--data-dir", str(tmp_path / "empty"), "doctor", "--json"])
    checks = healthy.json()
    assert isinstance(checks, list) and all({"check", "ok", "required", "detail"} <= set(c) for c in checks)
    by_name = {c["check"]: c for c in checks}
    assert by_name["database"]["ok"] and "integrity ok" in by_name["database"]["detail"]
    assert by_name["database permissions"]["ok"]
    assert healthy.code == (0 if all(c["ok"] or not c["required"] for c in checks) else 1)
    assert missing.code == 1
    assert {c["check"]: c["ok"] for c in missing.json()}["database"] is False


def test_doctor_lines_name_a_database_out_of_wal_mode_and_open_to_others(data: Path) -> None:
    db = data / "terminal.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    db.chmod(0o644)
    run = cli(data, "doctor")
    assert run.code == 1
    lines = {line[6:28].strip(): line for line in run.out.splitlines()}
    assert lines["database"].startswith("FAIL  database ")
    assert "integrity ok, journal delete" in lines["database"]
    assert lines["database permissions"] == f"FAIL  database permissions   readable by others: chmod 600 {db}"
    assert lines["clock"].startswith("ok    clock ")
