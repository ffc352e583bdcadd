"""`gmi doctor`: is this computer ready for daily practice? Plain verdicts.

Checks Python and the key packages, the data folder, the camera (found, real
frame rate and size), and the speed of the mirror path and of hand tracking
on this machine (the same measurements as `gmi bench`, shortened).
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from importlib import metadata

from gmi.qt_libraries import missing_packages

# The window's libraries are judged on the environment the app will start in,
# before the doctor itself runs Qt off screen.
_WINDOW_MISSING = missing_packages(os.environ)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OK, WARN, FAIL = "✓", "!", "✗"
PACKAGES = ("PySide6", "mediapipe", "numpy", "opencv-contrib-python", "pydantic",
            "matplotlib", "platformdirs")


def _python() -> tuple[str, str]:
    v = sys.version_info
    ok = (3, 10) <= (v.major, v.minor) <= (3, 12)
    return (OK if ok else FAIL), (f"Python {platform.python_version()}" +
                                  ("" if ok else ": GMI Trainer needs Python 3.10 to 3.12"))


def _packages() -> list[tuple[str, str]]:
    out = []
    for name in PACKAGES:
        try:
            out.append((OK, f"{name} {metadata.version(name)}"))
        except metadata.PackageNotFoundError:
            out.append((FAIL, f"{name} is missing: reinstall GMI Trainer"))
    return out


def _window_libraries(missing: list[str]) -> tuple[str, str]:
    if not missing:
        return OK, "The system libraries for the window are installed"
    return FAIL, ("The window cannot open: system libraries are missing; install them "
                  f"with: sudo apt install {' '.join(missing)}")


def _data_folder(root) -> tuple[str, str]:
    from gmi.store import DataStore

    problem = DataStore(root).write_problem
    if problem is None:
        return OK, f"Data folder {root.path} can be written"
    return FAIL, f"Data folder cannot be written: {problem.message}"


def _camera(camera_index: int | None, seconds: float) -> list[tuple[str, str]]:
    from gmi.app.camera import CAMERA_OVERRIDE, CameraSession
    from gmi.vision.devices import list_cameras

    override = os.environ.get(CAMERA_OVERRIDE)
    found = list_cameras()
    lines = [(OK, f"Camera replaced by GMI_CAMERA={override}")] if override else [(
        OK if found else WARN,
              "Cameras found: " + ", ".join(f"{c.name} ({c.index})" for c in found)
              if found else "No camera was found. Stages 1 and 2 work without one; mirror "
              "practice and tracking need one.")]
    camera = CameraSession.from_settings(camera_index, retry_s=0.5)
    if camera.problem:
        return [*lines, (WARN, camera.problem)]
    if not camera.has_camera:
        return [*lines, (WARN, "No camera is chosen in Settings.")]
    camera.start()
    time.sleep(seconds)  # the window over which the frame rate is measured
    stats = camera.stats()
    taken = camera.take()
    shape = taken[0].shape if taken is not None else None
    camera.stop()
    if shape is None:
        return [*lines, (WARN, f"The camera gave no pictures: {stats.message or stats.state}")]
    h, w = shape[:2]
    verdict = OK if stats.fps >= 24 else WARN
    advice = "" if verdict == OK else (" (below 24: mirror movement may look jerky; more "
                                       "light helps)")
    return [*lines, (verdict, f"Camera gives {w}x{h} at {stats.fps:.0f} fps{advice}")]


def _mirror_speed() -> tuple[str, str]:
    import statistics

    from gmi.ui.mirror_probe import per_frame_costs

    costs = per_frame_costs(repeats=15)
    full = statistics.median(costs[(1920, 1080)]["full frame: split + paint"]) / 1e6
    verdict = OK if full < 8 else WARN
    return verdict, (f"Mirror at 1920x1080: {full:.1f} ms a frame "
                     f"({'fast enough for' if verdict == OK else 'too slow for'} 60 fps)")


def _tracking_speed(seconds: float) -> tuple[str, str]:
    from gmi.ui.mirror_probe import end_to_end
    from gmi.vision.tracker import HandTracker, TrackerThread

    tracker = TrackerThread(lambda: HandTracker(0, max_hands=2))
    _, stats, _ = end_to_end(seconds, fps=30, size=(640, 480), tracker=tracker)
    hz = tracker.rate_hz()
    if tracker.error:
        return FAIL, tracker.error
    verdict = OK if hz >= 15 else WARN
    return verdict, (f"Hand tracking: {hz:.0f} per second beside a {stats.fps:.0f} fps mirror"
                     + ("" if verdict == OK else " (slow: movements will be counted late)"))


def run_doctor(root, camera_index: int | None, out: Callable[[str], None] = print,
               quick: bool = False) -> int:
    from gmi import __version__

    out(f"GMI Trainer {__version__}: checking this computer")
    checks: list[tuple[str, str]] = [_python(), *_packages(),
                                     _window_libraries(_WINDOW_MISSING), _data_folder(root)]
    for verdict, text in checks:
        out(f"  {verdict} {text}")
    later = [lambda: _camera(camera_index, 1.0 if quick else 3.0),
             lambda: [_mirror_speed()], lambda: [_tracking_speed(2.0 if quick else 5.0)]]
    for check in later:
        for verdict, text in check():
            out(f"  {verdict} {text}")
            checks.append((verdict, text))
    failed = [t for v, t in checks if v == FAIL]
    out("Ready for daily practice." if not failed else
        "Not ready: " + "; ".join(failed))
    return 1 if failed else 0
