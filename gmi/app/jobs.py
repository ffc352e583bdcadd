"""The one runner of background work: report, history, bundles, index, pictures.

Slow work (a PDF, a year of history, scrypt, a clinic index, pre-rendered
stimuli) must never run on the thread that paints the screen, and every
consumer should meet it the same way: a `Job` handle to poll or cancel, a
`progress(done, total, words)` callable inside the work, and one typed
`JobResult` (a value or an error, never both) at the end.

Callbacks never run on a worker. They go through an injected
`deliver(call)` that moves a call to the consumer's thread: the Qt layer
passes a queued signal (as Anki's `aqt/taskman.py` does with `run_on_main`);
without Qt the default calls inline, which is what the `gmi` command line
and tests need. Whether a callback still runs is decided on the consumer's
thread, just before it runs, so nothing arrives after `cancel()` or
`shutdown()` returned there.

There is no Qt here (house rule for `gmi/app`).
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

Call = Callable[[], None]
Deliver = Callable[[Call], None]
"""Moves a call to the consumer's thread (Qt: a queued signal); must not block."""
OnProgress = Callable[[int, int, str], None]


def call_inline(call: Call) -> None:
    """The default deliverer: runs the call at once, on the worker's thread."""
    call()


class CallQueue:
    """A deliverer without Qt: calls wait until the consumer's thread runs them.

    For a loop that is not Qt's (tests, a command that polls): pass `deliver`
    to the runner and call `run_pending()` from the consuming thread.
    """

    def __init__(self) -> None:
        self._calls: deque[Call] = deque()
        self._lock = threading.Lock()

    def deliver(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def run_pending(self) -> int:
        """Run every call queued so far, in order; how many ran."""
        with self._lock:
            calls, self._calls = self._calls, deque()
        for call in calls:
            call()
        return len(calls)


class JobCancelled(Exception):
    """The error of a job cancelled before it finished (or of a runner shut down)."""

    def __init__(self) -> None:
        super().__init__("cancelled")


@dataclass(frozen=True, slots=True)
class JobResult(Generic[T]):
    """What a job ended with: a value, or the error it raised; never both."""

    value: T | None = None
    error: BaseException | None = None

    def __post_init__(self) -> None:
        if self.error is not None and self.value is not None:
            raise ValueError("a job result holds a value or an error, not both")

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def cancelled(self) -> bool:
        return isinstance(self.error, JobCancelled)

    def unwrap(self) -> T:
        """The value, or the job's own error raised here."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


class Progress:
    """Handed to the work: call it as `progress(done, total, words)`.

    Also answers `cancelled()`, so long work can stop early (cooperative:
    nothing interrupts a job that does not ask).
    """

    def __init__(self, job: Job) -> None:
        self._job = job

    def __call__(self, done: int, total: int, words: str = "") -> None:
        self._job._report(done, total, words)

    def cancelled(self) -> bool:
        return self._job.cancelled()


Work = Callable[[Progress], T]


class Job(Generic[T]):
    """One piece of submitted work: poll it (`done`, `result`) or cancel it."""

    def __init__(self, runner: JobRunner, number: int, name: str, work: Work[T],
                 on_done: Callable[[JobResult[T]], None] | None,
                 on_progress: OnProgress | None) -> None:
        self.name = name
        self.number = number
        self._runner = runner
        self._work = work
        self._on_done = on_done
        self._on_progress = on_progress
        self._cancelled = threading.Event()
        self._finished = threading.Event()
        self._result: JobResult[T] | None = None
        self._lock = threading.Lock()
        self._progress: tuple[int, int, str] | None = None
        self._progress_in_flight = False

    # -- for the consumer -----------------------------------------------------------
    @property
    def done(self) -> bool:
        """The work has ended (value, error or cancelled); safe from any thread."""
        return self._finished.is_set()

    @property
    def result(self) -> JobResult[T] | None:
        """The outcome once `done`, else None; safe from any thread."""
        return self._result if self._finished.is_set() else None

    @property
    def progress(self) -> tuple[int, int, str] | None:
        """The newest (done, total, words) the work reported, if any."""
        return self._progress

    def cancel(self) -> None:
        """No callback after this; queued work never starts; running work may ask."""
        self._cancelled.set()
        self._runner._dequeue(self)

    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the work ended (tests, the command line); False on timeout."""
        return self._finished.wait(timeout)

    # -- for the runner -------------------------------------------------------------
    def _run(self) -> None:
        if self.cancelled():
            self._end(JobResult(error=JobCancelled()))
            return
        try:
            value = self._work(Progress(self))
        except BaseException as error:  # handed over whole, never raised on the worker
            self._end(JobResult(error=error))
            return
        self._end(JobResult(error=JobCancelled()) if self.cancelled() else JobResult(value))

    def _end(self, result: JobResult[T]) -> None:
        self._result = result
        self._finished.set()

    def _report(self, done: int, total: int, words: str) -> None:
        """On the worker: keep the newest; at most one progress call in flight."""
        with self._lock:
            self._progress = (done, total, words)
            if self._on_progress is None or self._progress_in_flight:
                return
            self._progress_in_flight = True
        self._runner._deliver(self, self._show_progress)

    def _show_progress(self) -> None:
        """On the consumer's thread: the newest progress, not every step."""
        with self._lock:
            self._progress_in_flight = False
            latest = self._progress
        if self._on_progress is not None and latest is not None and not self.cancelled():
            self._on_progress(*latest)

    def _finish(self) -> None:
        """On the consumer's thread, once: the result to whoever asked for it."""
        self._runner._forget(self)
        result = self._result
        if self._on_done is not None and result is not None and not self.cancelled():
            self._on_done(result)


class JobRunner:
    """Runs jobs on a few named worker threads, in the order submitted.

    Threads start when work arrives and end when the queue is empty, so an
    idle runner holds no thread and a screen may own one cheaply.
    `newest_only=key` on `submit` cancels the earlier jobs with that key: a
    history rebuilt twice quickly shows only the last result.
    """

    def __init__(self, deliver: Deliver = call_inline, workers: int = 1,
                 name: str = "gmi-job") -> None:
        if workers < 1:
            raise ValueError("a runner needs at least one worker")
        self.name = name
        self._deliver_call = deliver
        self._workers = workers
        self._lock = threading.Lock()
        self._delivery = threading.RLock()  # a callback and shutdown never overlap
        self._queue: deque[Job] = deque()
        self._threads = 0
        self._numbers = itertools.count(1)
        self._pending: set[Job] = set()  # submitted, final call not yet made
        self._running: set[Job] = set()
        self._newest: dict[str, Job] = {}
        self._closed = False

    @property
    def busy(self) -> bool:
        """A job is queued, running, or its result is on the way to the consumer."""
        with self._lock:
            return bool(self._pending)

    @property
    def closed(self) -> bool:
        return self._closed

    def submit(self, work: Work[T], on_done: Callable[[JobResult[T]], None] | None = None,
               on_progress: OnProgress | None = None, *, newest_only: str | None = None,
               name: str = "") -> Job[T]:
        """Queue `work(progress)`; `on_done(result)` comes through the deliverer."""
        with self._lock:
            if self._closed:
                raise RuntimeError(f"the job runner {self.name!r} is shut down")
            number = next(self._numbers)
            job: Job[T] = Job(self, number, name or f"{self.name}-{number}", work,
                              on_done, on_progress)
            older = self._newest.get(newest_only) if newest_only else None
            if newest_only:
                self._newest[newest_only] = job
            self._pending.add(job)
            self._queue.append(job)
            start = self._threads < self._workers
            if start:
                self._threads += 1
        if older is not None:
            older.cancel()
        if start:
            threading.Thread(target=self._work_loop, name=f"{self.name}-worker",
                             daemon=True).start()
        return job

    def shutdown(self, wait: bool = False, timeout: float | None = None) -> None:
        """Cancel everything; no callback runs after this returns on the consumer's thread.

        Work already running finishes on its thread (it may ask `cancelled()`);
        `wait=True` waits for that (the command line, tests).
        """
        with self._delivery:
            with self._lock:
                self._closed = True
                jobs = list(self._pending)
                waiting = list(self._queue)
                self._queue.clear()
                self._pending.clear()
                self._newest.clear()
            for job in jobs:
                job._cancelled.set()
            for job in waiting:  # never started: they end here
                job._end(JobResult(error=JobCancelled()))
        if wait:
            for job in jobs:
                job.wait(timeout)

    # -- inside ---------------------------------------------------------------------
    def _work_loop(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._threads -= 1
                    return
                job = self._queue.popleft()
                self._running.add(job)
            try:
                job._run()
            finally:
                with self._lock:
                    self._running.discard(job)
            self._deliver(job, job._finish)

    def _deliver(self, job: Job, call: Call) -> None:
        """Hand `call` to the consumer's thread; it checks there that it is still wanted."""
        def guarded() -> None:
            with self._delivery:
                if not self._closed:
                    call()

        if not self._closed:
            self._deliver_call(guarded)

    def _dequeue(self, job: Job) -> None:
        """A cancelled job that has not started: it ends now, and never runs."""
        with self._lock:
            try:
                self._queue.remove(job)
            except ValueError:
                return  # running or ended: the worker delivers its end
        job._end(JobResult(error=JobCancelled()))
        self._deliver(job, job._finish)

    def _forget(self, job: Job) -> None:
        with self._lock:
            self._pending.discard(job)
            for key, newest in list(self._newest.items()):
                if newest is job:
                    del self._newest[key]
