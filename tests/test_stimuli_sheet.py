"""`gmi stimuli`: the contact sheet of every posture x view, both sides."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from gmi.cli import main
from gmi.model.posture import (
    BODY_VIEWS,
    foot_postures,
    hand_postures,
    imagery_view,
    postures_for,
)
from gmi.stimuli.sheet import (
    IMAGERY_COLUMNS,
    column_label,
    imagery_label,
    row_label,
    sheet_rotations,
)
from gmi.stimuli.sheet_labels import draw_label, fit_label, text_width

BODY_PARTS = ["hand", "foot", "neck", "back", "shoulder", "knee"]


def sheet_height(body_part: str, library, cell: int, every: bool = False) -> int:
    """The heading, then per posture its words (as tall as they wrap) and its pictures."""
    rotations = sheet_rotations(body_part, every)
    width = cell * len(BODY_VIEWS[body_part]) * len(rotations) * 2
    head = max([40] + [column_label(v, r, s, cell).height for v in BODY_VIEWS[body_part]
                       for r in rotations for s in ("left", "right")])
    return head + sum(row_label(p.title, dict(p.excluded), width).height + cell
                      for p in library.values())


def imagery_bands(body_part: str, cell: int) -> list[int]:
    """The height of the words above each row of the imagery sheet."""
    library = postures_for(body_part)
    heights = [imagery_label(p.title, imagery_view(p, body_part), cell).height
               for p in library.values()]
    return [max(heights[n:n + IMAGERY_COLUMNS]) for n in range(0, len(heights), IMAGERY_COLUMNS)]


def ink_columns(band) -> list[int]:
    """The x of every column of `band` with anything darker than the white paper."""
    import numpy as np

    return list(np.nonzero((band < 250).any(axis=(0, 2)))[0])


@pytest.mark.slow
@pytest.mark.parametrize("body_part", ["hand", "foot"])
def test_sheet_has_a_cell_for_every_posture_view_rotation_and_side(
        tmp_path: Path, body_part: str, capsys) -> None:
    out = tmp_path / f"{body_part}.png"
    assert main(["stimuli", "--body-part", body_part, "--out", str(out), "--size", "48"]) == 0
    assert str(out) in capsys.readouterr().out
    sheet = cv2.imread(str(out))
    library = hand_postures() if body_part == "hand" else foot_postures()
    assert sheet.shape[1] == 48 * 3 * 2 * 2  # views x rotations x sides
    assert sheet.shape[0] == sheet_height(body_part, library, 48)


def test_the_imagery_sheet_shows_each_posture_once_from_its_view(tmp_path: Path) -> None:
    """The imagery sheet is made of the very pictures stage 2 draws."""
    import numpy as np

    from gmi.stimuli.render import render_cached

    out = tmp_path / "imagery.png"
    assert main(["stimuli", "--imagery", "--body-part", "hand", "--out", str(out),
                 "--size", "48"]) == 0
    sheet = cv2.imread(str(out))
    library = hand_postures()
    bands = imagery_bands("hand", 48)
    assert sheet.shape[:2] == (sum(bands) + len(bands) * 48, IMAGERY_COLUMNS * 48)
    n = list(library).index("fist")
    row = n // IMAGERY_COLUMNS
    top, left = sum(bands[:row + 1]) + row * 48, (n % IMAGERY_COLUMNS) * 48
    fist = np.array(render_cached("hand", "fist", "right",
                                  imagery_view(library["fist"], "hand"), 0.0, "medium", 48))
    inner = (slice(top + 1, top + 47), slice(left + 1, left + 47))
    assert np.array_equal(sheet[inner], fist[1:47, 1:47])


def test_sheet_with_a_missing_mesh_says_which_file(tmp_path: Path, monkeypatch, capsys) -> None:
    from gmi.stimuli import body, render

    missing = tmp_path / "body.npz"
    monkeypatch.setattr(body, "asset_path", lambda: missing)
    body._archive.cache_clear()
    body.body_mesh.cache_clear()
    render.render_cached.cache_clear()
    try:
        code = main(["stimuli", "--body-part", "foot", "--out", str(tmp_path / "f.png")])
    finally:
        body._archive.cache_clear()
        body.body_mesh.cache_clear()
    assert code == 2
    err = capsys.readouterr().err
    assert str(missing) in err and err.count("\n") == 1


@pytest.mark.slow
@pytest.mark.parametrize(("body_part", "rotations"), [("knee", 4), ("neck", 1)])
def test_a_figure_sheet_shows_every_rotation_its_body_part_allows(
        tmp_path: Path, body_part: str, rotations: int) -> None:
    from gmi.model.posture import figure_postures

    out = tmp_path / f"{body_part}.png"
    assert main(["stimuli", "--body-part", body_part, "--out", str(out), "--size", "32"]) == 0
    sheet = cv2.imread(str(out))
    assert sheet.shape[1] == 32 * 3 * rotations * 2  # views x rotations x sides
    assert sheet.shape[0] == sheet_height(body_part, figure_postures(body_part), 32,
                                          every=True)  # people: every quarter turn


LONG = ("not from the front: seen from the front, a foot tucked under the chair looks "
        "like a foot on the floor")


@pytest.mark.parametrize("width", [96, 160, 576, 1920])
def test_a_long_label_wraps_inside_its_cell_and_is_drawn_there(width: int) -> None:
    """Measured as drawn (cv2.getTextSize, the drawing's own font and size), every
    line stays inside the cell's margins, and the pixels drawn do too."""
    label = fit_label(["Seated, foot tucked back", LONG, LONG], width, 0.55, 5)
    assert 1 < len(label.lines) <= 5
    assert label.scale >= 0.55 * 0.8  # shrunk at most a little
    for line in label.lines:
        assert label.margin + text_width(line, label.scale) <= width - label.margin
    band = draw_label(label)
    assert band.shape[:2] == (label.height, width)
    ink = ink_columns(band)
    assert ink and min(ink) >= label.margin - 1 and max(ink) <= width - label.margin
    assert len(label.lines) * label.line_height <= label.height  # the band grew to the lines


def test_words_that_do_not_fit_end_in_an_ellipsis_not_mid_letter() -> None:
    label = fit_label([LONG], 120, 0.55, 2)
    assert len(label.lines) == 2 and label.lines[-1].endswith("...")
    assert all(text_width(line, label.scale) <= 120 - 2 * label.margin for line in label.lines)
    assert label.scale == pytest.approx(0.55 * 0.8)  # shrunk first, then cut
    short = fit_label(["Fist"], 160, 0.55, 2)
    assert short.lines == ("Fist",) and short.scale == 0.55  # what fits is left alone


@pytest.mark.slow
@pytest.mark.parametrize("body_part", BODY_PARTS)
def test_no_label_on_a_sheet_runs_past_its_cell(body_part: str) -> None:
    """The real sheets at a preview's smallest cell: each posture's words above its row,
    each heading and each imagery title inside its own cell, and the rows below
    start where the words end (no overlap: the sheet grew instead)."""
    import numpy as np

    from gmi.stimuli.sheet import contact_sheet, imagery_sheet

    cell = 96
    sheet = contact_sheet(body_part, cell)
    width = sheet.shape[1]
    library = postures_for(body_part)
    head = sheet_height(body_part, {}, cell)
    top = head
    for posture in library.values():
        label = row_label(posture.title, dict(posture.excluded), width)
        assert all(label.margin + text_width(line, label.scale) <= width - label.margin
                   for line in label.lines)
        assert not any(line.endswith("...") for line in label.lines)  # room enough: no cut
        band = sheet[top:top + label.height]
        assert np.array_equal(band, draw_label(label))  # the very words drawn, in their band
        top += label.height + cell
    assert top == sheet.shape[0]
    for c in range(width // cell):  # a heading ends before its cell does
        ink = ink_columns(sheet[:head, c * cell:(c + 1) * cell])
        assert ink and max(ink) < cell - 2

    pictures = imagery_sheet(body_part, cell)
    top = 0
    for band_height in imagery_bands(body_part, cell):
        for c in range(IMAGERY_COLUMNS):
            ink = ink_columns(pictures[top:top + band_height, c * cell:(c + 1) * cell])
            assert not ink or max(ink) < cell - 2
        top += band_height + cell
    assert top == pictures.shape[0]
