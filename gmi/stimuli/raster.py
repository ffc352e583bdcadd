"""A small z-buffer triangle rasteriser in numpy.

Painter's sorting by triangle centroid leaves bands at curled finger joints
where faces overlap (DESIGN.md section 1), so every pixel keeps the nearest
fragment instead. Triangles are processed in chunks of similar bounding-box
size so each chunk is one vectorised pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_CHUNK = 512


@dataclass
class Fragments:
    """The visible surface: per covered pixel, its triangle and barycentrics."""

    pixel: np.ndarray  # flat pixel index (N,)
    triangle: np.ndarray  # (N,)
    bary: np.ndarray  # (N, 3)
    shape: tuple[int, int]


def rasterize(screen: np.ndarray, depth: np.ndarray, triangles: np.ndarray,
              shape: tuple[int, int]) -> Fragments:
    """Visible fragments of `triangles` over vertices at `screen` (x, y pixels).

    `depth` grows toward the viewer. Back faces (clockwise on screen, since
    y grows downward) are culled.
    """
    height, width = shape
    tri = triangles
    screen = screen.astype(np.float32)
    p0, p1, p2 = screen[tri[:, 0]], screen[tri[:, 1]], screen[tri[:, 2]]
    area = (p1[:, 0] - p0[:, 0]) * (p2[:, 1] - p0[:, 1]) - (p1[:, 1] - p0[:, 1]) * (
        p2[:, 0] - p0[:, 0])
    keep = area < -1e-9  # counter-clockwise in a y-down image = facing the viewer
    tri_ids = np.nonzero(keep)[0]
    lo = np.floor(np.minimum(np.minimum(p0, p1), p2)[keep]).astype(np.int64)
    hi = np.ceil(np.maximum(np.maximum(p0, p1), p2)[keep]).astype(np.int64)
    lo = np.clip(lo, 0, [width - 1, height - 1])
    hi = np.clip(hi, 0, [width - 1, height - 1])
    size = hi - lo + 1
    order = np.argsort(size[:, 0] * size[:, 1])

    pix_parts, tri_parts, bary_parts, z_parts = [], [], [], []
    for start in range(0, len(order), _CHUNK):
        sel = order[start:start + _CHUNK]
        ids = tri_ids[sel]
        w_max, h_max = size[sel].max(axis=0)
        xs = lo[sel, 0, None, None] + np.arange(w_max)[None, None, :]
        ys = lo[sel, 1, None, None] + np.arange(h_max)[None, :, None]
        px = xs.astype(np.float32) + np.float32(0.5)
        py = ys.astype(np.float32) + np.float32(0.5)
        a, b, c = screen[tri[ids, 0]], screen[tri[ids, 1]], screen[tri[ids, 2]]
        inv = (1.0 / area[ids][:, None, None]).astype(np.float32)
        w0 = ((b[:, 0, None, None] - px) * (c[:, 1, None, None] - py)
              - (b[:, 1, None, None] - py) * (c[:, 0, None, None] - px)) * inv
        w1 = ((c[:, 0, None, None] - px) * (a[:, 1, None, None] - py)
              - (c[:, 1, None, None] - py) * (a[:, 0, None, None] - px)) * inv
        w2 = 1.0 - w0 - w1
        inside = (w0 >= 0) & (w1 >= 0) & (w2 >= 0)
        inside &= (xs <= hi[sel, 0, None, None]) & (ys <= hi[sel, 1, None, None])
        n, yy, xx = np.nonzero(inside)
        if n.size == 0:
            continue
        bary = np.stack([w0[n, yy, xx], w1[n, yy, xx], w2[n, yy, xx]], axis=1)
        t = ids[n]
        z = (bary * depth[tri[t]]).sum(axis=1)
        pix_parts.append(ys[n, yy, 0] * width + xs[n, 0, xx])
        tri_parts.append(t)
        bary_parts.append(bary)
        z_parts.append(z)

    if not pix_parts:
        empty = np.zeros(0, dtype=np.int64)
        return Fragments(empty, empty, np.zeros((0, 3)), shape)
    pix = np.concatenate(pix_parts)
    z = np.concatenate(z_parts)
    zbuf = np.full(height * width, -np.inf)
    np.maximum.at(zbuf, pix, z)
    front = z >= zbuf[pix]  # exact ties (shared edges) may keep two; either is right
    return Fragments(
        pixel=pix[front],
        triangle=np.concatenate(tri_parts)[front],
        bary=np.concatenate(bary_parts)[front],
        shape=shape,
    )
