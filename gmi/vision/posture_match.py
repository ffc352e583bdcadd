"""Which posture a tracked hand shows: finger states first, then joint angles.

Joint angles alone do not tell the library's postures apart: MediaPipe reads a
curled finger as about half as bent as it is (a claw's 135 degrees of curl
reads about 60), and several postures lie closer together than that error
(open and flat hand 7 degrees RMS apart, pinch and OK sign 13, fist and thumbs
up 14). What the tracker does get right is whether each finger is out or
folded: 48 of 48 fingers on the labelled real photos (``../shared/hands``;
extended fingers curl at most 54 degrees there, folded ones at least 97).

So a posture match first compares finger states, each read as *extended*,
*folded* or *unsure* (the band between, where neither the photos nor the
rendered postures give a clear answer, matches anything), and only postures
whose states do not contradict the hand's are compared on angles. For the
thumb, whose angles MediaPipe reads poorly (20-55 degrees whatever the
posture), the state is how far its tip is from the other fingers, in palm
lengths: out (thumbs up, open hand) or tucked (fist, pointing, V sign).

Figures: ``gmi bench --only tracking``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from gmi.vision.kinematics import FINGER_CHAINS, HandAngles, angle_rms, hand_angles, score_of_rms

# Curl (MCP + PIP + DIP, degrees) of a finger: below EXTENDED_BELOW it is out,
# above FOLDED_ABOVE folded, between unsure. Real photos: extended <= 54,
# folded >= 97; rendered postures read relaxed fingers up to 57.
EXTENDED_BELOW = 45.0
FOLDED_ABOVE = 95.0
# Thumb tip to the nearest of the index, middle and ring middle joints, in palm
# lengths (wrist to middle knuckle): tucked below, out above, unsure between.
# Library: fist, pointing, V sign 0.19; thumbs up 0.89. Real photos: thumb
# out ("call") 0.80-1.09, folded beside the fist ("rock") 0.12-0.28.
THUMB_TUCKED_BELOW = 0.35
THUMB_OUT_ABOVE = 0.70
# A posture whose finger states contradict the hand's scores at most this: a
# different posture must score <= 40 whatever the angles say.
CONTRADICTED_SCORE = 30.0

EXTENDED, UNSURE, FOLDED = -1, 0, 1


def thumb_out(points: np.ndarray) -> float:
    """Thumb tip's distance from the other fingers' middle joints, in palm lengths."""
    p = np.asarray(points, dtype=float)
    palm = float(np.linalg.norm(p[9] - p[0])) + 1e-9
    return min(float(np.linalg.norm(p[4] - p[k])) for k in (6, 10, 14)) / palm


def _state(value: float, low: float, high: float) -> int:
    return EXTENDED if value < low else FOLDED if value > high else UNSURE


@dataclass(frozen=True)
class HandReading:
    """A hand as the match sees it: joint angles and a state per finger.

    `states`: index, middle, ring, little, then the thumb; each EXTENDED,
    UNSURE or FOLDED (the thumb: out, unsure, tucked).
    """

    angles: HandAngles
    states: tuple[int, ...]

    def contradictions(self, other: HandReading) -> int:
        """Fingers one reading calls extended and the other folded (unsure agrees)."""
        return sum(a * b < 0 for a, b in zip(self.states, other.states, strict=True))


def read_hand(points: np.ndarray, side: str) -> HandReading:
    """The reading of 21 landmarks (a tracked hand's, or a posture's own)."""
    angles = hand_angles(points, side)
    states = [_state(max(0.0, angles.mcp[f]) + angles.pip[f] + angles.dip[f],
                     EXTENDED_BELOW, FOLDED_ABOVE) for f in FINGER_CHAINS]
    states.append(-_state(thumb_out(points), THUMB_TUCKED_BELOW, THUMB_OUT_ABOVE))
    return HandReading(angles, tuple(states))


def copy_score(patient: HandReading, target: HandReading) -> float:
    """0-100: how closely the hand copies the target.

    The angle score (`gmi.vision.kinematics.score_of_rms`: 8 degrees RMS or
    less 100, 15 about 80, 28 about 40), but at most CONTRADICTED_SCORE when a
    finger is out in one and folded in the other.
    """
    score = score_of_rms(angle_rms(patient.angles, target.angles))
    if patient.contradictions(target):
        score = min(score, CONTRADICTED_SCORE)
    return score


def identify(patient: HandReading, candidates: Mapping[str, HandReading]) -> str:
    """The candidate the hand shows: fewest contradicted fingers, then nearest angles."""
    return min(candidates, key=lambda name: (patient.contradictions(candidates[name]),
                                             angle_rms(patient.angles,
                                                       candidates[name].angles)))
