"""The camera session without Qt: source rules, frames through the kernel, tracking, stop."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np

from gmi.app.camera import CameraSession, TrackingOptions, choose_source
from gmi.stimuli.animate import write_video
from gmi.vision.camera import SyntheticSource, VideoFileSource
from gmi.vision.mirror import MirrorKernel
from gmi.vision.tracker import TrackedHand

RED, BLUE = (0, 0, 255), (255, 0, 0)  # BGR


def two_colour_video(path: Path, frames: int = 30) -> Path:
    """Red on the camera's left, blue on its right: a mirror swaps them."""
    image = np.zeros((120, 160, 3), np.uint8)
    image[:, :80] = RED
    image[:, 80:] = BLUE
    return write_video(path, (image.copy() for _ in range(frames)), fps=30)


def left_is_red(frame: np.ndarray) -> bool:
    half = frame[:, : frame.shape[1] // 2].reshape(-1, 3).mean(axis=0)
    return bool(half[2] > 150 and half[0] < 100)


def test_a_synthetic_camera_starts_gives_frames_and_stops() -> None:
    camera = CameraSession(SyntheticSource(64, 48, fps=60))
    assert camera.state == "starting" and camera.take() is None
    camera.start()
    try:
        assert camera.wait_for_frames(5, timeout_s=10)
        frame, info = camera.take()
        assert frame.shape == (48, 64, 3) and info.index >= 1
    finally:
        camera.stop()
    assert camera.state == "stopped" and camera.capture.stats().state == "stopped"
    held, _ = camera.take()
    assert camera.take()[0] is held  # the capture's own buffer is handed out, not a copy
    camera.stop()  # a second stop is harmless


def test_a_video_file_is_mirrored_in_the_capture_thread(tmp_path: Path) -> None:
    video = two_colour_video(tmp_path / "two.mp4")
    camera = CameraSession(VideoFileSource(video), mirror=MirrorKernel("flip")).start()
    try:
        assert camera.wait_for_frames(3, timeout_s=10)
        frame, _ = camera.take()
        assert frame.shape == (120, 160, 3)
        assert not left_is_red(frame)  # selfie view: the camera's right (blue) is on the left
        assert left_is_red(np.ascontiguousarray(frame[:, ::-1]))
    finally:
        camera.stop()
    assert camera.state == "stopped"


class FakeTracker:
    """Stands in for MediaPipe: notes what it was given, finds one hand."""

    seen: ClassVar[list[bool]] = []

    def process(self, frame: np.ndarray, mirrored: bool = False) -> list[TrackedHand]:
        FakeTracker.seen.append(left_is_red(frame))
        return [TrackedHand("right", 0.9, np.full((21, 3), 0.5), np.zeros((21, 3)))]

    def close(self) -> None:
        pass


def test_the_tracker_sees_the_raw_frame_beside_the_mirror(tmp_path: Path) -> None:
    video = two_colour_video(tmp_path / "two.mp4")
    FakeTracker.seen = []
    notified = []
    camera = CameraSession(VideoFileSource(video), mirror=MirrorKernel("flip"),
                           tracking=TrackingOptions(long_side=80), make_tracker=FakeTracker)
    camera.on_tracking = lambda: notified.append(1)
    camera.start()
    try:
        assert camera.wait_for_tracking(3, timeout_s=10)
        result = camera.latest_tracking()
        assert result is not None and len(result.hands) == 1
        assert camera.tracking_error == ""
    finally:
        camera.stop()
    assert FakeTracker.seen and all(FakeTracker.seen)  # unmirrored: red still on the left
    assert notified and camera.on_tracking is None  # stop unhooks the screen


def test_the_source_follows_gmi_camera_and_the_settings() -> None:
    synthetic = choose_source(0, env={"GMI_CAMERA": "synthetic:64x48@60"})
    assert isinstance(synthetic.source, SyntheticSource) and synthetic.problem == ""
    assert (synthetic.source.width, synthetic.source.height) == (64, 48)
    played = choose_source(None, env={"GMI_CAMERA": "file:/videos/hand.mp4"})
    assert isinstance(played.source, VideoFileSource) and played.source.name == "hand.mp4"
    assert choose_source(None, env={}).source is None  # no camera chosen
    bad = choose_source(0, env={"GMI_CAMERA": "webcam please"})
    assert bad.source is None and "not understood" in bad.problem
    assert choose_source(3, opener=lambda index: SyntheticSource(8, 6)).source.width == 8


def test_no_camera_is_a_session_that_says_so_and_does_nothing() -> None:
    camera = CameraSession.from_settings(None, mirror=MirrorKernel("flip"),
                                         tracking=TrackingOptions(), env={})
    assert not camera.has_camera and camera.tracker is None
    camera.start()
    assert camera.state == "no camera" and camera.take() is None
    assert not camera.wait_for_frames(1, timeout_s=5)
    assert camera.latest_tracking() is None
    camera.stop()
    broken = CameraSession.from_settings(0, env={"GMI_CAMERA": "nonsense"})
    assert "GMI_CAMERA" in broken.problem and broken.stats().message == broken.problem
