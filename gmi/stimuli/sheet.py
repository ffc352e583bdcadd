"""A labelled contact sheet: every posture x view x rotation, both sides; or
(`imagery=True`) the pictures stage 2 shows: each posture once, from its
imagery view, as a patient would see it.

The rotations are 0 and 90 degrees (`every`: all four quarter turns), those
a body part allows (gmi.model.posture_library.rotation_limit: necks and backs are
upright only).

For whoever changes the renderer (look at it, at normal size and zoomed:
would a patient take it for a real hand or foot, and can the side be told?)
and for a therapist previewing a programme. A view a posture is never shown
in (its side cannot be told there) is drawn greyed and marked "not offered".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from gmi.model.posture import (
    BODY_VIEWS,
    imagery_view,
    offered_views,
    postures_for,
)
from gmi.model.posture_library import rotation_limit
from gmi.model.stages import BodyPart

ROTATIONS = (0, 90)
EVERY_ROTATION = (0, 90, 180, 270)
SIDES = ("left", "right")
_LABEL = 34  # pixels above each row for the posture's name
_HEAD = 40  # pixels for the column titles


def sheet_rotations(body_part: BodyPart, every: bool = False) -> tuple[int, ...]:
    """The rotations a sheet shows: the allowed ones of 0 and 90 (or all four)."""
    limit = rotation_limit(body_part)
    return tuple(r for r in (EVERY_ROTATION if every else ROTATIONS) if limit.allows(r))


def contact_sheet(body_part: BodyPart, cell: int = 160, skin: str = "medium",
                  shape: str = "average", every: bool = False) -> np.ndarray:
    """The sheet as a BGR image: one row per posture, one column per view x rotation x side."""
    import cv2

    from gmi.stimuli.render import render_cached
    from gmi.stimuli.shading import BACKGROUND

    library = postures_for(body_part)
    columns = [(v, r, s) for v in BODY_VIEWS[body_part] for r in sheet_rotations(body_part, every)
               for s in SIDES]
    width = cell * len(columns)
    head = np.full((_HEAD, width, 3), 255, np.uint8)
    for c, (view, rotation, side) in enumerate(columns):
        cv2.putText(head, f"{view} {rotation} {side}", (c * cell + 6, 26),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.45 * min(1.0, cell / 160), (40, 40, 40), 1,
                    cv2.LINE_AA)  # smaller cells (a preview fitted to a screen): smaller words
    rows = [head]
    for name, posture in library.items():
        offered = offered_views(posture, body_part)
        label = np.full((_LABEL, width, 3), 255, np.uint8)
        excluded = dict(posture.excluded)
        note = "; ".join(f"not from the {v}: {why}" for v, why in excluded.items())
        cv2.putText(label, f"{posture.title}   {note}", (6, 24),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.55, (0, 0, 0), 1, cv2.LINE_AA)
        pictures = []
        for view, rotation, side in columns:
            image = np.array(render_cached(body_part, name, side, view, float(rotation), skin,
                                           cell, shape))
            if view not in offered:
                image = (image * 0.35 + np.array(BACKGROUND) * 0.65).astype(np.uint8)
                cv2.putText(image, "not offered", (8, cell - 10), cv2.FONT_HERSHEY_SIMPLEX,
                            0.45, (0, 0, 160), 1, cv2.LINE_AA)
            cv2.rectangle(image, (0, 0), (cell - 1, cell - 1), (215, 215, 215), 1)
            pictures.append(image)
        rows += [label, np.hstack(pictures)]
    return np.vstack(rows)


IMAGERY_COLUMNS = 4


def imagery_sheet(body_part: BodyPart, cell: int = 160, skin: str = "medium",
                  shape: str = "average", side: str = "right") -> np.ndarray:
    """Stage 2's pictures as a BGR image: each posture once, from its imagery view,
    under its name and the view, four to a row (is what defines each one visible?)."""
    import cv2

    from gmi.stimuli.render import render_cached

    cells = []
    for name, posture in postures_for(body_part).items():
        view = imagery_view(posture, body_part)
        label = np.full((_LABEL, cell, 3), 255, np.uint8)
        cv2.putText(label, f"{posture.title} ({view})"[:cell // 7], (4, 22),
                    cv2.FONT_HERSHEY_SIMPLEX, 0.42, (0, 0, 0), 1, cv2.LINE_AA)
        image = np.array(render_cached(body_part, name, side, view, 0.0, skin, cell, shape))
        cv2.rectangle(image, (0, 0), (cell - 1, cell - 1), (215, 215, 215), 1)
        cells.append(np.vstack([label, image]))
    blank = np.full_like(cells[0], 255)
    cells += [blank] * (-len(cells) % IMAGERY_COLUMNS)
    rows = [np.hstack(cells[n:n + IMAGERY_COLUMNS])
            for n in range(0, len(cells), IMAGERY_COLUMNS)]
    return np.vstack(rows)


def write_contact_sheet(body_part: BodyPart, out: Path, cell: int = 160, skin: str = "medium",
                        shape: str = "average", imagery: bool = False,
                        every: bool = False) -> Path:
    import cv2

    image = (imagery_sheet(body_part, cell, skin, shape) if imagery
             else contact_sheet(body_part, cell, skin, shape, every))
    out.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(out), image):
        raise OSError(f"{out}: could not be written (use a .png or .jpg name)")
    return out
