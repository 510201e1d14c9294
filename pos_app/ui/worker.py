"""The one way the window runs slow work: off the GUI thread, results posted back by signal.

Every database call of the window goes through :class:`Worker`. Jobs run one at a
time, in the order they were submitted, on a single pool thread: the terminal's
use cases then never race each other, and a sale is always recorded before the
member refresh that follows it is read.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from pos_app.core.errors import DomainError, InvalidInput

log = logging.getLogger("tessera.ui.worker")

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


@dataclass
class _Job:
    on_done: Done | None
    on_error: Failed | None


class _Task(QRunnable):
    def __init__(self, worker: Worker, job_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._worker = worker
        self._job_id = job_id
        self._fn = fn

    def run(self) -> None:
        try:
            result, error = self._fn(), None
        except BaseException as exc:  # posted back to the GUI thread, never lost
            result, error = None, exc
        self._worker.finished.emit(self._job_id, result, error)


def _alive(callback: Callable[..., Any] | None) -> bool:
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class Worker(QObject):
    """Runs callables off the GUI thread; ``on_done``/``on_error`` run back on it.

    ``failed`` carries errors of jobs submitted without ``on_error``; ``settled``
    fires whenever the queue becomes empty (tests wait on it).
    """

    finished = Signal(int, object, object)  # job id, result, exception (internal)
    failed = Signal(object)
    settled = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setExpiryTimeout(-1)  # keep the one thread: SQLite likes a steady home
        self._ids = itertools.count(1)
        self._jobs: dict[int, _Job] = {}
        self.finished.connect(self._deliver)

    @property
    def pending(self) -> int:
        return len(self._jobs)

    def run(self, fn: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> int:
        job_id = next(self._ids)
        self._jobs[job_id] = _Job(on_done, on_error)
        self._pool.start(_Task(self, job_id, fn))
        return job_id

    @Slot(int, object, object)
    def _deliver(self, job_id: int, result: Any, error: BaseException | None) -> None:
        job = self._jobs.pop(job_id, None)
        try:
            if job is None:
                return
            if error is None:
                if job.on_done is not None and _alive(job.on_done):
                    job.on_done(result)
            elif job.on_error is not None and _alive(job.on_error):
                job.on_error(error)
            else:
                if not _is_expected(error):
                    log.error("background job failed", exc_info=error)
                self.failed.emit(error)
        finally:
            if not self._jobs:
                self.settled.emit()

    def wait(self, msecs: int = 5000) -> bool:
        """Block until queued jobs ran (shutdown only); True if the queue drained."""
        return bool(self._pool.waitForDone(msecs))


def _is_expected(error: BaseException) -> bool:
    return isinstance(error, DomainError | InvalidInput)
