"""`gmi stimuli`: the contact sheet of every posture x view, both sides."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from gmi.cli import main
from gmi.model.posture import foot_postures, hand_postures


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
    assert sheet.shape[0] == 40 + len(library) * (34 + 48)


def test_the_imagery_sheet_shows_each_posture_once_from_its_view(tmp_path: Path) -> None:
    """The imagery sheet is made of the very pictures stage 2 draws."""
    import numpy as np

    from gmi.model.posture import imagery_view
    from gmi.stimuli.render import render_cached
    from gmi.stimuli.sheet import IMAGERY_COLUMNS

    out = tmp_path / "imagery.png"
    assert main(["stimuli", "--imagery", "--body-part", "hand", "--out", str(out),
                 "--size", "48"]) == 0
    sheet = cv2.imread(str(out))
    library = hand_postures()
    rows = -(-len(library) // IMAGERY_COLUMNS)
    assert sheet.shape[:2] == (rows * (34 + 48), IMAGERY_COLUMNS * 48)
    n = list(library).index("fist")
    top, left = (n // IMAGERY_COLUMNS) * (34 + 48) + 34, (n % IMAGERY_COLUMNS) * 48
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
    assert sheet.shape[0] == 40 + len(figure_postures(body_part)) * (34 + 32)
