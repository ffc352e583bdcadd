"""Animated hands as video: a ground truth no camera can give.

A rendered hand opening and closing exactly N times, written to a video
file, lets the repetition counter be tested end to end through the real
tracker (DESIGN.md section 7).
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


def open_close_frames(cycles: int, fps: float = 15.0, seconds_per_cycle: float = 2.0,
                      side: Side = "right", size: tuple[int, int] = (320, 240),
                      rest_s: float = 0.5):
    """Frames of a hand opening and closing `cycles` times, with a still start and end."""
    lib = hand_postures()
    w, h = size
    side_px = min(w, h)
    total = int((cycles * seconds_per_cycle + 2 * rest_s) * fps)
    for n in range(total):
        t = n / fps - rest_s
        phase = 0.0 if t < 0 or t > cycles * seconds_per_cycle else \
            (1 - math.cos(2 * math.pi * t / seconds_per_cycle)) / 2
        hand = render_hand(blend(lib["open"], lib["fist"], phase), side, "palm", 0, "medium",
                           side_px)
        canvas = np.full((h, w, 3), 200, np.uint8)
        x = (w - side_px) // 2
        canvas[:, x:x + side_px] = hand
        yield canvas


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
