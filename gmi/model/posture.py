"""Posture: one hand (or foot) configuration as joint angles, used everywhere.

The same Posture is rendered as a stimulus (stages 1-2), prompted (stage 3)
and matched against tracked landmarks (stage 4). Forward kinematics with
standard bone lengths turns it into MediaPipe's 21 hand landmarks
(0 wrist, 1-4 thumb, 5-8 index, 9-12 middle, 13-16 ring, 17-20 little).

Angles are degrees. Each finger has four: flexion and abduction at its base
joint (MCP; CMC for the thumb), then flexion at the middle and end joints
(PIP and DIP; MCP and IP for the thumb). Positive flexion bends toward the
palm, positive abduction spreads away from the middle finger (for the thumb:
away from the index). The wrist has flexion (toward the palm) and deviation
(positive toward the little finger).

Hand frame (right hand, metres): origin at the wrist, +y toward the
fingers, +z out of the back of the hand, +x toward the little finger. A left
hand is the mirror image (x negated): the two sides differ only in side.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from gmi.model.posture_library import LIBRARY_KEYS, PostureLibraryError, load_toml
from gmi.model.stages import FIGURE_PARTS, BodyPart, Side
from gmi.resources import asset

if TYPE_CHECKING:  # numpy is imported where numbers are made: a protocol check
    import numpy as np  # reads posture names at start-up and needs none of it

FINGERS = ("thumb", "index", "middle", "ring", "little")
Finger = Literal["thumb", "index", "middle", "ring", "little"]
JOINT_NAMES = {
    "thumb": ("cmc_flex", "cmc_abd", "mcp_flex", "ip_flex"),
    "index": ("mcp_flex", "mcp_abd", "pip_flex", "dip_flex"),
}
for _f in ("middle", "ring", "little"):
    JOINT_NAMES[_f] = JOINT_NAMES["index"]

# MediaPipe landmark index of each finger's four points (base joint .. tip).
LANDMARKS: dict[str, tuple[int, int, int, int]] = {
    "thumb": (1, 2, 3, 4), "index": (5, 6, 7, 8), "middle": (9, 10, 11, 12),
    "ring": (13, 14, 15, 16), "little": (17, 18, 19, 20),
}
# Bones as landmark pairs, the order MediaPipe draws them.
HAND_BONES: tuple[tuple[int, int], ...] = tuple(
    [(0, chain[0]) for chain in LANDMARKS.values()]
    + [(a, b) for chain in LANDMARKS.values() for a, b in itertools.pairwise(chain)]
)

# Standard adult proportions (metres), after Buchholz et al. 1992 for a
# hand about 19 cm long. Base joint positions in the hand frame:
_BASE = {
    "thumb": (-0.022, 0.028, -0.010),
    "index": (-0.024, 0.086, 0.0),
    "middle": (-0.003, 0.089, 0.0),
    "ring": (0.016, 0.083, 0.0),
    "little": (0.032, 0.073, 0.0),
}
# Segment lengths from the base joint: proximal, middle, distal (tip).
BONE_LENGTHS: dict[str, tuple[float, float, float]] = {
    "thumb": (0.046, 0.032, 0.028),
    "index": (0.040, 0.024, 0.021),
    "middle": (0.045, 0.028, 0.022),
    "ring": (0.042, 0.027, 0.022),
    "little": (0.033, 0.019, 0.019),
}
# Resting direction of each finger in the palm plane (degrees from +y,
# positive toward the little finger): the natural fan of the fingers.
_REST_SPLAY = {"index": -6.0, "middle": 0.0, "ring": 6.0, "little": 13.0}
_ABDUCTION_SIGN = {"index": -1.0, "middle": -1.0, "ring": 1.0, "little": 1.0}
# The thumb leaves the palm plane: it points out radially and forward, and
# its nail faces sideways (pronated about 70 degrees against the fingers).
_THUMB_DIR = (-0.62, 0.70, -0.36)
_THUMB_PRONATION = 70.0


def _rotation(axis: np.ndarray, degrees: float) -> np.ndarray:
    """Rotation matrix about a unit axis (Rodrigues)."""
    import numpy as np
    a = np.radians(degrees)
    x, y, z = axis / np.linalg.norm(axis)
    k = np.array([[0, -z, y], [z, 0, -x], [-y, x, 0]])
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * (k @ k)


def _unit(v) -> np.ndarray:
    import numpy as np
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


class _ShownPosture(BaseModel):
    """What any posture (hand, foot, whole figure) has: its name and words, and
    how it may be shown.

    Decidability as data: the views in which the side of the posture can be
    told (empty: every view), the one view stage 2 shows it in (see
    `imagery_view`), and the views it must never be shown in, with why.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    instruction: str = ""  # how to move into it, in plain words
    views: tuple[str, ...] = ()
    imagery_view: str | None = None
    excluded: tuple[tuple[str, str], ...] = ()  # (view, why); a TOML table in the file

    @field_validator("excluded", mode="before")
    @classmethod
    def _table(cls, v):
        return tuple(v.items()) if isinstance(v, dict) else v


class Posture(_ShownPosture):
    """A named configuration: joint angles per finger plus the wrist."""

    thumb: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    index: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    middle: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    ring: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    little: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    wrist: tuple[float, float] = (0.0, 0.0)

    @field_validator("thumb", "index", "middle", "ring", "little")
    @classmethod
    def _within_anatomy(cls, v: tuple[float, float, float, float]):
        flex_ok = all(-45 <= a <= 120 for a in (v[0], v[2], v[3]))
        if not flex_ok or not -45 <= v[1] <= 60:
            raise ValueError("flexion must be -45..120 degrees and abduction -45..60")
        return v

    def finger(self, name: str) -> tuple[float, float, float, float]:
        return getattr(self, name)

    def angle_vector(self) -> np.ndarray:
        """All 20 finger angles in a fixed order (thumb..little, 4 each)."""
        import numpy as np
        return np.array([a for f in FINGERS for a in self.finger(f)], dtype=float)


def finger_frames(finger: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rest frame of a finger's base joint: (along bone, flexion axis, abduction axis).

    Rotating about +flexion axis by a positive angle bends toward the palm;
    about +abduction axis by a positive angle spreads the finger.
    """
    import numpy as np
    if finger == "thumb":
        along = _unit(_THUMB_DIR)
        dorsal = _unit(np.array([0.0, 0.0, 1.0]) - along * along[2])
        # pronated: the thumbnail turns to face away from the palm's centre (-x)
        nail = _rotation(along, _THUMB_PRONATION) @ dorsal
        if nail[0] > 0:
            nail = _rotation(along, -_THUMB_PRONATION) @ dorsal
        flex_axis = _unit(np.cross(along, nail))
        if (_rotation(flex_axis, 30) @ along)[2] > along[2]:
            flex_axis = -flex_axis  # flexion carries the tip toward the palm
        abd_axis = nail if (_rotation(nail, 30) @ along)[0] < along[0] else -nail
        return along, flex_axis, abd_axis
    splay = np.radians(_REST_SPLAY[finger])
    along = np.array([np.sin(splay), np.cos(splay), 0.0])
    flex_axis = _unit(np.cross([0.0, 0.0, 1.0], along))  # rotating +: tip toward -z (palm)
    abd_axis = np.array([0.0, 0.0, -_ABDUCTION_SIGN[finger]])
    return along, flex_axis, abd_axis


def _finger_points(finger: str, angles: tuple[float, float, float, float]) -> np.ndarray:
    import numpy as np
    along, flex_axis, abd_axis = finger_frames(finger)
    base_flex, base_abd, mid_flex, end_flex = angles
    rot = _rotation(abd_axis, base_abd)
    rot = _rotation(rot @ flex_axis, base_flex) @ rot
    points = [np.array(_BASE[finger], dtype=float)]
    lengths = BONE_LENGTHS[finger]
    for n, flex in enumerate((0.0, mid_flex, end_flex)):
        if n:
            rot = _rotation(rot @ flex_axis, flex) @ rot
        points.append(points[-1] + rot @ along * lengths[n])
    return np.array(points)


def _wrist_rotation(flex: float, deviation: float) -> np.ndarray:
    # flexion about +x (fingers toward the palm, -z); deviation about -z (toward little finger)
    import numpy as np
    return _rotation(np.array([0.0, 0.0, -1.0]), deviation) @ _rotation(np.array([1.0, 0, 0]),
                                                                         -flex)


def hand_landmarks(posture: Posture, side: Side = "right") -> np.ndarray:
    """The 21 MediaPipe-order landmarks (metres, hand frame) of `posture`."""
    import numpy as np
    points = np.zeros((21, 3))
    for finger in FINGERS:
        idx = list(LANDMARKS[finger])
        points[idx] = _finger_points(finger, posture.finger(finger))
    points = points @ _wrist_rotation(*posture.wrist).T
    return mirror(points) if side == "left" else points


def mirror(points: np.ndarray) -> np.ndarray:
    """Left from right (or back): reflect across the hand's mid-plane."""
    import numpy as np
    out = np.array(points, dtype=float, copy=True)
    out[..., 0] *= -1
    return out


def bone_lengths(points: np.ndarray) -> np.ndarray:
    """Length of each bone in HAND_BONES order (for checks and calibration)."""
    import numpy as np
    return np.array([np.linalg.norm(points[b] - points[a]) for a, b in HAND_BONES])


# -- the foot ----------------------------------------------------------------
# A simpler keypoint model: ankle, heel, first and fifth metatarsal heads, big
# toe tip, little toe tip; the first three match MediaPipe Pose's ankle, heel
# and foot index. Angles: ankle dorsiflexion (+) / plantarflexion (-),
# inversion (+) / eversion (-), toe extension (+) / flexion (-).
FOOT_POINTS = ("ankle", "heel", "ball_big", "ball_little", "big_toe", "little_toe")


class FootPosture(_ShownPosture):
    """A foot posture: ankle flexion, inversion and the toes (degrees)."""

    ankle_flex: float = Field(default=0.0, ge=-50, le=30)
    inversion: float = Field(default=0.0, ge=-25, le=35)
    toes: float = Field(default=0.0, ge=-45, le=60)


# Foot frame (right foot, metres): origin at the ankle joint, +y toward the
# toes, +z up, +x to the outside (little toe side).
_FOOT_REST = {
    "heel": (0.005, -0.055, -0.065),
    "ball_big": (-0.025, 0.135, -0.075),
    "ball_little": (0.035, 0.115, -0.075),
}
_TOE_LENGTH = {"big_toe": 0.055, "little_toe": 0.035}


def foot_keypoints(posture: FootPosture, side: Side = "right") -> np.ndarray:
    """The six foot keypoints (FOOT_POINTS order) of `posture`."""
    import numpy as np
    rot = _rotation(np.array([0.0, 1.0, 0.0]), posture.inversion) @ _rotation(
        np.array([1.0, 0.0, 0.0]), posture.ankle_flex)
    pts = {"ankle": np.zeros(3)}
    for name, p in _FOOT_REST.items():
        pts[name] = rot @ np.array(p)
    toe_rot = rot @ _rotation(np.array([1.0, 0.0, 0.0]), posture.toes)
    for toe, ball in (("big_toe", "ball_big"), ("little_toe", "ball_little")):
        pts[toe] = pts[ball] + toe_rot @ np.array([0.0, _TOE_LENGTH[toe], 0.0])
    out = np.array([pts[n] for n in FOOT_POINTS])
    return mirror(out) if side == "left" else out


# -- the whole figure: necks, backs, shoulders and knees ------------------------
# A figure posture is a few joint movements of the MakeHuman rig, always of the
# person's RIGHT side (their right arm or leg; turning or bending to their
# right); the left is drawn as its exact mirror image. Degrees, signs:
#   flex    + forward (trunk, neck, arm raised forward, hip; knee: bent)
#   bend    + toward the right side (trunk and neck side-bending)
#   turn    + toward the right (trunk and neck rotation; hip: toes turned out)
#   abduct  + away from the body's midline (arm or leg out to the side)
#   across  + arm or leg carried across the front of the body (horizontal)
#   rotate  + inward about the limb's own axis (internal rotation)
FigureJoint = Literal["neck", "trunk", "shoulder", "elbow", "hip", "knee",
                      "other_shoulder", "other_elbow", "other_hip", "other_knee"]
FIGURE_JOINTS: tuple[str, ...] = get_args(FigureJoint)


class Movement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    flex: float = Field(default=0.0, ge=-90, le=180)
    bend: float = Field(default=0.0, ge=-60, le=60)
    turn: float = Field(default=0.0, ge=-90, le=90)
    abduct: float = Field(default=0.0, ge=-45, le=180)
    across: float = Field(default=0.0, ge=-45, le=135)
    rotate: float = Field(default=0.0, ge=-90, le=90)


class FigurePosture(_ShownPosture):
    """Whole-body posture of one side (the right); see the sign table above."""

    neck: Movement = Movement()
    trunk: Movement = Movement()
    shoulder: Movement = Movement()
    elbow: Movement = Movement()
    hip: Movement = Movement()
    knee: Movement = Movement()
    other_shoulder: Movement = Movement()
    other_elbow: Movement = Movement()
    other_hip: Movement = Movement()
    other_knee: Movement = Movement()
    # Sitting: the picture draws a plain chair under the person (gmi.stimuli.chair),
    # else a seated person floats on nothing
    seated: bool = False

    def movement(self, joint: str) -> Movement:
        return getattr(self, joint)


# -- the library ---------------------------------------------------------------
FIGURE_VIEWS = ("front", "back", "side")
BODY_VIEWS: dict[str, tuple[str, ...]] = {"hand": ("back", "palm", "side"),
                                          "foot": ("top", "sole", "side"),
                                          **{p: FIGURE_VIEWS for p in FIGURE_PARTS}}
AnyPosture = Posture | FootPosture | FigurePosture


def offered_views(posture: AnyPosture, body_part: BodyPart) -> tuple[str, ...]:
    """The views a posture may be shown in: those whose side can be told."""
    wanted = posture.views or BODY_VIEWS[body_part]
    excluded = dict(posture.excluded)
    return tuple(v for v in wanted if v not in excluded)


# Stage 2 shows one picture of each posture, from a view where what defines it
# can be seen (a fist's curled fingers and thumb from the palm, a pinch from the
# side). Each library names it per posture (`imagery_view`); a posture without
# one takes the first view it is offered in, in this order.
IMAGERY_VIEW_ORDER: dict[str, tuple[str, ...]] = {
    "hand": ("back", "palm", "side"), "foot": ("side", "top", "sole"),
    **{part: ("front", "side", "back") for part in FIGURE_PARTS},
}


def imagery_view(posture: AnyPosture, body_part: BodyPart) -> str:
    """The view stage 2 shows `posture` in: the library's choice, else the first
    offered view in IMAGERY_VIEW_ORDER (always one whose side can be told)."""
    offered = offered_views(posture, body_part)
    if posture.imagery_view in offered:
        return posture.imagery_view  # type: ignore[return-value]
    return next(v for v in IMAGERY_VIEW_ORDER[body_part] if v in offered)


def _check_views(posture: AnyPosture, body_part: BodyPart, source: str) -> None:
    known = BODY_VIEWS[body_part]
    excluded = dict(posture.excluded)
    chosen = posture.imagery_view
    if chosen is not None and chosen not in offered_views(posture, body_part):
        why = (f"it is excluded ({excluded[chosen]})" if chosen in excluded
               else f"it is not one of its views ({', '.join(offered_views(posture, body_part))})"
               if chosen in known else f"{body_part} views are {', '.join(known)}")
        raise PostureLibraryError(f"{source}: posture '{posture.name}' has imagery_view "
                                  f"'{chosen}', but {why}")
    for view in (*posture.views, *excluded):
        if view not in known:
            raise PostureLibraryError(f"{source}: posture '{posture.name}' names the view "
                                      f"'{view}'; {body_part} views are {', '.join(known)}")
    for view in posture.views:
        if view in excluded:
            raise PostureLibraryError(
                f"{source}: posture '{posture.name}' asks for the view '{view}', which it "
                f"excludes ({excluded[view]}); remove it from views or excluded")
    if not offered_views(posture, body_part):
        raise PostureLibraryError(f"{source}: posture '{posture.name}' excludes every view")


def parse_library(text: str, body_part: BodyPart, source: str) -> dict[str, AnyPosture]:
    """Parse a posture library TOML ([name] tables); errors name file and posture."""
    data = load_toml(text, source)
    model = {"hand": Posture, "foot": FootPosture}.get(body_part, FigurePosture)
    found: dict[str, AnyPosture] = {}
    for name, table in data.items():
        if name in LIBRARY_KEYS:
            continue
        if not isinstance(table, dict):
            raise PostureLibraryError(f"{source}: '{name}' should be a table of angles")
        try:
            found[name] = model.model_validate({"name": name, **table})
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"])
            raise PostureLibraryError(f"{source}: posture '{name}', field '{field}': "
                                      f"{err['msg']}") from exc
        _check_views(found[name], body_part, source)
    return found


@cache
def hand_postures() -> Mapping[str, Posture]:
    text = asset("postures", "hand.toml").read_text("utf-8")
    return parse_library(text, "hand", "assets/postures/hand.toml")  # type: ignore[return-value]


@cache
def foot_postures() -> Mapping[str, FootPosture]:
    text = asset("postures", "foot.toml").read_text("utf-8")
    return parse_library(text, "foot", "assets/postures/foot.toml")  # type: ignore[return-value]


@cache
def figure_postures(body_part: BodyPart) -> Mapping[str, FigurePosture]:
    """The posture library of a body part drawn from the whole figure."""
    text = asset("postures", f"{body_part}.toml").read_text("utf-8")
    return parse_library(text, body_part, f"assets/postures/{body_part}.toml")  # type: ignore[return-value]


def postures_for(body_part: BodyPart) -> Mapping[str, AnyPosture]:
    if body_part == "hand":
        return hand_postures()
    if body_part == "foot":
        return foot_postures()
    return figure_postures(body_part)
