"""Logfail: a test fails when the project logs a WARNING or worse that the test did not declare.

Every logger of the project lives under ``tessera`` (``tessera.store``, ``.terminal``,
``.sync``, ``.scan``, ``.ui.*`` and the server's ``tessera.server``), so one handler on
that logger sees them all, from any thread: the window's worker, the sync agent, the
capture loops and the uvicorn thread of the in-process test server.

A test declares what it expects with ``@pytest.mark.allow_log(logger, substring, level=None)``:
a record of ``logger`` (or a logger below it) whose message contains ``substring`` (and,
if given, of exactly that level) is allowed; the marker may be repeated.
``@pytest.mark.no_logfail`` switches the check off for one test.

tests/conftest.py activates this module by importing :func:`logfail` and
:func:`pytest_runtest_call`; a conftest of pytester can do the same.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass

import pytest

PROJECT = "tessera"
ALLOW = "allow_log"
OFF = "no_logfail"


@dataclass(frozen=True)
class Allowed:
    """One expected record: logger (with its children), message substring, level (any if None)."""

    logger: str
    substring: str = ""
    level: int | str | None = None

    def matches(self, record: logging.LogRecord) -> bool:
        if record.name != self.logger and not record.name.startswith(self.logger + "."):
            return False
        if self.level is not None and record.levelno != _level(self.level):
            return False
        return self.substring in record.getMessage()


def _level(level: int | str) -> int:
    if isinstance(level, int):
        return level
    number = logging.getLevelName(level.upper())
    if not isinstance(number, int):
        raise ValueError(f"allow_log: unknown level {level!r}")
    return number


class Collector(logging.Handler):
    """Keeps every WARNING-or-worse record; ``unchecked()`` hands out the ones not looked at yet."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []
        self._checked = 0
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._guard:
            self.records.append(record)

    def unchecked(self) -> list[logging.LogRecord]:
        with self._guard:
            fresh, self._checked = self.records[self._checked:], len(self.records)
        return fresh


def allowances(item: pytest.Item) -> list[Allowed]:
    return [Allowed(*mark.args, **mark.kwargs) for mark in item.iter_markers(ALLOW)]


def unexpected(records: Iterable[logging.LogRecord], allowed: list[Allowed]) -> list[logging.LogRecord]:
    return [r for r in records if not any(a.matches(r) for a in allowed)]


def describe(records: list[logging.LogRecord]) -> str:
    lines = [f"  {r.levelname} {r.name}: {r.getMessage()}" for r in records]
    return ("the project logged what this test did not declare (add "
            "@pytest.mark.allow_log(logger, message substring) if it is expected):\n" + "\n".join(lines))


def check(item: pytest.Item, collector: Collector) -> None:
    """Fail the running phase of ``item`` if records since the last check include an undeclared one."""
    fresh = collector.unchecked()
    if item.get_closest_marker(OFF) is not None:
        return
    bad = unexpected(fresh, allowances(item))
    if bad:
        pytest.fail(describe(bad), pytrace=False)


_COLLECTOR = pytest.StashKey[Collector]()


@pytest.fixture(autouse=True)
def logfail(request: pytest.FixtureRequest) -> Iterator[Collector]:
    """Collects the project's warnings for the whole test (setup, call, teardown of its fixtures).

    The test body is checked right after it ran (:func:`pytest_runtest_call`), so an
    undeclared warning fails the test itself; what fixtures log while tearing down
    is checked here, as a teardown error.
    """
    collector = Collector()
    logger = logging.getLogger(PROJECT)
    saved_level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:  # a test that raised the level must not hide warnings
        logger.setLevel(logging.WARNING)
    logger.addHandler(collector)
    request.node.stash[_COLLECTOR] = collector
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.setLevel(saved_level)
        del request.node.stash[_COLLECTOR]
    check(request.node, collector)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    result = yield  # a test that failed on its own keeps its own failure
    collector = item.stash.get(_COLLECTOR, None)
    if collector is not None:
        check(item, collector)
    return result


__all__ = ["logfail", "pytest_runtest_call"]
