"""Benchmarks of the mirror path (issue: the performance core).

Per frame size: a memcpy of the frame (the physical reference), each mirror
kernel, wrapping and painting the frame in the real VideoView (offscreen),
and the full per-frame cost (kernel, then paint). Then the end-to-end run: a
60 fps synthetic camera through the capture thread and the kernel to the
painted view for a while, with latency percentiles and dropped frames.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtTest import QTest

from gmi.ui.app import make_application
from gmi.ui.video_view import VideoView
from gmi.vision.camera import CaptureThread, FrameInfo, FrameSource, SyntheticSource
from gmi.vision.mirror import MirrorKernel
from gmi.vision.tracker import TrackerThread

SIZES = ((640, 480), (1280, 720), (1920, 1080))


class _StillCapture:
    """Stands in for the capture thread: always the same frame (paint cost only)."""

    def __init__(self, frame: np.ndarray) -> None:
        self.frame = frame
        self.on_frame = None
        self.n = 0

    def take(self):
        self.n += 1
        return self.frame, FrameInfo(self.n, time.perf_counter_ns())

    def stats(self):
        from gmi.vision.camera import CaptureStats

        return CaptureStats("running", 60.0, self.n, 0, 0)


def _time(fn, repeats: int) -> list[int]:
    fn()  # warm up
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        fn()
        out.append(time.perf_counter_ns() - t0)
    return out


def per_frame_costs(repeats: int) -> dict[tuple[int, int], dict[str, list[int]]]:
    make_application()
    results = {}
    view = VideoView()
    view.resize(1280, 720)
    view.show()
    QTest.qWaitForWindowExposed(view)
    painted = view.painted_frames
    for w, h in SIZES:
        src = np.random.default_rng(0).integers(0, 255, (h, w, 3), dtype=np.uint8)
        dst = np.empty_like(src)
        flip = MirrorKernel("flip")
        split = MirrorKernel("split", keep="left")
        still = _StillCapture(dst)
        view.capture = still  # type: ignore[assignment]
        view.status = "running"

        def full() -> None:
            split.apply(src, dst)  # noqa: B023 - timed immediately, in this iteration
            view.repaint()

        results[(w, h)] = {
            "memcpy": _time(lambda: np.copyto(dst, src), repeats),  # noqa: B023
            "flip kernel": _time(lambda: flip.apply(src, dst), repeats),  # noqa: B023
            "split kernel": _time(lambda: split.apply(src, dst), repeats),  # noqa: B023
            "wrap + paint (1280x720 view)": _time(view.repaint, repeats),
            "full frame: split + paint": _time(full, repeats),
        }
    if view.painted_frames == painted:
        raise RuntimeError("the view did not paint: paint costs would be meaningless")
    view.close()
    return results


def end_to_end(seconds: float = 10.0, fps: float = 60.0,
               size: tuple[int, int] = (1280, 720), source: FrameSource | None = None,
               tracker: TrackerThread | None = None):
    """Capture-to-paint latencies (ms), capture stats and frames painted.

    `tracker`: a TrackerThread fed from the same capture (tracking beside the
    mirror), or None.
    """
    make_application()
    kernel = MirrorKernel("split", keep="left")
    source = source or SyntheticSource(size[0], size[1], fps)
    capture = CaptureThread(source, kernel=kernel.apply,
                            tap=tracker.submit if tracker is not None else None)
    if tracker is not None:
        tracker.start()
    view = VideoView()
    view.resize(1280, 720)
    view.show()
    view.attach(capture)
    capture.start()
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    loop.exec()
    capture.stop()
    if tracker is not None:
        tracker.stop()
    stats = capture.stats()
    view.detach()
    view.close()
    latencies = list(view.latencies_ms)
    shown = view.painted_frames
    return latencies, stats, shown


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(repeats: int, seconds: float) -> list[str]:
    lines = [f"mirror: per-frame costs, n={repeats} (ratios to memcpy of the same frame)"]
    for (w, h), rows in per_frame_costs(repeats).items():
        ref = statistics.median(rows["memcpy"]) / 1e6
        lines.append(f"  {w}x{h}")
        for name, samples in rows.items():
            med = statistics.median(samples) / 1e6
            p95 = percentile(samples, 0.95) / 1e6
            ratio = "   ref " if name == "memcpy" else f"{med / ref:6.2f}x"
            lines.append(f"    {name:<32} median {med:7.3f} ms   p95 {p95:7.3f} ms   {ratio}")
    from gmi.vision.tracker import HandTracker

    for label_, tracker, goal in (
            ("no tracking", None, "p95 < 16.7 ms"),
            ("MediaPipe model 0 at 320x240 beside it",
             TrackerThread(lambda: HandTracker(0, max_hands=2)), "p95 < 33 ms")):
        latencies, stats, shown = end_to_end(seconds, tracker=tracker)
        dropped = stats.dropped / stats.frames if stats.frames else 0.0
        if not latencies:
            lines.append(f"mirror: end to end ({label_}): no frame was painted")
            continue
        rate = f", tracking {tracker.rate_hz():.1f} Hz" if tracker is not None else ""
        lines.append(
            f"mirror: end to end, 60 fps synthetic 1280x720, {seconds:g} s, {label_}: "
            f"captured {stats.frames}, painted {shown}, dropped {dropped:.1%}{rate}")
        lines.append(
            f"  capture-to-paint latency p50 {percentile(latencies, 0.5):.2f} ms   "
            f"p95 {percentile(latencies, 0.95):.2f} ms   p99 {percentile(latencies, 0.99):.2f} ms"
            f"   (goal: {goal})")
    return lines


def tracking_report(seconds: float) -> list[str]:
    """Tracking rate beside a 30 fps mirror, for both model sizes and two input sizes."""
    import tempfile
    from pathlib import Path

    from gmi.stimuli.animate import open_close_frames, write_video
    from gmi.vision.camera import VideoFileSource
    from gmi.vision.tracker import HandTracker

    lines = [f"tracking beside the mirror: a drawn hand opening and closing, 640x480 at 30 fps, "
             f"{seconds:g} s per row"]
    with tempfile.TemporaryDirectory() as tmp:
        video = write_video(Path(tmp) / "hand.mp4",
                            open_close_frames(2, fps=30, size=(640, 480)), fps=30)
        base, stats, _ = end_to_end(seconds, source=VideoFileSource(video))
        lines.append(f"  no tracking           mirror {stats.fps:5.1f} fps, dropped "
                     f"{stats.dropped / max(1, stats.frames):.1%}, latency p95 "
                     f"{percentile(base, 0.95):.2f} ms" if base else "  no tracking: no paint")
        for complexity in (0, 1):
            for size in ((320, 240), (640, 480)):
                tracker = TrackerThread(lambda c=complexity: HandTracker(c, max_hands=2),
                                        size=size)
                lat, stats, _ = end_to_end(seconds, source=VideoFileSource(video),
                                               tracker=tracker)
                found = tracker.latest() is not None and bool(tracker.latest().hands)
                lines.append(
                    f"  model {complexity}, {size[0]}x{size[1]}:  tracking "
                    f"{tracker.rate_hz():5.1f} Hz, {tracker.skipped} frames skipped while busy "
                    f"(hand found: {'yes' if found else 'no'}); "
                    f"mirror {stats.fps:5.1f} fps, dropped "
                    f"{stats.dropped / max(1, stats.frames):.1%}, latency p95 "
                    f"{percentile(lat, 0.95) if lat else float('nan'):.2f} ms "
                    "(goal: < 33 ms, no drops)")
    return lines
