"""Joint angles and movement measures from 21 hand landmarks (pure numpy).

Landmarks in, numbers out: the same functions read a tracked hand and a
posture's forward kinematics, so "copy this posture" compares like with like.
Angles from a camera are estimates: about 5-10 degrees at best, up to about
20 for fast or hidden fingers (Sprague 2025; DIGITS). Trust trends.

Definitions (degrees):
- PIP, DIP (fingers) and MCP, IP (thumb): the bend between two bones.
- MCP (fingers): how far the first bone leaves the palm plane toward the
  palm (0 in a flat hand, whatever the spread; knuckles bend to about 90).
- spread: angle between the index and little fingers' first bones, seen on
  the palm.
- closure: how far the fingers curl, 0 (flat) to 100 (the library's fist).
- facing: +1 palm toward the camera, -1 back toward the camera.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

FINGER_CHAINS = {"index": (5, 6, 7, 8), "middle": (9, 10, 11, 12),
                 "ring": (13, 14, 15, 16), "little": (17, 18, 19, 20)}
THUMB = (1, 2, 3, 4)
# the sum of MCP+PIP+DIP of a full fist (assets/postures/hand.toml "fist")
FULL_CURL = 85 + 100 + 55


def _unit(v: np.ndarray) -> np.ndarray:
    return v / (np.linalg.norm(v, axis=-1, keepdims=True) + 1e-12)


def _angle(u: np.ndarray, v: np.ndarray) -> float:
    """Angle (degrees) between two vectors; atan2 stays exact near 0 and 180."""
    return math.degrees(math.atan2(float(np.linalg.norm(np.cross(u, v))), float(u @ v)))


def bend(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """Angle (degrees) between bone a->b and bone b->c: 0 when in line."""
    return _angle(b - a, c - b)


def palm_normal(points: np.ndarray, side: str) -> np.ndarray:
    """Unit normal out of the back of the hand (needs the true side)."""
    n = _unit(np.cross(points[5] - points[0], points[17] - points[0]))
    return -n if side == "right" else n


@dataclass(frozen=True)
class HandAngles:
    mcp: dict[str, float]
    pip: dict[str, float]
    dip: dict[str, float]
    thumb_mcp: float
    thumb_ip: float
    spread: float
    closure: float

    def vector(self) -> np.ndarray:
        """The angles a posture match compares, in a fixed order."""
        values = [self.mcp[f] for f in FINGER_CHAINS] + [self.pip[f] for f in FINGER_CHAINS]
        values += [self.dip[f] for f in FINGER_CHAINS] + [self.thumb_mcp, self.thumb_ip,
                                                           self.spread]
        return np.array(values)


def hand_angles(points: np.ndarray, side: str) -> HandAngles:
    points = np.asarray(points, dtype=float)
    dorsal = palm_normal(points, side)
    mcp, pip, dip = {}, {}, {}
    for finger, (m, p, d, t) in FINGER_CHAINS.items():
        bone = points[p] - points[m]
        out_of_palm = -(bone @ dorsal)
        in_palm = float(np.linalg.norm(bone + out_of_palm * dorsal))
        mcp[finger] = math.degrees(math.atan2(out_of_palm, in_palm))
        pip[finger] = bend(points[m], points[p], points[d])
        dip[finger] = bend(points[p], points[d], points[t])
    first = {f: points[c[1]] - points[c[0]] for f, c in FINGER_CHAINS.items()}
    index_flat = first["index"] - (first["index"] @ dorsal) * dorsal
    little_flat = first["little"] - (first["little"] @ dorsal) * dorsal
    spread = _angle(index_flat, little_flat)
    curl = np.mean([max(0.0, mcp[f]) + pip[f] + dip[f] for f in FINGER_CHAINS])
    return HandAngles(
        mcp=mcp, pip=pip, dip=dip,
        thumb_mcp=bend(points[THUMB[0]], points[THUMB[1]], points[THUMB[2]]),
        thumb_ip=bend(points[THUMB[1]], points[THUMB[2]], points[THUMB[3]]),
        spread=spread,
        closure=float(np.clip(100.0 * curl / FULL_CURL, 0, 100)),
    )


def facing(points: np.ndarray, side: str, camera_axis=(0.0, 0.0, -1.0)) -> float:
    """+1 palm toward the camera, -1 back of the hand toward it.

    `camera_axis` points from the hand to the camera in the landmarks' frame
    (MediaPipe: z grows away from the camera, so toward it is -z).
    """
    return float(-(palm_normal(np.asarray(points, float), side) @ np.asarray(camera_axis)))


def pinch_closeness(points: np.ndarray) -> float:
    """0 (thumb and index tips far apart) to 100 (touching), scaled by hand size."""
    points = np.asarray(points, dtype=float)
    palm = np.linalg.norm(points[9] - points[0]) + 1e-9
    ratio = np.linalg.norm(points[4] - points[8]) / palm
    return float(np.clip(100 * (0.9 - ratio) / 0.75, 0, 100))


# -- smoothing ------------------------------------------------------------------
class OneEuroFilter:
    """Adaptive low-pass for jittery landmarks (Casiez et al. 2012): smooth when
    still, responsive when moving."""

    def __init__(self, min_cutoff: float = 1.2, beta: float = 0.02,
                 d_cutoff: float = 1.0) -> None:
        self.min_cutoff, self.beta, self.d_cutoff = min_cutoff, beta, d_cutoff
        self._x: np.ndarray | None = None
        self._dx: np.ndarray | None = None
        self._t: float | None = None

    @staticmethod
    def _alpha(cutoff: float, dt: float) -> float:
        tau = 1.0 / (2 * math.pi * cutoff)
        return 1.0 / (1.0 + tau / dt)

    def __call__(self, x, t: float):
        x = np.asarray(x, dtype=float)
        if self._x is None or self._t is None or t <= self._t:
            self._x, self._dx, self._t = x, np.zeros_like(x), t
            return x
        dt = t - self._t
        dx = (x - self._x) / dt
        a_d = self._alpha(self.d_cutoff, dt)
        self._dx = a_d * dx + (1 - a_d) * self._dx
        cutoff = self.min_cutoff + self.beta * np.abs(self._dx)
        a = 1.0 / (1.0 + (1.0 / (2 * math.pi * cutoff)) / dt)
        self._x = a * x + (1 - a) * self._x
        self._t = t
        return self._x

    def reset(self) -> None:
        self._x = self._dx = self._t = None


# -- repetitions and range -----------------------------------------------------------
@dataclass
class RepCounter:
    """Counts full cycles low -> high -> low with a dead band between.

    Noise inside the band never counts; a cycle faster than `min_seconds` is
    ignored as a glitch.
    """

    low: float
    high: float
    min_seconds: float = 0.35
    count: int = 0
    state: str = "unknown"  # "low", "high" or "unknown" until the signal is clear
    _rose_at: float = 0.0

    def update(self, value: float, t: float) -> bool:
        """Feed one smoothed value; True when a repetition was just completed."""
        if self.state in ("unknown", "low") and value >= self.high:
            if self.state == "low":
                self._rose_at = t
            self.state = "high" if self.state == "low" else "high_unarmed"
            return False
        if self.state == "high_unarmed" and value <= self.low:
            self.state = "low"  # started high: the first full cycle starts now
            return False
        if self.state == "unknown" and value <= self.low:
            self.state = "low"
            return False
        if self.state == "high" and value <= self.low:
            self.state = "low"
            if t - self._rose_at >= self.min_seconds:
                self.count += 1
                return True
        return False


@dataclass
class RangeOfMotion:
    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(float(value))

    @property
    def minimum(self) -> float | None:
        return min(self.values) if self.values else None

    @property
    def maximum(self) -> float | None:
        return max(self.values) if self.values else None

    @property
    def span(self) -> float | None:
        return None if not self.values else max(self.values) - min(self.values)


# Per exercise: the signal counted and its dead band.
EXERCISES = {
    "open_close": ("closure", 25.0, 65.0),
    "pinch": ("pinch", 30.0, 75.0),
    "spread": ("spread", 28.0, 42.0),
    "wrist_turn": ("facing", -40.0, 40.0),
}


def exercise_signal(kind: str, points: np.ndarray, side: str) -> float:
    """The value an exercise counts on, for one frame of landmarks."""
    signal = EXERCISES[kind][0]
    if signal == "closure":
        return hand_angles(points, side).closure
    if signal == "pinch":
        return pinch_closeness(points)
    if signal == "spread":
        return hand_angles(points, side).spread
    return 100.0 * facing(points, side)


# The score's scale, chosen on rendered postures at known angles tracked by the
# app's tracker (`gmi bench --only tracking`): the right posture is off by a
# median of about 11 degrees RMS (90 % within 30), while postures truly more
# than 30 degrees apart read at least 28 apart in 90 % of pictures. So the score
# is 100 up to PERFECT_RMS, loses SCORE_PER_DEGREE per degree after it, and a
# posture copied well (RMS <= 15) scores >= 80 while a different one (>= 28)
# scores <= 40. The app's copy score (`gmi.vision.posture_match`) keeps this
# shape but stretches it per posture, by the tracker's measured error on it.
PERFECT_RMS = 8.0
SCORE_PER_DEGREE = 3.0
# The narrowest uncertainty band shown, in score points: even a hand held
# perfectly still jitters by a few degrees from frame to frame, and the score
# moves by SCORE_PER_DEGREE per degree.
MIN_BAND = 10.0


def angle_rms(patient: HandAngles, target: HandAngles) -> float:
    """Root-mean-square difference of the compared angles, degrees.

    RMS rather than the mean, so that getting a few joints far off counts;
    the spread weighs four times, as it is one number standing for four
    fingers, but only while the knuckles are straight: with the first bones
    bent toward the palm their directions in the palm plane, and so the
    spread, are noise (cos^2 of the most bent index or little knuckle).
    """
    diff = patient.vector() - target.vector()
    weights = np.ones_like(diff)
    knuckle = max(max(0.0, a.mcp[f]) for a in (patient, target) for f in ("index", "little"))
    weights[-1] = 4.0 * math.cos(math.radians(min(90.0, knuckle))) ** 2
    return float(np.sqrt((weights * diff ** 2).sum() / weights.sum()))


def score_of_rms(rms: float) -> float:
    """0-100 from an RMS angle difference (see PERFECT_RMS)."""
    return float(np.clip(100.0 - SCORE_PER_DEGREE * (rms - PERFECT_RMS), 0.0, 100.0))


def posture_match(patient: HandAngles, target: HandAngles) -> float:
    """0-100: how closely the patient's joint angles copy the target's.

    Joint angles do not depend on where the hand is or how it is turned.
    Up to 8 degrees RMS scores 100, 15 scores 79, 28 scores 40, 41 or more 0.
    """
    return score_of_rms(angle_rms(patient, target))


@dataclass(frozen=True)
class MatchReading:
    """A posture match over the last moments: the score and how sure it is."""

    score: float
    low: float
    high: float

    @property
    def text(self) -> str:
        return f"{self.score:.0f} / 100 ({self.low:.0f}–{self.high:.0f})"


def match_reading(recent_scores: list[float],
                  measured_half_band: float = 0.0) -> MatchReading | None:
    """The median of the recent per-frame scores, with its uncertainty band.

    The band is the spread of the middle half of those scores (25th to 75th
    percentile: a few frames caught while the hand moves in do not make it
    meaningless), and never narrower than +-MIN_BAND/2 around the median, nor
    than +-`measured_half_band`: how differently the tracker reads the same
    perfect copy from view to view, in score points (the target's
    `gmi.vision.posture_match.CopyTarget.band`).
    """
    if not recent_scores:
        return None
    values = np.asarray(recent_scores, dtype=float)
    mid = float(np.median(values))
    low, high = (float(v) for v in np.percentile(values, [25, 75]))
    half = max(MIN_BAND / 2, measured_half_band)
    low = min(low, mid - half)
    high = max(high, mid + half)
    return MatchReading(mid, max(0.0, low), min(100.0, high))
