"""Mirror kernels (pixel-exact) and the capture thread, with synthetic and real video."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmi.vision.camera import (
    CameraError,
    CaptureThread,
    FrameSource,
    OpenCVDevice,
    SyntheticSource,
    VideoFileSource,
)
from gmi.vision.mirror import (
    MirrorKernel,
    flip_full,
    keep_side_for,
    reference_mirror,
    split_mirror,
)


def wait_until(condition, timeout: float = 30.0) -> None:
    """Poll until `condition` holds; the timeout is generous (a busy CI machine)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise AssertionError("condition not reached in time")
        time.sleep(0.005)


@settings(max_examples=80)
@given(w=st.integers(2, 64), h=st.integers(1, 8), data=st.data())
def test_split_mirror_matches_the_reference_exactly(w: int, h: int, data) -> None:
    src = np.random.default_rng(w * 100 + h).integers(0, 255, (h, w, 3), dtype=np.uint8)
    split = data.draw(st.integers(1, w - 1))
    keep = data.draw(st.sampled_from(["left", "right"]))
    out = split_mirror(src, np.empty_like(src), split, keep)
    assert np.array_equal(out, reference_mirror(src, "split", split, keep))


def test_flip_and_centre_split_on_a_full_frame() -> None:
    src = np.random.default_rng(1).integers(0, 255, (480, 640, 3), dtype=np.uint8)
    assert np.array_equal(flip_full(src, np.empty_like(src)), src[:, ::-1])
    out = split_mirror(src, np.empty_like(src), 320, "left")
    assert np.array_equal(out[:, :320], src[:, ::-1][:, :320])
    assert np.array_equal(out[:, 320:], out[:, :320][:, ::-1])  # a true mirror image


def test_kernel_reuses_its_buffer_and_keeps_the_comfortable_side() -> None:
    kernel = MirrorKernel("split", keep=keep_side_for("right"))
    assert kernel.keep == "left"  # right hand affected: the left hand's half is kept
    src = np.zeros((10, 20, 3), np.uint8)
    first = kernel.apply(src)
    assert kernel.apply(src) is first
    assert keep_side_for("left") == "right"


class ListSource(FrameSource):
    """Frames from a script: arrays, None (nothing) or exceptions."""

    def __init__(self, script: list) -> None:
        self.script = list(script)
        self.width, self.height = 8, 6
        self.opened = 0

    def open(self) -> None:
        self.opened += 1

    def read(self, out=None):
        time.sleep(0.002)
        item = self.script.pop(0) if self.script else np.zeros((6, 8, 3), np.uint8)
        if isinstance(item, Exception):
            raise item
        return item


def test_capture_publishes_the_newest_and_counts_drops() -> None:
    capture = CaptureThread(SyntheticSource(64, 48, fps=200)).start()
    try:
        wait_until(lambda: capture.stats().frames >= 20)
        frame, info = capture.take()
        assert frame.shape == (48, 64, 3)
        assert info.index >= 1 and info.captured_ns > 0
        stats = capture.stats()
        assert stats.state == "running" and stats.dropped >= 10  # nobody took the others
        assert stats.fps > 0
    finally:
        capture.stop()
    assert capture.stats().state == "stopped"


def test_a_held_frame_is_never_overwritten() -> None:
    capture = CaptureThread(SyntheticSource(64, 48, fps=500)).start()
    try:
        wait_until(lambda: capture.take() is not None)
        held, info = capture.take()
        snapshot = held.copy()
        wait_until(lambda: capture.stats().frames > info.index + 30)
        assert np.array_equal(held, snapshot)
        newer, newer_info = capture.take()
        assert newer is not held
        assert newer_info.index > info.index
    finally:
        capture.stop()


def test_the_kernel_runs_in_the_capture_thread() -> None:
    kernel = MirrorKernel("flip")
    capture = CaptureThread(SyntheticSource(64, 48, fps=200, paced=True),
                            kernel=lambda src, dst: kernel.apply(src, dst)).start()
    try:
        wait_until(lambda: capture.take() is not None)
        frame, _ = capture.take()
        # the synthetic background's blue rises left to right; mirrored, it falls
        bottom = frame[-1, :, 0].astype(int)
        assert bottom[0] == 255 and bottom[-1] == 0
    finally:
        capture.stop()


def test_unplugged_camera_is_reported_and_comes_back_by_itself() -> None:
    source = SyntheticSource(32, 24, fps=100, outage=(0.25, 0.7))
    capture = CaptureThread(source, retry_s=0.05).start()
    try:
        wait_until(lambda: capture.stats().frames > 5)
        wait_until(lambda: capture.stats().state == "lost")
        assert "camera" in capture.stats().message.lower()
        before = capture.stats().frames
        wait_until(lambda: capture.stats().state == "running"
                   and capture.stats().frames > before + 5)
    finally:
        capture.stop()


def test_no_camera_at_all_gives_a_clear_message() -> None:
    capture = CaptureThread(OpenCVDevice(index=63), retry_s=0.05).start()
    try:
        wait_until(lambda: capture.stats().state == "no camera")
        assert "No camera was found" in capture.stats().message
        assert capture.take() is None
    finally:
        capture.stop()


def test_garbage_frames_are_counted_never_shown() -> None:
    script = [None, np.zeros((2, 2, 3), np.uint8), np.zeros((6, 8), np.uint8),
              ValueError("driver hiccup")] * 2
    source = ListSource(script)
    capture = CaptureThread(source, retry_s=0.01, max_read_errors=3).start()
    try:
        wait_until(lambda: capture.stats().frames > 3)
        frame, _ = capture.take()
        assert frame.shape == (6, 8, 3)
        assert capture.stats().errors >= 6
        assert source.opened >= 2  # three bad frames in a row: reopened
    finally:
        capture.stop()


def test_camera_error_while_reading_reopens() -> None:
    source = ListSource([np.zeros((6, 8, 3), np.uint8), CameraError("unplugged")])
    capture = CaptureThread(source, retry_s=0.01).start()
    try:
        wait_until(lambda: source.opened >= 2 and capture.stats().frames > 3)
    finally:
        capture.stop()


def test_real_hand_video_loops_at_its_size(shared: Path) -> None:
    video = VideoFileSource(shared / "videos" / "static_open_palm_mediapipe_samples.mp4",
                            paced=False)
    video.open()
    try:
        assert (video.width, video.height) == (640, 360)
        assert video.fps == pytest.approx(25, abs=1)
        frames = [video.read() for _ in range(260)]  # 8.1 s at 25 fps: loops once
        assert all(f is not None and f.shape == (360, 640, 3) for f in frames)
        kernel = MirrorKernel("split", keep="right", split_fraction=0.5)
        out = kernel.apply(frames[100])
        assert np.array_equal(out, reference_mirror(frames[100], "split", 320, "right"))
    finally:
        video.close()


def test_missing_video_file_is_a_camera_error(tmp_path: Path) -> None:
    with pytest.raises(CameraError, match="not found"):
        VideoFileSource(tmp_path / "nope.mp4").open()


class StallingSource(FrameSource):
    """Gives a few frames, then blocks in read() like a hung driver."""

    def __init__(self) -> None:
        import threading

        self.width, self.height = 8, 6
        self.count = 0
        self.release = threading.Event()

    def read(self, out=None):
        self.count += 1
        if self.count > 5:
            self.release.wait(10)
        time.sleep(0.01)
        return np.zeros((6, 8, 3), np.uint8)


@pytest.mark.slow
def test_a_stalled_camera_is_reported_as_lost() -> None:
    source = StallingSource()
    capture = CaptureThread(source).start()
    try:
        wait_until(lambda: capture.stats().frames >= 5)
        wait_until(lambda: capture.stats().state == "lost")
        assert "No pictures" in capture.stats().message
    finally:
        source.release.set()
        capture.stop()


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_thirty_minutes_of_mirror_frames_do_not_grow_memory() -> None:
    """30 min at 30 fps = 54,000 frames, unpaced: the mirror path must not leak."""
    kernel = MirrorKernel("split", keep="left")
    capture = CaptureThread(SyntheticSource(320, 240, fps=30, paced=False),
                            kernel=kernel.apply).start()
    try:
        wait_until(lambda: capture.stats().frames >= 3000, 300)
        before = rss_mb()
        taken = 0
        end = time.monotonic() + 600  # generous: this checks memory, not speed
        while capture.stats().frames < 54_000 and time.monotonic() < end:
            if capture.take() is not None:  # the screen's side, at a fast display's pace
                taken += 1
            time.sleep(0.002)
        frames = capture.stats().frames
        after = rss_mb()
    finally:
        capture.stop()
    assert frames >= 54_000, f"only {frames} frames in ten minutes"
    assert taken > 200  # the screen kept taking frames all along
    assert after - before < 15, f"memory grew {after - before:.1f} MB"
