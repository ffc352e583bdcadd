"""Python's garbage collector runs on the GUI thread only.

A collection starts on whichever thread happens to allocate. On a worker
(drawing the history's charts, a stimulus picture) it may free Qt objects
left in a reference cycle by a closed screen, and a Qt object deleted off
its own thread crashes the process (seen as a segfault inside matplotlib
on a job thread). So while Qt runs, automatic collection is off and the GUI
thread collects, generation by generation, when the usual thresholds are
passed, checked on a short timer (Anki and pyqtgraph do the same).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 500


class GuiGarbageCollector(QObject):
    """Owned by the application; collects on the GUI thread from now on."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] > thresholds[0]:
            generation = 0
            if counts[1] > thresholds[1]:
                generation = 2 if counts[2] > thresholds[2] else 1
            gc.collect(generation)


def collect_on_gui_thread(app: QObject) -> GuiGarbageCollector:
    """Install the collector on `app` once (a second call returns the first). Kept as
    an attribute, not looked up with findChild: that would wrap every child of the
    application in Python at start-up (about 10 ms)."""
    existing = getattr(app, "_gui_garbage_collector", None)
    if not isinstance(existing, GuiGarbageCollector):
        existing = GuiGarbageCollector(app)
        app._gui_garbage_collector = existing  # type: ignore[attr-defined]
    return existing
