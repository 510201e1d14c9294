"""The logfail fixture fails a test on an undeclared project warning and lets a declared one pass."""

from __future__ import annotations

import logging

import pytest

from tests.conftest import REPO
from tests.logfail import Allowed, unexpected

INI = """[pytest]
markers =
    allow_log(logger, substring, level=None): a WARNING-or-worse record the test expects
    no_logfail: the test may log warnings freely
"""

TESTS = '''
import logging
import threading

import pytest

log = logging.getLogger("tessera.sync")


def test_undeclared_warning():
    log.warning("sync failed: connection refused")


def test_undeclared_error_from_another_thread():
    worker = logging.getLogger("tessera.ui.worker")
    thread = threading.Thread(target=lambda: worker.error("background job failed"))
    thread.start()
    thread.join()


@pytest.mark.allow_log("tessera.sync", "sync failed")
def test_declared_warning():
    log.warning("sync failed: connection refused")


@pytest.mark.allow_log("tessera.sync", "sync failed", level="ERROR")
def test_declared_at_another_level():
    log.warning("sync failed: connection refused")


@pytest.mark.allow_log("tessera.store", "sync failed")
def test_declared_for_another_logger():
    log.warning("sync failed: connection refused")


@pytest.mark.no_logfail
def test_switched_off():
    log.error("anything")


def test_info_and_foreign_loggers_are_not_checked():
    log.info("sync ok")
    logging.getLogger("uvicorn.error").warning("not ours")


@pytest.fixture
def noisy_teardown():
    yield
    log.warning("closing late")


def test_a_fixture_warning_at_teardown(noisy_teardown):
    pass
'''


def test_undeclared_warnings_fail_and_declared_ones_pass(pytester: pytest.Pytester,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    pytester.makeini(INI)
    pytester.makeconftest("from tests.logfail import *  # noqa: F403\n")
    pytester.makepyfile(test_logged=TESTS)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")

    result.assert_outcomes(passed=4, failed=4, errors=1)  # the teardown error's test body passed
    for name in ("test_undeclared_warning", "test_undeclared_error_from_another_thread",
                 "test_declared_at_another_level", "test_declared_for_another_logger"):
        result.stdout.fnmatch_lines([f"FAILED test_logged.py::{name}*"])
    result.stdout.fnmatch_lines(["*WARNING tessera.sync: sync failed: connection refused*"])
    result.stdout.fnmatch_lines(["*WARNING tessera.sync: closing late*",
                                 "ERROR test_logged.py::test_a_fixture_warning_at_teardown*"])


def _record(name: str, level: int, message: str) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, message, None, None)


def test_an_allowance_matches_the_logger_its_children_the_substring_and_the_level() -> None:
    allowed = [Allowed("tessera.sync", "rejected", level="WARNING")]
    records = [_record("tessera.sync", logging.WARNING, "op 3 rejected by the server: differs"),
               _record("tessera.sync.agent", logging.WARNING, "op 4 rejected"),
               _record("tessera.syncer", logging.WARNING, "op 5 rejected"),
               _record("tessera.sync", logging.ERROR, "op 6 rejected"),
               _record("tessera.sync", logging.WARNING, "sync failed")]
    assert [r.getMessage() for r in unexpected(records, allowed)] == ["op 5 rejected", "op 6 rejected",
                                                                      "sync failed"]
