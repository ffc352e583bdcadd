"""Stimulus sets behind one interface: rendered hands, imported photo folders.

A set answers two questions: which (side, view, rotation, ...) it can show,
and the image for one of them. Scheduling and scoring never care where an
image came from. A photo folder that cannot be trusted (no or bad manifest,
one side only) raises :class:`StimulusSetError` with a message that names
the file and the problem; it is then not offered.

OpenCV and the renderer are imported where a picture is made, not at the top:
Settings counts the person's own photos at start-up and needs neither.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from gmi.model.stages import Side
from gmi.stimuli.shading import BACKGROUND, SKIN_TONES

# Body shapes in assets/meshes/body (see scripts/import_body_mesh.py); named here
# so that choosing one needs no numpy or mesh at start-up.
BODY_SHAPES = ("average", "older", "heavier", "slender")


@dataclass(frozen=True)
class Stimulus:
    """One picture to judge. `rotation` is clockwise degrees from fingers-up."""

    side: Side
    view: str
    rotation: int
    posture: str = ""
    skin: str = ""
    photo: str = ""  # file name inside a photo set
    source: str = "rendered"
    shape: str = ""  # body shape of a drawn picture (average, older, ...)


class StimulusSetError(ValueError):
    """The set cannot be used; the message says which file and why."""


# The cut of the body mesh each body part's pictures are drawn from.
_MESH_PART = {"hand": "arm", "foot": "foot"}  # neck, back, shoulder, knee: the whole figure


def missing_pictures(body_part: str) -> str:
    """'' if `body_part`'s drawn pictures can be made here, else why, naming the
    file. Loads (and keeps) that part of the body mesh: asked before a session
    or a profile is made, so a broken asset is found there, not mid-session."""
    from gmi.stimuli.body import MeshAssetError, body_mesh, body_shapes

    try:
        body_shapes()  # the file itself
        body_mesh(_MESH_PART.get(body_part, "figure"))  # and this body part's cut of it
    except MeshAssetError as exc:
        return str(exc)
    return ""


class StimulusSet(Protocol):
    name: str

    def views(self) -> tuple[str, ...]: ...

    def postures(self) -> tuple[str, ...]: ...

    def stimulus(self, side: Side, view: str, rotation: int, pick: int) -> Stimulus: ...

    def image(self, stimulus: Stimulus, size: int) -> np.ndarray: ...


@dataclass
class Rendered:
    """Unlimited, precisely labelled hands or feet drawn from the posture library.

    Only decidable pictures are offered: a posture is drawn only in the views
    its library entry does not exclude (assets/postures/*.toml). One body
    shape per set (per session), so patients do not learn one hand.
    """

    posture_names: Sequence[str]
    skins: Sequence[str] = tuple(SKIN_TONES)
    body_part: str = "hand"
    name: str = "rendered pictures"
    shape: str = "average"

    def postures_in(self, view: str) -> list[str]:
        """The set's postures whose side can be told from `view`."""
        from gmi.model.posture import offered_views, postures_for

        library = postures_for(self.body_part)  # type: ignore[arg-type]
        return [p for p in self.posture_names
                if p in library and view in offered_views(library[p], self.body_part)]  # type: ignore[arg-type]

    def views(self) -> tuple[str, ...]:
        from gmi.model.posture import BODY_VIEWS

        return BODY_VIEWS[self.body_part]  # type: ignore[return-value]

    def postures(self) -> tuple[str, ...]:
        return tuple(self.posture_names)

    def stimulus(self, side: Side, view: str, rotation: int, pick: int) -> Stimulus:
        names = self.postures_in(view)
        if not names:
            raise StimulusSetError(f"none of the postures {', '.join(self.posture_names)} can "
                                   f"be told left from right from the {view}")
        posture = names[pick % len(names)]
        skin = self.skins[(pick // len(names)) % len(self.skins)]
        return Stimulus(side, view, rotation % 360, posture=posture, skin=skin,
                        shape=self.shape)

    def image(self, stimulus: Stimulus, size: int = 512) -> np.ndarray:
        from gmi.stimuli.render import render_cached

        return render_cached(self.body_part, stimulus.posture, stimulus.side, stimulus.view,
                             float(stimulus.rotation), stimulus.skin, size,
                             stimulus.shape or self.shape)


def rendered_for(body_part: str, shape: str | None = None,
                 rng: random.Random | None = None) -> Rendered:
    """The full posture library of `body_part`, in every skin tone, in one body
    shape: `shape`, else one chosen at random (a new one each session).

    Raises StimulusSetError naming the file if the body mesh is missing or damaged."""
    from gmi.model.posture import postures_for

    problem = missing_pictures(body_part)  # found here, once, not mid-session
    if problem:
        raise StimulusSetError(problem)
    if shape is None:
        shape = (rng or random.Random()).choice(BODY_SHAPES)
    return Rendered(sorted(postures_for(body_part)), body_part=body_part,  # type: ignore[arg-type]
                    shape=shape)


MANIFEST = "manifest.csv"
_COLUMNS = ("file", "side", "view", "rotation", "category")


@dataclass(frozen=True)
class PhotoEntry:
    file: str
    side: Side
    view: str
    rotation: int
    category: str


@dataclass
class PhotoFolder:
    """Photos with a manifest.csv: file, side, view, rotation, category.

    Rotations asked for beyond a photo's own are made by turning the photo;
    the other side is never made by flipping (a flipped photo of a real hand
    would carry its own cues, e.g. a ring or a scar, to the wrong side).
    """

    folder: Path
    name: str = ""
    entries: list[PhotoEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    source: str = "photos"

    @classmethod
    def load(cls, folder: Path) -> PhotoFolder:
        manifest = folder / MANIFEST
        if not manifest.is_file():
            raise StimulusSetError(f"{manifest}: missing; a photo set needs a manifest.csv "
                                   f"with the columns {', '.join(_COLUMNS)}")
        try:
            text = manifest.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise StimulusSetError(f"{manifest}: cannot be read as UTF-8 text ({exc})") from exc
        rows = list(csv.DictReader(io.StringIO(text)))
        header = tuple(rows[0].keys()) if rows else ()
        missing = [c for c in _COLUMNS if c not in header]
        if missing:
            raise StimulusSetError(f"{manifest}: missing column(s) {', '.join(missing)} "
                                   f"(expected {', '.join(_COLUMNS)})")
        result = cls(folder, name=folder.name)
        for line, row in enumerate(rows, start=2):
            entry, problem = _parse_row(folder, row, line)
            if problem:
                result.problems.append(f"{manifest}, line {line}: {problem}")
            else:
                result.entries.append(entry)  # type: ignore[arg-type]
        sides = {e.side for e in result.entries}
        if sides != {"left", "right"}:
            only = ", ".join(sorted(sides)) or "no usable photos"
            raise StimulusSetError(f"{manifest}: has {only} only; a left/right task needs "
                                   "photos of both sides")
        return result

    def views(self) -> tuple[str, ...]:
        return tuple(sorted({e.view for e in self.entries}))

    def postures(self) -> tuple[str, ...]:
        return tuple(sorted({e.category for e in self.entries}))

    def stimulus(self, side: Side, view: str, rotation: int, pick: int) -> Stimulus:
        choices = [e for e in self.entries if e.side == side and e.view == view] or [
            e for e in self.entries if e.side == side]
        entry = choices[pick % len(choices)]
        return Stimulus(side, entry.view, rotation % 360, posture=entry.category,
                        photo=entry.file, source=self.source)

    def image(self, stimulus: Stimulus, size: int = 512) -> np.ndarray:
        entry = next(e for e in self.entries if e.file == stimulus.photo)
        import cv2

        photo = cv2.imread(str(self.folder / entry.file), cv2.IMREAD_COLOR)
        if photo is None:
            raise StimulusSetError(f"{self.folder / entry.file}: cannot be read as an image")
        return _square(photo, size, (stimulus.rotation - entry.rotation) % 360)


def _parse_row(folder: Path, row: dict, line: int) -> tuple[PhotoEntry | None, str]:
    file = (row.get("file") or "").strip()
    side = (row.get("side") or "").strip().lower()
    view = (row.get("view") or "").strip().lower()
    if not file or "/" in file or "\\" in file or file.startswith("."):
        return None, f"'{file}' is not a plain file name in the folder"
    if side not in ("left", "right"):
        return None, f"side '{side}' should be left or right"
    if not view:
        return None, "view is empty"
    try:
        rotation = int(float((row.get("rotation") or "0").strip())) % 360
    except ValueError:
        return None, f"rotation '{row.get('rotation')}' should be a number of degrees"
    path = folder / file
    if not path.is_file():
        return None, f"{file} does not exist"
    import cv2

    if cv2.imread(str(path), cv2.IMREAD_REDUCED_GRAYSCALE_8) is None:
        return None, f"{file} cannot be read as an image"
    return PhotoEntry(file, side, view, rotation, (row.get("category") or "").strip()), ""  # type: ignore[arg-type]


def _square(photo: np.ndarray, size: int, clockwise: int) -> np.ndarray:
    import cv2

    """Fit a photo into a size x size square on a plain background, turned."""
    h, w = photo.shape[:2]
    scale = size * 0.9 / max(h, w)
    small = cv2.resize(photo, (max(1, round(w * scale)), max(1, round(h * scale))),
                       interpolation=cv2.INTER_AREA)
    canvas = np.full((size, size, 3), BACKGROUND, np.uint8)
    y, x = (size - small.shape[0]) // 2, (size - small.shape[1]) // 2
    canvas[y:y + small.shape[0], x:x + small.shape[1]] = small
    if clockwise:
        turn = cv2.getRotationMatrix2D((size / 2, size / 2), -clockwise, 1.0)
        canvas = cv2.warpAffine(canvas, turn, (size, size), borderValue=BACKGROUND)
    return canvas


@dataclass
class MixedSet:
    """Alternates between several sets (e.g. drawn hands and the person's own)."""

    sets: Sequence[StimulusSet]
    name: str = "mixed pictures"

    def views(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for s in self.sets for v in s.views()))

    def postures(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for s in self.sets for p in s.postures()))

    def stimulus(self, side: Side, view: str, rotation: int, pick: int) -> Stimulus:
        chosen = self.sets[pick % len(self.sets)]
        return chosen.stimulus(side, view, rotation, pick // len(self.sets))

    def image(self, stimulus: Stimulus, size: int = 512) -> np.ndarray:
        for candidate in self.sets:
            if getattr(candidate, "source", "rendered") == stimulus.source:
                return candidate.image(stimulus, size)
        raise StimulusSetError(f"no set gives pictures from '{stimulus.source}'")
