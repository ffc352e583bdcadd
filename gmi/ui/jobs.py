"""How a background job's result reaches the GUI thread: one queued signal.

`gmi.app.jobs.JobRunner` runs the work and decides what is delivered; this
module only supplies the `deliver(call)` it needs in a Qt application: a
QObject living in the GUI thread whose signal, emitted from a worker, is
queued into the GUI's event loop (Anki's `aqt/taskman.py` `run_on_main`
does the same). No timer polls. There is one such object per QApplication.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from gmi.app.jobs import Call, Deliver, JobRunner


class _GuiDeliverer(QObject):
    """Lives in the GUI thread; `deliver` may be called from any thread."""

    posted = Signal(object)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__()
        self.moveToThread(app.thread())
        self.setParent(app)  # dies with the application, never before
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def deliver(self, call: Call) -> None:
        self.posted.emit(call)

    @staticmethod
    def _run(call: Call) -> None:
        call()


_deliverer: _GuiDeliverer | None = None


def gui_deliver() -> Deliver:
    """The running application's deliverer (made on first use)."""
    global _deliverer
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("background jobs for the GUI need a QApplication first")
    try:
        current = _deliverer is not None and _deliverer.parent() is app
    except RuntimeError:  # its application was deleted (one test after another)
        current = False
    if not current:
        _deliverer = _GuiDeliverer(app)
    assert _deliverer is not None
    return _deliverer.deliver


def gui_runner(owner: QObject, name: str, workers: int = 1) -> JobRunner:
    """A runner whose callbacks run on the GUI thread, and stop when `owner` goes.

    A widget that is deleted must not hear from its jobs, so the runner shuts
    down when `owner` is destroyed (a job still running ends on its thread), and
    a result already on its way when that happened is dropped on arrival: Qt may
    delete a widget without its `destroyed` reaching Python first.
    """
    deliver = gui_deliver()

    def deliver_while_alive(call: Call) -> None:
        deliver(lambda: call() if shiboken6.isValid(owner) else None)

    runner = JobRunner(deliver_while_alive, workers=workers, name=name)
    owner.destroyed.connect(lambda *_: runner.shutdown())
    return runner
