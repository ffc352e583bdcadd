"""The words on a contact sheet, fitted to the room they have.

A label (a posture's name and why a view is not offered, a picture's title,
a column's heading) used to be one line drawn from the left edge, so a long
one ran off its cell or into the next. Here a label is wrapped at spaces to
the width it has, in at most `max_lines` lines; if that is not enough its
letters shrink a little (to `MIN_SHRINK` of their size, still readable), and
only then is its last line cut with "..." (the Hershey fonts have no "…").
The band drawn is as tall as the lines, so the sheet grows to fit the words
instead of letting them overlap the row below. Measured with the same
cv2.getTextSize the drawing uses, so what is measured is what is drawn.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict

FONT = 0  # cv2.FONT_HERSHEY_SIMPLEX, without importing cv2 at module import
MIN_SHRINK = 0.8  # smallest letters, as a share of the size asked for
_STEPS = (1.0, 0.9, MIN_SHRINK)
ELLIPSIS = "..."


class FittedLabel(BaseModel):
    """A label's lines at the letter size that lets them fit `width` (margins included)."""

    model_config = ConfigDict(frozen=True)

    lines: tuple[str, ...]
    scale: float
    width: int
    margin: int
    line_height: int
    pad: int
    ascent: int
    height: int  # of the band it is drawn in


def text_width(text: str, scale: float) -> int:
    """Pixels across `text` as cv2.putText draws it (thickness 1)."""
    import cv2

    return cv2.getTextSize(text, FONT, scale, 1)[0][0]


def _wrap(paragraph: str, room: int, scale: float) -> list[str]:
    """Greedy wrap at spaces; a word wider than `room` alone is broken between letters."""
    lines: list[str] = []
    line = ""
    for word in paragraph.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, scale) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while text_width(word, scale) > room and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], scale) > room:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _shortened(line: str, room: int, scale: float) -> str:
    """`line` cut at a space (or a letter) so that it and "..." fit `room`."""
    words = line.split()
    while len(words) > 1 and text_width(" ".join(words) + ELLIPSIS, scale) > room:
        words.pop()
    text = " ".join(words).rstrip(",;:")
    while text and text_width(text + ELLIPSIS, scale) > room:
        text = text[:-1]
    return text + ELLIPSIS


def fit_label(paragraphs: list[str], width: int, scale: float, max_lines: int,
              margin: int = 6, min_height: int = 0) -> FittedLabel:
    """Each paragraph starts a new line; all of them within `max_lines` lines of
    `width - 2 * margin` pixels, shrinking the letters at most to MIN_SHRINK,
    the last line cut with "..." only when even that is not enough."""
    import cv2

    room = max(1, width - 2 * margin)
    paragraphs = [p for p in paragraphs if p.strip()]
    for step in _STEPS:
        size = scale * step
        lines = [line for p in paragraphs for line in _wrap(p, room, size)]
        if len(lines) <= max_lines:
            break
    else:
        lines = lines[:max_lines - 1] + [_shortened(lines[max_lines - 1], room, size)]
    (_, ascent), descent = cv2.getTextSize("Ag", FONT, size, 1)
    line_height = round((ascent + descent) * 1.45)
    pad = max(3, round(line_height * 0.35))
    height = max(min_height, 2 * pad + len(lines) * line_height)
    return FittedLabel(lines=tuple(lines), scale=size, width=width, margin=margin,
                       line_height=line_height, pad=pad, ascent=ascent, height=height)


def draw_label(label: FittedLabel, color: tuple[int, int, int] = (0, 0, 0),
               image: np.ndarray | None = None, top: int = 0) -> np.ndarray:
    """`label` drawn on a white band of its own height (or onto `image` from row `top`)."""
    import cv2

    if image is None:
        image = np.full((label.height, label.width, 3), 255, np.uint8)
    used = 2 * label.pad + len(label.lines) * label.line_height
    first = top + label.pad + (label.height - used) // 2 + \
        (label.line_height + label.ascent) // 2
    for n, line in enumerate(label.lines):
        cv2.putText(image, line, (label.margin, first + n * label.line_height), FONT,
                    label.scale, color, 1, cv2.LINE_AA)
    return image
