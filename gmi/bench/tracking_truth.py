"""Hand tracking against ground truth: rendered postures at known joint angles,
and the labelled real photos in ``../shared/hands``.

Each posture of the library is drawn by the app's renderer (back and palm,
and side for reference; rotations -30, 0 and +30 degrees; both sides) and
read by the app's own `HandTracker` (model 1, still images). Against the
posture's forward kinematics we report, per joint, the mean absolute angle
error for two readings of the same landmarks:

- "world": MediaPipe's metric world landmarks (what the match used before);
- "image": the image landmarks in pixels, z on the x scale (what it uses now).

Then posture identification: top-1 (the target posture scores highest) over
all 12 postures and over a set whose members differ by more than the
tracker's error, and how the match score separates the right posture from
the others (goals: copied well >= 80, a different posture <= 40).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gmi.model.posture import hand_landmarks, hand_postures
from gmi.vision.kinematics import FINGER_CHAINS, HandAngles, angle_rms, hand_angles, posture_match

VIEWS = ("back", "palm", "side")
ROTATIONS = (-30.0, 0.0, 30.0)
JOINTS = ([f"MCP {f}" for f in FINGER_CHAINS] + [f"PIP {f}" for f in FINGER_CHAINS]
          + [f"DIP {f}" for f in FINGER_CHAINS] + ["thumb MCP", "thumb IP", "spread"])
# Postures pairwise more than 30 degrees RMS apart (the tracker's 90th percentile
# error on the right posture is about 30): a set a patient can be scored on.
DISTINCT = ("open", "fist", "point", "claw", "v")
APART_DEGREES = 30.0


@dataclass(frozen=True)
class Reading:
    posture: str
    view: str
    rotation: float
    side: str
    world: HandAngles
    image: HandAngles


def track_rendered(views=VIEWS, rotations=ROTATIONS, sides=("right", "left"),
                   size: int = 384) -> tuple[list[Reading], int]:
    """Render, track; the readings where exactly one hand was found, and how many tried."""
    from gmi.stimuli.render import render_hand
    from gmi.vision.tracker import HandTracker

    tracker = HandTracker(model_complexity=1, max_hands=1, static_images=True)
    readings, tried = [], 0
    try:
        for name, posture in hand_postures().items():
            for view in views:
                for rotation in rotations:
                    for side in sides:
                        tried += 1
                        image = render_hand(posture, side, view, rotation, "medium", size)
                        canvas = np.empty((size * 5 // 4, size * 5 // 3, 3), np.uint8)
                        canvas[:] = image[0, 0]
                        y, x = size // 8, size // 3
                        canvas[y:y + size, x:x + size] = image
                        hands = tracker.process(canvas)
                        if len(hands) != 1:
                            continue
                        hand = hands[0]
                        readings.append(Reading(name, view, rotation, side,
                                                hand_angles(hand.world_points, side),
                                                hand_angles(hand.pixel_points(), side)))
    finally:
        tracker.close()
    return readings, tried


def _truth() -> dict[tuple[str, str], HandAngles]:
    return {(n, s): hand_angles(hand_landmarks(p, s), s)
            for n, p in hand_postures().items() for s in ("right", "left")}


def joint_errors(readings: list[Reading], reading: str) -> np.ndarray:
    """(n, 15) absolute errors, degrees, in JOINTS order."""
    truth = _truth()
    return np.array([np.abs(getattr(r, reading).vector() - truth[r.posture, r.side].vector())
                     for r in readings]).reshape(-1, len(JOINTS))


def finger_states(angles: HandAngles) -> np.ndarray:
    """Bent (True) or extended per finger, thumb last: what the real photos settle."""
    return np.array([max(0.0, angles.mcp[f]) + angles.pip[f] + angles.dip[f] > 90.0
                     for f in FINGER_CHAINS] + [angles.thumb_mcp + angles.thumb_ip > 60.0])


def identified(readings: list[Reading], reading: str, among: tuple[str, ...],
               states_first: bool = False) -> tuple[int, int]:
    """(top-1 right, readings) over the readings of postures in `among`.

    `states_first`: the postures whose finger states (bent or extended) differ
    least win, the angles only decide between those.
    """
    truth = _truth()
    right = total = 0
    for r in readings:
        if r.posture not in among:
            continue
        angles = getattr(r, reading)

        def rank(n: str, r: Reading = r, angles: HandAngles = angles) -> tuple[int, float]:
            wrong_states = int((finger_states(angles) != finger_states(truth[n, r.side])).sum())
            return (wrong_states if states_first else 0, angle_rms(angles, truth[n, r.side]))

        best = min(among, key=rank)
        right += best == r.posture
        total += 1
    return right, total


def separation(readings: list[Reading]) -> tuple[float, float, int, int]:
    """Share of right-posture scores >= 80, share of truly-apart others <= 40 (image reading)."""
    truth = _truth()
    names = list(hand_postures())
    right, others = [], []
    for r in readings:
        right.append(posture_match(r.image, truth[r.posture, r.side]))
        for other in names:
            apart = angle_rms(truth[r.posture, r.side], truth[other, r.side])
            if other != r.posture and apart > APART_DEGREES:
                others.append(posture_match(r.image, truth[other, r.side]))
    return (float(np.mean(np.array(right) >= 80)), float(np.mean(np.array(others) <= 40)),
            len(right), len(others))


# -- the real photos ------------------------------------------------------------------
def photo_finger_states(shared: Path) -> dict[str, tuple[int, int]]:
    """Extended/folded per finger on the labelled photos: (right, asserted) per reading."""
    import cv2

    from gmi.vision.tracker import HandTracker

    rows = list(csv.DictReader((shared / "hands" / "manifest.csv").open()))
    tracker = HandTracker(model_complexity=1, max_hands=2, static_images=True)
    score = {"world": [0, 0], "image": [0, 0]}
    try:
        for row in rows:
            claims = {f: True for f in row["extended"].split()}
            claims.update({f: False for f in row["folded"].split()})
            claims = {f: v for f, v in claims.items() if f in FINGER_CHAINS}
            if not claims:
                continue
            hands = tracker.process(cv2.imread(str(shared / "hands" / row["file"])))
            if not hands:
                continue
            hand = min(hands, key=lambda h: h.image_points[:, 1].mean())  # the one held up
            for reading, points in (("world", hand.world_points),
                                    ("image", hand.pixel_points())):
                a = hand_angles(points, hand.side)
                for finger, extended in claims.items():
                    curl = max(0.0, a.mcp[finger]) + a.pip[finger] + a.dip[finger]
                    score[reading][0] += (curl < 90.0) == extended
                    score[reading][1] += 1
    finally:
        tracker.close()
    return {k: (v[0], v[1]) for k, v in score.items()}


def truth_report(shared: Path, quick: bool) -> list[str]:
    views = ("back", "palm") if quick else VIEWS
    readings, tried = track_rendered(views=views, rotations=(0.0,) if quick else ROTATIONS)
    lines = [f"tracking against ground truth: {len(hand_postures())} rendered postures x "
             f"views {', '.join(views)} x rotations x both sides = {tried} pictures; "
             f"one hand found in {len(readings)} (model 1, still images)"]
    for reading in ("world", "image"):
        label = "before: world landmarks" if reading == "world" else "now: image landmarks"
        lines.append(f"  joint-angle mean absolute error, {label} (degrees)")
        for view in views:
            chosen = [r for r in readings if r.view == view]
            if not chosen:
                continue
            errors = joint_errors(chosen, reading)
            lines.append(f"    {view:<5} n={len(chosen):3d}  mean {errors.mean():5.1f}   "
                         + " ".join(f"{j}={e:.0f}" for j, e in zip(JOINTS, errors.mean(0),
                                                                    strict=True)))
        back_palm = [r for r in readings if r.view in ("back", "palm")]
        if back_palm:
            together = joint_errors(back_palm, reading).mean()
            lines.append(f"    back and palm together: mean {together:.1f} (goal: <= 12)")
        for among, what in ((tuple(hand_postures()), "all 12 postures"),
                            (DISTINCT, f"postures > {APART_DEGREES:.0f} deg apart "
                                       f"({', '.join(DISTINCT)})")):
            right, total = identified(back_palm, reading, among)
            lines.append(f"    top-1 over {what}, back and palm: {right} of {total} "
                         f"({right / max(1, total):.0%}; goal >= 90 %)")
        right, total = identified(back_palm, reading, tuple(hand_postures()), True)
        lines.append(f"    top-1 over all 12, finger states first, then angles: {right} of "
                     f"{total} ({right / max(1, total):.0%})")
    well, apart, n_right, n_other = separation([r for r in readings
                                                if r.view in ("back", "palm")])
    lines.append(f"  match score, image landmarks: right posture >= 80 in {well:.0%} of "
                 f"{n_right}; a posture > {APART_DEGREES:.0f} deg apart <= 40 in {apart:.0%} "
                 f"of {n_other}")
    if (shared / "hands" / "manifest.csv").is_file():
        states = photo_finger_states(shared)
        lines.append("  real photos (../shared/hands): extended/folded per finger right "
                     + "; ".join(f"{k} landmarks {r} of {n}" for k, (r, n) in states.items()))
    return lines
