"""`tessera-pos doctor`: its checks as JSON and lines, its exit code."""

from __future__ import annotations

import shutil
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


def _use_printer(data: Path, kind: str, target: str) -> None:
    import dataclasses

    from pos_app.config import Options

    dataclasses.replace(Options.load(data), printer=kind, printer_target=target).save(data)


def test_doctor_checks_the_configured_printer(data: Path, tmp_path: Path) -> None:
    from tests.pos_app.printer.fake_printer import NO_PAPER, FakePrinter, closed_port

    none = cli(data, "doctor", "--json")
    assert {c["check"]: c for c in none.json()}["printer"]["detail"].startswith("none configured")
    with FakePrinter() as up, FakePrinter(paper=NO_PAPER) as empty:
        dirs = {}
        for name, kind, target in [("up", "network", up.target), ("empty", "network", empty.target),
                                   ("off", "network", f"127.0.0.1:{closed_port()}"),
                                   ("wrong", "usb", "epson"), ("file", "file", str(tmp_path / "lp0"))]:
            dirs[name] = tmp_path / name
            shutil.copytree(data, dirs[name])
            _use_printer(dirs[name], kind, target)
        runs = cli_many(None, *[["--data-dir", str(d), "doctor", "--json"] for d in dirs.values()])
    checks = {name: {c["check"]: c for c in run.json()}["printer"]
              for name, run in zip(dirs, runs, strict=True)}
    assert checks["up"]["ok"] and "paper ok" in checks["up"]["detail"] and checks["up"]["required"]
    assert checks["file"]["ok"] and "writable" in checks["file"]["detail"]
    assert not checks["empty"]["ok"] and "out of paper" in checks["empty"]["detail"]
    assert not checks["off"]["ok"] and "cannot be reached" in checks["off"]["detail"]
    assert not checks["wrong"]["ok"] and "vendor:product" in checks["wrong"]["detail"]
    assert [run.code for run in runs][1:4] == [1, 1, 1]  # a configured printer that fails is a failure
    assert not (tmp_path / "lp0").exists()  # doctor prints nothing, creates nothing


def test_doctor_lines_name_an_unreachable_printer(data: Path) -> None:
    from tests.pos_app.printer.fake_printer import closed_port

    port = closed_port()
    _use_printer(data, "network", f"127.0.0.1:{port}")
    run = cli(data, "doctor")
    line = next(x for x in run.out.splitlines() if x[6:28].strip() == "printer")
    assert line.startswith(f"FAIL  printer                the receipt printer 127.0.0.1:{port} cannot be "
                           "reached")
    assert run.code == 1 and "Traceback" not in run.err and "printer" not in run.err.lower()


def test_doctor_reports_the_queue_its_dead_letters_and_the_logs(data: Path) -> None:
    from datetime import UTC, datetime, timedelta

    fresh = {c["check"]: c for c in cli(data, "doctor", "--json").json()}
    assert fresh["dead letters"]["ok"] and fresh["dead letters"]["detail"] == "none"
    assert str(data / "logs" / "tessera.log") in fresh["logs"]["detail"]
    assert " MiB" in fresh["database"]["detail"]
    conn = sqlite3.connect(data / "terminal.db")
    try:
        queued = conn.execute("SELECT count(*) FROM outbox WHERE status = 'pending'").fetchone()[0]
        assert queued >= 2  # the demo's own ops, never pushed
        def ago(delta: timedelta) -> str:
            return (datetime.now(UTC) - delta).replace(tzinfo=None).isoformat(" ", "microseconds")

        conn.execute("UPDATE outbox SET created_at = ?", (ago(timedelta(hours=1)),))
        old = ago(timedelta(days=3))
        conn.execute("UPDATE outbox SET created_at = ? WHERE seq = (SELECT min(seq) FROM outbox)", (old,))
        conn.execute("UPDATE outbox SET status = 'rejected', reason = 'test' WHERE seq = (SELECT max(seq)"
                     " FROM outbox)")
        conn.commit()
    finally:
        conn.close()
    run = cli(data, "doctor")
    lines = {line[6:28].strip(): line for line in run.out.splitlines()}
    assert lines["pending ops"] == (f"warn  pending ops            {queued - 1:,} waiting, the oldest for"
                                    " 3 days: check the network and `tessera-pos sync`")
    assert lines["dead letters"] == ("warn  dead letters           1 ops the server rejected:"
                                     " `tessera-pos sync --rejected` lists them")
    assert run.code == 0  # warnings: the till still sells
    assert "WARN" not in run.err  # OpenCV's camera probe stays quiet
