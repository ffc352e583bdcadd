"""Animated hands as video: a ground truth no camera can give.

A rendered hand opening and closing exactly N times, written to a video
file, lets the repetition counter be tested end to end through the real
tracker (DESIGN.md section 7). Home webcams are rarely kind, so the same
clip can be made the way they see it: dim and noisy, in any frame shape,
with the hand sliding in from the side at the start and out at the end.
"""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np

from gmi.model.posture import FINGERS, Posture, hand_postures
from gmi.model.stages import Side
from gmi.stimuli.render import render_hand


def blend(a: Posture, b: Posture, t: float) -> Posture:
    """The posture a fraction `t` of the way from `a` to `b`."""
    angles = {f: tuple((1 - t) * np.array(a.finger(f)) + t * np.array(b.finger(f)))
              for f in FINGERS}
    return Posture(name="between", title="between", **angles)


def _paste(canvas: np.ndarray, tile: np.ndarray, x: int) -> None:
    """Put `tile` on `canvas` with its left edge at column `x` (clipped at the edges)."""
    w = canvas.shape[1]
    tw = tile.shape[1]
    a, b = max(0, x), min(w, x + tw)
    if a < b:
        canvas[:tile.shape[0], a:b] = tile[:, a - x:b - x]


def dim(frame: np.ndarray, light: float, noise: float, rng: np.random.Generator) -> np.ndarray:
    """A frame as a webcam in a dim room gives it: darker, with sensor noise."""
    out = frame.astype(np.float32) * light
    if noise:
        out += rng.normal(0.0, noise, frame.shape).astype(np.float32)
    return np.clip(out, 0, 255).astype(np.uint8)


def open_close_frames(cycles: int, fps: float = 15.0, seconds_per_cycle: float = 2.0,
                      side: Side = "right", size: tuple[int, int] = (320, 240),
                      rest_s: float = 0.5, light: float = 1.0, noise: float = 0.0,
                      enter_leave_s: float = 0.0, seed: int = 0):
    """Frames of a hand opening and closing `cycles` times, with a still start and end.

    `light` < 1 and `noise` (grey levels) make the room dim; `enter_leave_s` > 0
    slides the open hand in from the side over that time before the still
    start, and out again after the still end: neither is a repetition.
    """
    lib = hand_postures()
    w, h = size
    side_px = min(w, h)
    rng = np.random.default_rng(seed)
    moving = cycles * seconds_per_cycle
    total = int((moving + 2 * rest_s + 2 * enter_leave_s) * fps)
    centre = (w - side_px) // 2
    for n in range(total):
        t = n / fps - enter_leave_s - rest_s
        phase = 0.0 if t < 0 or t > moving else \
            (1 - math.cos(2 * math.pi * t / seconds_per_cycle)) / 2
        hand = render_hand(blend(lib["open"], lib["fist"], phase), side, "palm", 0, "medium",
                           side_px)
        canvas = np.empty((h, w, 3), np.uint8)
        canvas[:] = hand[0, 0]  # the renderer's own background colour
        x = centre
        if enter_leave_s:
            arrive = (n / fps) / enter_leave_s  # 0 -> 1 while entering
            leave = (n / fps - (enter_leave_s + 2 * rest_s + moving)) / enter_leave_s
            away = 1 - min(1.0, arrive) if arrive < 1 else max(0.0, min(1.0, leave))
            x = centre + round(away * (w - centre))
        _paste(canvas, hand, x)
        yield dim(canvas, light, noise, rng) if light != 1.0 or noise else canvas


def write_video(path: Path, frames, fps: float = 15.0) -> Path:
    writer = None
    try:
        for frame in frames:
            if writer is None:
                h, w = frame.shape[:2]
                writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (w, h))
            writer.write(frame)
    finally:
        if writer is not None:
            writer.release()
    return path
