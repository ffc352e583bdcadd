"""Timing helpers shared by the bench sections: medians, rows, references."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence


def ms(samples_ns: Sequence[int]) -> tuple[float, float]:
    """Median and p95 of nanosecond samples, in milliseconds."""
    ordered = sorted(samples_ns)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) / 1e6, p95 / 1e6


def row(name: str, samples: Sequence[int], reference_ms: float | None) -> str:
    """One printed line: median, p95 and the ratio to the reference (None: this is it)."""
    median, p95 = ms(samples)
    ratio = f"{median / reference_ms:6.2f}x" if reference_ms else "   ref "
    return f"  {name:<44} median {median:8.3f} ms   p95 {p95:8.3f} ms   {ratio}"


def seconds_row(name: str, seconds: float, reference_s: float | None) -> str:
    ratio = f"{seconds / reference_s:6.2f}x" if reference_s else "   ref "
    return f"  {name:<52} median {seconds:8.3f} s   {ratio}"


def timed_ns(fn: Callable[[], object], repeats: int) -> list[int]:
    """`repeats` nanosecond timings of `fn()`."""
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - t0)
    return samples


def memcpy_reference(repeats: int = 200) -> list[int]:
    """Copying one 1920x1080 BGR frame: the physical floor several sections compare to."""
    import numpy as np

    src = np.random.default_rng(0).integers(0, 255, (1080, 1920, 3), dtype=np.uint8)
    dst = np.empty_like(src)
    return timed_ns(lambda: np.copyto(dst, src), repeats)
