"""Draws the app icon from the app's own hand renderer: a hand and its mirror
image either side of a mirror line, on the app's teal. Writes
assets/icons/gmi-trainer-<size>.png.

    .venv/bin/python scripts/make_icon.py
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from gmi.model.posture import hand_postures
from gmi.stimuli.render import render_hand
from gmi.stimuli.shading import BACKGROUND

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
TEAL = (98, 111, 47)  # BGR of #2F6F62


def icon(size: int = 512) -> np.ndarray:
    """BGRA icon: rounded teal square, two mirrored hands."""
    hand = render_hand(hand_postures()["open"], "right", "back", 0, "light", size)
    diff = np.abs(hand.astype(int) - np.array(BACKGROUND)).sum(axis=2)
    alpha = np.clip(diff / 40.0, 0, 1)[:, :, None]
    half = size // 2
    canvas = np.zeros((size, size, 4), np.uint8)
    radius = size // 5
    mask = np.zeros((size, size), np.uint8)
    cv2.rectangle(mask, (radius, 0), (size - radius, size), 255, -1)
    cv2.rectangle(mask, (0, radius), (size, size - radius), 255, -1)
    for cx, cy in ((radius, radius), (size - radius, radius), (radius, size - radius),
                   (size - radius, size - radius)):
        cv2.circle(mask, (cx, cy), radius, 255, -1, cv2.LINE_AA)
    canvas[:, :, :3] = TEAL
    canvas[:, :, 3] = mask
    side = size // 2
    small = cv2.resize(hand, (side, side), interpolation=cv2.INTER_AREA)
    small_alpha = cv2.resize(alpha, small.shape[1::-1], interpolation=cv2.INTER_AREA)[:, :, None]
    h, w = small.shape[:2]
    y = (size - h) // 2 + size // 40
    for x, img, a in ((half - w, small, small_alpha),
                      (half, small[:, ::-1], small_alpha[:, ::-1])):
        region = canvas[y:y + h, x:x + w, :3].astype(float)
        canvas[y:y + h, x:x + w, :3] = (region * (1 - a) + img * a).astype(np.uint8)
    line = max(1, size // 64)
    cv2.line(canvas, (half, size // 8), (half, size - size // 8), (255, 255, 255, 255), line,
             cv2.LINE_AA)
    canvas[:, :, 3] = np.minimum(canvas[:, :, 3], mask)
    return canvas


def main() -> None:
    out = Path(__file__).resolve().parents[1] / "assets" / "icons"
    big = icon(512)
    for size in SIZES:
        image = cv2.resize(big, (size, size), interpolation=cv2.INTER_AREA)
        cv2.imwrite(str(out / f"gmi-trainer-{size}.png"), image)
        print(out / f"gmi-trainer-{size}.png")


if __name__ == "__main__":
    main()
