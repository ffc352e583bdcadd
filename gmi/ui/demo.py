"""`gmi demo`: a scripted practice day for a demo patient, without a screen.

It drives the real stage screens offscreen (the same code a patient uses),
answering with scripted keys at human-like delays, so the journals it writes
are real. It covers the stages this version has and says so.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest

from gmi.app.stage import StageContext
from gmi.model.presets import presets
from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.store.profiles import Profile
from gmi.store.settings import AppSettings
from gmi.ui.app import make_application
from gmi.ui.imagery import ImageryScreen
from gmi.ui.laterality import LateralityScreen
from gmi.ui.stage_host import STAGE_SCREENS

DEMO_CODE = "DEMO-1"


def _demo_protocol():
    """The standard hand programme, shortened so the demo takes about a minute."""
    base = presets()["hand-standard"]
    return base.model_copy(update={
        "id": "demo", "title": "Demo: a short day",
        "stages": ["laterality", "imagery", "mirror", "tracking"],
        "mirror": base.mirror.model_copy(update={"minutes": 0.1}),
        "laterality": base.laterality.model_copy(update={
            "trials": 12, "practice_trials": 2, "pause_between_s": 0.3}),
        "imagery": base.imagery.model_copy(update={
            "images": 2, "repetitions": 2, "hold_s": 4.0}),
    })


def _wait(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Run the event loop until `condition` holds (no busy processEvents loop)."""
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(5)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    poll.start()
    deadline.start(round(timeout_s * 1000))
    if not condition():
        loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError("the demo did not reach the expected step in time")


def _pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _run_laterality(context: StageContext, rng: random.Random) -> str:
    screen = LateralityScreen(context, seed=rng.randrange(1000))
    screen.resize(900, 700)
    screen.show()
    screen.start_button.click()
    while not screen.run.done:
        _wait(lambda: screen.onset_ns is not None)
        trial = screen.run.current
        _pause(rng.randint(350, 900))  # a quick, mostly right patient
        wrong = rng.random() < 0.15
        side = trial.side if not wrong else ("left" if trial.side == "right" else "right")
        QTest.keyClick(screen, Qt.Key.Key_Left if side == "left" else Qt.Key.Key_Right)
    _wait(lambda: screen.pages.currentWidget() is screen.summary_page)
    screen.shutdown()
    screen.close()
    return "Left or right?"


def _run_imagery(context: StageContext, rng: random.Random) -> str:
    screen = ImageryScreen(context, seed=rng.randrange(1000))
    screen.resize(900, 700)
    screen.show()
    screen.pain_before.choose(5)
    screen.pain_before.save_button.click()
    while screen.step is not None or screen.pages.currentWidget() is screen.vividness:
        if screen.pages.currentWidget() is screen.vividness:
            screen.vividness.choose(rng.randint(3, 5))
            screen.vividness.save_button.click()
            continue
        _wait(lambda: (screen.rep_started_ns is not None and not screen.resting)
              or screen.pages.currentWidget() is not screen.step_page)
        if screen.rep_started_ns is not None:
            _pause(rng.randint(600, 1400))
            screen.imagined()
    _wait(lambda: screen.pages.currentWidget() is screen.pain_after)
    screen.pain_after.choose(4)
    screen.pain_after.save_button.click()
    screen.shutdown()
    screen.close()
    return "Imagine the movement"


def _run_mirror(context: StageContext, rng: random.Random) -> str:
    from gmi.ui.mirror import MirrorScreen
    from gmi.vision.camera import SyntheticSource

    screen = MirrorScreen(context, source=SyntheticSource(640, 480, 30),
                          use_camera_setting=False)
    screen.resize(900, 700)
    screen.show()
    screen.pain_before.choose(5)
    screen.pain_before.save_button.click()
    for _ in range(2):
        _pause(1500)
        screen.next_prompt()
    _wait(lambda: screen.pages.currentWidget() is screen.pain_after, timeout_s=30)
    screen.pain_after.choose(4)
    screen.pain_after.save_button.click()
    screen.shutdown()
    screen.close()
    return "Mirror practice"


def _run_tracking(context: StageContext, rng: random.Random) -> str:
    import tempfile

    from gmi.stimuli.animate import open_close_frames, write_video
    from gmi.ui.tracking import TrackingScreen
    from gmi.vision.camera import VideoFileSource

    with tempfile.TemporaryDirectory() as tmp:  # a drawn hand, never a camera picture
        video = write_video(Path(tmp) / "hand.mp4", open_close_frames(3, fps=15), fps=15)
        # Looped: on a busy machine the tracker drops frames (newest frame only) and
        # may miss a repetition in one pass; the demo waits for three.
        screen = TrackingScreen(context, source=VideoFileSource(video, loop=True),
                                use_camera_setting=False)
        screen.resize(1000, 700)
        screen.show()
        exercise = screen.exercise
        _wait(lambda: exercise.reps >= 3 or screen.capture.stats().state == "lost",
              timeout_s=60)
        while screen.pages.currentWidget() is not screen.summary_page:
            screen.next_button.click()
        screen.shutdown()
        screen.close()
    return "Move with the camera"


def run_demo(data_dir: Path, out: Callable[[str], None] = print, seed: int = 1) -> int:
    make_application()
    store = DataStore(DataRoot(data_dir, "command line"))
    if store.write_problem is not None:
        out(f"The demo cannot save anything: {store.write_problem.message}")
        return 1
    existing = [p for p in store.profiles.list()[0] if p.code == DEMO_CODE]
    profile: Profile = existing[0] if existing else store.profiles.create(
        DEMO_CODE, "hand", "right", name="Demo patient")
    store.save_settings(AppSettings(active_profile_id=profile.id, chime=False))
    protocol = _demo_protocol()
    sessions = store.sessions(profile.id)
    context = StageContext(profile, protocol, sessions,
                           AppSettings(chime=False, camera_index=None))
    rng = random.Random(seed)
    out(f"GMI Trainer demo: a scripted practice day for '{profile.display_name}'")
    for stage, runner in (("laterality", _run_laterality), ("imagery", _run_imagery),
                          ("mirror", _run_mirror), ("tracking", _run_tracking)):
        title = runner(context, rng)
        latest = sessions.latest_by_stage().get(stage)
        headline = latest.end.headline if latest and latest.end else "no result"
        out(f"  {title}: {headline}")
    missing = [s for s in ("laterality", "imagery", "mirror", "tracking")
               if s not in STAGE_SCREENS]
    if missing:
        out(f"  Not in this version yet: {', '.join(missing)}")
    from gmi.report.export import ExportRange, sessions_in
    from gmi.report.pdf import write_pdf

    report = data_dir / "demo-report.pdf"
    pages = write_pdf(report, profile, sessions_in(sessions, ExportRange()), ExportRange())
    out(f"Report ({pages} pages): {report}")
    out(f"Session journals: {store.layout.sessions_dir(profile.id)}")
    out(f"Open the app on this data with: gmi --data-dir {data_dir}")
    return 0
