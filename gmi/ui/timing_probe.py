"""Measuring laterality response times in the real screen (used by `gmi bench`).

The probe plays the patient: a precise timer fires a known delay after each
picture's onset, notes the exact time, and posts a key press into the event
queue, as the window system does with a real key. The error is what the
screen measured minus that known delay: event delivery plus whatever the GUI
thread was busy with at that moment (e.g. handing over the next picture drawn
in the background), which is what a real key press meets. It drives Qt, so it
lives in the ui layer; the bench section that prints it is `gmi.bench.timing`.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent

from gmi.app.stage import StageContext
from gmi.model.protocol import parse_protocol
from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.store.settings import AppSettings
from gmi.ui.app import make_application
from gmi.ui.laterality import LateralityScreen

PAUSE_MS = 300  # the protocol's fixation between an answer and the next picture


def measure_rt_error(trials: int = 60, seed: int = 3) -> tuple[list[float], list[float]]:
    """Errors (ms) of `trials` injected answers (measured RT minus true RT), and each
    trial's wait for its picture: next onset minus answer minus the fixation pause
    (above 0 only when a picture was still being drawn, or the GUI thread was busy)."""
    app = make_application()
    protocol = parse_protocol(
        'schema_version = 1\nid = "bench"\ntitle = "Bench"\nbody_part = "hand"\n'
        f"[laterality]\ntrials = {trials}\npractice_trials = 0\nangles = 8\n"
        'views = ["back", "palm"]\ntime_limit_s = 8.0\npause_between_s = 0.3\n'
        'feedback = "never"\n')
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        store = DataStore(DataRoot(Path(tmp), "command line"))
        profile = store.profiles.create("BENCH", "hand", "right")
        screen = LateralityScreen(StageContext(profile, protocol, store.sessions(profile.id),
                                               AppSettings()), seed=seed)
        screen.resize(800, 700)
        screen.show()
        injected: dict[int, int] = {}
        onsets: dict[int, int] = {}

        def press(position: int, side: str) -> None:
            key = Qt.Key.Key_Left if side == "left" else Qt.Key.Key_Right
            injected[position] = time.perf_counter_ns()
            QCoreApplication.postEvent(
                screen, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))

        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(lambda: press(screen.run.position, screen.run.current.side))

        def on_onset(onset: int) -> None:
            onsets[screen.run.position] = onset
            timer.start(rng.randint(300, 1500))

        screen.view.painted.connect(on_onset)
        screen.begin()
        deadline = time.monotonic() + trials * 4 + 30
        while not screen.run.done and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.0005)
        errors = [
            record.rt_ms - (injected[n] - onsets[n]) / 1e6
            for n, record in enumerate(screen.run.records)
            if record.rt_ms is not None and n in injected
        ]
        waits = [(onsets[n + 1] - injected[n]) / 1e6 - PAUSE_MS
                 for n in range(len(screen.run.records) - 1)
                 if n in injected and n + 1 in onsets]
        screen.shutdown()
        screen.close()
    return errors, waits
