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

import cv2
import numpy as np

from gmi.model.posture import FINGERS, Posture, hand_postures
from gmi.model.stages import Side
from gmi.stimuli.mesh import HandMesh, hand_mesh
from gmi.stimuli.raster import rasterize

HandView = Literal["back", "palm", "side"]
HAND_VIEWS: tuple[HandView, ...] = ("back", "palm", "side")

# Base skin colours (BGR), light to dark, after common photographic skin tones.
SKIN_TONES: dict[str, tuple[int, int, int]] = {
    "light": (172, 196, 236),
    "medium": (120, 160, 212),
    "tan": (82, 122, 176),
    "dark": (52, 78, 120),
}
BACKGROUND = (238, 243, 246)  # BGR of the app's paper colour #F6F3EE: pictures sit on the page
_LIGHT = np.array([0.0, 0.55, 0.835])  # camera space: from above and in front
_HALF = (_LIGHT + np.array([0.0, 0.0, 1.0])) / np.linalg.norm(_LIGHT + [0.0, 0.0, 1.0])
_FIT = 0.86  # fraction of the image the longest possible hand takes


def _camera(view: HandView) -> np.ndarray:
    """Rows: screen right, screen up, toward the viewer (a proper rotation).

    In the mesh, the back of the right hand faces +X, fingers point -Y and the
    thumb lies toward -Z.
    """
    toward = {"back": (1.0, 0, 0), "palm": (-1.0, 0, 0), "side": (0, 0, -1.0)}[view]
    up = np.array([0.0, -1.0, 0.0])
    toward = np.array(toward)
    right = np.cross(up, toward)
    return np.stack([right, up, toward])


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


def _rotation_2d(clockwise_degrees: float) -> np.ndarray:
    a = np.radians(clockwise_degrees)
    return np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])


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
    image, frags_pixel, nail, crease = _render(posture, view, -rotation if flip else rotation,
                                               skin, size)
    maps = []
    for values in (nail, crease):
        layer = np.zeros(size * size, dtype=np.float32)
        layer[frags_pixel] = values
        maps.append(layer.reshape(size, size))
    layers = (image, *maps)
    if flip:
        layers = tuple(np.ascontiguousarray(x[:, ::-1]) for x in layers)
    return layers  # type: ignore[return-value]


def _render(posture: Posture, view: HandView, rotation: float, skin: str, size: int):
    """Right hand: (image, covered pixel indices, nail amount, crease amount)."""
    mesh = hand_mesh()
    positions, normals = mesh.skin(posture)
    cam = _camera(view)
    turn = _rotation_2d(rotation)
    p = positions @ cam.T
    n = normals @ cam.T
    xy = p[:, :2] @ turn.T
    n[:, :2] = n[:, :2] @ turn.T

    scale = size * _FIT / 0.20  # a 20 cm span fills _FIT of the image
    centre = (xy.max(axis=0) + xy.min(axis=0)) / 2
    screen = np.empty_like(xy)
    screen[:, 0] = size / 2 + (xy[:, 0] - centre[0]) * scale
    screen[:, 1] = size / 2 - (xy[:, 1] - centre[1]) * scale
    triangles = _drawn_triangles(mesh)
    frags = rasterize(screen, p[:, 2], triangles, (size, size))

    # one gather and one interpolation for every per-vertex attribute
    detail, creases = _detail_coordinates(mesh)
    attributes = np.concatenate([n, detail], axis=1).astype(np.float32)
    values = np.einsum("nk,nkc->nc", frags.bary.astype(np.float32),
                       attributes[triangles[frags.triangle]])
    normal = values[:, :3]
    normal /= np.linalg.norm(normal, axis=1, keepdims=True) + 1e-12
    coords = values[:, 3:]

    wrap = 0.35
    diffuse = np.clip((normal @ _LIGHT.astype(np.float32) + wrap) / (1 + wrap), 0, 1)
    spec = np.clip(normal @ _HALF.astype(np.float32), 0, 1) ** 24 * 0.10
    rim = 0.78 + 0.22 * np.clip(normal[:, 2], 0, 1)
    base = np.array(SKIN_TONES.get(skin, SKIN_TONES["medium"]), dtype=np.float32)
    nail, crease = _surface_detail(coords, creases)
    nail_tint = base * 0.45 + np.array([210.0, 212.0, 245.0], dtype=np.float32) * 0.55
    albedo = base[None] + (nail_tint - base)[None] * nail[:, None]
    albedo *= (1.0 - 0.30 * crease)[:, None]
    shade = (0.30 + 0.70 * diffuse) * rim
    colour = albedo * shade[:, None] + (255 * spec * (1 + 1.2 * nail))[:, None]
    # the arm ends softly instead of at a cut: fade over its last 3 cm
    fade = np.clip((coords[:, 5] - detail[:, 5].min()) / 0.03 - 0.25, 0, 1)
    fade[normal[:, 2] < 0.0] = 0.0  # the inside of the open end is never shown
    background = np.array(BACKGROUND, dtype=np.float32)
    colour = background + (colour - background) * fade[:, None]

    # composite inside the hand's bounding box only, smoothing the silhouette
    ys, xs = np.divmod(frags.pixel, size)
    y0, y1 = max(ys.min() - 2, 0), min(ys.max() + 3, size)
    x0, x1 = max(xs.min() - 2, 0), min(xs.max() + 3, size)
    h, w = y1 - y0, x1 - x0
    local = (ys - y0) * w + (xs - x0)
    box = np.zeros((h * w, 3), dtype=np.float32)
    box[local] = colour
    mask = np.zeros(h * w, dtype=np.float32)
    mask[local] = 1.0
    box, mask = box.reshape(h, w, 3), mask.reshape(h, w)
    alpha = cv2.GaussianBlur(mask, (3, 3), 0.6)[:, :, None]
    grown = cv2.dilate(box, np.ones((3, 3), np.uint8))  # colour for the soft edge
    fill = np.where(mask[:, :, None] > 0, box, grown)
    out = np.empty((size, size, 3), dtype=np.uint8)
    out[:] = BACKGROUND
    out[y0:y1, x0:x1] = np.clip(background + (fill - background) * alpha + 0.5, 0, 255)
    return out, frags.pixel, nail * fade, crease * fade


@lru_cache(maxsize=256)
def render_hand_cached(posture_name: str, side: Side, view: HandView, rotation: float,
                       skin: str, size: int = 512) -> np.ndarray:
    """Cached rendering by posture name (the common path for stimulus sets)."""
    image = render_hand(hand_postures()[posture_name], side, view, rotation, skin, size)
    image.setflags(write=False)
    return image
