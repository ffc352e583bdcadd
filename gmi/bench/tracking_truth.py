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

from gmi.model.copy_set import CopySet, TrackerError, hand_copy_set
from gmi.model.posture import hand_landmarks, hand_postures
from gmi.vision.kinematics import (
    FINGER_CHAINS,
    HandAngles,
    angle_rms,
    hand_angles,
    score_of_rms,
)
from gmi.vision.posture_match import (
    CopyTarget,
    HandReading,
    copy_score,
    copy_target,
    identify,
    read_hand,
)

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


def measured_error(readings: list[Reading], among: tuple[str, ...]
                   ) -> dict[str, tuple[TrackerError, int]]:
    """Per posture with pictures: the tracker's error on a perfect copy (median and 90th
    percentile of the RMS from its own angles), and how many pictures it is from."""
    targets = _targets()
    out = {}
    for name in among:
        rms = [angle_rms(r.reading.angles, targets[name, r.side].angles)
               for r in readings if r.posture == name]
        if rms:
            median, p90 = np.percentile(rms, [50, 90])
            out[name] = (TrackerError(median=round(float(median), 1),
                                      p90=round(float(p90), 1)), len(rms))
    return out


def calibrated_set(readings: list[Reading], members: tuple[str, ...]) -> CopySet:
    """The copy set with its tracker errors measured on `readings` only; a member with
    no picture there takes the largest measured error (as the shipped file does)."""
    measured = {n: e for n, (e, _) in measured_error(readings, members).items()}
    worst = max(measured.values(), key=lambda e: e.p90)
    shipped = hand_copy_set()
    return CopySet(members=members, same_as=shipped.same_as, left_out=shipped.left_out,
                   tracker_error={m: measured.get(m, worst) for m in members})


def score_before(patient: HandReading, target: CopyTarget) -> float:
    """The match as it was before each posture had its own scale (for the figures):
    one scale for all (15 degrees RMS about 80), 30 at most when a finger contradicts."""
    score = score_of_rms(angle_rms(patient.angles, target.reading.angles))
    return min(score, 30.0) if patient.contradictions(target.reading) else score


def _copy_targets(copy_set: CopySet) -> dict[tuple[str, str], CopyTarget]:
    return {(m, s): copy_target(m, s, copy_set)  # type: ignore[arg-type]
            for m in copy_set.members for s in ("right", "left")}


@dataclass(frozen=True)
class Separation:
    """How the match score separates the right posture from the others."""

    well: list[float]  # the right posture's score, per picture
    others: dict[tuple[str, str], list[float]]  # (shown, scored as) -> scores

    @property
    def well_share(self) -> float:
        return float(np.mean(np.array(self.well) >= 80)) if self.well else 0.0

    @property
    def apart_share(self) -> float:
        every = [v for values in self.others.values() for v in values]
        return float(np.mean(np.array(every) <= 40)) if every else 0.0

    @property
    def n_others(self) -> int:
        return sum(len(v) for v in self.others.values())

    def worst_pairs(self, k: int = 3) -> str:
        """The pairs of postures most often scored over 40, with their median."""
        over = sorted(((sum(v > 40 for v in values), pair, float(np.median(values)))
                       for pair, values in self.others.items()), reverse=True)
        return ", ".join(f"{a} as {b} {n}/{len(self.others[a, b])} (median {m:.0f})"
                         for n, (a, b), m in over[:k] if n) or "none"


def separation(readings: list[Reading], copy_set: CopySet | None = None,
               score=copy_score) -> Separation:
    """The app's match over the readings of the set's members (each scored against
    every member), with the set's tracker errors (the shipped ones by default)."""
    copy_set = copy_set or hand_copy_set()
    targets = _copy_targets(copy_set)
    well: list[float] = []
    others: dict[tuple[str, str], list[float]] = {}
    for r in readings:
        if r.posture not in copy_set.members:
            continue
        well.append(score(r.reading, targets[r.posture, r.side]))
        for m in copy_set.members:
            if m != r.posture:
                others.setdefault((r.posture, m), []).append(
                    score(r.reading, targets[m, r.side]))
    return Separation(well, others)


def held_out(readings: list[Reading], members: tuple[str, ...], key: str) -> Separation:
    """Separation with the tracker errors measured on the other views (or rotations)
    only, judged on the held-out one: the calibration never sees what it is judged on."""
    well: list[float] = []
    others: dict[tuple[str, str], list[float]] = {}
    for value in sorted({getattr(r, key) for r in readings}):
        fit = [r for r in readings if getattr(r, key) != value]
        test = [r for r in readings if getattr(r, key) == value]
        part = separation(test, calibrated_set(fit, members))
        well += part.well
        for pair, values in part.others.items():
            others.setdefault(pair, []).extend(values)
    return Separation(well, others)


# -- the real photos ------------------------------------------------------------------
@dataclass(frozen=True)
class PhotoFigures:
    binary: dict[str, tuple[int, int]]  # per landmarks: (fingers right, asserted), curl < 90
    states: tuple[int, int, int]  # the app's reading: (right, unsure, wrong) fingers
    apart: tuple[int, int]  # copy-set postures contradicting the labels: (scored <= 40, all)
    apart_before: int  # the same, scored as before each posture had its own scale


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
    apart = [0, 0, 0]
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
                target = copy_target(name, hand.side)
                if any(a * b < 0 for a, b in zip(labels, target.reading.states, strict=True)):
                    apart[0] += copy_score(seen, target) <= 40
                    apart[1] += 1
                    apart[2] += score_before(seen, target) <= 40
    finally:
        tracker.close()
    return PhotoFigures({k: (v[0], v[1]) for k, v in score.items()},
                        (states[0], states[1], states[2]), (apart[0], apart[1]), apart[2])


@dataclass(frozen=True)
class PalmFigures:
    """The real held open palm, frames after it settled with one hand in view."""

    frames: int
    well: int  # "open" scored >= 80
    apart: int  # every other member scored <= 40
    top: int  # the copy set's top-1 is "open"
    well_before: int  # the same two, scored as before
    apart_before: int
    median: float  # median score of "open"


def open_palm_video(shared: Path, settle_seconds: float = 2.0) -> PalmFigures | None:
    """The real held open palm (``../shared/videos``): how "open" and the others score."""
    import cv2

    from gmi.vision.tracker import HandTracker

    path = shared / "videos" / "static_open_palm_mediapipe_samples.mp4"
    if not path.is_file():
        return None
    members = hand_copy_set().members
    capture = cv2.VideoCapture(str(path))
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    tracker = HandTracker(model_complexity=1, max_hands=2)
    counts = [0] * 6
    opens: list[float] = []
    n = 0
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
            targets = {m: copy_target(m, side) for m in members}
            opens.append(copy_score(seen, targets["open"]))
            counts[0] += 1
            counts[1] += opens[-1] >= 80
            counts[2] += all(copy_score(seen, t) <= 40 for m, t in targets.items() if m != "open")
            counts[3] += identify(seen, {m: t.reading for m, t in targets.items()}) == "open"
            counts[4] += score_before(seen, targets["open"]) >= 80
            counts[5] += all(score_before(seen, t) <= 40 for m, t in targets.items()
                             if m != "open")
    finally:
        capture.release()
        tracker.close()
    return PalmFigures(*counts, float(np.median(opens)) if opens else 0.0)


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
    lines += score_lines(back_palm, members, everything)
    if (shared / "hands" / "manifest.csv").is_file():
        photos = photo_figures(shared)
        lines.append("  real photos (../shared/hands): extended/folded per finger right "
                     + "; ".join(f"{k} landmarks {r} of {n}"
                                 for k, (r, n) in photos.binary.items()))
        right, unsure, wrong = photos.states
        lines.append(f"    the app's finger states (thumb too, where labelled): {right} right, "
                     f"{unsure} unsure, {wrong} wrong; copy-set postures whose finger states "
                     f"contradict the photo scored <= 40 in {photos.apart[0]} of "
                     f"{photos.apart[1]} (before: {photos.apart_before})")
    palm = None if quick else open_palm_video(shared)
    if palm is not None and palm.frames:
        lines.append(f"  real held open palm (../shared/videos), {palm.frames} frames: 'open' "
                     f">= 80 in {palm.well} (before {palm.well_before}), median "
                     f"{palm.median:.0f}; every other member <= 40 in {palm.apart} "
                     f"(before {palm.apart_before}); top-1 'open' in {palm.top}")
    return lines


def score_lines(back_palm: list[Reading], members: tuple[str, ...],
                everything: tuple[str, ...]) -> list[str]:
    """What the score means on the renders: before, now, and with the tracker errors
    measured without the pictures judged (leave one view, one rotation out)."""
    lines = ["  match score, back and palm views (goals: the right posture >= 80 in >= 90 %, "
             "every other member <= 40 in >= 95 %)"]
    measured = measured_error(back_palm, members)
    lines.append("    tracker error on a perfect copy, degrees RMS median/p90 (n) -> "
                 "hand_copy.toml [tracker_error]: "
                 + ", ".join(f"{m} {e.median:.1f}/{e.p90:.1f} ({k})"
                             for m, (e, k) in measured.items()))
    copy_set = hand_copy_set()
    rows = [("before (one scale for all)", separation(back_palm, copy_set, score_before)),
            ("now (shipped errors)", separation(back_palm, copy_set))]
    if len(measured) > 1:
        for key in ("view", "rotation"):
            if len({getattr(r, key) for r in back_palm}) > 1:
                rows.append((f"now, errors measured leaving each {key} out",
                             held_out(back_palm, members, key)))
        everyone = [r for r in back_palm if r.posture in everything]
        if len({r.view for r in everyone}) > 1:
            rows.append((f"all {len(everything)} postures as a set, leaving each view out",
                         held_out(everyone, everything, "view")))
    for what, sep in rows:
        low = sorted(round(v) for v in sep.well if v < 80)
        lines.append(f"    {what}: right >= 80 in {sep.well_share:.0%} of {len(sep.well)} "
                     f"(median {np.median(sep.well) if sep.well else 0:.0f}; under 80: {low}); "
                     f"others <= 40 in {sep.apart_share:.0%} of {sep.n_others}; "
                     f"most over 40: {sep.worst_pairs()}")
    return lines
