"""The GUI's deliverer: a job's result, progress and errors arrive on the GUI
thread through a queued signal, and nothing arrives once its widget is gone."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QWidget

from gmi.app.jobs import JobResult, Progress
from gmi.ui.jobs import gui_deliver, gui_runner


def on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_the_result_and_progress_come_back_on_the_gui_thread(qtbot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    runner = gui_runner(owner, "gmi-test")
    got: list[tuple[object, bool]] = []
    worker: list[str] = []

    def work(progress: Progress) -> int:
        worker.append(threading.current_thread().name)
        progress(1, 2, "half")
        return 42

    runner.submit(work, lambda result: got.append((result.value, on_gui_thread())),
                  lambda done, total, words: got.append(((done, total, words),
                                                         on_gui_thread())))
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert got == [((1, 2, "half"), True), (42, True)]
    assert worker[0].startswith("gmi-test") and worker[0] != threading.main_thread().name


def test_an_error_is_handed_over_not_raised(qtbot) -> None:
    owner = QObject()
    runner = gui_runner(owner, "gmi-test")
    got: list[JobResult[None]] = []

    def fail(progress: Progress) -> None:
        raise OSError(28, "No space left on device")

    runner.submit(fail, got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    [result] = got
    assert result.value is None and isinstance(result.error, OSError)
    assert result.error.errno == 28


def test_nothing_arrives_after_the_owner_is_gone(qtbot) -> None:
    owner = QObject()
    runner = gui_runner(owner, "gmi-test")
    gate, started = threading.Event(), threading.Event()
    got: list[object] = []
    job = runner.submit(lambda _p: started.set() or gate.wait(10), got.append)
    assert started.wait(10)
    owner.deleteLater()
    qtbot.waitUntil(lambda: runner.closed, timeout=5000)  # the owner's end shut it down
    gate.set()
    assert job.wait(10)
    qtbot.wait(50)  # let any queued signal through: it must be dropped
    assert got == [] and not runner.busy


def test_one_deliverer_per_application(qtbot) -> None:
    assert gui_deliver().__self__ is gui_deliver().__self__


def test_a_result_for_a_deleted_widget_is_dropped_on_arrival(qtbot) -> None:
    """A job's result already queued when its widget is deleted (with its parent,
    as when a window closes) never reaches the widget: it would touch deleted
    children."""
    import shiboken6
    from PySide6.QtWidgets import QLabel

    from gmi.ui.jobs import gui_runner

    parent = QWidget()
    owner = QLabel("waiting", parent)
    runner = gui_runner(owner, "test-dropped")
    heard: list[object] = []
    job = runner.submit(lambda _p: 42, lambda result: heard.append(owner.text()))
    assert job.wait(10)  # done: its delivery is queued, not yet run
    # As seen in the suite: the widget went without `destroyed` reaching Python
    # (so the runner was not shut down) while its result was on the way.
    owner.destroyed.disconnect()
    shiboken6.delete(parent)  # the parent goes, and the owner with it
    qtbot.wait(50)  # the queued delivery runs now: it must do nothing
    assert heard == []
