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

Then the score says what it means: a posture copied well scores >= 80 and a
different posture of the set <= 40. Two things make that hold:

- *Each posture's own scale.* The tracker misreads some postures far more
  than others (a rendered open hand reads about 8 degrees RMS off its own
  angles, a V sign or thumbs up about 25: curled fingers read half as bent).
  One scale for all made every V sign a poor copy. So the RMS that scores 80
  is the posture's `tolerance`: the person's leeway and the tracker's measured
  error for that posture (90th percentile over rendered views, rotations and
  sides, ``assets/postures/hand_copy.toml``) added in quadrature, as two
  independent errors add.
- *The nearest posture of the set.* Open hand and spread fingers have the same
  finger states and lie about 17 degrees RMS apart: within each other's
  tolerance. A posture scores at most NOT_NEAREST_SCORE when the hand is as
  near another member (with no contradicted finger), whatever its own distance.

Figures: ``gmi bench --only tracking``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from gmi.model.copy_set import CopySet, TrackerError, hand_copy_set
from gmi.model.posture import hand_landmarks, hand_postures
from gmi.model.stages import Side
from gmi.vision.kinematics import FINGER_CHAINS, HandAngles, angle_rms, hand_angles

# Curl (MCP + PIP + DIP, degrees) of a finger: below EXTENDED_BELOW it is out,
# above FOLDED_ABOVE folded, between unsure. Real photos: extended <= 54,
# folded >= 97; rendered postures read relaxed fingers up to 57.
EXTENDED_BELOW = 45.0
FOLDED_ABOVE = 95.0
# Thumb tip to the nearest of the index, middle and ring middle joints, in palm
# lengths (wrist to middle knuckle): tucked below, out above, unsure between.
# Library: fist, pointing, V sign 0.19; thumbs up 0.89. Real photos: thumb
# out ("call") 0.80-1.09, folded beside the fist ("rock") 0.12-0.28.
# A finger whose curl reads more than FAR_CURL degrees from the other's counts as
# contradicted even when one of the two is unsure: no perfect copy of a copy-set
# member read a finger more than 117 off (rendered, back and palm views), while
# the little finger of a real "rock" photo (out, read 35-54) lies 190-210 from a
# pointing hand's folded one (245), and that finger alone is unsure there.
FAR_CURL = 150.0
THUMB_TUCKED_BELOW = 0.35
THUMB_OUT_ABOVE = 0.70
# A posture whose finger states contradict the hand's scores at most this: a
# different posture must score <= 40 whatever the angles say.
CONTRADICTED_SCORE = 30.0
# How far (degrees RMS of the compared angles) a person copying well may be from
# the posture's exact angles, the tracker's error aside. Kept from the single
# scale the match used before (15 degrees RMS scored 80 for every posture): of
# those 15, the open hand's measured tracker error is 8, the rest (in
# quadrature) about 12. Checked on a real held open palm (../shared/videos),
# which reads 12 degrees RMS off the open hand: it scores about 86.
PERSON_LEEWAY = 12.0
# Score 100 up to this share of the tolerance, 80 at the tolerance, 40 at 1.9x,
# 0 at 2.8x: the old scale's shape (8 / 15 / 28 / 41 degrees), stretched.
FULL_MARKS_SHARE = 0.545
# A posture the hand is nearer another member of the set to scores at most
# NOT_NEAREST_SCORE; it recovers linearly over CLEAR_MARGIN degrees RMS of lead,
# about a still hand's frame-to-frame jitter, so the score does not flip.
NOT_NEAREST_SCORE = 40.0
CLEAR_MARGIN = 3.0

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
    curls: tuple[float, ...] = ()  # index, middle, ring, little: MCP + PIP + DIP

    def contradictions(self, other: HandReading) -> int:
        """Fingers one reading calls extended and the other folded (unsure agrees),
        or whose curls lie more than FAR_CURL apart."""
        far = [abs(a - b) > FAR_CURL for a, b in zip(self.curls, other.curls, strict=False)]
        far += [False] * (len(self.states) - len(far))
        return sum(a * b < 0 or f for a, b, f in zip(self.states, other.states, far,
                                                      strict=True))


def read_hand(points: np.ndarray, side: str) -> HandReading:
    """The reading of 21 landmarks (a tracked hand's, or a posture's own)."""
    angles = hand_angles(points, side)
    curls = tuple(max(0.0, angles.mcp[f]) + angles.pip[f] + angles.dip[f]
                  for f in FINGER_CHAINS)
    states = [_state(c, EXTENDED_BELOW, FOLDED_ABOVE) for c in curls]
    states.append(-_state(thumb_out(points), THUMB_TUCKED_BELOW, THUMB_OUT_ABOVE))
    return HandReading(angles, tuple(states), curls)


def tolerance(error: TrackerError) -> float:
    """Degrees RMS that score 80: the person's leeway and the tracker's error (p90)."""
    return math.hypot(PERSON_LEEWAY, error.p90)


def points_per_degree(tolerance_rms: float) -> float:
    """How many score points one degree RMS costs beyond full marks."""
    return 20.0 / ((1.0 - FULL_MARKS_SHARE) * tolerance_rms)


def score_of_distance(rms: float, tolerance_rms: float) -> float:
    """0-100 from an RMS angle difference on the target's own scale."""
    over = rms - FULL_MARKS_SHARE * tolerance_rms
    return float(min(100.0, max(0.0, 100.0 - points_per_degree(tolerance_rms) * over)))


@dataclass(frozen=True)
class CopyTarget:
    """A posture to copy as the match needs it: its reading, its own scale, the rest.

    `others`: the other members of the set (same side), so that a hand nearer one of
    them does not score high here. `band`: the score band's narrowest half-width,
    the tracker's measured spread for this posture (p90 - median) in score points.
    """

    name: str
    reading: HandReading
    tolerance: float
    band: float
    others: tuple[HandReading, ...] = ()


def copy_target(name: str, side: Side, copy_set: CopySet | None = None) -> CopyTarget:
    """The target for member `name` of the copy set (the shipped one by default)."""
    copy_set = copy_set or hand_copy_set()
    library = hand_postures()

    def reading(n: str) -> HandReading:
        return read_hand(hand_landmarks(library[n], side), side)

    error = copy_set.tracker_error[name]
    scale = tolerance(error)
    return CopyTarget(name, reading(name), scale,
                      points_per_degree(scale) * (error.p90 - error.median),
                      tuple(reading(m) for m in copy_set.members if m != name))


def copy_score(patient: HandReading, target: CopyTarget) -> float:
    """0-100: how closely the hand copies the target.

    The angle distance on the target's own scale (`score_of_distance`), at most
    CONTRADICTED_SCORE when a finger is out in one and folded in the other, and
    at most NOT_NEAREST_SCORE when another member of the set (no finger
    contradicted either) is as near or nearer; that limit lifts as the target
    leads by up to CLEAR_MARGIN degrees.
    """
    own = angle_rms(patient.angles, target.reading.angles)
    score = score_of_distance(own, target.tolerance)
    contradicted = patient.contradictions(target.reading)
    if contradicted:
        return min(score, CONTRADICTED_SCORE)
    rivals = [angle_rms(patient.angles, o.angles) for o in target.others
              if patient.contradictions(o) <= contradicted]
    if rivals:
        lead = min(rivals) - own
        cap = NOT_NEAREST_SCORE + (100.0 - NOT_NEAREST_SCORE) * min(1.0, max(0.0,
                                                                        lead / CLEAR_MARGIN))
        score = min(score, cap)
    return score


def identify(patient: HandReading, candidates: Mapping[str, HandReading]) -> str:
    """The candidate the hand shows: fewest contradicted fingers, then nearest angles."""
    return min(candidates, key=lambda name: (patient.contradictions(candidates[name]),
                                             angle_rms(patient.angles,
                                                       candidates[name].angles)))
