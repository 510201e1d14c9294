"""Fixtures of the `tessera-pos` tests: one demo data dir made by the CLI itself, a private copy per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.pos_app.cli.runner import cli


@pytest.fixture(scope="session")
def cli_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`init --demo` run once (which is also its test); tests work on copies of it."""
    data = tmp_path_factory.mktemp("cli") / "demo"
    result = cli(data, "init", "--demo", "--json").ok()
    assert result == {"data_dir": str(data), "created": True, "demo": True}
    return data


@pytest.fixture
def data(cli_demo: Path, tmp_path: Path) -> Path:
    """A private copy of the demo data dir."""
    target = tmp_path / "data"
    shutil.copytree(cli_demo, target, ignore=shutil.ignore_patterns("backups"))
    return target
