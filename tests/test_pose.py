"""MediaPipe Pose for stage 4: the tracker, the body exercises, ground truth, bad input.

The ground truth is the rendered MakeHuman figure moving through exactly N
repetitions at known angles (gmi.stimuli.animate_body), written to video and
read back through the app's own Pose tracker and counting.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from helpers import only_journal

from gmi.app.stage import StageContext
from gmi.bench.tracking_pose import bad_input_videos, count_body_video, exercise_video
from gmi.model.protocol import parse_protocol
from gmi.stimuli.animate import write_video
from gmi.stimuli.animate_body import body_frames, posture_at, render_body
from gmi.store import DataStore
from gmi.store.settings import AppSettings
from gmi.vision.body_kinematics import BODY_EXERCISES
from gmi.vision.pose import PoseTracker, TrackedBody, shipped_complexities
from gmi.vision.tracker import TrackerThread
from gmi.vision.tracking_session import body_guidance, feed, new_exercise


def figure_frame(kind: str = "knee_bend", angle: float = 0.0,
                 size: tuple[int, int] = (640, 360)) -> tuple[np.ndarray, np.ndarray]:
    """The figure off centre in a 16:9 frame, and the mask of where the figure is."""
    w, h = size
    person = render_body(posture_at(kind, angle), "front", h)
    frame = np.empty((h, w, 3), np.uint8)
    frame[:] = person[0, 0]
    frame[:, 40:40 + h] = person
    mask = np.abs(frame.astype(int) - frame[0, 0].astype(int)).sum(axis=2) > 30
    return frame, mask


def test_a_complexity_whose_model_is_not_installed_is_refused_without_downloading() -> None:
    assert 1 in shipped_complexities()  # the pinned wheel ships the full model
    with pytest.raises(ValueError, match="never downloads"):
        PoseTracker(2)


def test_the_body_landmarks_land_on_the_figure_in_the_shown_picture() -> None:
    frame, mask = figure_frame()
    tracker = PoseTracker(1, static_images=True)
    try:
        [body] = tracker.process(frame)
    finally:
        tracker.close()
    h, w = mask.shape
    shown = mask[:, ::-1]  # the screen shows the selfie view
    on = [shown[min(h - 1, round(y * h)), min(w - 1, round(x * w))]
          for x, y in body.shown_points(mirrored=True)]
    assert sum(on) >= 30, sum(on)  # of 33; a point may sit on an edge
    assert body.frame_size == (640, 360)


def test_the_tracker_thread_puts_a_body_in_bodies() -> None:
    frame, _ = figure_frame()
    thread = TrackerThread(lambda: PoseTracker(1), long_side=640).start()
    deadline = time.monotonic() + 30
    try:
        n = 0
        while time.monotonic() < deadline and not thread.error:  # poll, generous timeout
            thread.submit(frame, n, n)
            n += 1
            result = thread.latest()
            if result is not None and result.bodies:
                break
            time.sleep(0.02)
        result = thread.latest()
    finally:
        thread.stop()
    assert result is not None and len(result.bodies) == 1 and result.hands == ()


def body_with(points: dict[int, tuple[float, float]], visible: float = 0.9) -> TrackedBody:
    image = np.full((33, 3), 0.5)
    for i, (x, y) in points.items():
        image[i, :2] = (x, y)
    return TrackedBody(image, np.full(33, visible), np.zeros((33, 3)), (640, 360))


def test_guidance_for_no_person_a_hidden_limb_and_the_dark() -> None:
    assert "cannot see you" in body_guidance((), "knee_bend", "right")
    assert "leg" in body_guidance((), "knee_bend", "right")  # where to put the camera
    hidden = body_with({}, visible=0.1)
    assert body_guidance((hidden,), "knee_bend", "right") == BODY_EXERCISES["knee_bend"].missing
    cut = body_with({28: (0.5, 1.02)})  # the right ankle below the picture
    assert body_guidance((cut,), "knee_bend", "right") == BODY_EXERCISES["knee_bend"].missing
    assert "dark" in body_guidance((body_with({}),), "knee_bend", "right", brightness=10)
    exercise = new_exercise("knee_bend", 5)
    for n in range(30):
        advice, counted = feed(exercise, (), n / 15, bodies=(cut,))
        assert advice and not counted
    assert exercise.reps == 0 and exercise.rom.span is None


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["knee_bend", "ankle_flex", "shoulder_forward",
                                  "shoulder_side", "head_turn"])
def test_the_real_tracker_counts_exactly_n_and_a_still_body_zero(kind, tmp_path: Path) -> None:
    video, _ = exercise_video(tmp_path, kind, 3)
    got = count_body_video(video, kind)
    assert got.counted == 3, got
    assert got.usable > 0.9
    still, _ = exercise_video(tmp_path, kind, 0)
    assert count_body_video(still, kind).counted == 0


@pytest.mark.slow
def test_bad_input_counts_nothing_and_says_what_to_do(tmp_path: Path) -> None:
    advice = {}
    for what, video, kind in bad_input_videos(tmp_path):
        got = count_body_video(video, kind)
        assert got.counted == 0, what
        advice[what.split(" (")[0]] = got.advice
    assert "cannot see you" in advice["no person"]
    assert "dark" in advice["too dark"]
    assert "whole leg" in advice["the leg half out of the picture"]


KNEE = """schema_version = 1
id = "k"
title = "K"
body_part = "knee"
stages = ["laterality", "tracking"]
[[tracking.exercises]]
kind = "knee_bend"
target_reps = 2
"""


@pytest.mark.slow
def test_a_knee_programme_runs_stage_4_on_the_screen_with_pose(qtbot, store: DataStore,
                                                               tmp_path: Path) -> None:
    from gmi.ui.tracking import TrackingScreen
    from gmi.vision.camera import VideoFileSource

    video = write_video(tmp_path / "knee.mp4",
                        (f for f, _ in body_frames("knee_bend", 2, fps=15.0)), fps=15.0)
    profile = store.profiles.create("P-1", "knee", "right")
    context = StageContext(profile, parse_protocol(KNEE), store.sessions(profile.id),
                           AppSettings(chime=False))
    screen = TrackingScreen(context, source=VideoFileSource(video, loop=False),
                            use_camera_setting=False)
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    assert "side-on" in screen.instruction_label.text()  # where to put the camera
    qtbot.waitUntil(lambda: screen.session.exercise.reps == 2, timeout=60000)
    assert screen.count_label.text() == "2 of 2"
    from PySide6.QtCore import QRectF

    assert len(screen.skeleton_points(QRectF(0, 0, 640, 360))) == 33
    screen.next_button.click()  # no posture rounds for a knee: the summary
    assert screen.pages.currentWidget() is screen.summary_page
    contents = only_journal(store)
    [exercise] = [e.data for e in contents.events if e.kind == "exercise"]
    assert exercise["kind"] == "knee_bend" and exercise["reps"] == 2
    assert exercise["rom_max"] - exercise["rom_min"] > 50
