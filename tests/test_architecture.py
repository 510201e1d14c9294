"""The dependency direction of DESIGN.md, checked on the real import graph."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import pos_app

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("PySide6", "cv2", "sqlalchemy", "httpx", "fastapi")
CORE = [m.name for m in pkgutil.iter_modules([str(ROOT / "pos_app" / "core")])]


def imported_after(statement: str, *, full: bool = False) -> set[str]:
    """Modules loaded by ``statement`` in a fresh interpreter (top-level names unless ``full``)."""
    names = "sys.modules" if full else "{m.split('.')[0] for m in sys.modules}"
    code = f"import sys; {statement}; print(' '.join(sorted({names})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_importing_pos_app_pulls_in_nothing() -> None:
    assert imported_after("import pos_app").isdisjoint(HEAVY)


@pytest.mark.parametrize("module", CORE)
def test_core_is_pure(module: str) -> None:
    assert imported_after(f"import pos_app.core.{module}").isdisjoint(HEAVY)


def test_base_needs_no_qt_and_no_http() -> None:
    loaded = imported_after("import pos_app.base.assets, pos_app.base.clock, pos_app.base.cmdline, "
                            "pos_app.base.files, pos_app.base.sqltypes")
    assert loaded.isdisjoint({"PySide6", "cv2", "httpx", "fastapi"})


def test_terminal_use_cases_need_no_qt() -> None:
    assert "PySide6" not in imported_after("import pos_app.terminal")


def test_server_loads_only_core_and_base_of_pos_app() -> None:
    loaded = imported_after("import sync.server.app, sync.server.cli", full=True)
    terminal_side = {m for m in loaded if m.startswith("pos_app.")
                     and not m.startswith(("pos_app.core", "pos_app.base", "pos_app.resources"))}
    assert terminal_side == set()


def test_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml (layers, forbidden imports).

    Run in its own process: import-linter disables every logger that exists when it
    starts, which would blind the logfail check of every later test in this one.
    """
    done = subprocess.run([str(Path(sys.executable).with_name("lint-imports"))], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr


def _contract(name_start: str) -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["name"].startswith(name_start))


@pytest.mark.parametrize(("contract", "allowed"), [
    ("base imports nothing", {"pos_app.base"}),
    ("core imports nothing", {"pos_app.core"}),
    ("sync.server may import only", {"pos_app.core", "pos_app.base"}),
])
def test_contracts_name_every_module_of_pos_app(contract: str, allowed: set[str]) -> None:
    """A module added to pos_app is forbidden to base, core and the server until a contract says otherwise."""
    modules = {f"pos_app.{m.name}" for m in pkgutil.iter_modules(pos_app.__path__) if m.name != "__main__"}
    forbidden = set(_contract(contract)["forbidden_modules"])  # type: ignore[arg-type]
    assert modules - allowed - forbidden == set()


def _string_imports(path: Path) -> list[str]:
    """``importlib.import_module("x")`` / ``__import__("x")`` calls: edges the import linter cannot see."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name in ("import_module", "__import__") and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}({node.args[0].value!r})")
    return found


def test_no_string_imports() -> None:
    """Imports are plain statements (function-level if start-up speed needs it), so the linter sees them."""
    files = sorted([*(ROOT / "pos_app").rglob("*.py"), *(ROOT / "sync").rglob("*.py")])
    assert files
    assert [hit for path in files for hit in _string_imports(path)] == []
