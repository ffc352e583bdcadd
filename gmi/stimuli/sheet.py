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
from gmi.stimuli.sheet_labels import FittedLabel, draw_label, fit_label

ROTATIONS = (0, 90)
EVERY_ROTATION = (0, 90, 180, 270)
SIDES = ("left", "right")
_LABEL = 34  # pixels above each row for the posture's name, at least (more if it wraps)
_HEAD = 40  # pixels for the column titles, at least
ROW_LINES = 2  # the posture's name, then each reason a view is not offered, in this many
IMAGERY_LINES = 3  # a picture's title and view under it, in at most this many lines


def row_label(title: str, excluded: dict[str, str], width: int) -> FittedLabel:
    """The words above a row: the name on its line, then why each view is not offered."""
    notes = [f"not from the {view}: {why}" for view, why in excluded.items()]
    return fit_label([title, *notes], width, 0.55, 1 + ROW_LINES * len(notes), margin=6,
                     min_height=_LABEL)


def column_label(view: str, rotation: int, side: str, cell: int) -> FittedLabel:
    """A column's heading; smaller cells (a preview fitted to a screen): smaller words."""
    return fit_label([f"{view} {rotation} {side}"], cell, 0.45 * min(1.0, cell / 160), 2,
                     margin=6)


def not_offered_label(cell: int) -> FittedLabel:
    return fit_label(["not offered"], cell, 0.45 * min(1.0, cell / 160), 2, margin=8)


def imagery_label(title: str, view: str, cell: int) -> FittedLabel:
    return fit_label([f"{title} ({view})"], cell, 0.42, IMAGERY_LINES, margin=4,
                     min_height=_LABEL)


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
    heads = [column_label(view, rotation, side, cell) for view, rotation, side in columns]
    tall = max([_HEAD] + [h.height for h in heads])
    head = np.hstack([draw_label(h.model_copy(update={"height": tall}), (40, 40, 40))
                      for h in heads])
    rows = [head]
    grey = not_offered_label(cell)
    for name, posture in library.items():
        offered = offered_views(posture, body_part)
        label = draw_label(row_label(posture.title, dict(posture.excluded), width))
        pictures = []
        for view, rotation, side in columns:
            image = np.array(render_cached(body_part, name, side, view, float(rotation), skin,
                                           cell, shape))
            if view not in offered:
                image = (image * 0.35 + np.array(BACKGROUND) * 0.65).astype(np.uint8)
                draw_label(grey, (0, 0, 160), image, top=cell - grey.height - 2)
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

    library = postures_for(body_part)
    views = {name: imagery_view(posture, body_part) for name, posture in library.items()}
    labels = [imagery_label(posture.title, views[name], cell) for name, posture in library.items()]
    pictures = []
    for name in library:
        image = np.array(render_cached(body_part, name, side, views[name], 0.0, skin, cell,
                                       shape))
        cv2.rectangle(image, (0, 0), (cell - 1, cell - 1), (215, 215, 215), 1)
        pictures.append(image)
    rows = []
    for n in range(0, len(pictures), IMAGERY_COLUMNS):
        row_labels = labels[n:n + IMAGERY_COLUMNS]
        tall = max(label.height for label in row_labels)  # a row's labels share one height
        cells = [np.vstack([draw_label(label.model_copy(update={"height": tall})), picture])
                 for label, picture in zip(row_labels, pictures[n:n + IMAGERY_COLUMNS],
                                           strict=True)]
        cells += [np.full_like(cells[0], 255)] * (IMAGERY_COLUMNS - len(cells))
        rows.append(np.hstack(cells))
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
