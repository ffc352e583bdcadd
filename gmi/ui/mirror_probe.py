"""Measuring the mirror path in the real VideoView (used by `gmi doctor` and `gmi bench`).

Per frame size: a memcpy of the frame (the physical reference), each mirror
kernel, wrapping and painting the frame in the real VideoView (offscreen),
and the full per-frame cost (kernel, then paint). Then the end-to-end run: a
camera source through the capture thread and the kernel to the painted view
for a while, with latency and dropped frames. The bench section that prints
these is `gmi.bench.mirror`; this stays in the ui layer because `gmi doctor`
(a ui module) measures with it too.
"""

from __future__ import annotations

import os
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
