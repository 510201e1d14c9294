"""Start-up: the entry point, the missing-display refusal, and what the window modules import."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.ui import app

REPO = Path(__file__).resolve().parents[3]
UI = REPO / "pos_app" / "ui"


def test_no_display_is_one_clear_line_and_exit_code_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert app.run(tmp_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("no display: ") and err.count("\n") == 1


def test_a_display_or_a_platform_is_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    assert app.display_problem() is None
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.display_problem() is None


def _probe(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", app.PROBE_ENV: "1"}
    return subprocess.run([sys.executable, "-m", *args], env=env, capture_output=True, text=True, timeout=120,
                          cwd=REPO)


def test_tessera_pos_demo_opens_the_window_and_the_terminal(tmp_path: Path) -> None:
    done = _probe(["pos_app", "--data-dir", str(tmp_path / "d"), "--demo"])
    assert done.returncode == 0, done.stderr
    marks = [line.split()[0] for line in done.stdout.splitlines()]
    assert marks == ["shown", "ready"]


def test_window_module_seeds_a_demo_dir_after_showing(tmp_path: Path) -> None:
    done = _probe(["pos_app.ui.app", "--demo", "--data-dir", str(tmp_path / "demo")])
    assert done.returncode == 0, done.stderr
    shown, ready = (float(line.split()[1]) for line in done.stdout.splitlines())
    assert shown <= ready
    assert (tmp_path / "demo" / "terminal.db").exists()


def test_window_modules_import_nothing_heavy() -> None:
    code = ("import sys, pos_app.ui.app, pos_app.ui.window; "
            "print(','.join(m for m in ('cv2', 'reportlab', 'numpy', 'sqlalchemy', 'alembic', 'httpx', "
            "'pos_app.scanning', 'pos_app.terminal', 'pos_app.store') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_no_sql_and_no_http_under_ui() -> None:
    forbidden = ("sqlalchemy", "sqlite3", "pos_app.store", "httpx", "requests", "urllib", "http", "socket")
    sql = re.compile(r"\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b")
    offenders = []
    for path in UI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name} imports {n}" for n in names if n.split(".")[0] in forbidden
                          or n.startswith("pos_app.store")]
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and sql.search(node.value):
                offenders.append(f"{path.name} has SQL: {node.value[:40]!r}")
    assert offenders == []


def test_ui_modules_stay_small() -> None:
    sizes = {path.name: len(path.read_text(encoding="utf-8").splitlines()) for path in UI.glob("*.py")}
    assert len(sizes) >= 10
    assert {name: n for name, n in sizes.items() if n > 400} == {}
