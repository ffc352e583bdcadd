"""Body exercises read from MediaPipe Pose landmarks: one number per frame, counted.

Each exercise turns one tracked body into one angle in degrees, measured in the
picture plane from landmarks in pixels of the tracked frame (true to its
shape). A picture-plane angle is only right when the movement is across the
camera's view, so each exercise says where the camera goes (:attr:`BodyExercise.
placement`): side-on for knee and ankle and for raising the arm forward, facing
the camera for raising it sideways, turning or tilting the head and bending
the trunk sideways.

Signs follow the programme's side: a head turn, a head tilt and a side bend
are positive toward `side`; knee, ankle and arm use the limb on `side`.

The error bands are measured, not guessed: `gmi bench --only tracking` animates
the rendered MakeHuman figure through each movement at known angles, tracks it
with the app's own Pose tracker, and reports the error; the band shown is the
90th percentile of the absolute error there, rounded up to 5 degrees (a real
person, clothes and a webcam can only make it wider, so the text says
"estimate"). Measured (complexity 1, 640x360): knee 3, ankle 7, arm forward
10, arm sideways 7, head turn 6, head tilt about 9, side bend 12 degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gmi.vision.pose import (
    LEFT_ANKLE,
    LEFT_EAR,
    LEFT_ELBOW,
    LEFT_FOOT_INDEX,
    LEFT_HIP,
    LEFT_KNEE,
    LEFT_SHOULDER,
    NOSE,
    RIGHT_ANKLE,
    RIGHT_EAR,
    RIGHT_ELBOW,
    RIGHT_FOOT_INDEX,
    RIGHT_HIP,
    RIGHT_KNEE,
    RIGHT_SHOULDER,
    TrackedBody,
    side_index,
)

SEATED_LEG = ("Sit side-on to the camera, about two metres away, so that your whole "
              "leg and foot are in the picture.")
STANDING_LEG = ("Stand side-on to the camera, holding the back of a chair, so that your "
                "whole leg is in the picture.")
UPPER_FRONT = ("Sit facing the camera, about two metres away, so that your head, "
               "shoulders and hips are in the picture.")
UPPER_SIDE = ("Sit side-on to the camera, about two metres away, so that your head, "
              "arm and hip are in the picture.")


@dataclass(frozen=True)
class BodyExercise:
    """One body exercise: what is measured, how it is counted, where the camera goes."""

    signal: str  # the measured angle's name (journaled with the result)
    low: float  # the counter's dead band (degrees): back below `low` ends a repetition
    high: float  # ... after rising above `high`
    needs: tuple[str, ...]  # the landmarks (by role) that must be in view
    placement: str  # camera placement guidance, in words
    missing: str  # what to do when they are not in view
    title: str
    instruction: str
    error_band: float  # degrees: 90th percentile |error| on rendered ground truth, rounded up


BODY_EXERCISES: dict[str, BodyExercise] = {
    "ankle_flex": BodyExercise(
        "dorsiflexion", 5.0, 11.0, ("knee", "ankle", "toe"), SEATED_LEG,
        "Please move so that your whole leg and foot are in the picture.",
        "Ankle up and down", "Pull your toes up toward you, then let the foot go back down.",
        10.0),
    "toe_lift": BodyExercise(
        "dorsiflexion", 5.0, 11.0, ("knee", "ankle", "toe"), SEATED_LEG,
        "Please move so that your whole leg and foot are in the picture.",
        "Lift your toes", "Keep your heel on the floor, lift your toes, then lower them.",
        10.0),
    "knee_bend": BodyExercise(
        "knee flexion", 30.0, 55.0, ("hip", "knee", "ankle"), STANDING_LEG,
        "Please move so that your whole leg is in the picture.",
        "Bend your knee", "Bend your knee to lift your foot behind you, then lower it.", 5.0),
    "shoulder_forward": BodyExercise(
        "arm raised forward", 35.0, 65.0, ("shoulder", "elbow", "hip"), UPPER_SIDE,
        "Please move so that your arm, shoulder and hip are in the picture.",
        "Raise your arm forward", "Raise your arm in front of you, then lower it.", 10.0),
    "shoulder_side": BodyExercise(
        "arm raised sideways", 35.0, 65.0, ("shoulder", "elbow", "hip"), UPPER_FRONT,
        "Please move so that your arm, shoulder and hip are in the picture.",
        "Raise your arm to the side", "Lift your arm out to the side, then lower it.", 10.0),
    "head_turn": BodyExercise(
        "head turn", 12.0, 28.0, ("nose", "ears"), UPPER_FRONT,
        "Please face the camera so that your head and shoulders are in the picture.",
        "Turn your head", "Turn your head slowly toward your side, then back to the middle.",
        10.0),
    "head_tilt": BodyExercise(
        "head tilt", 8.0, 16.0, ("ears",), UPPER_FRONT,
        "Please face the camera so that your head and shoulders are in the picture.",
        "Tilt your head", "Tilt your ear toward your shoulder, then back to the middle.", 10.0),
    "side_bend": BodyExercise(
        "side bend", 4.0, 8.0, ("shoulders", "hips"), UPPER_FRONT,
        "Please face the camera so that your shoulders and hips are in the picture.",
        "Bend to the side", "Slide your hand down the side of your leg, then come back up.",
        15.0),  # MediaPipe reads about half the true lean at 24 degrees
}


def roles(side: str) -> dict[str, tuple[int, ...]]:
    """The landmark indices behind each role, for the limb on `side`."""
    return {
        "hip": (side_index(side, LEFT_HIP, RIGHT_HIP),),
        "knee": (side_index(side, LEFT_KNEE, RIGHT_KNEE),),
        "ankle": (side_index(side, LEFT_ANKLE, RIGHT_ANKLE),),
        "toe": (side_index(side, LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX),),
        "shoulder": (side_index(side, LEFT_SHOULDER, RIGHT_SHOULDER),),
        "elbow": (side_index(side, LEFT_ELBOW, RIGHT_ELBOW),),
        "nose": (NOSE,),
        "ears": (LEFT_EAR, RIGHT_EAR),
        "shoulders": (LEFT_SHOULDER, RIGHT_SHOULDER),
        "hips": (LEFT_HIP, RIGHT_HIP),
    }


def needed_landmarks(kind: str, side: str) -> tuple[int, ...]:
    table = roles(side)
    return tuple(i for role in BODY_EXERCISES[kind].needs for i in table[role])


def _angle_at(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """The angle a-b-c at b, in degrees (0-180)."""
    u, v = a - b, c - b
    cos = float(u @ v / max(1e-9, np.linalg.norm(u) * np.linalg.norm(v)))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


# On the rendered figure with its foot relaxed off the floor (as seated), the
# angle between the shin (ankle -> knee) and the ankle -> toe line reads this
# much; dorsiflexion is measured from it. MediaPipe's toe point sits below the
# ankle, so neutral is not 90 degrees; standing on a flat foot it read about
# 104, so the zero is uncertain by about 10 degrees (the range is surer).
ANKLE_NEUTRAL = 114.0
# Head turn from the nose's offset between the ears: offset / half the ear
# distance = HEAD_DEPTH * tan(turn) (a round head with the nose in front).
HEAD_DEPTH = 2.1  # fitted on the rendered figure turning 0-50 degrees


def signal(kind: str, body: TrackedBody, side: str) -> float:
    """The angle (degrees) an exercise counts on, for one tracked body."""
    p = body.pixel_points()
    r = {role: idx[0] for role, idx in roles(side).items()}
    name = BODY_EXERCISES[kind].signal
    if name == "dorsiflexion":
        return ANKLE_NEUTRAL - _angle_at(p[r["knee"]], p[r["ankle"]], p[r["toe"]])
    if name == "knee flexion":
        return 180.0 - _angle_at(p[r["hip"]], p[r["knee"]], p[r["ankle"]])
    if name.startswith("arm raised"):
        # against the trunk's line (shoulders' middle -> hips' middle), not the
        # shoulder -> hip line: a hanging arm is parallel to the trunk, while the
        # hip lies inward of the shoulder (that read about 15 degrees at rest)
        down = (p[LEFT_HIP] + p[RIGHT_HIP]) / 2 - (p[LEFT_SHOULDER] + p[RIGHT_SHOULDER]) / 2
        return _angle_at(p[r["elbow"]], p[r["shoulder"]], p[r["shoulder"]] + down)
    toward = 1.0 if side == "right" else -1.0
    if name == "head turn":
        across = p[LEFT_EAR] - p[RIGHT_EAR]  # toward the person's left
        half = max(1e-6, float(np.linalg.norm(across)) / 2)
        offset = float((p[NOSE] - (p[LEFT_EAR] + p[RIGHT_EAR]) / 2) @ across) / (2 * half)
        to_right = -offset / half
        return toward * math.degrees(math.atan(to_right / HEAD_DEPTH))
    if name == "head tilt":
        dx, dy = p[LEFT_EAR] - p[RIGHT_EAR]
        # the right ear lower than the left (y grows downward): tilted to the right
        return toward * math.degrees(math.atan2(-dy, abs(dx)))
    # side bend: the trunk line (mid-hip -> mid-shoulder) against the hips' normal
    hips = p[LEFT_HIP] - p[RIGHT_HIP]
    left = hips / max(1e-6, float(np.linalg.norm(hips)))
    trunk = (p[LEFT_SHOULDER] + p[RIGHT_SHOULDER]) / 2 - (p[LEFT_HIP] + p[RIGHT_HIP]) / 2
    lateral = float(trunk @ left)
    upward = abs(float(trunk @ np.array([left[1], -left[0]])))
    return toward * math.degrees(math.atan2(-lateral, upward))
