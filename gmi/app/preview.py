"""The therapist's "Preview pictures": the contact sheet of a body part, as pixels.

A therapist choosing views for a programme wants to see what the patient will
see: every posture of the body part in every view, both sides, upright and
turned, with the views a posture is never shown in greyed ("not offered").
Drawing the sheet is about 150 pictures (a second or more on this machine), so
it is made here, off the GUI thread (`gmi.app.jobs`), and handed over as plain
bytes the screen only wraps in an image. No Qt here.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from gmi.model.posture import BODY_VIEWS
from gmi.model.stages import BodyPart
from gmi.stimuli.sheet import SIDES, sheet_rotations

MIN_CELL = 96  # pixels: smaller and nails and creases can no longer be told (1366 px: 12 x 107 fit)
MAX_CELL = 180


class SheetPicture(BaseModel):
    """One contact sheet, ready to show: words above it and its pixels (BGR)."""

    model_config = ConfigDict(frozen=True)

    body_part: str
    words: str
    width: int
    height: int
    bgr: bytes  # width * height * 3 bytes, row by row


def sheet_columns(body_part: BodyPart) -> int:
    return len(BODY_VIEWS[body_part]) * len(sheet_rotations(body_part)) * len(SIDES)


def cell_for(body_part: BodyPart, width: int) -> int:
    """The picture size that fits `width` pixels across (within sensible bounds:
    below MIN_CELL the sheet scrolls sideways instead of shrinking further)."""
    return max(MIN_CELL, min(MAX_CELL, width // sheet_columns(body_part)))


def preview_sheet(body_part: BodyPart, width: int, views: tuple[str, ...] = ()) -> SheetPicture:
    """The contact sheet of `body_part` fitted to `width`; `views`: the ones the
    programme shows (named in the words, so the greyed and the unused can be told)."""
    import numpy as np

    from gmi.stimuli.sheet import contact_sheet

    image = np.ascontiguousarray(contact_sheet(body_part, cell_for(body_part, width)))
    chosen = ", ".join(views) if views else "all of them"
    turned = " and turned by 90°" if len(sheet_rotations(body_part)) > 1 else " (never turned)"
    words = (f"Every {body_part} posture in every view, left and right, upright{turned}. "
             f"This programme shows the views: {chosen}. Greyed pictures are never "
             "offered: their side cannot be told from that view.")
    return SheetPicture(body_part=body_part, words=words, width=image.shape[1],
                        height=image.shape[0], bgr=image.tobytes())
