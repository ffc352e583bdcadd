"""A foot and lower leg made for this app, posed from a FootPosture.

No openly licensed foot mesh could be vendored here (DESIGN.md's MakeHuman
base mesh is only reachable as a fetched repository, which may not be
committed), so the foot is built from lofted cross-sections: a heel, a
medial arch, a forefoot that widens toward the little toe, five toes with
the big toe longest and thickest, and the ankle bones (the inner one higher
and further forward than the outer one). Those are the cues that make a
left foot tell from a right one. Nails are drawn on the toes' upper side and
creases on the sole, as with hands.

Frame (right foot, metres): origin at the ankle joint, +y toward the toes,
+z up, +x to the outside (little-toe side), as in gmi.model.posture.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from gmi.model.posture import FootPosture

SEGMENTS = 28
SOLE_Z = -0.082
MTP_Y = 0.122  # the ball of the foot, where the toes bend
# toe: (base x, base y, length, half width, half height)
TOES = (
    (-0.022, 0.130, 0.054, 0.0135, 0.0120),
    (-0.001, 0.130, 0.042, 0.0092, 0.0085),
    (0.015, 0.125, 0.037, 0.0088, 0.0080),
    (0.029, 0.117, 0.032, 0.0084, 0.0076),
    (0.041, 0.106, 0.027, 0.0080, 0.0072),
)
# per-vertex detail columns: nail along/across/up-facing, sole crease, fade
_NAIL = slice(0, 3)


@dataclass(frozen=True, eq=False)
class FootMesh:
    positions: np.ndarray
    normals: np.ndarray
    triangles: np.ndarray
    weights: np.ndarray  # (V, 3): leg, foot, toes
    detail: np.ndarray  # (V, 5)

    def skin(self, posture: FootPosture) -> tuple[np.ndarray, np.ndarray]:
        """Posed positions and normals by linear blend of leg, foot and toes."""
        foot = _rot_y(posture.inversion) @ _rot_x(posture.ankle_flex)
        toes = foot @ _rot_x(posture.toes)
        pivot = np.array([0.0, MTP_Y, SOLE_Z + 0.012])
        p = self.positions
        w = self.weights
        posed = (w[:, :1] * p + w[:, 1:2] * (p @ foot.T)
                 + w[:, 2:3] * ((p - pivot) @ toes.T + pivot @ foot.T))
        normals = (w[:, :1] * self.normals + w[:, 1:2] * (self.normals @ foot.T)
                   + w[:, 2:3] * (self.normals @ toes.T))
        normals /= np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12
        return posed, normals


def _rot_x(deg: float) -> np.ndarray:
    a = np.radians(deg)
    return np.array([[1, 0, 0], [0, np.cos(a), -np.sin(a)], [0, np.sin(a), np.cos(a)]])


def _rot_y(deg: float) -> np.ndarray:
    a = np.radians(deg)
    return np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]])


def _smoothstep(a: float, b: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - a) / (b - a), 0, 1)
    return t * t * (3 - 2 * t)


def _superellipse(n: int, power: float) -> tuple[np.ndarray, np.ndarray]:
    theta = np.linspace(0, 2 * np.pi, n, endpoint=False)
    c, s = np.cos(theta), np.sin(theta)
    e = 2.0 / power
    return np.sign(c) * np.abs(c) ** e, np.sign(s) * np.abs(s) ** e


def _grid_triangles(rings: int, segments: int, offset: int) -> np.ndarray:
    i = np.arange(rings - 1)[:, None]
    j = np.arange(segments)[None, :]
    a = offset + i * segments + j
    b = offset + i * segments + (j + 1) % segments
    c = a + segments
    d = b + segments
    # counter-clockwise seen from outside (normals point out)
    return np.concatenate([np.stack([a, c, b], -1).reshape(-1, 3),
                           np.stack([b, c, d], -1).reshape(-1, 3)])


def _normals(positions: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    a, b, c = (positions[triangles[:, k]] for k in range(3))
    face = np.cross(b - a, c - a)
    out = np.zeros_like(positions)
    for k in range(3):
        np.add.at(out, triangles[:, k], face)
    return out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-12)


def _foot_body(rings: int = 30) -> np.ndarray:
    """Rings from heel to the rounded front of the forefoot, (rings, SEGMENTS, 3)."""
    cx, cz = _superellipse(SEGMENTS, 2.6)
    front = MTP_Y + 0.014
    ys = np.linspace(-0.080, front, rings)
    t = (ys - ys[0]) / (MTP_Y - ys[0])  # 0 heel .. 1 ball (and a little beyond)
    heel = np.sqrt(np.clip(1 - (1 - np.minimum(t / 0.17, 1)) ** 2, 0.03, 1))
    u = np.clip((ys - (MTP_Y - 0.004)) / (front - MTP_Y + 0.004), 0, 1)
    nose = np.sqrt(np.clip(1 - u ** 2, 0.03, 1))  # the forefoot rounds over into the toes
    half_width = (0.026 + 0.022 * _smoothstep(0.2, 0.95, t)) * heel * (0.55 + 0.45 * nose)
    centre_x = 0.001 + 0.007 * _smoothstep(0.3, 1.0, t)
    top = np.where(t < 0.3, 0.004 - 0.016 * (1 - t / 0.3) ** 2,
                   0.004 - 0.062 * _smoothstep(0.3, 1.08, t))
    bottom = np.full_like(ys, SOLE_Z)
    half_h = (top - bottom) / 2 * np.maximum(heel, 0.4) * np.maximum(nose, 0.55)
    mid_z = bottom + half_h + 0.0005
    rings_xyz = np.empty((rings, SEGMENTS, 3))
    rings_xyz[:, :, 0] = centre_x[:, None] + half_width[:, None] * cx[None]
    rings_xyz[:, :, 1] = ys[:, None]
    rings_xyz[:, :, 2] = mid_z[:, None] + half_h[:, None] * cz[None]
    # the medial arch: the inner half of the sole lifts in the midfoot
    arch = 0.013 * np.exp(-((t - 0.55) / 0.2) ** 2)
    medial_sole = np.clip(-cx, 0, 1)[None] * np.clip(-cz, 0, 1)[None]
    rings_xyz[:, :, 2] += arch[:, None] * medial_sole
    rings_xyz[-1] = rings_xyz[-1].mean(axis=0)  # close the front
    rings_xyz[0] = rings_xyz[0].mean(axis=0)  # and the heel
    return rings_xyz


def _leg(rings: int = 14, short: bool = False) -> np.ndarray:
    """The lower leg; `short` ends just above the ankle in a rounded top (for
    views from above or below, where a long leg would be seen end-on)."""
    cx, cy = _superellipse(SEGMENTS, 2.2)
    zs = np.linspace(SOLE_Z + 0.05, 0.035 if short else 0.15, rings)
    rx = 0.028 + 0.010 * _smoothstep(0.0, 0.15, zs)
    ry = 0.032 + 0.012 * _smoothstep(0.0, 0.15, zs)
    ring = np.empty((rings, SEGMENTS, 3))
    ring[:, :, 0] = rx[:, None] * cx[None]
    ring[:, :, 1] = -0.006 + ry[:, None] * cy[None]
    ring[:, :, 2] = zs[:, None]
    # ankle bones: the inner (medial, -x) one higher and further forward
    for side, z0, y0 in ((-1.0, 0.006, 0.004), (1.0, -0.006, -0.008)):
        bump = 0.007 * np.exp(-((ring[:, :, 2] - z0) / 0.012) ** 2
                              - ((ring[:, :, 1] - y0) / 0.014) ** 2)
        ring[:, :, 0] += side * bump * (np.sign(ring[:, :, 0]) == side)
    if short:  # a dome over the top
        dome = np.sqrt(np.clip(1 - ((zs - (zs[-1] - 0.02)) / 0.02).clip(0) ** 2, 0, 1))
        ring[:, :, 0] *= dome[:, None]
        ring[:, :, 1] = -0.006 + (ring[:, :, 1] + 0.006) * dome[:, None]
        ring[-1, :, :2] = ring[-1, :, :2].mean(axis=0)
    return ring


def _toe(base_x: float, base_y: float, length: float, half_w: float, half_h: float,
         rings: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """Rings of one toe and each vertex's position along it (0 base .. 1 tip)."""
    cx, cz = _superellipse(SEGMENTS, 2.3)
    t = np.linspace(0, 1, rings)
    taper = np.sqrt(np.clip(1 - ((t - 0.2) / 0.8).clip(0) ** 4, 0.0, 1)) * (1 - 0.15 * t)
    taper[-1] = 0.0
    ys = base_y - 0.012 + (length + 0.012) * t
    z_centre = SOLE_Z + half_h + 0.004 - 0.004 * t  # the toe tips rest near the ground
    ring = np.empty((rings, SEGMENTS, 3))
    ring[:, :, 0] = base_x + half_w * taper[:, None] * cx[None]
    ring[:, :, 1] = ys[:, None] + np.zeros(SEGMENTS)[None]
    ring[:, :, 2] = z_centre[:, None] + half_h * taper[:, None] * cz[None]
    along = np.repeat(t, SEGMENTS)
    return ring, along


@cache
def foot_mesh(short_leg: bool = False) -> FootMesh:
    parts = [("leg", _leg(short=short_leg), None), ("body", _foot_body(), None)]
    for n, toe in enumerate(TOES):
        ring, along = _toe(*toe)
        parts.append((f"toe{n}", ring, along))
    positions, triangles, kinds, alongs = [], [], [], []
    offset = 0
    for kind, ring, along in parts:
        rings = ring.shape[0]
        positions.append(ring.reshape(-1, 3))
        triangles.append(_grid_triangles(rings, SEGMENTS, offset))
        kinds += [kind] * (rings * SEGMENTS)
        alongs.append(along if along is not None else np.full(rings * SEGMENTS, -1.0))
        offset += rings * SEGMENTS
    pos = np.concatenate(positions)
    tri = np.concatenate(triangles)
    kinds_arr = np.array(kinds)
    along = np.concatenate(alongs)
    normals = _normals(pos, tri)

    is_leg = kinds_arr == "leg"
    is_toe = np.char.startswith(kinds_arr, "toe")
    w_toes = np.where(is_toe, _smoothstep(MTP_Y - 0.006, MTP_Y + 0.010, pos[:, 1]), 0.0)
    w_toes = np.where(~is_toe & ~is_leg, _smoothstep(MTP_Y - 0.004, MTP_Y + 0.012,
                                                     pos[:, 1]) * 0.8, w_toes)
    w_leg = np.where(is_leg, _smoothstep(SOLE_Z + 0.07, SOLE_Z + 0.11, pos[:, 2]), 0.0)
    w_foot = 1.0 - w_toes - w_leg
    weights = np.stack([w_leg, w_foot, w_toes], axis=1)

    detail = np.zeros((len(pos), 5))
    detail[:, 0] = np.where(is_toe, along, -10.0)
    toe_index = np.array([int(k[3:]) if k.startswith("toe") else 0 for k in kinds])
    centre_x = np.array([t[0] for t in TOES])[toe_index]
    half_w = np.array([t[3] for t in TOES])[toe_index]
    detail[:, 1] = np.where(is_toe, (pos[:, 0] - centre_x) / half_w, 0.0)
    detail[:, 2] = normals[:, 2]  # up-facing
    # sole creases: across the ball of the foot and under each toe's base
    detail[:, 3] = np.where(~is_leg, pos[:, 1], -1.0)
    detail[:, 4] = np.where(is_leg, pos[:, 2], -1.0)  # height, for the fade at the top
    return FootMesh(pos, normals, tri, weights, detail)


FOOT_SPAN = 0.27  # metres: heel to big toe with the leg, in any posture


def foot_detail(coords: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    along, across, up = coords[:, _NAIL].T
    ellipse = ((along - 0.78) / 0.2) ** 2 + (across / 0.75) ** 2
    facing = up > 0.35
    nail = np.where((ellipse < 1.0) & facing, np.clip((1.0 - ellipse) * 8, 0, 1), 0.0)
    rim = np.where(facing & (ellipse >= 0.8) & (ellipse < 1.3),
                   1.0 - np.abs(ellipse - 1.0) / 0.3, 0.0)
    sole = up < -0.6
    y = coords[:, 3]
    crease = np.zeros(len(coords))
    for line_y, width in ((MTP_Y - 0.012, 0.0016), (MTP_Y + 0.004, 0.0012),
                          (MTP_Y + 0.024, 0.0010)):
        crease = np.maximum(crease, np.where(sole, np.clip(1 - np.abs(y - line_y) / width,
                                                           0, 1), 0.0))
    height = coords[:, 4]
    fade = np.where(height > -0.5, np.clip((0.15 - height) / 0.05 - 0.2, 0, 1), 1.0)
    return nail, np.maximum(crease, 0.8 * rim), fade
