"""Drawing a posed surface: projection, z-buffer, skin shading, soft edges.

Shared by hands and feet. The light comes from straight above the viewer,
symmetric left-right, so a mirrored picture (the other side) is lit exactly
like the original and shading carries no hint of the side.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

from gmi.stimuli.raster import rasterize

# Base skin colours (BGR), light to dark, after common photographic skin tones.
SKIN_TONES: dict[str, tuple[int, int, int]] = {
    "light": (172, 196, 236),
    "medium": (120, 160, 212),
    "tan": (82, 122, 176),
    "dark": (52, 78, 120),
}
BACKGROUND = (238, 243, 246)  # BGR of the app's paper colour #F6F3EE: pictures sit on the page
_LIGHT = np.array([0.0, 0.55, 0.835], dtype=np.float32)  # camera space: above, in front
_HALF = ((_LIGHT + [0.0, 0.0, 1.0]) / np.linalg.norm(_LIGHT + [0.0, 0.0, 1.0])).astype(np.float32)
_FIT = 0.86  # fraction of the image the longest possible body part takes

# detail_fn(per-pixel attributes) -> (nail 0..1, crease 0..1, fade 0..1; 1 = fully drawn)
DetailFn = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]
# paint_fn(per-pixel attributes, skin colour) -> per-pixel albedo (N, 3) BGR: clothes, hair
PaintFn = Callable[[np.ndarray, np.ndarray], np.ndarray]


def camera(toward, up) -> np.ndarray:
    """Rows: screen right, screen up, toward the viewer (a proper rotation)."""
    toward = np.asarray(toward, dtype=float)
    up = np.asarray(up, dtype=float)
    return np.stack([np.cross(up, toward), up, toward])


def rotation_2d(clockwise_degrees: float) -> np.ndarray:
    a = np.radians(clockwise_degrees)
    return np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]])


def draw_surface(positions: np.ndarray, normals: np.ndarray, triangles: np.ndarray,
                 attributes: np.ndarray, detail: DetailFn, cam: np.ndarray, rotation: float,
                 skin: str, size: int, span: float, open_end: bool = True,
                 centre: np.ndarray | None = None, paint: PaintFn | None = None,
                 edge_fade: float = 0.0):
    """(image, covered pixel indices, nail, crease) of one posed surface.

    `span` is the longest extent (metres) any posture can have, so every
    picture of a body part is drawn at the same scale. `open_end`: the mesh
    has an open end (the hand's forearm) whose inside must never show.
    `centre`: the 3D point put at the picture's centre (a crop of a whole
    figure, like a photograph's frame); by default the surface is centred.
    `paint`: per-pixel colours other than skin (clothes, hair, eyes).
    `edge_fade`: a crop's soft cut (see frame_fade), as a fraction of half the
    picture; 0 keeps hard edges.
    """
    turn = rotation_2d(rotation)
    p = positions @ cam.T
    n = normals @ cam.T
    xy = p[:, :2] @ turn.T
    n[:, :2] = n[:, :2] @ turn.T
    scale = size * _FIT / span
    if centre is None:
        middle = (xy.max(axis=0) + xy.min(axis=0)) / 2
    else:
        middle = (np.asarray(centre, dtype=float) @ cam.T)[:2] @ turn.T
    screen = np.empty_like(xy)
    screen[:, 0] = size / 2 + (xy[:, 0] - middle[0]) * scale
    screen[:, 1] = size / 2 - (xy[:, 1] - middle[1]) * scale
    if centre is not None:  # a crop: triangles wholly outside the frame cost nothing
        inside = np.all((screen > -1) & (screen < size + 1), axis=1)
        triangles = triangles[inside[triangles].any(axis=1)]
    frags = rasterize(screen, p[:, 2], triangles, (size, size))

    # One interpolation for every per-vertex attribute, each kept as its own
    # contiguous row: per-pixel work on rows is several times faster than on
    # (N, 3) columns, and a frame is about 40,000 pixels of it.
    per_vertex = np.ascontiguousarray(np.concatenate([n, attributes], axis=1).T, np.float32)
    corners = triangles[frags.triangle].T
    bary = frags.bary.T.astype(np.float32)
    values = per_vertex[:, corners[0]] * bary[0]
    values += per_vertex[:, corners[1]] * bary[1]
    values += per_vertex[:, corners[2]] * bary[2]
    nx, ny, nz = values[:3]
    inv_length = 1.0 / (np.sqrt(nx * nx + ny * ny + nz * nz) + np.float32(1e-12))
    ny *= inv_length
    nz *= inv_length  # the light and the half vector lie in the y-z plane: x is never needed
    nail, crease, fade = detail(values[3:].T)
    fade = fade.astype(np.float32, copy=True)
    if edge_fade > 0:
        fade *= frame_fade(frags.pixel, size, rotation, edge_fade)
    if open_end:
        fade[nz < 0.0] = 0.0  # inside an open end: never shown

    wrap = np.float32(0.35)
    diffuse = np.clip((ny * _LIGHT[1] + nz * _LIGHT[2] + wrap) / (1 + wrap), 0, 1)
    spec = _power24(np.clip(ny * _HALF[1] + nz * _HALF[2], 0, 1)) * np.float32(0.10)
    rim = np.float32(0.78) + np.float32(0.22) * np.clip(nz, 0, 1)
    base = np.array(SKIN_TONES.get(skin, SKIN_TONES["medium"]), dtype=np.float32)
    nail_tint = base * 0.45 + np.array([210.0, 212.0, 245.0], dtype=np.float32) * 0.55
    if paint is None:
        albedo = base[None] + (nail_tint - base)[None] * nail[:, None]
    else:
        albedo = paint(values[3:].T, base).astype(np.float32)
    shade = (0.30 + 0.70 * diffuse) * rim * (1.0 - 0.30 * crease)
    colour = albedo * shade[:, None] + (255 * spec * (1 + 1.2 * nail))[:, None]
    background = np.array(BACKGROUND, dtype=np.float32)
    colour -= background
    colour *= fade[:, None]
    colour += background

    # composite inside the bounding box only, smoothing the silhouette
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
    import cv2  # here, not at the top: the skin tones are read at start-up without it

    alpha = cv2.GaussianBlur(mask, (3, 3), 0.6)
    # colour for the soft edge: the nearest drawn colour, grown by one pixel
    fill = cv2.dilate(box, np.ones((3, 3), np.uint8))
    np.copyto(fill, box, where=mask[:, :, None] > 0)
    fill -= background
    fill *= alpha[:, :, None]
    fill += background + np.float32(0.5)
    np.clip(fill, 0, 255, out=fill)
    out = _paper(size).copy()
    out[y0:y1, x0:x1] = fill
    return out, frags.pixel, nail * fade, crease * fade


def frame_fade(pixel: np.ndarray, size: int, rotation: float, band: float) -> np.ndarray:
    """1 inside, falling smoothly to 0 at the crop's edge and at the picture's edge.

    Why: a crop of a whole figure cuts the body (the waist of a knee picture,
    the thighs of a shoulder picture). Upright, a hard cut at the picture's
    border passes for a photograph's frame; turned, a person cut hard across
    reads as a body sliced, not as a turned photograph. So the crop is the
    upright square and the body fades out toward its edges over `band` (a
    fraction of half the picture), like the foot's fade above the ankle, and
    the picture is then turned: at 90, 180 and 270 degrees the crop's edges are
    the picture's own, and at other angles the picture's edges fade too, so no
    body part ever meets a border. Symmetric left-right: a mirrored picture
    fades exactly as its original.
    """
    half = size / 2
    ys, xs = np.divmod(pixel, size)
    x = (xs.astype(np.float32) + np.float32(0.5 - half)) / np.float32(half)
    y = (np.float32(half - 0.5) - ys.astype(np.float32)) / np.float32(half)  # up
    edge = np.maximum(np.abs(x), np.abs(y))
    if rotation % 90:  # the upright crop's coordinates (turn back), when they differ
        a = np.radians(rotation)
        c, s = np.float32(np.cos(a)), np.float32(np.sin(a))
        u, v = c * x - s * y, s * x + c * y
        edge = np.maximum(edge, np.maximum(np.abs(u), np.abs(v)))
    t = np.clip((1.0 - edge) / np.float32(band), 0, 1)
    return t * t * (3 - 2 * t)


def _power24(x: np.ndarray) -> np.ndarray:
    """x ** 24 by squaring: a float power per pixel costs more than all the shading."""
    x2 = x * x
    x4 = x2 * x2
    x8 = x4 * x4
    return x8 * x8 * x8


@lru_cache(maxsize=8)
def _paper(size: int) -> np.ndarray:
    """An empty picture (read-only; copy it): filling one per frame costs a millisecond."""
    image = np.empty((size, size, 3), dtype=np.uint8)
    image[:] = BACKGROUND
    image.setflags(write=False)
    return image


def layers_of(result, size: int, flip: bool):
    """(image, nail map, crease map) from draw_surface's result, mirrored if asked."""
    image, pixels, nail, crease = result
    maps = []
    for values in (nail, crease):
        layer = np.zeros(size * size, dtype=np.float32)
        layer[pixels] = values
        maps.append(layer.reshape(size, size))
    layers = (image, *maps)
    if flip:
        layers = tuple(np.ascontiguousarray(x[:, ::-1]) for x in layers)
    return layers
