"""Slow work off the GUI thread: results and errors come back on the GUI thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from gmi.ui.background import Background


def test_the_result_comes_back_on_the_gui_thread(qtbot) -> None:
    job = Background()
    got = []
    worker_threads = []

    def work() -> int:
        worker_threads.append(threading.current_thread())
        return 42

    assert job.run(work, lambda result, error: got.append(
        (result, error, QThread.currentThread() is job.thread())))
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert got == [(42, None, True)]
    assert worker_threads[0] is not threading.main_thread()
    assert not job.busy
    job.shutdown()


def test_an_error_is_handed_over_not_raised(qtbot) -> None:
    job = Background()
    got = []

    def fail() -> None:
        raise OSError(28, "No space left on device")

    job.run(fail, lambda result, error: got.append((result, error)))
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    [(result, error)] = got
    assert result is None and isinstance(error, OSError) and error.errno == 28
    job.shutdown()


def test_one_job_at_a_time_and_nothing_after_shutdown(qtbot) -> None:
    job = Background()
    gate = threading.Event()
    got = []
    assert job.run(gate.wait, lambda r, e: got.append("first"))
    assert not job.run(lambda: None, lambda r, e: got.append("second"))
    assert job.busy
    job.shutdown()
    assert not job.busy  # never stuck 'busy' after shutdown
    gate.set()
    qtbot.wait(100)
    assert got == []  # no callback after shutdown
