"""`gmi bench`: speed on this computer, as medians and as ratios to a
reference measured in the same run (timings here are noisy; ratios travel).

Sections:
- store: one journal event written durably (write + fsync) against a bare
  os.write + fsync of the same bytes: the physical floor.
- startup: process start to the first paint of Home, with 1,000 stored
  sessions, against starting Python and importing PySide6 alone.
- stimuli: drawing one new 512 px hand (no cache) against a memcpy of one
  1080p frame.
- timing: the error of laterality response times, by key presses injected
  at known delays after each picture's onset (goal: p99 under 5 ms).
- mirror: per-frame costs of the mirror path at three frame sizes, as ratios
  to a memcpy of the same frame, and the end-to-end latency from capture to
  paint with a 60 fps synthetic camera (see gmi/ui/mirror_bench.py).
- tracking: MediaPipe's rate for both model sizes at 320x240 and 640x480
  while a 30 fps mirror runs beside it, and what that does to the mirror.
- report: the PDF report and the history screen over a year of daily
  practice in all four stages.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

SECTIONS = ("store", "startup", "stimuli", "timing", "mirror", "tracking", "report", "bundle",
            "clinic")


def _ms(samples_ns: Sequence[int]) -> tuple[float, float]:
    ordered = sorted(samples_ns)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) / 1e6, p95 / 1e6


def _row(name: str, samples: Sequence[int], reference_ms: float | None) -> str:
    median, p95 = _ms(samples)
    ratio = f"{median / reference_ms:6.2f}x" if reference_ms else "   ref "
    return f"  {name:<44} median {median:8.3f} ms   p95 {p95:8.3f} ms   {ratio}"


def bench_store(repeats: int) -> list[str]:
    from gmi.store.paths import Layout
    from gmi.store.quarantine import NoticeBoard
    from gmi.store.sessions import SessionStore

    lines = [f"store: one event, durable (write + fsync), n={repeats}"]
    with tempfile.TemporaryDirectory() as tmp:
        data = {"side": "left", "view": "back", "angle": 90, "rt_ms": 1834.2, "correct": True}
        line = (json.dumps({"type": "event", "seq": 1, "data": data}) + "\n").encode()
        ref: list[int] = []
        fd = os.open(Path(tmp) / "raw", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        for _ in range(repeats):
            t0 = time.perf_counter_ns()
            os.write(fd, line)
            os.fsync(fd)
            ref.append(time.perf_counter_ns() - t0)
        os.close(fd)
        store = SessionStore(Layout(Path(tmp)), uuid.uuid4().hex, NoticeBoard())
        writer = store.start("laterality", {})
        samples: list[int] = []
        for _ in range(repeats):
            t0 = time.perf_counter_ns()
            writer.append("trial", data)
            samples.append(time.perf_counter_ns() - t0)
        writer.finish("completed")
    ref_ms = _ms(ref)[0]
    lines.append(_row("os.write + fsync of the same bytes (reference)", ref, None))
    lines.append(_row("JournalWriter.append (validate, write, fsync)", samples, ref_ms))
    return lines


def write_journal_file(folder: Path, profile_id: str, stage: str, when: datetime,
                       events: list[tuple[str, dict]], summary: dict,
                       headline: str = "") -> None:
    """One complete journal in the store's format, written fast (no fsync): for
    generated histories in benchmarks only."""
    from gmi.store.records import JOURNAL_SCHEMA_VERSION
    from gmi.store.sessions import journal_name

    sid = uuid.uuid4().hex
    rows = [{"type": "header", "schema_version": JOURNAL_SCHEMA_VERSION, "session_id": sid,
             "profile_id": profile_id, "stage": stage, "app_version": "bench",
             "started_at": when.isoformat(), "protocol": {}, "mode": "normal"}]
    rows += [{"type": "event", "seq": n + 1, "at": when.isoformat(), "kind": kind,
              "data": data} for n, (kind, data) in enumerate(events)]
    rows.append({"type": "end", "at": when.isoformat(), "outcome": "completed",
                 "headline": headline, "summary": summary})
    (folder / journal_name(when, stage, sid)).write_text(
        "".join(json.dumps(r) + "\n" for r in rows))


def make_history(root: Path, sessions: int, events_per_session: int = 40) -> str:
    """Write a profile with `sessions` daily laterality journals (fast, not fsync'd)."""
    from gmi.store.paths import Layout
    from gmi.store.profiles import ProfileStore
    from gmi.store.quarantine import NoticeBoard

    layout = Layout(root)
    profile = ProfileStore(layout, NoticeBoard()).create("BENCH-1", "hand", "right")
    folder = layout.sessions_dir(profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime.now().astimezone() - timedelta(days=sessions)
    trial = {"side": "left", "correct": True, "rt_ms": 1800.0}
    for n in range(sessions):
        write_journal_file(folder, profile.id, "laterality", start + timedelta(days=n),
                           [("trial", trial)] * events_per_session, {},
                           f"{events_per_session} of {events_per_session} correct")
    return profile.id


def _time_process(cmd: list[str], env: dict[str, str], marker: str | None) -> int:
    t0 = time.perf_counter_ns()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if marker is None or line.strip() == marker:
            break
    elapsed = time.perf_counter_ns() - t0
    proc.wait(timeout=60)
    return elapsed


def bench_startup(repeats: int, sessions: int = 1000) -> list[str]:
    from gmi.store.paths import Layout
    from gmi.store.settings import AppSettings, save_settings

    lines = [f"startup: process start to Home painted, {sessions} sessions stored, n={repeats}"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        profile_id = make_history(root, sessions)
        save_settings(Layout(root), AppSettings(active_profile_id=profile_id))
        ref_cmd = [sys.executable, "-c",
                   "import PySide6.QtWidgets as w; a = w.QApplication([]); print('ready')"]
        app_cmd = [sys.executable, "-m", "gmi", "--data-dir", tmp, "--quit-when-shown"]
        ref = [_time_process(ref_cmd, env, "ready") for _ in range(repeats)]
        app = [_time_process(app_cmd, env, "home-shown") for _ in range(repeats)]
    ref_ms = _ms(ref)[0]
    lines.append(_row("python + import PySide6 + QApplication (reference)", ref, None))
    lines.append(_row("gmi start to Home painted", app, ref_ms))
    return lines


def _memcpy_reference(repeats: int = 200) -> list[int]:
    import numpy as np

    src = np.random.default_rng(0).integers(0, 255, (1080, 1920, 3), dtype=np.uint8)
    dst = np.empty_like(src)
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        np.copyto(dst, src)
        samples.append(time.perf_counter_ns() - t0)
    return samples


def bench_stimuli(repeats: int) -> list[str]:
    import itertools

    from gmi.model.posture import hand_postures
    from gmi.stimuli.render import HAND_VIEWS, render_hand
    from gmi.stimuli.shading import SKIN_TONES

    lines = [f"stimuli: one new 512 px hand, drawn without cache, n={repeats}"]
    postures = list(hand_postures().values())
    render_hand(postures[0])  # load the mesh once, as the app does at start
    combos = itertools.cycle(itertools.product(postures, ("left", "right"), HAND_VIEWS,
                                               (0, 45, 135, 270), SKIN_TONES))
    samples = []
    for _ in range(repeats):
        posture, side, view, angle, skin = next(combos)
        t0 = time.perf_counter_ns()
        render_hand(posture, side, view, angle, skin, 512)
        samples.append(time.perf_counter_ns() - t0)
    ref = _memcpy_reference()
    lines.append(_row("memcpy of one 1920x1080 BGR frame (reference)", ref, None))
    lines.append(_row("render_hand 512 px (goal: median < 50 ms)", samples, _ms(ref)[0]))
    return lines


def bench_timing(trials: int) -> list[str]:
    from gmi.ui.timing_bench import measure_rt_error

    errors = sorted(measure_rt_error(trials))
    if not errors:
        return ["timing: no trials were measured"]

    def pct(q: float) -> float:
        return errors[min(len(errors) - 1, round(q * (len(errors) - 1)))]

    return [
        f"timing: response-time error, {len(errors)} key presses injected 300-1500 ms "
        "after onset",
        f"  measured minus true RT: p50 {pct(0.5):.3f} ms   p95 {pct(0.95):.3f} ms   "
        f"p99 {pct(0.99):.3f} ms   max {errors[-1]:.3f} ms   (goal: p99 < 5 ms)",
    ]


def _mirror(quick: bool) -> list[str]:
    from gmi.ui.mirror_bench import report

    return report(repeats=30 if quick else 200, seconds=3.0 if quick else 10.0)


def _tracking(quick: bool) -> list[str]:
    from gmi.ui.mirror_bench import tracking_report

    return tracking_report(seconds=3.0 if quick else 10.0)


def _report(quick: bool) -> list[str]:
    from gmi.ui.report_bench import measure

    return measure(days=60 if quick else 365)


def _seconds_row(name: str, seconds: float, reference_s: float | None) -> str:
    ratio = f"{seconds / reference_s:6.2f}x" if reference_s else "   ref "
    return f"  {name:<52} median {seconds:8.3f} s   {ratio}"


def _stat_all(root: Path) -> float:
    """The least any refresh must do: list every folder and stat every file."""
    t0 = time.perf_counter()
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.stat(os.path.join(folder, name))
    return time.perf_counter() - t0


def _bundle(quick: bool) -> list[str]:
    """A year of one patient's sessions: export, import, import again; against a copy."""
    import shutil

    from gmi.store.bundle_bench import bench_bundle

    days = 90 if quick else 365
    with tempfile.TemporaryDirectory() as tmp:
        result = bench_bundle(Path(tmp), repeats=2 if quick else 3, days=days)
        copies = []
        for n in range(3):
            t0 = time.perf_counter()
            shutil.copytree(Path(tmp) / "source", Path(tmp) / f"copy-{n}")
            copies.append(time.perf_counter() - t0)
    ref = statistics.median(copies)
    return [f"bundle: {days} days of sessions ({result['files']} files, "
            f"{result['data_bytes'] / 1e6:.1f} MB, bundle {result['bundle_bytes'] / 1e6:.2f} MB)"
            "; target: import < 5 s",
            _seconds_row("copying the data folder (reference)", ref, None),
            _seconds_row("export (scrypt, zip, AES-256-GCM)", result["export_s"], ref),
            _seconds_row("import into an empty folder", result["import_s"], ref),
            _seconds_row("import again (adds nothing)", result["reimport_s"], ref)]


def _clinic(quick: bool) -> list[str]:
    """The overview of all patients: 200 patients x a year (quick: 40), cold and warm."""
    from gmi.store.clinic_bench import bench_clinic

    patients = 40 if quick else 200
    with tempfile.TemporaryDirectory() as tmp:
        result = bench_clinic(Path(tmp), patients=patients, days=365,
                              repeats=2 if quick else 3)
        ref = statistics.median(_stat_all(Path(tmp)) for _ in range(3))
    return [f"clinic: {patients} patients x 365 days ({result['journals']} journals; "
            f"generated in {result['generate_s']:.0f} s); target: overview < 2 s",
            _seconds_row("list and stat every file (reference)", ref, None),
            _seconds_row("overview, index present (warm)", result["warm_s"], ref),
            _seconds_row("overview after one new journal", result["warm_one_new_s"], ref),
            _seconds_row("overview, no index yet (first build)", result["cold_s"], ref)]


def run_bench(sections: Sequence[str] | None = None, quick: bool = False,
              out: Callable[[str], None] = print) -> int:
    chosen = list(sections or SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        out(f"Unknown bench section(s): {', '.join(unknown)}. Known: {', '.join(SECTIONS)}")
        return 2
    out(f"GMI Trainer bench · Python {sys.version.split()[0]} · {os.cpu_count()} cores")
    runners = {
        "store": lambda: bench_store(50 if quick else 300),
        "startup": lambda: bench_startup(2 if quick else 5),
        "stimuli": lambda: bench_stimuli(20 if quick else 100),
        "timing": lambda: bench_timing(20 if quick else 100),
        "mirror": lambda: _mirror(quick),
        "tracking": lambda: _tracking(quick),
        "report": lambda: _report(quick),
        "bundle": lambda: _bundle(quick),
        "clinic": lambda: _clinic(quick),
    }
    for section in chosen:
        for line in runners[section]():
            out(line)
    return 0
