"""`gmi bench --only startup`: process start to the first paint of Home, with
1,000 stored sessions, against starting Python and importing PySide6 alone."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gmi.bench.data import make_history
from gmi.bench.measure import ms, row


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
    # An installed app has its byte code compiled (pip does it); so measure with it,
    # whatever this shell says, after one start that writes it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        profile_id = make_history(root, sessions)
        save_settings(Layout(root), AppSettings(active_profile_id=profile_id))
        ref_cmd = [sys.executable, "-c",
                   "import PySide6.QtWidgets as w; a = w.QApplication([]); print('ready')"]
        app_cmd = [sys.executable, "-m", "gmi", "--data-dir", tmp, "--quit-when-shown"]
        _time_process(app_cmd, env, "home-shown")  # writes the byte code
        ref: list[int] = []
        app: list[int] = []
        for _ in range(repeats):  # taken in turns: a shared machine's load hits both alike
            ref.append(_time_process(ref_cmd, env, "ready"))
            app.append(_time_process(app_cmd, env, "home-shown"))
    lines.append(row("python + import PySide6 + QApplication (reference)", ref, None))
    lines.append(row("gmi start to Home painted", app, ms(ref)[0]))
    return lines
