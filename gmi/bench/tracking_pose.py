"""`gmi bench --only tracking`, the body: MediaPipe Pose against ground truth.

The rendered MakeHuman figure goes through exactly N repetitions of each body
exercise at known angles (gmi.stimuli.animate_body), written to video and
read back frame by frame through the app's own Pose tracker and counting
(`gmi.vision.tracking_session.feed`), so the figures are the app's: counted
against N, a still body against 0, and the joint angle's error against the
true angle. Bad input (no person, too dark, the leg half out of the picture)
must count 0. Speed: Pose beside a 30 fps mirror.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gmi.stimuli.animate import write_video
from gmi.stimuli.animate_body import MOTIONS, body_frames
from gmi.vision.body_kinematics import signal
from gmi.vision.camera import VideoFileSource
from gmi.vision.pose import DEFAULT_POSE_COMPLEXITY, PoseTracker
from gmi.vision.tracker import brightness, input_size
from gmi.vision.tracking_session import feed, new_exercise

FPS = 15.0


@dataclass(frozen=True)
class BodyCount:
    counted: int
    usable: float  # fraction of frames where the exercise could be measured
    frames: int
    advice: str  # the last guidance shown ("" = none)


def count_body_video(video: Path, kind: str, side: str = "right",
                     complexity: int = DEFAULT_POSE_COMPLEXITY, long_side: int = 640
                     ) -> BodyCount:
    """Repetitions of `kind` the app counts in `video` (every frame tracked)."""
    import cv2

    tracker = PoseTracker(complexity)
    source = VideoFileSource(video, loop=False, paced=False)
    source.open()
    exercise = new_exercise(kind, 99, side)
    frames = usable = 0
    advice = ""
    try:
        while (frame := source.read()) is not None:
            t = frames / source.fps
            frames += 1
            w, h = input_size(frame.shape, long_side)
            small = cv2.resize(frame, (w, h), interpolation=cv2.INTER_AREA)
            advice, _ = feed(exercise, (), t, brightness(small), bodies=tracker.process(small))
            usable += not advice
    finally:
        source.close()
        tracker.close()
    return BodyCount(exercise.reps, usable / max(1, frames), frames, advice)


def exercise_video(folder: Path, kind: str, cycles: int) -> tuple[Path, list[float]]:
    """The figure doing `cycles` repetitions of `kind`, as video, with each frame's true angle."""
    truth: list[float] = []

    def frames():
        for frame, angle in body_frames(kind, cycles, fps=FPS):
            truth.append(angle)
            yield frame

    path = write_video(folder / f"{kind}_{cycles}.mp4", frames(), fps=FPS)
    return path, truth


def angle_errors(video: Path, kind: str, truth: list[float],
                 complexity: int = DEFAULT_POSE_COMPLEXITY) -> np.ndarray:
    """Measured minus true angle, per frame where a body was found (unsmoothed)."""
    tracker = PoseTracker(complexity)
    source = VideoFileSource(video, loop=False, paced=False)
    source.open()
    errors = []
    try:
        n = 0
        while (frame := source.read()) is not None:
            bodies = tracker.process(frame)
            if bodies and n < len(truth):
                errors.append(signal(kind, bodies[0], "right") - truth[n])
            n += 1
    finally:
        source.close()
        tracker.close()
    return np.array(errors)


def bad_input_videos(folder: Path) -> list[tuple[str, Path, str]]:
    """(what, video, exercise) for the bad cases: each must count 0."""
    import cv2

    made = []
    frames = [f for f, _ in body_frames("knee_bend", 2, fps=FPS)]
    background = np.empty_like(frames[0])
    background[:] = frames[0][0, 0]
    made.append(("no person (an empty room)",
                 write_video(folder / "empty.mp4", [background] * 40, fps=FPS), "knee_bend"))
    made.append(("too dark (knee bends at 12 % light)", write_video(
        folder / "dark.mp4", [(f * 0.12).astype(np.uint8) for f in frames], fps=FPS),
        "knee_bend"))
    h = frames[0].shape[0]
    cut = [cv2.copyMakeBorder(f[: int(h * 0.62)], 0, h - int(h * 0.62), 0, 0,
                              cv2.BORDER_CONSTANT, value=(0, 0, 0)) for f in frames]
    made.append(("the leg half out of the picture (knee bends, cut below the knee)",
                 write_video(folder / "cut.mp4", cut, fps=FPS), "knee_bend"))
    return made


def pose_report(quick: bool) -> list[str]:
    import tempfile

    n = 2 if quick else 3
    kinds = ("knee_bend", "head_turn") if quick else tuple(MOTIONS)
    lines = [f"tracking, body (MediaPipe Pose, complexity {DEFAULT_POSE_COMPLEXITY}, long side "
             "640): the rendered figure at known angles, the app's own counting"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for kind in kinds:
            video, truth = exercise_video(folder, kind, n)
            got = count_body_video(video, kind)
            still, _ = exercise_video(folder, kind, 0)
            rest = count_body_video(still, kind)
            err = angle_errors(video, kind, truth)
            lines.append(
                f"  {kind:<17} view {MOTIONS[kind].view:<5} counted {got.counted} of {n}, "
                f"still body {rest.counted} (should be 0); angle error mean |e| "
                f"{np.abs(err).mean():4.1f}°, bias {err.mean():+5.1f}°, 90th pct "
                f"{np.percentile(np.abs(err), 90):4.1f}° over 0-{max(truth):.0f}° "
                f"({len(err)} frames)")
        for what, video, kind in bad_input_videos(folder):
            got = count_body_video(video, kind)
            lines.append(f"  bad input: {what}: counted {got.counted} (should be 0); "
                         f"said: \"{got.advice}\"")
    lines += pose_speed_report(3.0 if quick else 10.0)
    return lines


def pose_speed_report(seconds: float) -> list[str]:
    """Pose's rate beside a 30 fps mirror at 640x360."""
    import tempfile

    from gmi.bench.mirror import beside_mirror
    from gmi.vision.pose import shipped_complexities
    from gmi.vision.tracker import TrackerThread

    lines = [f"tracking beside the mirror, body: the figure bending its knee, 640x360 at 30 fps, "
             f"{seconds:g} s per row"]
    with tempfile.TemporaryDirectory() as tmp:
        video = write_video(Path(tmp) / "body.mp4",
                            (f for f, _ in body_frames("knee_bend", 2, fps=30.0)), fps=30.0)
        lines += beside_mirror(video, seconds, [
            (f"Pose complexity {complexity}, 640x360",
             lambda c=complexity: TrackerThread(lambda: PoseTracker(c), long_side=640))
            for complexity in shipped_complexities() if complexity != 2])
    if 0 not in shipped_complexities():
        lines.append("  Pose complexity 0 (lite): not measured, its model is not in the "
                     "pinned mediapipe 0.10.21 wheel (MediaPipe would download it; the "
                     "app never does)")
    return lines
