"""Body tracking with MediaPipe Pose, behind the same small interface as the hands.

A :class:`PoseTracker` has the hand tracker's shape (``process(frame,
mirrored)`` returning a list of tracked things, ``close()``), so the same
:class:`gmi.vision.tracker.TrackerThread` runs it on its own thread on an
aspect-kept copy of the newest frame; its ``kind`` tells the thread to put
what it finds in ``TrackingResult.bodies``.

Models: the pinned mediapipe 0.10.21 wheel ships only the *full* Pose landmark
model (complexity 1). Complexity 0 (lite) and 2 (heavy) are fetched from the
internet by MediaPipe on first use, so a complexity whose model file is not
installed is refused here, before MediaPipe is asked: the app never downloads.

MediaPipe Pose finds one person, whoever else is in the picture; so the
tracker also counts faces with MediaPipe's face detection (the full-range
model, which the pinned wheel ships: no download) and says how many people
it saw, so that nothing is counted while someone else is in view (a face seen
in profile is not found: a second person side-on is missed). Its landmark
names are the person's own sides (LEFT_KNEE is the person's left knee whether or not the picture is
mirrored), so no swapping is needed, unlike the hands' handedness.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

# Landmark indices (MediaPipe Pose, 33 points).
NOSE = 0
LEFT_EYE, RIGHT_EYE = 2, 5
LEFT_EAR, RIGHT_EAR = 7, 8
LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_ELBOW, RIGHT_ELBOW = 13, 14
LEFT_WRIST, RIGHT_WRIST = 15, 16
LEFT_HIP, RIGHT_HIP = 23, 24
LEFT_KNEE, RIGHT_KNEE = 25, 26
LEFT_ANKLE, RIGHT_ANKLE = 27, 28
LEFT_HEEL, RIGHT_HEEL = 29, 30
LEFT_FOOT_INDEX, RIGHT_FOOT_INDEX = 31, 32

# The lines drawn over the picture (face left out: the points say enough).
BODY_BONES: tuple[tuple[int, int], ...] = (
    (11, 12), (11, 13), (13, 15), (12, 14), (14, 16), (11, 23), (12, 24), (23, 24),
    (23, 25), (25, 27), (27, 29), (29, 31), (27, 31), (24, 26), (26, 28), (28, 30),
    (30, 32), (28, 32), (7, 2), (2, 0), (0, 5), (5, 8))

MODEL_FILES = {0: "pose_landmark_lite.tflite", 1: "pose_landmark_full.tflite",
               2: "pose_landmark_heavy.tflite"}
DEFAULT_POSE_COMPLEXITY = 1  # the only Pose model the pinned wheel ships


def _model_folder() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("mediapipe")
    if spec is None or spec.origin is None:
        return Path("/nonexistent")
    return Path(spec.origin).parent / "modules" / "pose_landmark"


def shipped_complexities() -> tuple[int, ...]:
    """The Pose model complexities whose model files are installed (no download needed)."""
    folder = _model_folder()
    return tuple(c for c, name in MODEL_FILES.items() if (folder / name).is_file())


def side_index(side: str, left: int, right: int) -> int:
    """The landmark of the person's `side` ('left' or 'right')."""
    return left if side == "left" else right


@dataclass(frozen=True)
class TrackedBody:
    image_points: np.ndarray  # (33, 3): x, y as fractions of the frame given, z relative
    visibility: np.ndarray  # (33,): MediaPipe's 0-1 belief that the point is in view
    world_points: np.ndarray  # (33, 3) metres, centred between the hips
    frame_size: tuple[int, int] = (1, 1)  # (width, height) of the frame tracked
    score: float = 1.0
    people: int = 1  # people seen in the picture (faces counted; at least this one)

    def pixel_points(self) -> np.ndarray:
        """(33, 2) landmarks in pixels of the frame tracked: true to the picture's shape,
        so angles measured in the picture plane are not squashed."""
        w, h = self.frame_size
        return np.asarray(self.image_points[:, :2], dtype=float) * np.array([w, h], float)

    def shown_points(self, mirrored: bool) -> np.ndarray:
        """(33, 2) x, y as fractions of the picture shown: a selfie view flips x
        (the tracker's copy keeps the aspect and is not padded)."""
        xy = np.array(self.image_points[:, :2], dtype=float)
        if mirrored:
            xy[:, 0] = 1.0 - xy[:, 0]
        return xy

    def in_view(self, indices, min_visibility: float = 0.5, margin: float = 0.01) -> bool:
        """All of these landmarks are seen and inside the picture."""
        idx = list(indices)
        xy = self.image_points[idx, :2]
        inside = bool(((xy > margin) & (xy < 1 - margin)).all())
        return inside and bool((self.visibility[idx] >= min_visibility).all())


PEOPLE_HOLD = 30  # frames: about a second of camera picture
# Faces are counted on every third frame (6 ms each, a third of Pose's own time);
# with the hold above, a second person is still seen within a tenth of a second.
FACE_EVERY = 3


class PoseTracker:
    """One MediaPipe Pose instance (not thread-safe: one thread uses it)."""

    kind = "body"

    def __init__(self, model_complexity: int = DEFAULT_POSE_COMPLEXITY,
                 static_images: bool = False, min_detection: float = 0.5,
                 min_tracking: float = 0.5, count_people: bool = True) -> None:
        shipped = shipped_complexities()
        if model_complexity not in shipped:
            raise ValueError(
                f"Pose model complexity {model_complexity} is not installed (installed: "
                f"{', '.join(map(str, shipped)) or 'none'}); the app never downloads models")
        os.environ.setdefault("GLOG_minloglevel", "2")
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import mediapipe as mp  # lazy: slow to import, and only stage 4 needs it

        self._pose = mp.solutions.pose.Pose(
            static_image_mode=static_images, model_complexity=model_complexity,
            smooth_landmarks=True, enable_segmentation=False,
            min_detection_confidence=min_detection, min_tracking_confidence=min_tracking)
        # full range (model 1): a person a few metres away, seated with the whole leg in view
        self._faces = (mp.solutions.face_detection.FaceDetection(
            model_selection=1, min_detection_confidence=0.5) if count_people else None)
        # a second face is missed now and then (turned aside): once seen, "two
        # people" holds for the next PEOPLE_HOLD frames, so no repetition slips in
        self._recent_people: deque[int] = deque(maxlen=PEOPLE_HOLD // FACE_EVERY)
        self._frames = 0

    def count_faces(self, rgb: np.ndarray) -> int:
        """Faces in the picture (0 when not counted)."""
        if self._faces is None:
            return 0
        found = self._faces.process(rgb).detections
        return len(found) if found else 0

    def process(self, frame_bgr: np.ndarray, mirrored: bool = False) -> list[TrackedBody]:
        """The person in one frame (MediaPipe Pose finds at most one)."""
        rgb = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2RGB)
        result = self._pose.process(rgb)
        if result.pose_landmarks is None:
            return []
        if self._frames % FACE_EVERY == 0:
            self._recent_people.append(max(1, self.count_faces(rgb)))
        self._frames += 1
        people = max(self._recent_people)
        marks = result.pose_landmarks.landmark
        world = result.pose_world_landmarks.landmark if result.pose_world_landmarks else marks
        return [TrackedBody(
            image_points=np.array([[p.x, p.y, p.z] for p in marks]),
            visibility=np.array([p.visibility for p in marks]),
            world_points=np.array([[p.x, p.y, p.z] for p in world]),
            frame_size=(frame_bgr.shape[1], frame_bgr.shape[0]), people=people)]

    def close(self) -> None:
        self._pose.close()
        if self._faces is not None:
            self._faces.close()
