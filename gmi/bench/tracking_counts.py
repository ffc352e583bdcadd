"""Repetitions counted on videos whose true count is known, for the tracker's defaults.

Each video is read frame by frame (unpaced: every frame is tracked, as on a
fast machine) and fed through the app's own counting
(`gmi.vision.tracking_session.feed`), so the figures are the app's, not a
re-implementation. The rendered clips are made here: a hand opening and
closing exactly N times in a dim, noisy room, entering from the side and
leaving again, in 16:9 and 4:3; the real clips in ``../shared/videos``
count 0 (a still open palm) and have no regular repetitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gmi.stimuli.animate import open_close_frames, write_video
from gmi.vision.camera import VideoFileSource
from gmi.vision.tracker import HandTracker, input_size
from gmi.vision.tracking_session import feed, new_exercise


@dataclass(frozen=True)
class CountedVideo:
    name: str
    path: Path
    true_count: int | None  # None: no regular repetitions (only "found" is reported)


@dataclass(frozen=True)
class Count:
    counted: int
    found: float  # fraction of frames with exactly one usable hand
    frames: int


def count_in_video(video: Path, complexity: int, long_side: int,
                   kind: str = "open_close", squash_to: tuple[int, int] | None = None) -> Count:
    """Repetitions of `kind` the app counts in `video` with these tracker settings.

    `squash_to`: resize every frame to this size whatever its shape (the old way).
    """
    tracker = HandTracker(model_complexity=complexity, max_hands=2)
    source = VideoFileSource(video, loop=False, paced=False)
    source.open()
    import cv2

    exercise = new_exercise(kind, 99)
    frames = usable = 0
    try:
        while (frame := source.read()) is not None:
            t = frames / source.fps
            frames += 1
            w, h = squash_to or input_size(frame.shape, long_side)
            small = cv2.resize(frame, (w, h), interpolation=cv2.INTER_AREA)
            advice, _ = feed(exercise, tracker.process(small), t)
            usable += not advice
    finally:
        source.close()
        tracker.close()
    return Count(exercise.reps, usable / max(1, frames), frames)


def rendered_clips(folder: Path, fps: float = 15.0) -> list[CountedVideo]:
    """Open-close clips with a known count, the way home webcams see them."""
    clips = []
    for cycles, size, light, noise, label in (
            (3, (640, 360), 1.0, 0.0, "3 cycles, 16:9, good light"),
            (3, (640, 360), 0.35, 6.0, "3 cycles, 16:9, dim and noisy"),
            (2, (640, 480), 0.35, 6.0, "2 cycles, 4:3, dim and noisy"),
            (0, (640, 360), 0.35, 6.0, "still open hand, 16:9, dim")):
        path = folder / f"oc{cycles}_{size[0]}x{size[1]}_{light}.mp4"
        write_video(path, open_close_frames(cycles, fps=fps, size=size, light=light,
                                            noise=noise, enter_leave_s=1.0), fps=fps)
        clips.append(CountedVideo(label + ", entering and leaving", path, cycles))
    return clips


def real_clips(shared: Path) -> list[CountedVideo]:
    videos = shared / "videos"
    found = []
    still = videos / "static_open_palm_mediapipe_samples.mp4"
    if still.is_file():
        found.append(CountedVideo("real: open palm held still (640x360)", still, 0))
    free = videos / "free_gestures_desk_temuge_cam0.mp4"
    if free.is_file():
        found.append(CountedVideo("real: free gestures over a desk (720x720)", free, None))
    return found


SETTINGS: tuple[tuple[str, int, int, tuple[int, int] | None], ...] = (
    ("model 0, squashed to 320x240 (before)", 0, 320, (320, 240)),
    ("model 0, long side 320", 0, 320, None),
    ("model 0, long side 640 (default)", 0, 640, None),
    ("model 1, long side 640", 1, 640, None),
)


def counts_report(shared: Path, quick: bool) -> list[str]:
    """Counted against true counts for each tracker setting."""
    import tempfile

    lines = ["tracking: open-close repetitions counted against the true count "
             "(every frame tracked; the app's own counting)"]
    settings = SETTINGS[::3] if quick else SETTINGS
    with tempfile.TemporaryDirectory() as tmp:
        clips = rendered_clips(Path(tmp)) + real_clips(shared)
        exact = dict.fromkeys((s[0] for s in settings), 0)
        known = sum(c.true_count is not None for c in clips)
        for clip in clips:
            lines.append(f"  {clip.name} (true count: "
                         f"{'none regular' if clip.true_count is None else clip.true_count})")
            for label, complexity, long_side, squash in settings:
                got = count_in_video(clip.path, complexity, long_side, squash_to=squash)
                right = clip.true_count is not None and got.counted == clip.true_count
                exact[label] += right
                lines.append(f"    {label:<40} counted {got.counted}   one hand in view "
                             f"{got.found:4.0%} of {got.frames} frames")
        for label, n in exact.items():
            lines.append(f"  exact count, {label}: {n} of {known} clips")
    return lines
