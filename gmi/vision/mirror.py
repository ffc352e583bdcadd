"""Mirror kernels: the per-frame core of mirror therapy.

Each kernel writes into a buffer allocated once, touching every output pixel
once with OpenCV (numpy's ``[:, ::-1]`` copy is about 80x slower than
``cv2.flip``; DESIGN.md section 5).

Coordinates: the camera frame as captured (not mirrored). The screen shows
a selfie view (flipped), so moving feels like looking in a mirror. The split
mirror keeps the half of the *screen* that shows the comfortable hand and
reflects it over the half where the affected hand is: the brain sees the
affected side moving freely.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

MirrorMode = Literal["flip", "split"]


def flip_full(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The selfie view: left and right swapped."""
    return cv2.flip(src, 1, dst=dst)


def split_mirror(src: np.ndarray, dst: np.ndarray, split: int, keep: Literal["left", "right"]
                 ) -> np.ndarray:
    """Selfie view whose `keep` half (screen side) is reflected over the other.

    `split` is the screen column of the mirror line (1 .. width-1). The kept
    half is the selfie of its camera columns; the reflected half, being the
    mirror of a mirror, is the camera's own columns read straight, so the
    whole output is two copies with no intermediate image.
    """
    w = src.shape[1]
    split = int(min(max(split, 1), w - 1))
    if keep == "left":
        # screen 0..split-1 = selfie = camera columns w-1 .. w-split
        cv2.flip(src[:, w - split:], 1, dst=dst[:, :split])
        n = min(split, w - split)  # reflected width; screen split.. = camera w-split ..
        np.copyto(dst[:, split:split + n], src[:, w - split:w - split + n])
        if split + n < w:  # the mirror line is left of centre: nothing to reflect further
            dst[:, split + n:] = 0
    else:
        # screen split..w-1 = selfie = camera columns w-1-split .. 0
        cv2.flip(src[:, :w - split], 1, dst=dst[:, split:])
        n = min(split, w - split)
        np.copyto(dst[:, split - n:split], src[:, w - split - n:w - split])
        if split - n > 0:
            dst[:, :split - n] = 0
    return dst


def keep_side_for(affected_side: str) -> Literal["left", "right"]:
    """Which screen half to keep: the one showing the comfortable hand (selfie view)."""
    return "left" if affected_side == "right" else "right"


@dataclass
class MirrorKernel:
    """A mirror mode with its output buffer, reused for every frame."""

    mode: MirrorMode
    keep: Literal["left", "right"] = "left"
    split_fraction: float = 0.5
    _dst: np.ndarray | None = None

    def output_for(self, src: np.ndarray) -> np.ndarray:
        if self._dst is None or self._dst.shape != src.shape:
            self._dst = np.empty_like(src)
        return self._dst

    def apply(self, src: np.ndarray, dst: np.ndarray | None = None) -> np.ndarray:
        out = self.output_for(src) if dst is None else dst
        if self.mode == "flip":
            return flip_full(src, out)
        split = round(src.shape[1] * self.split_fraction)
        return split_mirror(src, out, split, self.keep)


def reference_mirror(src: np.ndarray, mode: MirrorMode, split: int = 0,
                     keep: str = "left") -> np.ndarray:
    """Obvious numpy version, for tests only (slow on purpose: never in the frame path)."""
    selfie = src[:, ::-1].copy()
    if mode == "flip":
        return selfie
    w = src.shape[1]
    out = np.zeros_like(src)
    for x in range(w):
        if keep == "left":
            mirror_x = x if x < split else 2 * split - 1 - x
        else:
            mirror_x = x if x >= split else 2 * split - 1 - x
        if 0 <= mirror_x < w and ((keep == "left" and mirror_x < split)
                                  or (keep == "right" and mirror_x >= split)):
            out[:, x] = selfie[:, mirror_x]
    return out
