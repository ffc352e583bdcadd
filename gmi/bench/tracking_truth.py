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
all 12 postures and over the stage-4 copy set (`gmi.model.copy_set`, whose
members differ by more than the tracker's error), on angles alone and with
finger states first (`gmi.vision.posture_match`, what the app uses), and how
the match score separates the right posture from the others (goals: copied
well >= 80, a different posture <= 40), on the renders and on real pictures.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gmi.model.copy_set import hand_copy_set
from gmi.model.posture import hand_landmarks, hand_postures
from gmi.vision.kinematics import FINGER_CHAINS, HandAngles, angle_rms, hand_angles
from gmi.vision.posture_match import HandReading, copy_score, identify, read_hand

VIEWS = ("back", "palm", "side")
ROTATIONS = (-30.0, 0.0, 30.0)
JOINTS = ([f"MCP {f}" for f in FINGER_CHAINS] + [f"PIP {f}" for f in FINGER_CHAINS]
          + [f"DIP {f}" for f in FINGER_CHAINS] + ["thumb MCP", "thumb IP", "spread"])


@dataclass(frozen=True)
class Reading:
    posture: str
    view: str
    rotation: float
    side: str
    world: HandAngles
    image: HandAngles
    reading: HandReading  # the image landmarks as the app's match reads them


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
                                                hand_angles(hand.pixel_points(), side),
                                                read_hand(hand.pixel_points(), side)))
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


def _targets() -> dict[tuple[str, str], HandReading]:
    return {(n, s): read_hand(hand_landmarks(p, s), s)
            for n, p in hand_postures().items() for s in ("right", "left")}


def identified(readings: list[Reading], reading: str, among: tuple[str, ...],
               states_first: bool = False) -> tuple[int, int]:
    """(top-1 right, readings) over the readings of postures in `among`.

    `states_first`: the app's match (`gmi.vision.posture_match.identify`): postures
    whose finger states contradict the hand's lose, the angles decide among the rest.
    """
    truth, targets = _truth(), _targets()
    right = total = 0
    for r in readings:
        if r.posture not in among:
            continue
        if states_first:
            best = identify(r.reading, {n: targets[n, r.side] for n in among})
        else:
            angles = getattr(r, reading)
            best = min(among, key=lambda n, r=r, a=angles: angle_rms(a, truth[n, r.side]))
        right += best == r.posture
        total += 1
    return right, total


def separation(readings: list[Reading], among: tuple[str, ...]) -> tuple[float, float, int, int]:
    """Share of right-posture scores >= 80 and of the other postures' <= 40 (the app's match)."""
    targets = _targets()
    right, others = [], []
    for r in readings:
        if r.posture not in among:
            continue
        right.append(copy_score(r.reading, targets[r.posture, r.side]))
        others += [copy_score(r.reading, targets[n, r.side]) for n in among if n != r.posture]
    return (float(np.mean(np.array(right) >= 80)), float(np.mean(np.array(others) <= 40)),
            len(right), len(others))


# -- the real photos ------------------------------------------------------------------
@dataclass(frozen=True)
class PhotoFigures:
    binary: dict[str, tuple[int, int]]  # per landmarks: (fingers right, asserted), curl < 90
    states: tuple[int, int, int]  # the app's reading: (right, unsure, wrong) fingers
    apart: tuple[int, int]  # copy-set postures contradicting the labels: (scored <= 40, all)


def _labels(row: dict[str, str]) -> tuple[int, ...]:
    """The photo's labelled state per finger, in HandReading order (0: not labelled)."""
    out = []
    for finger in (*FINGER_CHAINS, "thumb"):
        extended, folded = finger in row["extended"].split(), finger in row["folded"].split()
        out.append(-1 if extended else 1 if folded else 0)
    return tuple(out)


def photo_figures(shared: Path) -> PhotoFigures:
    """Finger states and the copy score on the labelled photos (no library posture is
    among them, so only "a different posture <= 40" can be checked there)."""
    import cv2

    from gmi.vision.tracker import HandTracker

    rows = list(csv.DictReader((shared / "hands" / "manifest.csv").open()))
    tracker = HandTracker(model_complexity=1, max_hands=2, static_images=True)
    score = {"world": [0, 0], "image": [0, 0]}
    states = [0, 0, 0]
    apart = [0, 0]
    members = hand_copy_set().members
    try:
        for row in rows:
            labels = _labels(row)
            if not any(labels):
                continue
            hands = tracker.process(cv2.imread(str(shared / "hands" / row["file"])))
            if not hands:
                continue
            hand = min(hands, key=lambda h: h.image_points[:, 1].mean())  # the one held up
            for reading, points in (("world", hand.world_points),
                                    ("image", hand.pixel_points())):
                a = hand_angles(points, hand.side)
                for finger, label in zip(FINGER_CHAINS, labels, strict=False):
                    if label:
                        curl = max(0.0, a.mcp[finger]) + a.pip[finger] + a.dip[finger]
                        score[reading][0] += (curl < 90.0) == (label < 0)
                        score[reading][1] += 1
            seen = read_hand(hand.pixel_points(), hand.side)
            for label, state in zip(labels, seen.states, strict=True):
                if label:
                    states[0 if state == label else 1 if state == 0 else 2] += 1
            for name in members:
                target = read_hand(hand_landmarks(hand_postures()[name], hand.side), hand.side)
                if any(a * b < 0 for a, b in zip(labels, target.states, strict=True)):
                    apart[0] += copy_score(seen, target) <= 40
                    apart[1] += 1
    finally:
        tracker.close()
    return PhotoFigures({k: (v[0], v[1]) for k, v in score.items()},
                        (states[0], states[1], states[2]), (apart[0], apart[1]))


def open_palm_video(shared: Path, settle_seconds: float = 2.0) -> tuple[int, int, int]:
    """The real held open palm: (frames "open" scores >= 80, frames the copy set's
    top-1 is "open", frames with one hand after it settled)."""
    import cv2

    from gmi.vision.tracker import HandTracker

    path = shared / "videos" / "static_open_palm_mediapipe_samples.mp4"
    if not path.is_file():
        return 0, 0, 0
    members = hand_copy_set().members
    capture = cv2.VideoCapture(str(path))
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    tracker = HandTracker(model_complexity=1, max_hands=2)
    well = top = total = n = 0
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            hands = tracker.process(frame)
            n += 1
            if n / fps < settle_seconds or len(hands) != 1:
                continue
            side = hands[0].side
            seen = read_hand(hands[0].pixel_points(), side)
            targets = {m: read_hand(hand_landmarks(hand_postures()[m], side), side)
                       for m in members}
            well += copy_score(seen, targets["open"]) >= 80
            top += identify(seen, targets) == "open"
            total += 1
    finally:
        capture.release()
        tracker.close()
    return well, top, total


def truth_report(shared: Path, quick: bool) -> list[str]:
    views = ("back", "palm") if quick else VIEWS
    readings, tried = track_rendered(views=views, rotations=(0.0,) if quick else ROTATIONS)
    lines = [f"tracking against ground truth: {len(hand_postures())} rendered postures x "
             f"views {', '.join(views)} x rotations x both sides = {tried} pictures; "
             f"one hand found in {len(readings)} (model 1, still images)"]
    back_palm = [r for r in readings if r.view in ("back", "palm")]
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
        if back_palm:
            together = joint_errors(back_palm, reading).mean()
            lines.append(f"    back and palm together: mean {together:.1f} (goal: <= 12)")
    everything, members = tuple(hand_postures()), hand_copy_set().members
    lines.append("  posture identification (top-1), back and palm views, image landmarks; "
                 "goal >= 90 %")
    for among, what in ((everything, f"all {len(everything)} postures"),
                        (members, f"the stage-4 copy set ({', '.join(members)})")):
        for first, how in ((False, "angles alone"),
                           (True, "finger states first (the app's match)")):
            right, total = identified(back_palm, "image", among, first)
            lines.append(f"    {what}, {how}: {right} of {total} ({right / max(1, total):.0%})")
    lines.append("    the app asks for and scores only the copy set "
                 "(assets/postures/hand_copy.toml)")
    for among, what in ((members, "copy set"), (everything, "all postures")):
        well, apart, n_right, n_other = separation(back_palm, among)
        lines.append(f"  match score ({what}, the app's match): right posture >= 80 in "
                     f"{well:.0%} of {n_right}; another posture <= 40 in {apart:.0%} "
                     f"of {n_other} (goals: both 100 %)")
    if (shared / "hands" / "manifest.csv").is_file():
        photos = photo_figures(shared)
        lines.append("  real photos (../shared/hands): extended/folded per finger right "
                     + "; ".join(f"{k} landmarks {r} of {n}"
                                 for k, (r, n) in photos.binary.items()))
        right, unsure, wrong = photos.states
        lines.append(f"    the app's finger states (thumb too, where labelled): {right} right, "
                     f"{unsure} unsure, {wrong} wrong; copy-set postures whose finger states "
                     f"contradict the photo scored <= 40 in {photos.apart[0]} of "
                     f"{photos.apart[1]}")
    if not quick:
        well, top, total = open_palm_video(shared)
        if total:
            lines.append(f"  real held open palm (../shared/videos): 'open' scores >= 80 in "
                         f"{well} of {total} frames; top-1 in the copy set 'open' in {top}")
    return lines
