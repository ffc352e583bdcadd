"""The person's own hand pictures in their profile folder: made by the stimuli
layer, saved by the store.

`gmi.stimuli.own_photos` makes the pictures and the manifest rows and must
not reach into the store (the core packages stay independent); this object
joins the two for the screens: take a picture, count, delete, use as a set.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from gmi.model.stages import Side
from gmi.stimuli.own_photos import (
    PhotoRow,
    manifest_text,
    own_stimulus_set,
    parse_manifest,
    picture_pair,
    pictures_taken,
)
from gmi.stimuli.sets import MANIFEST, PhotoFolder
from gmi.store.files import ensure_dir, write_atomic


class OwnPhotos:
    """The own-photos folder of one profile (`Layout.own_photos_dir`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    def rows(self) -> list[PhotoRow]:
        if not self.manifest.is_file():
            return []
        return parse_manifest(self.manifest.read_text("utf-8"))

    def count(self) -> int:
        """How many pictures were taken (each also gives its mirror image)."""
        return pictures_taken(self.rows())

    def add(self, frame: np.ndarray, side: Side, view: str, posture: str) -> tuple[str, str]:
        """Save one camera picture of the `side` hand and its mirror image.

        The pictures are written before the manifest that names them, so a
        crash in between leaves an unlisted file, never a listed missing one.
        """
        ensure_dir(self.folder)
        rows = self.rows()
        files, added = picture_pair(frame, side, view, posture, rows)
        for name, data in files:
            write_atomic(self.folder / name, data)
        write_atomic(self.manifest, manifest_text(rows + added).encode("utf-8"))
        return files[0][0], files[1][0]

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
        return own_stimulus_set(self.folder)
