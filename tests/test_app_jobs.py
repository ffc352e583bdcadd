"""The one runner of background work, without Qt: results, errors, progress,
cancelling, newest-only and a clean shutdown, delivered on the consumer's thread."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from gmi.app.jobs import CallQueue, JobCancelled, JobResult, JobRunner, Progress

TIMEOUT = 10.0


def pump_until(calls: CallQueue, condition: Callable[[], bool]) -> None:
    """Run delivered calls on this (the consumer's) thread until `condition` holds."""
    deadline = threading.Event()
    timer = threading.Timer(TIMEOUT, deadline.set)
    timer.start()
    try:
        while not condition():
            assert not deadline.is_set(), "the runner never delivered"
            calls.run_pending()
            deadline.wait(0.005)
    finally:
        timer.cancel()


def test_a_value_arrives_on_the_consumers_thread_from_a_named_worker() -> None:
    calls = CallQueue()
    runner = JobRunner(calls.deliver, name="gmi-test")
    got: list[tuple[JobResult[int], threading.Thread]] = []
    worker: list[threading.Thread] = []

    def work(progress: Progress) -> int:
        worker.append(threading.current_thread())
        return 42

    job = runner.submit(work, lambda result: got.append((result, threading.current_thread())))
    assert job.wait(TIMEOUT) and job.done
    assert got == []  # nothing is called on the worker
    pump_until(calls, lambda: bool(got))
    [(result, thread)] = got
    assert result.ok and result.value == 42 and result.error is None
    assert thread is threading.main_thread()
    assert worker[0] is not threading.main_thread() and worker[0].name.startswith("gmi-test")
    assert job.result == result and not runner.busy


def test_an_error_is_handed_over_not_raised() -> None:
    runner = JobRunner()  # inline delivery: the command line's way
    got: list[JobResult[None]] = []
    delivered = threading.Event()

    def fail(progress: Progress) -> None:
        raise OSError(28, "No space left on device")

    job = runner.submit(fail, lambda result: got.append(result) or delivered.set())
    assert delivered.wait(TIMEOUT)
    [result] = got
    assert job.result is result
    assert not result.ok and result.value is None
    assert isinstance(result.error, OSError) and result.error.errno == 28
    with pytest.raises(OSError):
        result.unwrap()


def test_a_result_is_a_value_or_an_error_never_both() -> None:
    with pytest.raises(ValueError):
        JobResult(value=1, error=RuntimeError("x"))
    assert JobResult(value=0).ok and JobResult(value=0).unwrap() == 0


def test_progress_reaches_the_consumer_newest_last() -> None:
    calls = CallQueue()
    runner = JobRunner(calls.deliver)
    seen: list[tuple[int, int, str]] = []
    results: list[JobResult[str]] = []

    def work(progress: Progress) -> str:
        for n in range(1, 6):
            progress(n, 5, f"{n} of 5 patients")
        return "read"

    job = runner.submit(work, results.append, lambda d, t, w: seen.append((d, t, w)))
    pump_until(calls, lambda: bool(results))
    assert results[0].value == "read"
    assert seen and seen[-1] == (5, 5, "5 of 5 patients")  # coalesced, never stale at the end
    assert len(seen) <= 5 and job.progress == (5, 5, "5 of 5 patients")


def test_jobs_run_in_the_order_submitted_and_can_be_polled() -> None:
    runner = JobRunner(CallQueue().deliver)  # no one pumps: a consumer that only polls
    order: list[int] = []
    jobs = [runner.submit(lambda _p, n=n: order.append(n) or n * n) for n in range(6)]
    assert all(job.wait(TIMEOUT) for job in jobs)
    assert order == list(range(6)) and [job.result.value for job in jobs] == [
        n * n for n in range(6)]


def test_a_cancelled_job_calls_nothing_and_queued_work_never_starts() -> None:
    calls = CallQueue()
    runner = JobRunner(calls.deliver)
    gate, started = threading.Event(), threading.Event()
    ran: list[str] = []
    got: list[JobResult] = []

    def running(progress: Progress) -> str:
        started.set()
        gate.wait(TIMEOUT)
        return "stopped early" if progress.cancelled() else "went on"

    first = runner.submit(running, got.append)
    second = runner.submit(lambda _p: ran.append("second"), got.append)
    assert started.wait(TIMEOUT)
    first.cancel()
    second.cancel()
    assert second.done and second.result.cancelled  # ended without running
    gate.set()
    assert first.wait(TIMEOUT)
    assert isinstance(first.result.error, JobCancelled)
    pump_until(calls, lambda: not runner.busy)
    assert got == [] and ran == []


def test_newest_only_publishes_just_the_last_of_quick_rebuilds() -> None:
    calls = CallQueue()
    runner = JobRunner(calls.deliver)
    gate = threading.Event()
    shown: list[int] = []

    def history(n: int) -> Callable[[Progress], int]:
        def build(progress: Progress) -> int:
            gate.wait(TIMEOUT)
            return n
        return build

    jobs = [runner.submit(history(n), lambda r: shown.append(r.value), newest_only="history")
            for n in range(3)]
    gate.set()
    assert all(job.wait(TIMEOUT) for job in jobs)
    pump_until(calls, lambda: not runner.busy)
    assert shown == [2]
    assert [job.result.cancelled for job in jobs] == [True, True, False]


def test_no_callback_after_shutdown_and_no_new_work() -> None:
    calls = CallQueue()
    runner = JobRunner(calls.deliver)
    gate, started = threading.Event(), threading.Event()
    got: list[object] = []

    def slow(progress: Progress) -> str:
        started.set()
        gate.wait(TIMEOUT)
        progress(1, 1, "late")
        return "late"

    running = runner.submit(slow, got.append, lambda *a: got.append(a))
    queued = runner.submit(lambda _p: got.append("never ran"), got.append)
    assert started.wait(TIMEOUT)
    runner.shutdown()
    assert not runner.busy  # never stuck 'busy' after shutdown
    assert queued.done and queued.result.cancelled
    gate.set()
    assert running.wait(TIMEOUT)
    calls.run_pending()
    assert got == []
    with pytest.raises(RuntimeError, match="shut down"):
        runner.submit(lambda _p: None)


def test_shutdown_can_wait_for_the_running_work() -> None:
    runner = JobRunner(workers=2)
    finished: list[str] = []
    started = threading.Barrier(3)

    def work(progress: Progress) -> None:
        started.wait(TIMEOUT)
        finished.append(threading.current_thread().name)

    runner.submit(work)
    runner.submit(work)
    started.wait(TIMEOUT)  # both run at once: two workers
    runner.shutdown(wait=True, timeout=TIMEOUT)
    assert len(finished) == 2
