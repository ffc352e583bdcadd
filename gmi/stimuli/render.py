"""Shaded 3D hand stimuli: posture, side, view and rotation in, BGR image out.

A left hand is drawn as the mirror image of the right (the image is flipped),
as laterality research does, so the two sides differ only in side. The light
comes from straight above the viewer, symmetric left-right, so shading
carries no hint of the side. What lets a person decide the side is the
anatomy: the thumb, nails on the back of the hand, creases on the palm.
"""

from __future__ import annotations

import itertools
from functools import cache, lru_cache
from typing import Literal

import numpy as np

from gmi.model.posture import FINGERS, FootPosture, Posture, foot_postures, hand_postures
from gmi.model.stages import Side
from gmi.stimuli.mesh import HandMesh, hand_mesh
from gmi.stimuli.shading import (
    camera,
    draw_surface,
    layers_of,
)

HandView = Literal["back", "palm", "side"]
HAND_VIEWS: tuple[HandView, ...] = ("back", "palm", "side")

_SPAN = 0.20  # metres: the longest a hand gets in any posture


def _camera(view: HandView) -> np.ndarray:
    """In the mesh the back of the right hand faces +X, fingers point -Y and the
    thumb lies toward -Z; fingers point up on screen at rotation 0."""
    toward = {"back": (1.0, 0, 0), "palm": (-1.0, 0, 0), "side": (0, 0, -1.0)}[view]
    return camera(toward, (0.0, -1.0, 0.0))


def _local(inverse_bind: np.ndarray, points: np.ndarray) -> np.ndarray:
    return points @ inverse_bind[:3, :3].T + inverse_bind[:3, 3]


def _local_dir(inverse_bind: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    return vectors @ inverse_bind[:3, :3].T


# Per-vertex surface coordinates for the details, columns:
_NAIL = slice(0, 3)  # along the nail bed (0 joint, 1 tip), across, dorsal-facing
_CREASE = slice(3, 5)  # distance to the nearest finger joint (m), palm-facing
_PALM = slice(5, 8)  # u toward the fingers, v across, palm-facing (palm vertices)


@cache
def _detail_coordinates(mesh: HandMesh) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """Bind-pose coordinates that nails and creases are drawn from.

    Local coordinates are affine in position, so interpolating them across a
    triangle equals computing them per pixel: the details stay sharp at any
    size while the per-pixel work is one interpolation.
    """
    dominant = mesh.joints[np.arange(len(mesh.joints)), mesh.weights.argmax(axis=1)]
    coords = np.zeros((len(mesh.positions), 8))
    coords[:, 0] = -10.0  # far from any nail
    coords[:, 3] = 1.0  # far from any joint crease
    for finger in FINGERS:
        chain = mesh.chain(finger)
        distal, tip = chain[-1], mesh.tip(finger)
        mine = np.isin(dominant, [*chain[1:], tip])
        inv = mesh.inverse_bind[distal]
        length = float(np.linalg.norm(mesh.bind[tip][:3, 3] - mesh.bind[distal][:3, 3]))
        nail_zone = np.isin(dominant, [distal, tip])
        local = _local(inv, mesh.positions[nail_zone])
        half_width = float(np.abs(local[:, 0]).max())
        coords[nail_zone, 0] = -local[:, 2] / length
        coords[nail_zone, 1] = local[:, 0] / half_width
        coords[nail_zone, 2] = _local_dir(inv, mesh.normals[nail_zone])[:, 1]
        # joint creases on the palm side of this finger's joints
        gaps = np.stack([np.abs(_local(mesh.inverse_bind[j], mesh.positions[mine])[:, 2])
                         for j in chain[1:]])
        nearest = gaps.argmin(axis=0)
        coords[mine, 3] = gaps.min(axis=0)
        joint_inv = mesh.inverse_bind[np.array(chain[1:])[nearest]]
        coords[mine, 4] = -np.einsum("vj,vj->v", joint_inv[:, 1, :3], mesh.normals[mine])
    palm_inv = mesh.inverse_bind[mesh.joint("wrist")]
    palm = _local(palm_inv, mesh.positions)
    coords[:, 5] = -palm[:, 2]
    coords[:, 6] = palm[:, 0]
    coords[:, 7] = -_local_dir(palm_inv, mesh.normals)[:, 1]

    def uv(name: str) -> np.ndarray:
        q = _local(palm_inv, mesh.bind[mesh.joint(name)][:3, 3][None])[0]
        return np.array([-q[2], q[0]])

    index, middle = uv("index-finger-phalanx-proximal"), uv("middle-finger-phalanx-proximal")
    ring, little = uv("ring-finger-phalanx-proximal"), uv("pinky-finger-phalanx-proximal")
    thumb = uv("thumb-metacarpal")
    heart = _bezier(little + [-0.016, 0.008], ring + [-0.020, 0.0],
                    (index + middle) / 2 + [-0.012, 0.0])
    head = _bezier(index + [-0.028, -0.006], middle + [-0.034, 0.0], little + [-0.040, -0.002])
    life = _bezier(index + [-0.030, -0.004], thumb + [0.012, 0.028],
                   np.array([0.012, (thumb[1] * 0.4 + middle[1] * 0.6)]))
    return coords, (heart, head, life)


def _bezier(start: np.ndarray, control: np.ndarray, end: np.ndarray, steps: int = 10):
    """A quadratic curve as a polyline: palm creases are gentle arcs."""
    t = np.linspace(0, 1, steps)[:, None]
    return (1 - t) ** 2 * start + 2 * (1 - t) * t * control + t ** 2 * end


@cache
def _drawn_triangles(mesh: HandMesh) -> np.ndarray:
    """All triangles but those of the cap closing the forearm, which fades out."""
    u = _detail_coordinates(mesh)[0][:, 5]
    return mesh.triangles[u[mesh.triangles].max(axis=1) > u.min() + 0.008]


def _line_darkening(uv: np.ndarray, path: np.ndarray, width: float) -> np.ndarray:
    """1 on the polyline `path`, falling to 0 at `width` away (uv in metres)."""
    out = np.zeros(len(uv), dtype=np.float32)
    lo, hi = path.min(axis=0) - width, path.max(axis=0) + width
    near = np.nonzero(np.all((uv >= lo) & (uv <= hi), axis=1))[0]
    if near.size == 0:
        return out
    pts = uv[near]
    best = np.full(len(pts), np.inf)
    for a, b in itertools.pairwise(path):
        ab = b - a
        t = np.clip(((pts - a) @ ab) / (ab @ ab), 0.0, 1.0)
        best = np.minimum(best, np.hypot(*(pts - (a + t[:, None] * ab)).T))
    out[near] = np.clip(1.0 - best / width, 0, 1)
    return out


def _surface_detail(coords: np.ndarray, creases: tuple[np.ndarray, ...]):
    """Per-pixel nail amount and crease darkening (both 0..1)."""
    along, across, dorsal = coords[:, _NAIL].T
    ellipse = ((along - 0.58) / 0.48) ** 2 + (across / 0.86) ** 2
    facing = dorsal > 0.35
    nail = np.where((ellipse < 1.0) & facing, np.clip((1.0 - ellipse) * 8, 0, 1), 0.0)
    # a thin darker fold around the nail (the cuticle and side folds)
    rim = np.where(facing & (ellipse >= 0.8) & (ellipse < 1.25),
                   1.0 - np.abs(ellipse - 1.0) / 0.25, 0.0)
    gap, palm_facing = coords[:, _CREASE].T
    crease = np.where(palm_facing > 0.55, np.clip(1.0 - gap / 0.0012, 0, 1), 0.0)
    on_palm = np.nonzero(coords[:, 7] > 0.6)[0]
    if on_palm.size:
        uv = coords[on_palm, 5:7]
        lines = np.max([_line_darkening(uv, path, 0.0011) for path in creases], axis=0)
        crease[on_palm] = np.maximum(crease[on_palm], lines)
    return nail, np.maximum(crease, 0.8 * rim)


def render_hand(
    posture: Posture,
    side: Side = "right",
    view: HandView = "back",
    rotation: float = 0.0,
    skin: str = "medium",
    size: int = 512,
) -> np.ndarray:
    """Draw one hand stimulus; `rotation` is clockwise degrees from fingers-up."""
    if side == "left":  # the mirror image of the right hand turned the other way
        return np.ascontiguousarray(_render(posture, view, -rotation, skin, size)[0][:, ::-1])
    return _render(posture, view, rotation, skin, size)[0]


def render_hand_layers(
    posture: Posture,
    side: Side = "right",
    view: HandView = "back",
    rotation: float = 0.0,
    skin: str = "medium",
    size: int = 512,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The image plus where nails and creases were drawn (size x size, 0..1)."""
    flip = side == "left"
    return layers_of(_render(posture, view, -rotation if flip else rotation, skin, size),
                     size, flip)


def _hand_detail(coords: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    _, creases = _detail_coordinates(hand_mesh())
    nail, crease = _surface_detail(coords, creases)
    # the arm ends softly instead of at a cut: fade over its last 3 cm
    fade = np.clip((coords[:, 5] - _arm_end(hand_mesh())) / 0.03 - 0.25, 0, 1)
    return nail, crease, fade


@cache
def _arm_end(mesh: HandMesh) -> float:
    return float(_detail_coordinates(mesh)[0][:, 5].min())


def _render(posture: Posture, view: HandView, rotation: float, skin: str, size: int):
    """Right hand: (image, covered pixel indices, nail amount, crease amount)."""
    mesh = hand_mesh()
    positions, normals = mesh.skin(posture)
    detail, _ = _detail_coordinates(mesh)
    return draw_surface(positions, normals, _drawn_triangles(mesh), detail, _hand_detail,
                        _camera(view), rotation, skin, size, _SPAN)


@lru_cache(maxsize=256)
def render_hand_cached(posture_name: str, side: Side, view: HandView, rotation: float,
                       skin: str, size: int = 512) -> np.ndarray:
    """Cached rendering by posture name (the common path for stimulus sets)."""
    image = render_hand(hand_postures()[posture_name], side, view, rotation, skin, size)
    image.setflags(write=False)
    return image


ARM_SPAN = 0.31  # metres: hand and the drawn forearm, in any posture


def _arm_camera(view: HandView, frame) -> np.ndarray:
    """Fingers up on screen at rotation 0; the side view is from the thumb's side."""
    toward = {"back": frame.back, "palm": -frame.back, "side": -frame.across}[view]
    return camera(toward, frame.fingers)


def render_arm_layers(posture: Posture, side: Side = "right", view: HandView = "back",
                      rotation: float = 0.0, skin: str = "medium", size: int = 512,
                      shape: str = "average"):
    """A hand with part of its forearm (image, nail map, crease map); left = mirror."""
    from gmi.stimuli.arm import arm_mesh, hand_detail, hand_details, hand_frame, hand_turns

    flip = side == "left"
    mesh = arm_mesh(shape)
    positions, normals = mesh.skin(hand_turns(mesh, posture))
    result = draw_surface(positions, normals, mesh.triangles, hand_details(mesh), hand_detail,
                          _arm_camera(view, hand_frame(mesh)), -rotation if flip else rotation,
                          skin, size, ARM_SPAN)
    return layers_of(result, size, flip)


def render_arm(posture: Posture, side: Side = "right", view: HandView = "back",
               rotation: float = 0.0, skin: str = "medium", size: int = 512,
               shape: str = "average") -> np.ndarray:
    return render_arm_layers(posture, side, view, rotation, skin, size, shape)[0]


FootView = Literal["top", "sole", "side"]
FOOT_VIEWS: tuple[FootView, ...] = ("top", "sole", "side")


FOOT_SPAN = 0.34  # metres: the longest the foot with its cut leg gets in any posture


def _foot_camera(view: str) -> np.ndarray:
    """Toes point up on screen at rotation 0; the side view is from the inner side.

    Body frame: z up, -y forward, +x toward the body's left (the right foot's
    inner side). The top view looks down from above and in front, as one sees
    one's own foot: the shin then runs away below the heel and fades, instead
    of being seen end-on as a cut disc."""
    if view == "top":
        from gmi.stimuli.feet import TOP_TILT

        tilt = np.radians(TOP_TILT)
        return camera((0.0, -np.sin(tilt), np.cos(tilt)), (0.0, -np.cos(tilt), -np.sin(tilt)))
    toward = {"sole": (0, 0, -1.0), "side": (1.0, 0, 0)}[view]
    return camera(toward, (0.0, -1.0, 0.0))


def render_foot_layers(posture: FootPosture, side: Side = "right", view: str = "top",
                       rotation: float = 0.0, skin: str = "medium", size: int = 512,
                       shape: str = "average"):
    """A foot stimulus (image, nail map, crease map); left = mirror of right."""
    from gmi.stimuli.feet import (
        foot_detail,
        foot_detail_sole,
        foot_detail_top,
        foot_details,
        foot_mesh,
        foot_turns,
    )

    flip = side == "left"
    mesh = foot_mesh(shape)
    positions, normals = mesh.skin(foot_turns(mesh, posture))
    detail = {"sole": foot_detail_sole, "top": foot_detail_top}.get(view, foot_detail)
    result = draw_surface(positions, normals, mesh.triangles, foot_details(mesh), detail,
                          _foot_camera(view), -rotation if flip else rotation, skin, size,
                          FOOT_SPAN)
    return layers_of(result, size, flip)


def render_foot(posture: FootPosture, side: Side = "right", view: str = "top",
                rotation: float = 0.0, skin: str = "medium", size: int = 512,
                shape: str = "average") -> np.ndarray:
    return render_foot_layers(posture, side, view, rotation, skin, size, shape)[0]


@lru_cache(maxsize=256)
def render_cached(body_part: str, posture_name: str, side: Side, view: str, rotation: float,
                  skin: str, size: int = 512, shape: str = "average") -> np.ndarray:
    """Any stimulus by body part and posture name, cached and read-only.

    Hands are the MakeHuman hand with part of its forearm (render_arm); the
    WebXR hand (render_hand) stays for the tracking ground-truth videos."""
    if body_part == "hand":
        image = render_arm(hand_postures()[posture_name], side, view, rotation, skin, size,
                           shape)  # type: ignore[arg-type]
    elif body_part != "foot":
        from gmi.model.posture import figure_postures

        image = render_figure(body_part, figure_postures(body_part)[posture_name],  # type: ignore[arg-type]
                              side, view, rotation, skin, size, shape)
    else:
        image = render_foot(foot_postures()[posture_name], side, view, rotation, skin, size,
                            shape)
    image.setflags(write=False)
    return image


FigureView = Literal["front", "back", "side"]
FIGURE_VIEWS: tuple[FigureView, ...] = ("front", "back", "side")
# The crop of the whole figure each body part is seen in, as a photograph
# would frame it: (height of the picture's centre above the rig's origin at
# the hips, metres; span of the picture, metres). Fixed per body part, so
# every picture of one is drawn at the same scale and place.
FIGURE_CROPS: dict[str, tuple[float, float]] = {
    "neck": (0.66, 0.62),  # head and shoulders
    "back": (0.36, 1.12),  # trunk, from the hips to above the head
    "shoulder": (0.50, 1.30),  # upper body, room for an arm raised overhead
    "knee": (-0.36, 1.20),  # legs, from the hips to the feet
}


# A seated person is lower (this rig keeps the hips still, so the feet rise to
# a floor about 0.43 m higher) and reaches forward: their crop is centred this
# far forward and this high (metres) instead, at the same scale, so the chair
# and an outstretched foot stay inside the picture.
SEATED_CROPS: dict[str, tuple[float, float]] = {"knee": (0.30, -0.08)}

# The crop's soft cut (shading.frame_fade): the body fades out over the margin
# around the body part's fitted span (shading._FIT: 0.86 of the picture, so the
# outer 0.14 of half the picture, about 36 px of 512) instead of being cut at
# the border; whatever lies within the span (a hand raised to the side, a foot
# kicked forward) is drawn whole.
CROP_FADE = 0.14


def _figure_camera(view: str) -> np.ndarray:
    """Front: the person faces the viewer; side: seen from their right (the
    mirrored picture, a left posture, is then seen from their left)."""
    from gmi.stimuli.figure import FORWARD, RIGHT, UP

    toward = {"front": FORWARD, "back": -FORWARD, "side": RIGHT}[view]
    return camera(toward, UP)


def render_figure(body_part: str, posture, side: Side = "right", view: str = "front",
                  rotation: float = 0.0, skin: str = "medium", size: int = 512,
                  shape: str = "average") -> np.ndarray:
    """A person in `posture` (of their right side), cropped for `body_part`;
    the left is the mirror image, turned the other way."""
    from gmi.stimuli.figure import (
        figure_detail,
        figure_details,
        figure_mesh,
        figure_paint,
        figure_turns,
    )

    flip = side == "left"
    mesh = figure_mesh(shape)
    positions, normals = mesh.skin(figure_turns(mesh, posture))
    triangles, details = mesh.triangles, figure_details(mesh)
    if getattr(posture, "seated", False):
        positions, normals, triangles, details = _with_chair(mesh, positions, normals,
                                                             details)
    height, span = FIGURE_CROPS[body_part]
    centre = np.array([0.0, 0.0, height])
    if getattr(posture, "seated", False) and body_part in SEATED_CROPS:
        from gmi.stimuli.figure import FORWARD, UP

        forward, height = SEATED_CROPS[body_part]
        centre = FORWARD * forward + UP * height
    result = draw_surface(positions, normals, triangles, details, figure_detail,
                          _figure_camera(view), -rotation if flip else rotation, skin, size,
                          span, open_end=False, centre=centre, paint=figure_paint,
                          edge_fade=CROP_FADE)
    return layers_of(result, size, flip)[0]


def _with_chair(mesh, positions, normals, details):
    """The posed figure and a chair fitted under it, as one surface (one z-buffer:
    the thighs rest on the seat); the chair's vertices carry a last column of 1
    (figure_paint colours it), the figure's a 0."""
    from gmi.stimuli.chair import chair_for

    chair = chair_for(mesh, positions)
    count = len(positions)
    columns = np.zeros((count + len(chair.positions), details.shape[1] + 1))
    columns[:count, :-1] = details
    columns[count:, -1] = 1.0
    return (np.concatenate([positions, chair.positions]),
            np.concatenate([normals, chair.normals]),
            np.concatenate([mesh.triangles, chair.triangles + count]), columns)
