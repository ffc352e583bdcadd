"""Hand tracking with MediaPipe Hands, behind our own small interface.

MediaPipe (the pinned 0.10.21 ships its models, so nothing is downloaded) is
imported only when a tracker is made: it takes over a second. It runs on its
own thread, fed a downscaled copy of the newest camera frame; stale frames
are skipped, never queued, and only the newest result is kept.

The copy keeps the frame's shape: its long side is scaled to `long_side`
and the short side follows (1280x720 -> 640x360). Squashing a 16:9 webcam
picture into 4:3 changes the hand's geometry, and the tracker then misses
movements. As nothing is padded, MediaPipe's landmark fractions map back
onto the camera's own frame as they are.

Handedness: MediaPipe's labels assume a mirrored (selfie) image. We feed it
the frame as the camera saw it, so its label is swapped to give the real side.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from gmi.model.stages import Side


@dataclass(frozen=True)
class TrackedHand:
    side: Side
    score: float
    image_points: np.ndarray  # (21, 3): x, y as fractions of the frame given, z relative
    world_points: np.ndarray  # (21, 3) metres, centred on the hand
    frame_size: tuple[int, int] = (1, 1)  # (width, height) of the frame tracked, in pixels

    def pixel_points(self) -> np.ndarray:
        """(21, 3) landmarks in pixels of the frame tracked (z on the x scale, as
        MediaPipe defines it): true to the picture's shape.

        Joint angles read from these are about twice as close to the truth as
        from `world_points` on rendered postures at known angles (back view
        13 vs 26 degrees, palm view 10 vs 17; `gmi bench --only tracking`):
        MediaPipe's metric world landmarks bend straight fingers seen from the
        back by 40-80 degrees.
        """
        w, h = self.frame_size
        return np.asarray(self.image_points, dtype=float) * np.array([w, h, w], dtype=float)

    def shown_points(self, mirrored: bool) -> np.ndarray:
        """(21, 2) x, y as fractions of the picture shown: a selfie view flips x.

        The tracker's copy keeps the frame's aspect and is not padded, so the
        fractions of its picture are the fractions of the camera's frame.
        """
        xy = np.array(self.image_points[:, :2], dtype=float)
        if mirrored:
            xy[:, 0] = 1.0 - xy[:, 0]
        return xy

    def near_edge(self, margin: float = 0.02) -> bool:
        """Part of the hand is (nearly) outside the picture."""
        xy = self.image_points[:, :2]
        return bool((xy < margin).any() or (xy > 1 - margin).any())


def _overlap(a: TrackedHand, b: TrackedHand) -> float:
    """Intersection over union of the two hands' boxes in the picture."""
    (ax0, ay0), (ax1, ay1) = a.image_points[:, :2].min(0), a.image_points[:, :2].max(0)
    (bx0, by0), (bx1, by1) = b.image_points[:, :2].min(0), b.image_points[:, :2].max(0)
    iw = max(0.0, min(ax1, bx1) - max(ax0, bx0))
    ih = max(0.0, min(ay1, by1) - max(ay0, by0))
    inter = iw * ih
    union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter
    return float(inter / union) if union > 0 else 0.0


def distinct(hands: list[TrackedHand], max_overlap: float = 0.4) -> list[TrackedHand]:
    """Drop a second detection of the same hand (the detector sometimes doubles one)."""
    kept: list[TrackedHand] = []
    for hand in sorted(hands, key=lambda h: -h.score):
        if all(_overlap(hand, other) < max_overlap for other in kept):
            kept.append(hand)
    return kept


class HandTracker:
    """One MediaPipe Hands instance (not thread-safe: one thread uses it)."""

    def __init__(self, model_complexity: int = 0, max_hands: int = 2,
                 static_images: bool = False, min_detection: float = 0.5,
                 min_tracking: float = 0.5) -> None:
        os.environ.setdefault("GLOG_minloglevel", "2")  # MediaPipe's C++ chatter off
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import mediapipe as mp  # lazy: slow to import, and only stage 4 needs it

        if model_complexity not in (0, 1):
            raise ValueError("model complexity must be 0 or 1 (both ship with the app)")
        self._hands = mp.solutions.hands.Hands(
            static_image_mode=static_images, max_num_hands=max_hands,
            model_complexity=model_complexity, min_detection_confidence=min_detection,
            min_tracking_confidence=min_tracking)

    def process(self, frame_bgr: np.ndarray, mirrored: bool = False) -> list[TrackedHand]:
        """Hands in one frame. `mirrored`: the frame is a selfie view already."""
        rgb = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB)
        size = (frame_bgr.shape[1], frame_bgr.shape[0])
        result = self._hands.process(rgb)
        hands = []
        if not result.multi_hand_landmarks:
            return hands
        for image, world, handed in zip(result.multi_hand_landmarks,
                                        result.multi_hand_world_landmarks,
                                        result.multi_handedness, strict=True):
            label = handed.classification[0].label.lower()
            side = label if mirrored else ("left" if label == "right" else "right")
            hands.append(TrackedHand(
                side=side,  # type: ignore[arg-type]
                score=float(handed.classification[0].score),
                image_points=np.array([[p.x, p.y, p.z] for p in image.landmark]),
                world_points=np.array([[p.x, p.y, p.z] for p in world.landmark]),
                frame_size=size,
            ))
        return distinct(hands)

    def close(self) -> None:
        self._hands.close()


@dataclass(frozen=True)
class TrackingResult:
    hands: tuple[TrackedHand, ...]
    frame_index: int
    captured_ns: int
    done_ns: int
    brightness: float | None = None  # mean grey level 0-255 of the frame (None: not measured)
    bodies: tuple = ()  # TrackedBody (gmi.vision.pose) when the tracker follows the body


def brightness(frame: np.ndarray) -> float:
    """Mean grey level (0-255) of a BGR frame, from every 4th pixel: cheap and enough."""
    sample = frame[::4, ::4]
    return float(sample.mean())


DEFAULT_LONG_SIDE = 640  # measured: see `gmi bench --only tracking`


def input_size(frame_shape: tuple[int, ...], long_side: int) -> tuple[int, int]:
    """(width, height) of the tracker's copy: the frame's aspect, long side `long_side`.

    Frames already smaller than that are passed at their own size.
    """
    h, w = frame_shape[:2]
    scale = min(1.0, long_side / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


class TrackerThread:
    """Runs a tracker on the newest submitted frame, on its own thread.

    The tracker is a :class:`HandTracker` or anything of its shape
    (`gmi.vision.pose.PoseTracker`); a tracker whose ``kind`` is "body" has
    its finds put in ``TrackingResult.bodies``, a hand tracker's in ``hands``.
    """

    def __init__(self, make_tracker: Callable[[], HandTracker],
                 long_side: int = DEFAULT_LONG_SIDE,
                 on_result: Callable[[], None] | None = None) -> None:
        self.make_tracker = make_tracker
        self.long_side = long_side
        self.on_result = on_result
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._pending: tuple[np.ndarray, int, int] | None = None
        self._spare: np.ndarray | None = None
        self._latest: TrackingResult | None = None
        self._times: deque[int] = deque(maxlen=60)
        self._processed = self._skipped = 0
        self._thread: threading.Thread | None = None
        self.error = ""

    def start(self) -> TrackerThread:
        self._thread = threading.Thread(target=self._run, name="tracker", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def submit(self, frame: np.ndarray, frame_index: int, captured_ns: int) -> None:
        """Called from the capture thread: keep a small copy of the newest frame."""
        w, h = input_size(frame.shape, self.long_side)
        with self._lock:
            buf = self._spare
            self._spare = None
        if buf is None or buf.shape != (h, w, 3):  # first frame, or the camera changed
            buf = np.empty((h, w, 3), np.uint8)
        if (w, h) == (frame.shape[1], frame.shape[0]):
            np.copyto(buf, frame)
        else:
            cv2.resize(frame, (w, h), dst=buf, interpolation=cv2.INTER_AREA)
        with self._lock:
            if self._pending is not None:
                self._skipped += 1  # the tracker was busy: the older frame is dropped
                self._spare = self._pending[0]
            self._pending = (buf, frame_index, captured_ns)
        self._wake.set()

    def latest(self) -> TrackingResult | None:
        with self._lock:
            return self._latest

    def rate_hz(self) -> float:
        with self._lock:
            times = list(self._times)
        if len(times) < 2 or times[-1] == times[0]:
            return 0.0
        return (len(times) - 1) * 1e9 / (times[-1] - times[0])

    @property
    def processed(self) -> int:
        return self._processed

    @property
    def skipped(self) -> int:
        return self._skipped

    def _run(self) -> None:
        try:
            tracker = self.make_tracker()
        except Exception as exc:  # a broken install must not take the screen down
            self.error = f"Tracking could not start ({exc})."
            return
        body = getattr(tracker, "kind", "hand") == "body"
        try:
            while not self._stop.is_set():
                self._wake.wait(0.2)
                self._wake.clear()
                with self._lock:
                    job, self._pending = self._pending, None
                if job is None:
                    continue
                frame, index, captured = job
                found = tuple(tracker.process(frame, mirrored=False))
                light = brightness(frame)
                done = time.perf_counter_ns()
                result = (TrackingResult((), index, captured, done, light, bodies=found) if body
                          else TrackingResult(found, index, captured, done, light))
                with self._lock:
                    self._latest = result
                    self._times.append(done)
                    self._processed += 1
                    if self._spare is None:
                        self._spare = frame
                notify = self.on_result
                if notify is not None:
                    try:
                        notify()
                    except RuntimeError:
                        self.on_result = None
        finally:
            tracker.close()
