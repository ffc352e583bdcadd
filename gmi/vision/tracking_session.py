"""Movement tracking as pure state: exercises, repetitions, range, guidance.

The screen feeds it tracking results (hands, or a body, found in a frame); it
decides what counts. Nothing is counted unless exactly one hand is fully in
view, or, for a body exercise (gmi.vision.body_kinematics), one person with
every landmark the exercise needs inside the picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gmi.vision.body_kinematics import BODY_EXERCISES, needed_landmarks
from gmi.vision.body_kinematics import signal as body_signal
from gmi.vision.kinematics import (
    EXERCISES,
    OneEuroFilter,
    RangeOfMotion,
    RepCounter,
    exercise_signal,
)
from gmi.vision.posture_match import CopyTarget, copy_score, read_hand
from gmi.vision.tracker import TrackedHand

EXERCISE_TEXT = {
    "open_close": ("Open and close your hand",
                   "Slowly open your hand wide, then close it into a soft fist."),
    "pinch": ("Pinch", "Touch the tip of your thumb to your index finger, then open again."),
    "spread": ("Spread your fingers", "Spread your fingers apart, then bring them together."),
    "wrist_turn": ("Turn your hand", "Turn your palm toward the camera, then away."),
}
EXERCISE_TEXT |= {kind: (e.title, e.instruction) for kind, e in BODY_EXERCISES.items()}
SIGNAL_UNITS = {"closure": " % closed", "pinch": " % pinched", "spread": "°",
                "facing": " (palm toward the camera +100, away -100)"}
SIGNAL_UNITS |= {e.signal: "°" for e in BODY_EXERCISES.values()}
# Every exercise: (signal, low, high), hands' and body's alike.
ALL_EXERCISES: dict[str, tuple[str, float, float]] = dict(EXERCISES) | {
    kind: (e.signal, e.low, e.high) for kind, e in BODY_EXERCISES.items()}


def is_body_exercise(kind: str) -> bool:
    """Followed with MediaPipe Pose (the body), not Hands."""
    return kind in BODY_EXERCISES


# Mean grey level (0-255) below which a picture is too dark to trust: a webcam
# in a dim room still gives about 60-90; 35 is a room with the light off.
TOO_DARK = 35.0
NO_PERSON = "The camera cannot see you yet."
ONE_PERSON = "Only one person in view, please."
ONE_HAND = "Please keep just one hand in the picture, and only one person in view."
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
        return ONE_HAND
    if hands[0].near_edge():
        return "Move your hand a little toward the middle of the picture."
    return ""




def body_guidance(bodies, kind: str, side: str, brightness: float | None = None) -> str:
    """What the person should do so that the camera can follow the exercise ("" = fine).

    Nothing is measured unless this is "": a picture too dark, nobody in view, or
    a limb the exercise needs partly out of the picture (or hidden), or more
    than one person in view (MediaPipe Pose follows one person whoever else is
    there; the tracker counts faces: `TrackedBody.people`).
    """
    if brightness is not None and brightness < TOO_DARK:
        return DARK_ADVICE
    if not bodies:
        return NO_PERSON + " " + BODY_EXERCISES[kind].placement
    if len(bodies) > 1 or getattr(bodies[0], "people", 1) > 1:
        return ONE_PERSON
    if not bodies[0].in_view(needed_landmarks(kind, side)):
        return BODY_EXERCISES[kind].missing
    return ""


@dataclass
class ExerciseState:
    kind: str
    target: int
    counter: RepCounter
    smoother: OneEuroFilter = field(default_factory=OneEuroFilter)
    rom: RangeOfMotion = field(default_factory=RangeOfMotion)
    trace: list[tuple[float, float]] = field(default_factory=list)  # (t, value)
    side: str = "right"  # the limb (or direction) a body exercise follows

    @property
    def reps(self) -> int:
        return self.counter.count

    @property
    def done(self) -> bool:
        return self.reps >= self.target


def new_exercise(kind: str, target: int, side: str = "right") -> ExerciseState:
    _, low, high = ALL_EXERCISES[kind]
    return ExerciseState(kind, target, RepCounter(low, high), side=side)


def feed(exercise: ExerciseState, hands, t: float,
         brightness: float | None = None, bodies=()) -> tuple[str, bool]:
    """One tracking result: returns (guidance, whether a repetition was just completed).

    A hand exercise reads `hands`, a body exercise `bodies` (MediaPipe Pose).
    """
    if is_body_exercise(exercise.kind):
        advice = body_guidance(bodies, exercise.kind, exercise.side, brightness)
        if advice:
            return advice, False
        raw = body_signal(exercise.kind, bodies[0], exercise.side)
    else:
        advice = guidance(hands, brightness)
        if advice:
            return advice, False
        hand = hands[0]
        raw = exercise_signal(exercise.kind, hand.world_points, hand.side)
    value = float(exercise.smoother(raw, t))
    exercise.rom.add(value)
    exercise.trace.append((t, value))
    if len(exercise.trace) > 600:
        del exercise.trace[:300]
    return "", exercise.counter.update(value, t)


def match_score(hands, target: CopyTarget, brightness: float | None = None) -> float | None:
    """Posture match 0-100 of the one hand in view, or None (finger states first:
    `gmi.vision.posture_match`)."""
    if guidance(hands, brightness):
        return None
    hand = hands[0]
    return copy_score(read_hand(hand.pixel_points(), hand.side), target)


def best_and_mean(scores: list[float]) -> tuple[float | None, float | None]:
    if not scores:
        return None, None
    return float(max(scores)), float(np.mean(scores))
