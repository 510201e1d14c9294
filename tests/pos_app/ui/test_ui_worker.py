"""The worker runs jobs off the GUI thread, in order, and posts results and errors back."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.core.errors import DomainError, NotEnoughPoints
from pos_app.ui.worker import Worker


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    w = Worker()
    yield w
    w.wait()


def test_result_comes_back_on_the_gui_thread_from_another_thread(qtbot: QtBot, worker: Worker) -> None:
    ran_on: list[int] = []
    delivered_on: list[int] = []

    def job() -> int:
        ran_on.append(threading.get_ident())
        return 41 + 1

    results: list[int] = []
    with qtbot.waitSignal(worker.settled, timeout=3000):
        worker.run(job, lambda r: (results.append(r), delivered_on.append(threading.get_ident())))
    assert results == [42]
    assert ran_on[0] != threading.get_ident()
    assert delivered_on == [threading.get_ident()]


def test_jobs_run_one_at_a_time_in_submission_order(qtbot: QtBot, worker: Worker) -> None:
    seen: list[int] = []
    with qtbot.waitSignal(worker.settled, timeout=3000):
        for n in range(20):
            worker.run(lambda n=n: n, seen.append)
    assert seen == list(range(20))
    assert worker.pending == 0


def test_an_exception_goes_to_on_error(qtbot: QtBot, worker: Worker) -> None:
    errors: list[BaseException] = []

    def boom() -> None:
        raise NotEnoughPoints(available=10, needed=250)

    with qtbot.waitSignal(worker.settled, timeout=3000):
        worker.run(boom, lambda r: pytest.fail("no result expected"), errors.append)
    assert isinstance(errors[0], DomainError)
    assert errors[0].message == "not enough points: 10 available, 250 needed"


@pytest.mark.allow_log("tessera.ui.worker", "background job failed", level="ERROR")
def test_an_unhandled_exception_is_signalled_not_lost(qtbot: QtBot, worker: Worker) -> None:
    def boom() -> None:
        raise ValueError("disk on fire")

    with qtbot.waitSignal(worker.failed, timeout=3000) as blocker:
        worker.run(boom)
    assert isinstance(blocker.args[0], ValueError)
