"""Two people (or two hands) in view: guidance on screen and nothing counted."""

from __future__ import annotations

import numpy as np
import pytest

from gmi.model.posture import hand_postures
from gmi.stimuli.animate_body import body_frames
from gmi.stimuli.render import render_hand
from gmi.vision.pose import PoseTracker
from gmi.vision.tracker import HandTracker
from gmi.vision.tracking_session import ONE_HAND, ONE_PERSON, feed, guidance, new_exercise


def twice(frame: np.ndarray, width: int) -> np.ndarray:
    """The middle `width` columns of a frame, side by side twice: two people."""
    x = (frame.shape[1] - width) // 2
    part = frame[:, x:x + width]
    return np.concatenate([part, part], axis=1)


def count_arm_raises(two: bool) -> tuple[int, list[str]]:
    exercise = new_exercise("shoulder_side", 5, "right")
    tracker = PoseTracker(1)
    advice = []
    try:
        for n, (frame, _) in enumerate(body_frames("shoulder_side", 1)):
            shown = twice(frame, 360) if two else frame
            said, _ = feed(exercise, (), n / 15, bodies=tuple(tracker.process(shown)))
            advice.append(said)
    finally:
        tracker.close()
    return exercise.reps, advice


@pytest.mark.slow
def test_two_people_count_nothing_and_are_asked_to_leave_one() -> None:
    reps, advice = count_arm_raises(two=True)
    assert reps == 0
    # a face is missed in an odd frame (nothing was counted through it here)
    assert advice.count(ONE_PERSON) >= 0.8 * len(advice), advice
    alone, _ = count_arm_raises(two=False)  # the same movement, one person: counted
    assert alone == 1


@pytest.mark.slow
def test_two_hands_of_the_same_side_count_nothing() -> None:
    hand = render_hand(hand_postures()["open"], "right", "palm", 0.0, "medium", 320)
    frame = np.empty((400, 760, 3), np.uint8)
    frame[:] = hand[0, 0]
    frame[40:360, 40:360] = hand
    frame[40:360, 400:720] = hand
    tracker = HandTracker(model_complexity=1, max_hands=2, static_images=True)
    try:
        hands = tracker.process(frame)
        one = tracker.process(frame[:, :380].copy())
    finally:
        tracker.close()
    assert len(hands) == 2 and len(one) == 1
    assert guidance(hands) == ONE_HAND and guidance(one) == ""
    exercise = new_exercise("open_close", 3)
    for n in range(30):
        said, counted = feed(exercise, hands, n / 15)
        assert said == ONE_HAND and not counted
    assert exercise.reps == 0
