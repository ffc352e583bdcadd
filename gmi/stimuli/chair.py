"""A plain chair under a seated figure, fitted to the posed body.

A person in a seated knee posture with nothing under them reads as someone
floating, not sitting. The chair is a few flat-shaded boxes (seat, four legs,
two back posts and a rail), built in code from the posed figure: the seat's
top at the underside of the thighs, its front edge behind the knees, its back
behind the buttocks, its legs down to the still foot's sole. So it fits any
body shape and posture without an asset to keep in step with the mesh.

It is symmetric about the body's midline (x = 0) and drawn with the figure in
the right-side picture, so the left picture (the mirror image) has the very
same chair: the chair carries no hint of the side. Its posts stand at the
seat's corners, outside the legs, so from the front and behind they frame the
legs instead of covering them. Frame as gmi.stimuli.figure: z up, -y forward,
+x toward the body's left.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from gmi.stimuli.body import BodyMesh

SEAT_THICKNESS = 0.045  # metres
POST = 0.036  # square legs and back posts
SINK = 0.012  # the seat's top sits this far into the thighs' underside: flesh on a seat
KNEE_ROOM = 0.09  # the seat's front edge stops this far behind the front of the knees
BACK_HEIGHT = 0.40  # the back posts rise this far above the seat
RAIL = (0.24, 0.38)  # the back rail, from and to this far above the seat
COLOUR = np.array([140.0, 134.0, 126.0])  # BGR: a plain slate grey, neither wood nor skin


@dataclass(frozen=True)
class ChairMesh:
    positions: np.ndarray  # (V, 3)
    normals: np.ndarray  # (V, 3), flat per face
    triangles: np.ndarray  # (T, 3), indices into positions
    seat_top: float  # height of the seat's top (metres, z)
    floor: float  # where its legs stand
    front: float  # y of the seat's front edge (forward is -y)


@cache
def _groups(mesh: BodyMesh) -> tuple[np.ndarray, np.ndarray]:
    """(thigh vertices of both legs, sole vertices of the still left leg)."""
    index = {name: i + 1 for i, name in enumerate(mesh.bones)}
    dominant = mesh.joints[np.arange(len(mesh.joints)), mesh.weights.argmax(axis=1)]
    thighs = [index[f"upperleg0{n}.{s}"] for n in (1, 2) for s in "RL"]
    return (np.nonzero(np.isin(dominant, thighs))[0],
            np.nonzero(dominant == index["foot.L"])[0])


def _box(lo, hi) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """An axis-aligned box: 4 vertices per face (flat shading), counter-clockwise
    seen from outside, as the body mesh's triangles are."""
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    centre, half = (lo + hi) / 2, (hi - lo) / 2
    points, normals = [], []
    for axis in range(3):
        for sign in (-1.0, 1.0):
            normal = np.zeros(3)
            normal[axis] = sign
            u = np.zeros(3)
            u[(axis + 1) % 3] = 1.0
            v = np.cross(normal, u)  # u x v = normal: outward
            middle = centre + normal * half
            for a, b in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
                points.append(middle + (a * u + b * v) * half)
                normals.append(normal)
    faces = np.array([[0, 1, 2], [0, 2, 3]])
    triangles = np.concatenate([faces + 4 * f for f in range(6)])
    return np.array(points), np.array(normals), triangles


def chair_for(mesh: BodyMesh, positions: np.ndarray) -> ChairMesh:
    """A chair under the figure posed at `positions` (a seated posture)."""
    thighs, sole = _groups(mesh)
    thigh = positions[thighs]
    top = float(np.percentile(thigh[:, 2], 1.0)) + SINK
    floor = float(positions[sole, 2].min())
    # the front of each knee is its thigh's most forward point; the seat stops
    # behind the nearer one, so neither lower leg hangs over the seat's edge
    knees = [thigh[thigh[:, 0] * s > 0, 1].min() for s in (-1, 1)]
    front = max(knees) + KNEE_ROOM
    below = positions[(positions[:, 2] < top + 0.12) & (np.abs(positions[:, 0]) < 0.2)]
    back = float(below[:, 1].max()) + 0.03
    half = float(np.abs(thigh[:, 0]).max()) + 0.04
    parts = [_box((-half, front, top - SEAT_THICKNESS), (half, back, top))]
    for x in (-half, half - POST):
        for y in (front, back - POST):
            parts.append(_box((x, y, floor), (x + POST, y + POST, top - SEAT_THICKNESS)))
        parts.append(_box((x, back - POST, top), (x + POST, back, top + BACK_HEIGHT)))
    parts.append(_box((-half + POST, back - POST * 0.7, top + RAIL[0]),
                      (half - POST, back - POST * 0.1, top + RAIL[1])))
    points, normals, triangles, count = [], [], [], 0
    for p, n, t in parts:
        points.append(p)
        normals.append(n)
        triangles.append(t + count)
        count += len(p)
    return ChairMesh(np.concatenate(points), np.concatenate(normals),
                     np.concatenate(triangles), top, floor, front)


__all__ = ["COLOUR", "ChairMesh", "chair_for"]
