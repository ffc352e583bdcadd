"""The trail on Home: a quiet picture of practice wearing a new path.

Persistent pain is often explained as a trail worn by walking it every day;
graded motor imagery is the daily walk that wears a new one. Showing that
trail, clearer after each day practised and only slowly fading over missed
days, gives a small win without numbers, streaks or anything to lose. It never
fades to nothing: coming back after a break should find a trail still there.

Everything is drawn with QPainter from a fixed seed, so the picture needs no
files, looks the same every time for the same state, and never moves: people
with pain-related fatigue or migraine should not meet flashing or motion here.
"""

from __future__ import annotations

import contextlib
import math
import random
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QRadialGradient,
)
from PySide6.QtWidgets import QLabel, QWidget

from gmi.store.errors import StoreError
from gmi.store.files import write_atomic
from gmi.ui.theme import LINE

MAX_DETAILS = 30  # beyond this many days the path edge would look cluttered
CORNER_RADIUS = 12.0
DEFAULT_NAME = "Your practice trail"

# Where things sit, as fractions of the picture, so every size shows one scene.
HORIZON = 0.40  # of the height
VANISH_X = 0.57  # of the width: where the path meets the horizon
NEAR_P = 1.06  # the path starts just below the bottom edge
FAR_P = 0.075  # ... and fades out before the horizon
SAMPLES = 160

# Path shape in ground units (multiples of the ground's on-screen height).
WIND_AMPLITUDE = 1.0
WIND_FREQUENCY = 0.9
WIND_PHASE = -1.5
HALF_WIDTH_FAINT = 0.30
HALF_WIDTH_CLEAR = 0.42

SKY_TOP = QColor("#DCE7E1")
SKY_HORIZON = QColor("#F8EEDB")
SUN = QColor("#FBE3B4")
HILL_FAR = QColor("#C9D7C6")
HILL_NEAR = QColor("#B2C8AA")
FOREST_FAR = QColor("#8FAE8F")
FOREST_FAR_DARK = QColor("#7C9E83")
MEADOW_FAR = QColor("#CBD7A3")
MEADOW_NEAR = QColor("#9FBB7E")
GRASS_DARK = QColor("#86A66A")
GRASS_LIGHT = QColor("#BCCF93")
EARTH = QColor("#D9C39C")
EARTH_EDGE = QColor("#A88E68")
EARTH_WORN = QColor("#E8D9BC")
TRUNK = QColor("#8A6E55")
LEAVES = (QColor("#6F9878"), QColor("#5F8A6C"), QColor("#7FA585"))
LEAVES_LIGHT = QColor("#93B693")
PINE = QColor("#4F7D68")
PINE_DARK = QColor("#2F6F62")  # the app's accent, in the deepest shade only
STONE = QColor("#BDB3A4")
STONE_SHADE = QColor("#9F9582")
STONE_LIGHT = QColor("#DCD5C9")
PETALS = (QColor("#F2D27A"), QColor("#FAF6EC"), QColor("#EBB8A6"), QColor("#C9B5D8"))
FLOWER_EYE = QColor("#DDA03C")


def clamp_clarity(value: float) -> float:
    """Any number the caller computes must land on a picture we can draw."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        return 0.0
    if math.isnan(value):
        return 0.0
    return min(1.0, max(0.0, value))


def clamp_steps(value: int) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError, OverflowError):
        return 0


@dataclass(frozen=True)
class _Ground:
    """Perspective for a flat meadow: depth p is 1 at the bottom edge, 0 at the horizon."""

    width: float
    height: float

    @property
    def horizon(self) -> float:
        return self.height * HORIZON

    @property
    def span(self) -> float:
        return self.height - self.horizon

    def y(self, p: float) -> float:
        return self.horizon + p * self.span

    def p(self, y: float) -> float:
        return max(0.0, (y - self.horizon) / self.span)

    def centre_x(self, p: float) -> float:
        # A gentle bend in ground distance (1/p), shrunk by perspective, so
        # the far bends crowd together near the horizon like a real path.
        wind = WIND_AMPLITUDE * math.sin(WIND_FREQUENCY / max(p, 1e-3) + WIND_PHASE)
        return self.width * VANISH_X + p * self.span * wind

    def half_width(self, p: float, clarity: float) -> float:
        ground = HALF_WIDTH_FAINT + (HALF_WIDTH_CLEAR - HALF_WIDTH_FAINT) * clarity
        return p * self.span * ground

    def depths(self) -> list[float]:
        # Even steps in log-depth: fine near the horizon, where bends crowd.
        lo, hi = math.log(FAR_P), math.log(NEAR_P)
        return [math.exp(hi - (hi - lo) * i / (SAMPLES - 1)) for i in range(SAMPLES)]


def path_points(width: float, height: float) -> list[QPointF]:
    """The path's centre line, from the near (bottom) end to the horizon.

    Public so tests, and anyone placing things on the picture, can find the
    path without re-deriving the perspective.
    """
    ground = _Ground(float(width), float(height))
    return [QPointF(ground.centre_x(p), ground.y(p)) for p in ground.depths()]


def path_half_width(width: float, height: float, y: float, clarity: float) -> float:
    """Half the path's width at screen height y (0 above the horizon)."""
    ground = _Ground(float(width), float(height))
    return ground.half_width(ground.p(y), clamp_clarity(clarity))


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    t = min(1.0, max(0.0, t))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        a.alphaF() + (b.alphaF() - a.alphaF()) * t,
    )


def _alpha(color: QColor, alpha: float) -> QColor:
    out = QColor(color)
    out.setAlphaF(min(1.0, max(0.0, alpha)))
    return out


def _meadow_at(ground: _Ground, y: float) -> QColor:
    return _mix(MEADOW_FAR, MEADOW_NEAR, ground.p(y) ** 0.8)


def _band(ground: _Ground, depths: list[float], inner: float, outer: float,
          clarity: float) -> QPolygonF:
    """The strip between inner and outer multiples of the half width, one side each way.

    inner = -outer gives the whole path; 0.9..1.0 gives its right edge.
    """
    near_to_far = [
        QPointF(ground.centre_x(p) + outer * ground.half_width(p, clarity), ground.y(p))
        for p in depths
    ]
    far_to_near = [
        QPointF(ground.centre_x(p) + inner * ground.half_width(p, clarity), ground.y(p))
        for p in reversed(depths)
    ]
    return QPolygonF(near_to_far + far_to_near)


def _draw_sky(painter: QPainter, ground: _Ground) -> None:
    w, h = ground.width, ground.height
    sky = QLinearGradient(0, 0, 0, ground.horizon)
    sky.setColorAt(0.0, SKY_TOP)
    sky.setColorAt(1.0, SKY_HORIZON)
    painter.fillRect(QRectF(0, 0, w, ground.horizon + 2), sky)

    sun = QPointF(w * 0.80, h * 0.20)
    radius = h * 0.09
    glow = QRadialGradient(sun, radius * 3.2)
    glow.setColorAt(0.0, _alpha(SUN, 0.55))
    glow.setColorAt(1.0, _alpha(SUN, 0.0))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(glow)
    painter.drawEllipse(sun, radius * 3.2, radius * 3.2)
    painter.setBrush(_alpha(SUN, 0.9))
    painter.drawEllipse(sun, radius, radius)


def _hill(painter: QPainter, ground: _Ground, color: QColor, top: float,
          waves: tuple[tuple[float, float, float], ...]) -> None:
    """A soft ridge: a sum of slow sine waves, filled down to below the horizon."""
    w = ground.width
    path = QPainterPath(QPointF(0, ground.horizon + 4))
    steps = 48
    for i in range(steps + 1):
        x = w * i / steps
        rise = sum(a * math.sin(f * x / w * math.tau + ph) for a, f, ph in waves)
        path.lineTo(x, ground.horizon - ground.height * (top + rise))
    path.lineTo(w, ground.horizon + 4)
    path.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPath(path)


def _draw_distant_forest(painter: QPainter, ground: _Ground, rng: random.Random) -> None:
    """A low line of round treetops along the horizon, leaving a gap where the path goes."""
    w, h = ground.width, ground.height
    painter.setPen(Qt.PenStyle.NoPen)
    x = -h * 0.02
    gap = (w * VANISH_X - h * 0.10, w * VANISH_X + h * 0.07)
    while x < w + h * 0.05:
        r = h * rng.uniform(0.022, 0.045)
        tall = rng.uniform(0.4, 1.0)
        near_gap = gap[0] < x < gap[1]
        if near_gap:
            r *= 0.55
            tall *= 0.5
        color = FOREST_FAR if rng.random() < 0.6 else FOREST_FAR_DARK
        painter.setBrush(color)
        base = ground.horizon + h * 0.006
        painter.drawEllipse(QPointF(x, base - r * tall), r, r * (1.0 + tall * 0.5))
        painter.drawRect(QRectF(x - r, base - r * tall, 2 * r, r * tall + h * 0.004))
        x += r * rng.uniform(0.9, 1.5)


def _draw_meadow(painter: QPainter, ground: _Ground, rng: random.Random) -> None:
    w, h = ground.width, ground.height
    meadow = QLinearGradient(0, ground.horizon, 0, h)
    meadow.setColorAt(0.0, MEADOW_FAR)
    meadow.setColorAt(1.0, MEADOW_NEAR)
    painter.fillRect(QRectF(0, ground.horizon, w, ground.span + 1), meadow)

    # Broad, faint patches of light and shade so the grass is not a flat fill.
    # Soft gradients over large areas are slow to fill, so they are painted
    # small and stretched: smooth upscaling keeps them soft and costs little.
    shrink = 8.0
    small = QImage(max(1, math.ceil(w / shrink)), max(1, math.ceil(ground.span / shrink)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    small.fill(Qt.GlobalColor.transparent)
    shade = QPainter(small)
    shade.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    shade.setPen(Qt.PenStyle.NoPen)
    shade.scale(1.0 / shrink, 1.0 / shrink)
    shade.translate(0, -ground.horizon)
    for _ in range(max(6, round(5 * w / h))):
        p = rng.uniform(0.15, 1.1)
        cx, cy = rng.uniform(0, w), ground.y(p)
        rx, ry = h * rng.uniform(0.3, 0.8) * (0.4 + p), h * 0.05 * (0.4 + p)
        tint = GRASS_LIGHT if rng.random() < 0.5 else GRASS_DARK
        patch = QRadialGradient(QPointF(0, 0), 1.0)  # a unit circle, stretched below
        patch.setColorAt(0.0, _alpha(tint, 0.35))
        patch.setColorAt(1.0, _alpha(tint, 0.0))
        shade.save()
        shade.translate(cx, cy)
        shade.scale(rx, ry)
        shade.setBrush(patch)
        shade.drawEllipse(QPointF(0, 0), 1.0, 1.0)
        shade.restore()
    shade.end()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
    painter.drawImage(QRectF(0, ground.horizon, w, ground.span), small)
    painter.restore()

    count = round(34 * w / h)
    for _ in range(count):
        p = rng.uniform(0.05, 1.0) ** 0.7
        x, y = rng.uniform(0, w), ground.y(p) + rng.uniform(-2, 2)
        color = GRASS_DARK if rng.random() < 0.6 else GRASS_LIGHT
        _tuft(painter, rng, QPointF(x, y), h * 0.045 * (0.25 + p), _alpha(color, 0.6))


def _tuft(painter: QPainter, rng: random.Random, base: QPointF, size: float,
          color: QColor) -> None:
    """A few curved blades of grass rising from one point."""
    pen = QPen(color, max(0.7, size * 0.11))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for _ in range(rng.randint(3, 5)):
        lean = rng.uniform(-0.6, 0.6)
        tall = size * rng.uniform(0.6, 1.0)
        blade = QPainterPath(base)
        blade.quadTo(QPointF(base.x() + lean * size * 0.2, base.y() - tall * 0.6),
                     QPointF(base.x() + lean * size * 0.7, base.y() - tall))
        painter.drawPath(blade)


def _fading(ground: _Ground, color: QColor, alpha: float) -> QBrush:
    """Full strength near the viewer, thinning into the distance like a real path."""
    fade = QLinearGradient(0, ground.y(FAR_P), 0, ground.y(0.3))
    fade.setColorAt(0.0, _alpha(color, 0.0))
    fade.setColorAt(1.0, _alpha(color, alpha))
    return QBrush(fade)


def _draw_path(painter: QPainter, ground: _Ground, clarity: float,
               rng: random.Random) -> None:
    depths = ground.depths()
    painter.setPen(Qt.PenStyle.NoPen)

    # A faint path has soft, spread edges; a clear one has crisp ones.
    feather = 0.55 * (1.0 - clarity)
    layers = 4
    for i in range(layers):
        reach = 1.0 + feather * (layers - i) / layers
        painter.setBrush(_fading(ground, EARTH, 0.07 + 0.05 * clarity))
        painter.drawPolygon(_band(ground, depths, -reach, reach, clarity))

    body = 0.24 + 0.68 * clarity
    painter.setBrush(_fading(ground, EARTH, body))
    painter.drawPolygon(_band(ground, depths, -1.0, 1.0, clarity))

    # Where feet go most, the earth is paler and smoother.
    painter.setBrush(_fading(ground, EARTH_WORN, 0.10 + 0.55 * clarity))
    painter.drawPolygon(_band(ground, depths, -0.42, 0.42, clarity))

    if clarity > 0.02:
        painter.setBrush(_fading(ground, EARTH_EDGE, 0.55 * clarity))
        painter.drawPolygon(_band(ground, depths, 0.9, 1.0, clarity))
        painter.drawPolygon(_band(ground, depths, -1.0, -0.9, clarity))

    # Grass creeping over the path: all of it when faint, only the edges when clear.
    tufts = []
    for _ in range(75):
        p = math.exp(rng.uniform(math.log(0.14), math.log(1.05)))
        side = rng.uniform(-1.05, 1.05)
        tufts.append((abs(side) + rng.uniform(0.0, 0.35), p, side, rng.random()))
    tufts.sort(key=lambda t: -t[0])
    keep = round(len(tufts) * (0.10 + 0.90 * (1.0 - clarity) ** 1.2))
    for _order, p, side, shade in tufts[:keep]:
        x = ground.centre_x(p) + side * ground.half_width(p, clarity)
        y = ground.y(p)
        color = _mix(GRASS_DARK, GRASS_LIGHT, shade)
        _tuft(painter, rng, QPointF(x, y), ground.height * 0.05 * (0.25 + p),
              _alpha(color, 0.85))


def _draw_details(painter: QPainter, ground: _Ground, steps: int) -> None:
    """Small stones and flowers beside the path, one more for each day practised.

    The places are fixed and taken in a spread-out order, so the first few
    days already show along the whole near path rather than in one clump.
    """
    rng = random.Random(37)
    h = ground.height
    slots = []
    for i in range(MAX_DETAILS):
        p = 0.24 + 0.70 * ((0.31 + i * 0.6180339887) % 1.0)
        side = -1.0 if i % 2 == 0 else 1.0
        reach = rng.uniform(1.2, 2.1)
        kind = "stone" if i % 3 == 2 else "flower"
        slots.append((p, side, reach, kind, rng.random(), rng.random()))
    shown = slots[: min(steps, MAX_DETAILS)]
    shown.sort(key=lambda s: s[0])  # far ones first, so near ones overlap them
    for p, side, reach, kind, a, b in shown:
        x = ground.centre_x(p) + side * reach * ground.half_width(p, 1.0)
        y = ground.y(p)
        size = h * 0.035 * (0.3 + p)
        if kind == "stone":
            _stone(painter, QPointF(x, y), size * (0.8 + 0.4 * a))
        else:
            _flowers(painter, QPointF(x, y), size, a, b)


def _stone(painter: QPainter, at: QPointF, size: float) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_alpha(STONE_SHADE, 0.8))
    painter.drawEllipse(QPointF(at.x() + size * 0.12, at.y() + size * 0.1), size, size * 0.55)
    painter.setBrush(STONE)
    painter.drawEllipse(at, size, size * 0.55)
    painter.setBrush(_alpha(STONE_LIGHT, 0.9))
    painter.drawEllipse(QPointF(at.x() - size * 0.3, at.y() - size * 0.18),
                        size * 0.4, size * 0.2)


def _flowers(painter: QPainter, at: QPointF, size: float, a: float, b: float) -> None:
    petals = PETALS[int(a * len(PETALS)) % len(PETALS)]
    count = 1 + int(b * 3)
    stem = QPen(GRASS_DARK, max(0.7, size * 0.14))
    stem.setCapStyle(Qt.PenCapStyle.RoundCap)
    for k in range(count):
        dx = (k - (count - 1) / 2) * size * 0.9
        dy = -size * (0.9 + 0.35 * ((k + int(b * 7)) % 2))
        head = QPointF(at.x() + dx, at.y() + dy)
        painter.setPen(stem)
        painter.drawLine(QPointF(at.x() + dx * 0.5, at.y()), head)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(petals)
        r = size * 0.42
        for j in range(5):
            angle = j * math.tau / 5 + a
            painter.drawEllipse(QPointF(head.x() + math.cos(angle) * r * 0.8,
                                        head.y() + math.sin(angle) * r * 0.8), r * 0.6, r * 0.6)
        painter.setBrush(FLOWER_EYE)
        painter.drawEllipse(head, r * 0.45, r * 0.45)


def _draw_trees(painter: QPainter, ground: _Ground, rng: random.Random) -> None:
    """Two groups of trees at the meadow's edges: a forest to walk out of."""
    w, h = ground.width, ground.height
    trees = []
    for left, right in ((0.0, 0.26), (0.80, 1.02)):
        for _ in range(max(3, round(2.2 * w / h))):
            x = w * rng.uniform(left, right)
            p = rng.uniform(0.12, 0.45)
            trees.append((p, x, rng.random() < 0.45, rng.random(), rng.random()))
    # Keep clear of the path, with room for stones and flowers beside it.
    trees = [t for t in trees
             if abs(t[1] - ground.centre_x(t[0])) > ground.half_width(t[0], 1.0) * 2.4 + h * 0.06]
    trees.sort(key=lambda t: t[0])
    for p, x, pine, a, b in trees:
        base = QPointF(x, ground.y(p))
        size = h * (0.20 + 0.30 * p) * (0.85 + 0.3 * a)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_alpha(GRASS_DARK, 0.45))
        painter.drawEllipse(QPointF(base.x() + size * 0.08, base.y()), size * 0.26, size * 0.05)
        if pine:
            _pine(painter, base, size, b)
        else:
            _round_tree(painter, base, size, b)


def _pine(painter: QPainter, base: QPointF, size: float, b: float) -> None:
    painter.setBrush(TRUNK)
    painter.drawRect(QRectF(base.x() - size * 0.035, base.y() - size * 0.18,
                            size * 0.07, size * 0.18))
    color = _mix(PINE, PINE_DARK, b * 0.6)
    for k in range(3):
        bottom = base.y() - size * (0.12 + 0.24 * k)
        half = size * (0.24 - 0.05 * k)
        tier = QPolygonF([QPointF(base.x() - half, bottom), QPointF(base.x() + half, bottom),
                          QPointF(base.x(), bottom - size * 0.42)])
        painter.setBrush(color)
        painter.drawPolygon(tier)
        light = QPolygonF([QPointF(base.x() - half, bottom),
                           QPointF(base.x() - half * 0.15, bottom),
                           QPointF(base.x(), bottom - size * 0.42)])
        painter.setBrush(_alpha(LEAVES_LIGHT, 0.35))
        painter.drawPolygon(light)


def _round_tree(painter: QPainter, base: QPointF, size: float, b: float) -> None:
    painter.setBrush(TRUNK)
    painter.drawRect(QRectF(base.x() - size * 0.04, base.y() - size * 0.42,
                            size * 0.08, size * 0.42))
    color = LEAVES[int(b * len(LEAVES)) % len(LEAVES)]
    cx, cy = base.x(), base.y() - size * 0.62
    painter.setBrush(color)
    for dx, dy, r in ((-0.14, 0.06, 0.20), (0.14, 0.05, 0.21), (0.0, -0.10, 0.25)):
        painter.drawEllipse(QPointF(cx + dx * size, cy + dy * size), r * size, r * size * 0.95)
    painter.setBrush(_alpha(LEAVES_LIGHT, 0.55))
    painter.drawEllipse(QPointF(cx - size * 0.08, cy - size * 0.15), size * 0.12, size * 0.10)


def scene_values(clarity: float, steps: int) -> tuple[float, int]:
    """The clarity and details a scene is painted with: two pictures with the same
    values are the same picture (so `kept_trail` names its files by them)."""
    return round(clamp_clarity(clarity), 2), min(clamp_steps(steps), MAX_DETAILS)


def render_trail(width: int, height: int, dpr: float, clarity: float, steps: int) -> QPixmap:
    """Paint the whole scene once, at `dpr` device pixels per pixel; `trail_picture` holds it."""
    width, height = max(1, int(width)), max(1, int(height))
    dpr = max(1.0, float(dpr))
    clarity, steps = scene_values(clarity, steps)
    pixmap = QPixmap(QSize(round(width * dpr), round(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)

    ground = _Ground(float(width), float(height))
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        frame = QPainterPath()
        frame.addRoundedRect(QRectF(0, 0, width, height), CORNER_RADIUS, CORNER_RADIUS)
        painter.setClipPath(frame)

        _draw_sky(painter, ground)
        _hill(painter, ground, HILL_FAR, 0.11, ((0.03, 1.3, 0.4), (0.015, 3.1, 1.7)))
        _hill(painter, ground, HILL_NEAR, 0.06, ((0.025, 1.9, 2.6), (0.012, 4.3, 0.2)))
        _draw_distant_forest(painter, ground, random.Random(7))
        _draw_meadow(painter, ground, random.Random(11))
        _draw_path(painter, ground, clarity, random.Random(23))
        _draw_details(painter, ground, steps)
        _draw_trees(painter, ground, random.Random(41))

        painter.setClipping(False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(LINE), 1.0))
        painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1.0, height - 1.0),
                                CORNER_RADIUS, CORNER_RADIUS)
    finally:
        painter.end()
    return pixmap


KEPT_PICTURES = 4  # trail pictures kept on disk (a new one a day at most, usually)


def kept_trail(folder: Path | None, width: int, height: int, dpr: float, clarity: float,
               steps: int) -> QPixmap:
    """The scene, from `folder` when it was painted before with these values (a
    start draws Home without painting it again, about 15 ms), else painted now and
    kept there; the oldest beyond KEPT_PICTURES are removed. A folder that cannot
    be read or written only means painting."""
    if folder is None:
        return render_trail(width, height, dpr, clarity, steps)
    clarity, steps = scene_values(clarity, steps)
    path = folder / f"trail-{width}x{height}@{dpr:g}-{clarity:.2f}-{steps}.png"
    pixmap = QPixmap(str(path)) if path.is_file() else QPixmap()
    if not pixmap.isNull() and pixmap.size() == QSize(round(width * dpr), round(height * dpr)):
        pixmap.setDevicePixelRatio(max(1.0, float(dpr)))
        return pixmap
    pixmap = render_trail(width, height, dpr, clarity, steps)
    png = QByteArray()
    buffer = QBuffer(png)
    if buffer.open(QIODevice.OpenModeFlag.WriteOnly) and pixmap.save(buffer, "PNG"):
        with contextlib.suppress(StoreError, OSError):
            write_atomic(path, bytes(png.data()), durable=False)  # owner-only, as all data
            older = sorted(folder.glob("trail-*.png"), key=lambda p: p.stat().st_mtime_ns)
            for stale in older[:-KEPT_PICTURES]:
                stale.unlink()
    return pixmap


def trail_picture(clarity: float, steps: int, description: str, width: int = 480,
                  dpr: float = 1.0, parent: QWidget | None = None,
                  kept_in: Path | None = None) -> QLabel:
    """The trail as a plain QLabel holding a picture rendered once (3:1); `kept_in`:
    a folder where pictures painted before are kept (`kept_trail`).

    Not a widget with its own paintEvent: Home is rebuilt often, and Qt once
    called such a Python override after its wrapper was gone (a segfault). A
    label holds no Python paint code, never animates, and is named for screen
    readers by `description`.
    """
    picture = QLabel(parent)
    picture.setPixmap(kept_trail(kept_in, width, round(width / 3), dpr, clarity, steps))
    picture.setFixedSize(width, round(width / 3))
    description = description or DEFAULT_NAME
    picture.setAccessibleName(description)
    picture.setToolTip(description)
    picture.setProperty("clarity", clamp_clarity(clarity))
    return picture
