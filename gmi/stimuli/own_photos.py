"""Pictures of the person's own comfortable hand, for left/right practice.

Taken only when the person asks (from Settings), kept owner-only in their
profile folder and never sent anywhere. Each picture is saved as the camera
saw it (not the mirrored preview) with the comfortable side's label, plus its
mirror image labelled as the other side: the patient's own hands, both ways.

This module makes the pictures and their manifest rows and reads a folder of
them as a stimulus set; it writes nothing. Saving them owner-only and
crash-safe is the store's job, put together by `gmi.app.own_photos` (the
stimuli layer stays independent of the store).
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import numpy as np

from gmi.model.stages import Side, other_side
from gmi.stimuli.sets import MANIFEST, PhotoFolder, StimulusSetError

PHOTO_SIZE = 512
MIRRORED = "-mirrored.png"


@dataclass(frozen=True)
class PhotoRow:
    """One line of the folder's manifest.csv (the columns PhotoFolder reads)."""

    file: str
    side: str
    view: str
    rotation: str
    category: str


COLUMNS = [f.name for f in fields(PhotoRow)]


def square_crop(frame: np.ndarray, fraction: float = 0.8) -> np.ndarray:
    import cv2  # here, not at the top: Settings lists the photos at start-up without it

    """The centred square the preview shows as a guide, resized to PHOTO_SIZE."""
    h, w = frame.shape[:2]
    side = int(min(h, w) * fraction)
    y, x = (h - side) // 2, (w - side) // 2
    return cv2.resize(frame[y:y + side, x:x + side], (PHOTO_SIZE, PHOTO_SIZE),
                      interpolation=cv2.INTER_AREA)


def parse_manifest(text: str) -> list[PhotoRow]:
    """The rows of a manifest.csv; lines missing a column are left out."""
    rows = []
    for raw in csv.DictReader(io.StringIO(text)):
        values = {name: raw.get(name) for name in COLUMNS}
        if all(isinstance(v, str) for v in values.values()):
            rows.append(PhotoRow(**values))  # type: ignore[arg-type]
    return rows


def manifest_text(rows: list[PhotoRow]) -> str:
    """The manifest.csv for `rows` (csv's "\\r\\n" line ends, as always written)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(asdict(r) for r in rows)
    return out.getvalue()


def pictures_taken(rows: list[PhotoRow]) -> int:
    """How many pictures were taken (each also gives its mirror image)."""
    return sum(1 for r in rows if not r.file.endswith(MIRRORED))


def picture_pair(frame: np.ndarray, side: Side, view: str, posture: str,
                 rows: list[PhotoRow]) -> tuple[list[tuple[str, bytes]], list[PhotoRow]]:
    """One camera picture of the `side` hand and its mirror image, as PNG files.

    `rows` are the folder's manifest so far (to number the new pair); returns
    (file name, PNG bytes) for both and the two manifest rows to add.
    """
    import cv2

    n = 1 + sum(1 for r in rows if r.category == posture and r.view == view)
    stem = f"{posture}-{view}-{n}"
    picture = square_crop(frame)
    names = (f"{stem}.png", f"{stem}{MIRRORED}")
    files = []
    for name, image in zip(names, (picture, np.ascontiguousarray(picture[:, ::-1])),
                           strict=True):
        ok, encoded = cv2.imencode(".png", image)
        if not ok:
            raise StimulusSetError(f"{name}: the picture could not be encoded")
        files.append((name, encoded.tobytes()))
    added = [PhotoRow(names[0], side, view, "0", posture),
             PhotoRow(names[1], other_side(side), view, "0", posture)]
    return files, added


def own_stimulus_set(folder: Path) -> PhotoFolder | None:
    """The pictures in `folder` as a stimulus set, or None if there are none usable."""
    try:
        photos = PhotoFolder.load(folder)
    except StimulusSetError:
        return None
    photos.name = "your own hand"
    photos.source = "own photos"
    return photos


__all__ = ["MANIFEST", "PHOTO_SIZE", "PhotoRow", "manifest_text", "own_stimulus_set",
           "parse_manifest", "picture_pair", "pictures_taken", "square_crop"]
