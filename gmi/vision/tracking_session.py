"""Movement tracking as pure state: exercises, repetitions, range, guidance.

The screen feeds it tracking results (hands found in a frame); it decides
what counts. Nothing is counted unless exactly one hand is fully in view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gmi.vision.kinematics import (
    EXERCISES,
    OneEuroFilter,
    RangeOfMotion,
    RepCounter,
    exercise_signal,
    hand_angles,
    posture_match,
)
from gmi.vision.tracker import TrackedHand

EXERCISE_TEXT = {
    "open_close": ("Open and close your hand",
                   "Slowly open your hand wide, then close it into a soft fist."),
    "pinch": ("Pinch", "Touch the tip of your thumb to your index finger, then open again."),
    "spread": ("Spread your fingers", "Spread your fingers apart, then bring them together."),
    "wrist_turn": ("Turn your hand", "Turn your palm toward the camera, then away."),
}
SIGNAL_UNITS = {"closure": " % closed", "pinch": " % pinched", "spread": "°",
                "facing": " (palm toward the camera +100, away -100)"}


# Mean grey level (0-255) below which a picture is too dark to trust: a webcam
# in a dim room still gives about 60-90; 35 is a room with the light off.
TOO_DARK = 35.0
DARK_ADVICE = "The picture is too dark. Please switch on a light or sit facing a window."


def guidance(hands: tuple[TrackedHand, ...] | list[TrackedHand],
             brightness: float | None = None) -> str:
    """What the person should do so that the camera can follow the hand ("" = fine).

    Nothing is measured unless this is "": a picture too dark, no hand, two
    hands (or two people), or a hand partly out of the picture.
    """
    if brightness is not None and brightness < TOO_DARK:
        return DARK_ADVICE
    if not hands:
        return "Show your hand to the camera."
    if len(hands) > 1:
        return "Please show only one hand to the camera."
    if hands[0].near_edge():
        return "Move your hand a little toward the middle of the picture."
    return ""


@dataclass
class ExerciseState:
    kind: str
    target: int
    counter: RepCounter
    smoother: OneEuroFilter = field(default_factory=OneEuroFilter)
    rom: RangeOfMotion = field(default_factory=RangeOfMotion)
    trace: list[tuple[float, float]] = field(default_factory=list)  # (t, value)

    @property
    def reps(self) -> int:
        return self.counter.count

    @property
    def done(self) -> bool:
        return self.reps >= self.target


def new_exercise(kind: str, target: int) -> ExerciseState:
    _, low, high = EXERCISES[kind]
    return ExerciseState(kind, target, RepCounter(low, high))


def feed(exercise: ExerciseState, hands, t: float,
         brightness: float | None = None) -> tuple[str, bool]:
    """One tracking result: returns (guidance, whether a repetition was just completed)."""
    advice = guidance(hands, brightness)
    if advice:
        return advice, False
    hand = hands[0]
    value = float(exercise.smoother(exercise_signal(exercise.kind, hand.world_points,
                                                    hand.side), t))
    exercise.rom.add(value)
    exercise.trace.append((t, value))
    if len(exercise.trace) > 600:
        del exercise.trace[:300]
    return "", exercise.counter.update(value, t)


def match_score(hands, target_angles, brightness: float | None = None) -> float | None:
    """Posture match 0-100 of the one hand in view, or None."""
    if guidance(hands, brightness):
        return None
    hand = hands[0]
    return posture_match(hand_angles(hand.pixel_points(), hand.side), target_angles)


def best_and_mean(scores: list[float]) -> tuple[float | None, float | None]:
    if not scores:
        return None, None
    return float(max(scores)), float(np.mean(scores))
