"""`gmi bench --only startup`: process start to the first paint of Home, with
1,000 stored sessions, against starting Python and importing PySide6 alone.

Three ways of starting are timed, each against the same reference:
- the usual start: the last Home was kept (`gmi.store.home_snapshot`) and is
  drawn first ("painted"), then the data is read and Home answers ("ready");
- the first start after anything changed (a new day, a session written by
  another program): nothing kept, the data is read before Home is drawn.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from gmi.bench.data import make_history
from gmi.bench.measure import ms, row


def _time_process(cmd: list[str], env: dict[str, str], markers: Sequence[str]) -> list[int]:
    """Nanoseconds from the start of `cmd` to each marker line it prints, in order."""
    t0 = time.perf_counter_ns()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    assert proc.stdout is not None
    seen: list[int] = []
    for line in proc.stdout:
        if len(seen) < len(markers) and line.strip() == markers[len(seen)]:
            seen.append(time.perf_counter_ns() - t0)
    proc.wait(timeout=60)
    if len(seen) != len(markers):
        raise RuntimeError(f"{' '.join(cmd)} printed {len(seen)} of {list(markers)}")
    return seen


def bench_startup(repeats: int, sessions: int = 1000) -> list[str]:
    from gmi.store.home_snapshot import snapshot_file
    from gmi.store.paths import Layout
    from gmi.store.settings import AppSettings, save_settings

    lines = [f"startup: process start to Home painted, {sessions} sessions stored, n={repeats}"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # An installed app has its byte code compiled (pip does it); so measure with it,
    # whatever this shell says, after one start that writes it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        profile_id = make_history(root, sessions)
        save_settings(Layout(root), AppSettings(active_profile_id=profile_id,
                                                welcome_done=True))
        kept = snapshot_file(Layout(root))
        ref_cmd = [sys.executable, "-c",
                   "import PySide6.QtWidgets as w; a = w.QApplication([]); print('ready')"]
        app_cmd = [sys.executable, "-m", "gmi", "--data-dir", tmp, "--quit-when-shown"]
        markers = ("home-shown", "home-ready")
        _time_process(app_cmd, env, markers)  # writes the byte code, and keeps Home
        ref: list[int] = []
        painted: list[int] = []
        ready: list[int] = []
        fresh: list[int] = []
        for _ in range(repeats):  # taken in turns: a shared machine's load hits all alike
            ref.append(_time_process(ref_cmd, env, ("ready",))[0])
            shown, answered = _time_process(app_cmd, env, markers)
            painted.append(shown)
            ready.append(answered)
            kept.unlink()  # as on the first start of a day
            fresh.append(_time_process(app_cmd, env, markers)[0])
    lines.append(row("python + import PySide6 + QApplication (reference)", ref, None))
    lines.append(row("gmi start to Home painted (Home kept)", painted, ms(ref)[0]))
    lines.append(row("  ... data read, Home answers", ready, ms(ref)[0]))
    lines.append(row("gmi start, nothing kept: Home painted", fresh, ms(ref)[0]))
    return lines
