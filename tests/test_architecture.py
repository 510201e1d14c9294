"""The dependency direction of DESIGN.md, checked on the real import graph."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("PySide6", "cv2", "sqlalchemy", "httpx", "fastapi")


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_importing_pos_app_pulls_in_nothing() -> None:
    assert imported_after("import pos_app").isdisjoint(HEAVY)


@pytest.mark.parametrize("module", ["money", "cards", "program", "ledger", "rewards", "tiers", "offline", "pins"])
def test_core_is_pure(module: str) -> None:
    assert imported_after(f"import pos_app.core.{module}").isdisjoint(HEAVY)


def test_terminal_use_cases_need_no_qt() -> None:
    assert "PySide6" not in imported_after("import pos_app.terminal")


def test_import_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml (layers, forbidden imports)."""
    from importlinter.cli import lint_imports

    assert lint_imports() == 0
