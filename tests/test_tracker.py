"""MediaPipe tracking on real photos and videos (skipped where ../shared is absent)."""

from __future__ import annotations

import csv
from pathlib import Path

import cv2
import numpy as np
import pytest

from gmi.vision.camera import CaptureThread, VideoFileSource
from gmi.vision.kinematics import EXERCISES, OneEuroFilter, RepCounter, exercise_signal
from gmi.vision.kinematics import hand_angles as angles_of
from gmi.vision.tracker import HandTracker, TrackerThread

FINGERS = ("index", "middle", "ring", "little")


@pytest.fixture(scope="module")
def photo_tracker():
    tracker = HandTracker(model_complexity=1, max_hands=2, static_images=True)
    yield tracker
    tracker.close()


def manifest(shared: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((shared / "hands" / "manifest.csv").open()))


def gesturing(hands):
    """The hand held up: highest in the picture."""
    return min(hands, key=lambda h: h.image_points[:, 1].mean())


@pytest.mark.slow
def test_a_photo_and_its_mirror_image_get_opposite_sides(shared: Path, photo_tracker) -> None:
    checked = 0
    for row in manifest(shared):
        image = cv2.imread(str(shared / "hands" / row["file"]))
        hands = photo_tracker.process(image)
        flipped = photo_tracker.process(np.ascontiguousarray(image[:, ::-1]))
        if len(hands) != 1 or len(flipped) != 1:
            continue
        assert hands[0].side != flipped[0].side, row["file"]
        checked += 1
    assert checked >= 8


def test_extended_fingers_are_straighter_than_folded_ones(shared: Path, photo_tracker) -> None:
    checked = 0
    for row in manifest(shared):
        extended = [f for f in row["extended"].split() if f in FINGERS]
        folded = [f for f in row["folded"].split() if f in FINGERS]
        if not extended or not folded:
            continue
        hands = photo_tracker.process(cv2.imread(str(shared / "hands" / row["file"])))
        if not hands:
            continue
        hand = gesturing(hands)
        a = angles_of(hand.world_points, hand.side)
        curl = {f: a.pip[f] + a.dip[f] + max(0.0, a.mcp[f]) for f in FINGERS}
        assert max(curl[f] for f in extended) < min(curl[f] for f in folded), row["file"]
        checked += 1
    assert checked >= 8


def test_no_hand_means_no_hands(shared: Path, photo_tracker) -> None:
    blank = np.full((480, 640, 3), 200, np.uint8)
    assert photo_tracker.process(blank) == []


def count_reps_in_video(video: Path, kinds: list[str], seconds: float | None = None):
    tracker = HandTracker(model_complexity=0, max_hands=1)
    source = VideoFileSource(video, loop=False, paced=False)
    source.open()
    counters = {k: RepCounter(*EXERCISES[k][1:]) for k in kinds}
    filters = {k: OneEuroFilter() for k in kinds}
    found = frames = 0
    try:
        while True:
            frame = source.read()
            if frame is None or (seconds and frames > seconds * source.fps):
                break
            t = frames / source.fps
            frames += 1
            hands = tracker.process(cv2.resize(frame, (320, 240)))
            if len(hands) != 1 or hands[0].near_edge():
                continue
            found += 1
            for kind in kinds:
                value = exercise_signal(kind, hands[0].world_points, hands[0].side)
                counters[kind].update(float(filters[kind](value, t)), t)
    finally:
        source.close()
        tracker.close()
    return {k: c.count for k, c in counters.items()}, found, frames


@pytest.mark.slow
def test_a_hand_held_still_counts_nothing(shared: Path) -> None:
    video = shared / "videos" / "static_open_palm_mediapipe_samples.mp4"
    counts, found, frames = count_reps_in_video(video, ["open_close", "pinch", "spread"])
    assert found > frames * 0.7
    assert counts == {"open_close": 0, "pinch": 0, "spread": 0}


def test_tracker_thread_follows_a_video_and_keeps_only_the_newest(shared: Path) -> None:
    video = VideoFileSource(shared / "videos" / "free_gestures_desk_temuge_cam0.mp4")
    tracker = TrackerThread(lambda: HandTracker(model_complexity=0, max_hands=1))
    capture = CaptureThread(video, tap=tracker.submit)
    tracker.start()
    capture.start()
    try:
        import time

        end = time.monotonic() + 180  # generous: MediaPipe on a busy 2-core machine
        while tracker.processed < 15 and time.monotonic() < end:
            time.sleep(0.05)
        result = tracker.latest()
        assert result is not None and tracker.processed >= 15
        assert result.done_ns >= result.captured_ns
        assert tracker.rate_hz() > 0
    finally:
        capture.stop()
        tracker.stop()


@pytest.mark.slow
@pytest.mark.parametrize("cycles", [0, 3])
def test_a_rendered_hand_opening_and_closing_n_times_counts_n(tmp_path: Path,
                                                              cycles: int) -> None:
    from gmi.stimuli.animate import open_close_frames, write_video

    video = write_video(tmp_path / "hand.mp4", open_close_frames(cycles, fps=15), fps=15)
    counts, found, frames = count_reps_in_video(video, ["open_close"])
    assert found > frames * 0.8
    assert counts["open_close"] == cycles
