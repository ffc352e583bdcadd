"""Slow work (a key from a passphrase, a whole bundle) off the GUI thread.

The GUI thread never blocks: the job runs on one worker thread and its
result comes back through a short timer on the GUI thread, so the callback
may touch widgets. One job at a time is all a dialog needs.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer

POLL_MS = 30


class Background(QObject):
    """Runs one job at a time; `busy` while it runs."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gmi-job")
        self._future: Future | None = None
        self._done: Callable[[Any, BaseException | None], None] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def busy(self) -> bool:
        return self._future is not None

    def run(self, job: Callable[[], Any],
            done: Callable[[Any, BaseException | None], None]) -> bool:
        """Start `job`; `done(result, error)` is called on the GUI thread. False if busy."""
        if self._future is not None:
            return False
        self._done = done
        self._future = self._pool.submit(job)
        self._timer.start()
        return True

    def _poll(self) -> None:
        future = self._future
        if future is None or not future.done():
            return
        self._timer.stop()
        self._future = None
        done, self._done = self._done, None
        error = future.exception()
        if done is not None:
            done(None if error else future.result(), error)

    def shutdown(self) -> None:
        """No more callbacks; a job already running still finishes on its thread."""
        self._timer.stop()
        self._future, self._done = None, None
        self._pool.shutdown(wait=False, cancel_futures=True)
