"""Pictures of the person's own comfortable hand, for left/right practice.

Taken only when the person asks (from Settings), kept owner-only in their
profile folder and never sent anywhere. Each picture is saved as the camera
saw it (not the mirrored preview) with the comfortable side's label, plus its
mirror image labelled as the other side: the patient's own hands, both ways.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import cv2
import numpy as np

from gmi.model.stages import Side, other_side
from gmi.stimuli.sets import MANIFEST, PhotoFolder, StimulusSetError
from gmi.store.files import ensure_dir, write_atomic

PHOTO_SIZE = 512


def square_crop(frame: np.ndarray, fraction: float = 0.8) -> np.ndarray:
    """The centred square the preview shows as a guide, resized to PHOTO_SIZE."""
    h, w = frame.shape[:2]
    side = int(min(h, w) * fraction)
    y, x = (h - side) // 2, (w - side) // 2
    return cv2.resize(frame[y:y + side, x:x + side], (PHOTO_SIZE, PHOTO_SIZE),
                      interpolation=cv2.INTER_AREA)


class OwnPhotos:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    def rows(self) -> list[dict[str, str]]:
        if not self.manifest.is_file():
            return []
        return list(csv.DictReader(io.StringIO(self.manifest.read_text("utf-8"))))

    def count(self) -> int:
        """How many pictures were taken (each also gives its mirror image)."""
        return sum(1 for r in self.rows() if not r["file"].endswith("-mirrored.png"))

    def add(self, frame: np.ndarray, side: Side, view: str, posture: str) -> tuple[str, str]:
        """Save one camera picture of the `side` hand and its mirror image."""
        ensure_dir(self.folder)
        rows = self.rows()
        n = 1 + sum(1 for r in rows if r["category"] == posture and r["view"] == view)
        stem = f"{posture}-{view}-{n}"
        picture = square_crop(frame)
        names = (f"{stem}.png", f"{stem}-mirrored.png")
        for name, image in zip(names, (picture, np.ascontiguousarray(picture[:, ::-1])),
                               strict=True):
            ok, encoded = cv2.imencode(".png", image)
            if not ok:
                raise StimulusSetError(f"{self.folder / name}: the picture could not be encoded")
            write_atomic(self.folder / name, encoded.tobytes())
        rows += [{"file": names[0], "side": side, "view": view, "rotation": "0",
                  "category": posture},
                 {"file": names[1], "side": other_side(side), "view": view, "rotation": "0",
                  "category": posture}]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["file", "side", "view", "rotation", "category"])
        writer.writeheader()
        writer.writerows(rows)
        write_atomic(self.manifest, out.getvalue().encode("utf-8"))
        return names

    def delete_all(self) -> int:
        """Remove every own picture (the person's choice); returns how many files."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.iterdir():
            if path.suffix in (".png", ".csv"):
                path.unlink()
                removed += 1
        return removed

    def stimulus_set(self) -> PhotoFolder | None:
        """The pictures as a stimulus set, or None if there are none usable."""
        try:
            photos = PhotoFolder.load(self.folder)
        except StimulusSetError:
            return None
        photos.name = "your own hand"
        photos.source = "own photos"
        return photos
