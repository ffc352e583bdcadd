"""One camera for one screen: the source, the capture thread, the mirror kernel, the tracker.

Five screens use the camera (the welcome's preview, own photos, mirror
practice, movement tracking, and `gmi doctor`); each used to repeat the same
recipe: pick the source (the chosen device, ``GMI_CAMERA=file:...`` or
``synthetic``), start the capture thread, set up the mirror kernel, start the
tracker, stop them all in the right order. :class:`CameraSession` is that
recipe, once, without Qt, so a test or `gmi demo` drives it headless.

The frame path is unchanged: the kernel writes into the capture thread's
preallocated buffers and :meth:`CameraSession.take` hands out that very
buffer (no copy); the tracker gets the raw frame through the capture tap.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from gmi.vision.camera import (
    CameraError,
    CaptureStats,
    CaptureThread,
    FrameInfo,
    FrameSource,
    open_source,
)
from gmi.vision.mirror import MirrorKernel
from gmi.vision.pose import DEFAULT_POSE_COMPLEXITY
from gmi.vision.tracker import DEFAULT_LONG_SIDE, HandTracker, TrackerThread, TrackingResult

CAMERA_OVERRIDE = "GMI_CAMERA"  # demos, screenshots and tests stand in for the camera


@dataclass(frozen=True)
class TrackingOptions:
    """What is tracked and how: hands (the settings' model and hands) or the body
    (MediaPipe Pose, `pose_complexity`), and the long side of the copy fed to
    MediaPipe (the frame's aspect is kept)."""

    model_complexity: int = 0
    max_hands: int = 2
    long_side: int = DEFAULT_LONG_SIDE
    target: Literal["hand", "body"] = "hand"
    pose_complexity: int = DEFAULT_POSE_COMPLEXITY

    @classmethod
    def from_settings(cls, settings, long_side: int = DEFAULT_LONG_SIDE,
                      target: Literal["hand", "body"] = "hand") -> TrackingOptions:
        """From `AppSettings` (``tracking_model``, ``tracking_hands``)."""
        return cls(settings.tracking_model, settings.tracking_hands, long_side, target)

    def make_tracker(self):
        """A new tracker of the kind asked for (MediaPipe is imported only now)."""
        if self.target == "body":
            from gmi.vision.pose import PoseTracker

            return PoseTracker(self.pose_complexity)
        return HandTracker(self.model_complexity, max_hands=self.max_hands)


@dataclass(frozen=True)
class SourceChoice:
    """The source to use (None: no camera) and, if opening failed, why, in words."""

    source: FrameSource | None
    problem: str = ""


def choose_source(camera_index: int | None, env: Mapping[str, str] | None = None,
                  opener: Callable[[int | None], FrameSource | None] | None = None
                  ) -> SourceChoice:
    """The camera the settings chose, unless ``GMI_CAMERA`` stands in for it.

    `opener` replaces the default rule (a screen that lets the person try
    cameras injects its own in tests). A :class:`CameraError` (a bad
    ``GMI_CAMERA`` value) becomes the problem text instead of an exception:
    the screen says it and the rest of the app keeps working.
    """
    environ = os.environ if env is None else env
    try:
        if opener is not None:
            return SourceChoice(opener(camera_index))
        return SourceChoice(open_source(camera_index, environ.get(CAMERA_OVERRIDE)))
    except CameraError as exc:
        return SourceChoice(None, str(exc))


def camera_overridden(env: Mapping[str, str] | None = None) -> bool:
    """True when ``GMI_CAMERA`` replaces the real camera (the welcome lists one stand-in)."""
    return bool((os.environ if env is None else env).get(CAMERA_OVERRIDE))


class CameraSession:
    """Owns one screen's camera threads from start to stop.

    `mirror`: a kernel run on every frame in the capture thread (its mode may
    be changed while running: the kernel reads it per frame). `tracking`:
    also run hand tracking on the raw (unmirrored) frames, on its own thread.
    A session is started once and stopped once; stopping joins the capture
    thread first, so nothing notifies a screen that is going away.
    """

    def __init__(self, source: FrameSource | None, *, mirror: MirrorKernel | None = None,
                 tracking: TrackingOptions | None = None, problem: str = "",
                 retry_s: float = 1.0,
                 make_tracker: Callable[[], HandTracker] | None = None) -> None:
        self.source = source
        self.kernel = mirror
        self.problem = problem
        self.tracker: TrackerThread | None = None
        if source is not None and (tracking is not None or make_tracker is not None):
            options = tracking or TrackingOptions()
            factory = make_tracker or options.make_tracker
            self.tracker = TrackerThread(factory, long_side=options.long_side)
        self.capture: CaptureThread | None = None
        if source is not None:
            self.capture = CaptureThread(
                source, kernel=mirror.apply if mirror is not None else None,
                tap=self.tracker.submit if self.tracker is not None else None, retry_s=retry_s)
        self._started = self._stopped = False

    @classmethod
    def from_settings(cls, camera_index: int | None, *, mirror: MirrorKernel | None = None,
                      tracking: TrackingOptions | None = None,
                      env: Mapping[str, str] | None = None,
                      opener: Callable[[int | None], FrameSource | None] | None = None,
                      retry_s: float = 1.0) -> CameraSession:
        """The session for the chosen camera (or its ``GMI_CAMERA`` stand-in)."""
        choice = choose_source(camera_index, env, opener)
        return cls(choice.source, mirror=mirror, tracking=tracking, problem=choice.problem,
                   retry_s=retry_s)

    # -- control ---------------------------------------------------------------------
    def start(self) -> CameraSession:
        """Start the tracker, then the capture (so the first frames are tracked too)."""
        if self._started or self.capture is None:
            self._started = True
            return self
        self._started = True
        if self.tracker is not None:
            self.tracker.start()
        self.capture.start()
        return self

    def stop(self) -> None:
        """Stop capture (joined: no more frames or taps), then the tracker. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self.capture is not None:
            self.capture.on_frame = None
            self.capture.stop()
        if self.tracker is not None:
            self.tracker.on_result = None
            self.tracker.stop()

    # -- state ------------------------------------------------------------------------
    @property
    def has_camera(self) -> bool:
        return self.capture is not None

    @property
    def state(self) -> str:
        """'starting', 'running', 'lost', 'no camera' or 'stopped'."""
        if self.capture is None:
            return "no camera"
        return self.capture.stats().state

    @property
    def running(self) -> bool:
        return self.state == "running"

    def stats(self) -> CaptureStats:
        if self.capture is None:
            return CaptureStats("no camera", 0.0, 0, 0, 0, self.problem)
        return self.capture.stats()

    def take(self) -> tuple[np.ndarray, FrameInfo] | None:
        """The newest frame, the capture's own buffer (held until the next take; no copy)."""
        return self.capture.take() if self.capture is not None else None

    def latest_tracking(self) -> TrackingResult | None:
        return self.tracker.latest() if self.tracker is not None else None

    @property
    def tracking_error(self) -> str:
        """Why tracking could not start ("" when it runs or is not asked for)."""
        return self.tracker.error if self.tracker is not None else ""

    # -- notifications (called on the camera's threads) --------------------------------------
    @property
    def on_frame(self) -> Callable[[], None] | None:
        return self.capture.on_frame if self.capture is not None else None

    @on_frame.setter
    def on_frame(self, callback: Callable[[], None] | None) -> None:
        if self.capture is not None:
            self.capture.on_frame = callback

    @property
    def on_tracking(self) -> Callable[[], None] | None:
        return self.tracker.on_result if self.tracker is not None else None

    @on_tracking.setter
    def on_tracking(self, callback: Callable[[], None] | None) -> None:
        if self.tracker is not None:
            self.tracker.on_result = callback

    # -- waiting (headless runs and tests) ------------------------------------------------------
    def wait_for_frames(self, count: int = 1, timeout_s: float = 10.0) -> bool:
        """Wait until `count` frames were captured; False on timeout or without a camera."""
        capture = self.capture
        if capture is None:
            return False
        return _poll(lambda: capture.stats().frames >= count, timeout_s)

    def wait_for_tracking(self, processed: int = 1, timeout_s: float = 30.0) -> bool:
        """Wait until the tracker processed `processed` frames (False on timeout or error)."""
        tracker = self.tracker
        if tracker is None:
            return False
        return _poll(lambda: tracker.processed >= processed or bool(tracker.error), timeout_s) \
            and not tracker.error


def _poll(condition: Callable[[], bool], timeout_s: float, every_s: float = 0.01) -> bool:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() >= end:
            return False
        time.sleep(every_s)
    return True
