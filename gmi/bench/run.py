"""The `gmi bench` runner: which sections exist, their sizes (full or quick),
and printing them in order.

Sections:
- store: one journal event written durably (write + fsync) against a bare
  os.write + fsync of the same bytes: the physical floor.
- startup: process start to the first paint of Home, with 1,000 stored
  sessions, against starting Python and importing PySide6 alone.
- stimuli: drawing one new 512 px hand (no cache) against a memcpy of one
  1080p frame.
- schedule: building a 400-trial laterality schedule against shuffling a
  400-item list.
- timing: the error of laterality response times, by key presses injected
  at known delays after each picture's onset (goal: p99 under 5 ms).
- mirror: per-frame costs of the mirror path at three frame sizes, as ratios
  to a memcpy of the same frame, and the end-to-end latency from capture to
  paint with a 60 fps synthetic camera (see gmi/ui/mirror_probe.py).
- tracking: repetitions counted on clips with a known count, joint-angle
  error and posture identification against rendered ground truth and the
  labelled real photos, and MediaPipe's rate for both model sizes beside a
  30 fps mirror (see gmi/bench/tracking.py).
- report: the PDF report and the history screen over a year of daily
  practice in all four stages.
- bundle: export and import of a year of one patient's sessions.
- clinic: the overview of all patients, cold and warm.

Each section's module is imported only when it runs, so `gmi bench --only
store` loads neither Qt nor MediaPipe.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

SECTIONS = ("store", "startup", "stimuli", "schedule", "timing", "mirror", "tracking",
            "report", "bundle", "clinic")


def _store(quick: bool) -> list[str]:
    from gmi.bench.store import bench_store

    return bench_store(50 if quick else 300)


def _startup(quick: bool) -> list[str]:
    from gmi.bench.startup import bench_startup

    return bench_startup(2 if quick else 9)


def _stimuli(quick: bool) -> list[str]:
    from gmi.bench.stimuli import bench_stimuli

    return bench_stimuli(20 if quick else 100)


def _schedule(quick: bool) -> list[str]:
    from gmi.bench.schedule import bench_schedule

    return bench_schedule(10 if quick else 50)


def _timing(quick: bool) -> list[str]:
    from gmi.bench.timing import bench_timing

    return bench_timing(20 if quick else 100)


def _mirror(quick: bool) -> list[str]:
    from gmi.bench.mirror import report

    return report(repeats=30 if quick else 200, seconds=3.0 if quick else 10.0)


def _tracking(quick: bool) -> list[str]:
    from gmi.bench.tracking import tracking_section

    return tracking_section(quick)


def _report(quick: bool) -> list[str]:
    from gmi.bench.report import measure

    return measure(days=60 if quick else 365)


def _bundle(quick: bool) -> list[str]:
    from gmi.bench.bundle import bundle_section

    return bundle_section(quick)


def _clinic(quick: bool) -> list[str]:
    from gmi.bench.clinic import clinic_section

    return clinic_section(quick)


RUNNERS: dict[str, Callable[[bool], list[str]]] = {
    "store": _store, "startup": _startup, "stimuli": _stimuli, "schedule": _schedule,
    "timing": _timing, "mirror": _mirror, "tracking": _tracking, "report": _report,
    "bundle": _bundle, "clinic": _clinic,
}


def run_bench(sections: Sequence[str] | None = None, quick: bool = False,
              out: Callable[[str], None] = print) -> int:
    chosen = list(sections or SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        out(f"Unknown bench section(s): {', '.join(unknown)}. Known: {', '.join(SECTIONS)}")
        return 2
    out(f"GMI Trainer bench · Python {sys.version.split()[0]} · {os.cpu_count()} cores")
    for section in chosen:
        for line in RUNNERS[section](quick):
            out(line)
    return 0
