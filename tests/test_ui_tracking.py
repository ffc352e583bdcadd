"""Stage 4 driven through the real screen on video sources."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from helpers import only_journal

from gmi.app.stage import StageContext
from gmi.model.protocol import parse_protocol
from gmi.stimuli.animate import open_close_frames, write_video
from gmi.store import DataStore
from gmi.store.settings import AppSettings
from gmi.ui.tracking import TrackingScreen
from gmi.vision.camera import SyntheticSource, VideoFileSource

PROTOCOL = """schema_version = 1
id = "t"
title = "T"
body_part = "hand"
[imagery]
postures = ["fist", "open"]
[[tracking.exercises]]
kind = "open_close"
target_reps = 2
"""


def make_screen(qtbot, store: DataStore, source) -> TrackingScreen:
    profile = store.profiles.create("P-1", "hand", "right")
    context = StageContext(profile, parse_protocol(PROTOCOL), store.sessions(profile.id),
                           AppSettings(chime=False))
    screen = TrackingScreen(context, source=source, use_camera_setting=False)
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    qtbot.waitExposed(screen)
    return screen



@pytest.mark.slow
def test_repetitions_of_a_rendered_hand_are_counted_and_journaled(qtbot, store: DataStore,
                                                                   tmp_path: Path) -> None:
    video = write_video(tmp_path / "hand.mp4", open_close_frames(2, fps=15), fps=15)
    screen = make_screen(qtbot, store, VideoFileSource(video, loop=False))
    qtbot.waitUntil(lambda: screen.session.exercise.reps == 2, timeout=30000)
    assert screen.count_label.text() == "2 of 2"
    assert screen.session.exercise.rom.span > 40
    assert screen.video.painted_frames > 5
    screen.next_button.click()  # to the posture rounds
    assert "Copy this position" in screen.title_label.text()
    for moving_on in ("Next position", "Finish"):  # each round waits for the patient,
        assert screen.next_button.text() == "I'm ready"  # who then moves on early
        assert "I'm ready" in screen.round_label.text()
        screen.next_button.click()
        assert screen.count_label.text() in ("3", "2")  # the countdown is on screen
        assert screen.next_button.text() == moving_on  # the last round: nothing follows
        screen.next_button.click()
    assert screen.pages.currentWidget() is screen.summary_page
    contents = only_journal(store)
    kinds = [e.kind for e in contents.events]
    assert kinds.count("rep") == 2
    [exercise] = [e.data for e in contents.events if e.kind == "exercise"]
    assert exercise["kind"] == "open_close" and exercise["reps"] == 2
    assert exercise["rom_max"] - exercise["rom_min"] > 40
    assert [e.data["posture"] for e in contents.events if e.kind == "posture_match"] == [
        "fist", "open"]
    assert contents.end.outcome == "completed"
    assert screen.camera.stats().state == "stopped"


def test_no_hand_in_view_counts_nothing_and_says_so(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store, SyntheticSource(320, 240, fps=30))
    qtbot.waitUntil(lambda: screen.camera.tracker.processed > 10, timeout=20000)
    assert screen.session.exercise.reps == 0
    assert screen.advice_label.text() == "Show your hand to the camera."
    screen.stop_button.click()
    assert only_journal(store).end.outcome == "stopped"


@pytest.mark.slow
def test_still_hand_video_counts_zero(qtbot, store: DataStore, shared: Path) -> None:
    video = VideoFileSource(shared / "videos" / "static_open_palm_mediapipe_samples.mp4",
                            loop=False)
    screen = make_screen(qtbot, store, video)
    qtbot.waitUntil(lambda: screen.camera.tracker.processed > 60, timeout=30000)
    assert screen.session.exercise.reps == 0


def test_guidance_for_two_hands_and_a_hand_half_out_of_view() -> None:
    import numpy as np

    from gmi.vision.tracker import TrackedHand
    from gmi.vision.tracking_session import feed, guidance, new_exercise

    inside = np.full((21, 3), 0.5)
    edge = inside.copy()
    edge[8, 0] = 0.995
    world = np.zeros((21, 3))
    hand = TrackedHand("right", 0.9, inside, world)
    cut = TrackedHand("right", 0.9, edge, world)
    assert guidance([]) == "Show your hand to the camera."
    assert guidance([hand, hand]).startswith("Please keep just one hand in the picture")
    assert "toward the middle" in guidance([cut])
    assert guidance([hand]) == ""
    exercise = new_exercise("open_close", 5)
    for n in range(60):  # a flicker between two hands and none never counts
        feed(exercise, [hand, hand] if n % 2 else [], n / 30)
    assert exercise.reps == 0 and exercise.rom.span is None


def test_a_doubled_detection_of_one_hand_is_one_hand() -> None:
    import numpy as np

    from gmi.vision.tracker import TrackedHand, distinct

    pts = np.random.default_rng(0).uniform(0.3, 0.6, (21, 3))
    other = pts.copy()
    other[:, 0] += 0.35  # a real second hand, beside the first
    a = TrackedHand("right", 0.9, pts, np.zeros((21, 3)))
    twin = TrackedHand("left", 0.6, pts + 0.01, np.zeros((21, 3)))
    b = TrackedHand("left", 0.8, other, np.zeros((21, 3)))
    assert distinct([twin, a]) == [a]
    assert len(distinct([a, b])) == 2


def off_centre_hand_video(path: Path, size: tuple[int, int]) -> tuple[Path, object]:
    """A still open hand in the left part of a `size` frame, and the frame's hand mask."""
    import cv2
    import numpy as np

    from gmi.model.posture import hand_postures
    from gmi.stimuli.render import render_hand

    w, h = size
    hand = render_hand(hand_postures()["open"], "right", "palm", 0, "medium", h)
    frame = np.empty((h, w, 3), np.uint8)
    frame[:] = hand[0, 0]
    frame[:, w // 12:w // 12 + h] = hand
    mask = np.abs(frame.astype(int) - frame[0, 0].astype(int)).sum(axis=2) > 30
    mask = cv2.dilate(mask.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
    return write_video(path, [frame] * 45, fps=15), mask


@pytest.mark.slow
@pytest.mark.parametrize("size", [(640, 360), (640, 480)], ids=["16:9", "4:3"])
def test_the_drawn_skeleton_lands_on_the_hand(qtbot, store: DataStore, tmp_path: Path,
                                             size: tuple[int, int]) -> None:
    from PySide6.QtCore import QRectF

    video, mask = off_centre_hand_video(tmp_path / "hand.mp4", size)
    screen = make_screen(qtbot, store, VideoFileSource(video))
    qtbot.waitUntil(lambda: (r := screen.camera.latest_tracking()) is not None
                    and len(r.hands) == 1, timeout=30000)
    w, h = size
    target = QRectF(37, 21, w * 0.8, h * 0.8)  # wherever the view puts the picture
    points = screen.skeleton_points(target)
    shown = mask[:, ::-1]  # the screen shows the selfie view
    on_hand = [shown[round((p.y() - target.top()) / target.height() * h),
                     round((p.x() - target.left()) / target.width() * w)]
               for p in points
               if target.contains(p)]
    assert len(points) == 21 and sum(on_hand) >= 19, sum(on_hand)


@pytest.mark.slow
def test_a_dark_room_says_so_and_counts_nothing(qtbot, store: DataStore, tmp_path: Path) -> None:
    from gmi.stimuli.animate import dim
    from gmi.vision.tracking_session import DARK_ADVICE

    rng = np.random.default_rng(0)
    frames = [dim(f, 0.1, 2.0, rng) for f in open_close_frames(2, fps=15)]
    video = write_video(tmp_path / "dark.mp4", frames, fps=15)
    screen = make_screen(qtbot, store, VideoFileSource(video, loop=False))
    qtbot.waitUntil(lambda: screen.camera.tracker.processed > 20, timeout=30000)
    qtbot.waitUntil(lambda: screen.advice_label.text() == DARK_ADVICE, timeout=10000)
    assert screen.session.exercise.reps == 0
