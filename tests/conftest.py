"""Test setup shared by the whole tree: headless Qt, logfail, a fixed clock, a clean exit."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.clocks import FakeClock
from tests.logfail import logfail, pytest_runtest_call

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# pytester runs the logfail check's own test (tests/test_logfail.py) in a subprocess.
pytest_plugins = ["pytester"]
__all__ = ["FakeClock", "logfail", "pytest_runtest_call"]

REPO = Path(__file__).resolve().parents[1]
_EXIT_STATUS = pytest.StashKey[int]()


@pytest.fixture
def clock() -> FakeClock:
    # A Wednesday, outside every demo promotion, so earn is the plain rate.
    return FakeClock(datetime(2026, 11, 18, 10, 0, tzinfo=UTC))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without the interpreter's final garbage collection once Qt was used.

    With PySide6 6.12, after a long run of widget tests (every one passed and was
    reported) the final collection of the dying interpreter can abort in the
    bindings ("bool_dealloc: deallocating True or False"), turning a green run
    into exit 134. Nothing is left to check at that point, so the process ends
    here with pytest's own exit status, after every other plugin has finished.
    """
    if "PySide6.QtCore" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(config.stash.get(_EXIT_STATUS, 0))
