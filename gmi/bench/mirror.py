"""`gmi bench --only mirror` and `--only tracking`: the mirror path's costs as
ratios to a memcpy of the same frame, its end-to-end latency, and the hand
tracker's rate beside it (the measuring itself is `gmi.ui.mirror_probe`)."""

from __future__ import annotations

import statistics
from collections.abc import Callable

from gmi.ui.mirror_probe import end_to_end, per_frame_costs, percentile
from gmi.vision.tracker import TrackerThread


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
            ("MediaPipe model 0, long side 640, beside it",
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


def beside_mirror(video, seconds: float,
                  trackers: list[tuple[str, Callable[[], TrackerThread]]]) -> list[str]:
    """The mirror playing `video` alone, then beside each tracker (label, make): the
    tracker's rate, frames it skipped while busy, whether it found the hand or body,
    and the mirror's rate, drops and latency (goal: < 33 ms, no drops)."""
    from gmi.vision.camera import VideoFileSource

    def mirror_words(latencies: list[float], stats) -> str:
        return (f"mirror {stats.fps:5.1f} fps, dropped "
                f"{stats.dropped / max(1, stats.frames):.1%}, latency p95 "
                f"{percentile(latencies, 0.95) if latencies else float('nan'):.2f} ms")

    base, stats, _ = end_to_end(seconds, source=VideoFileSource(video))
    lines = [f"  no tracking           {mirror_words(base, stats)}"]
    for label_, make in trackers:
        tracker = make()
        lat, stats, _ = end_to_end(seconds, source=VideoFileSource(video), tracker=tracker)
        latest = tracker.latest()
        found = latest is not None and bool(latest.hands or latest.bodies)
        lines.append(f"  {label_}: tracking {tracker.rate_hz():5.1f} Hz (goal >= 25), "
                     f"{tracker.skipped} frames skipped while busy (found: "
                     f"{'yes' if found else 'no'}); {mirror_words(lat, stats)} "
                     "(goal: < 33 ms, no drops)")
    return lines


def tracking_report(seconds: float) -> list[str]:
    """Tracking rate beside a 30 fps mirror, for both model sizes and two input sizes."""
    import tempfile
    from pathlib import Path

    from gmi.stimuli.animate import open_close_frames, write_video
    from gmi.vision.tracker import HandTracker

    lines = [f"tracking beside the mirror: a drawn hand opening and closing, 640x360 at 30 fps, "
             f"{seconds:g} s per row"]
    with tempfile.TemporaryDirectory() as tmp:
        video = write_video(Path(tmp) / "hand.mp4",
                            open_close_frames(2, fps=30, size=(640, 360)), fps=30)
        lines += beside_mirror(video, seconds, [
            (f"hands model {complexity}, long side {long_side}",
             lambda c=complexity, s=long_side: TrackerThread(
                 lambda: HandTracker(c, max_hands=2), long_side=s))
            for complexity in (0, 1) for long_side in (320, 640)])
    return lines
