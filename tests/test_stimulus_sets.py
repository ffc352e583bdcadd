"""Stimulus sets: rendered and photo folders, and what bad folders get."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from gmi.stimuli.sets import BODY_SHAPES, PhotoFolder, Rendered, StimulusSetError, rendered_for


def test_rendered_set_cycles_postures_and_skins() -> None:
    hands = Rendered(["open", "fist"], skins=["light", "dark"])
    picks = [hands.stimulus("left", "palm", 450, n) for n in range(4)]
    assert [(s.posture, s.skin) for s in picks] == [
        ("open", "light"), ("fist", "light"), ("open", "dark"), ("fist", "dark")]
    assert picks[0].rotation == 90
    image = hands.image(picks[0], 96)
    assert image.shape == (96, 96, 3)


def test_rendered_feet_use_foot_views_and_postures() -> None:
    feet = rendered_for("foot")
    assert feet.views() == ("top", "sole", "side")
    assert "toes_up" in feet.postures()
    stim = feet.stimulus("right", "sole", 90, 3)
    assert feet.image(stim, 64).shape == (64, 64, 3)


def write_photo(folder: Path, name: str, colour: int = 120) -> None:
    image = np.full((60, 40, 3), colour, np.uint8)
    cv2.rectangle(image, (5, 5), (20, 50), (30, 60, 200), -1)
    cv2.imwrite(str(folder / name), image)


def make_folder(tmp_path: Path, manifest: str, photos: list[str]) -> Path:
    for name in photos:
        write_photo(tmp_path, name)
    (tmp_path / "manifest.csv").write_text(manifest)
    return tmp_path


def test_good_photo_folder_loads_and_turns_photos(tmp_path: Path) -> None:
    folder = make_folder(tmp_path, "file,side,view,rotation,category\n"
                                   "a.png,left,back,0,open\nb.png,right,back,90,fist\n",
                         ["a.png", "b.png"])
    photos = PhotoFolder.load(folder)
    assert photos.problems == [] and len(photos.entries) == 2
    stim = photos.stimulus("right", "back", 180, 0)
    assert (stim.photo, stim.rotation, stim.source) == ("b.png", 180, "photos")
    turned = photos.image(stim, 100)
    upright = photos.image(photos.stimulus("right", "back", 90, 0), 100)
    assert turned.shape == (100, 100, 3)
    # asking for 90 degrees more turns the picture a quarter clockwise
    assert np.abs(np.rot90(upright, -1).astype(int) - turned.astype(int)).mean() < 3
    assert np.abs(np.rot90(upright, 1).astype(int) - turned.astype(int)).mean() > 10


def test_missing_manifest_is_named(tmp_path: Path) -> None:
    with pytest.raises(StimulusSetError, match=r"manifest\.csv: missing"):
        PhotoFolder.load(tmp_path)


def test_malformed_manifest_names_the_missing_column(tmp_path: Path) -> None:
    make_folder(tmp_path, "file,side\na.png,left\n", ["a.png"])
    with pytest.raises(StimulusSetError, match=r"missing column.*view, rotation, category"):
        PhotoFolder.load(tmp_path)


def test_one_side_only_is_not_offered(tmp_path: Path) -> None:
    make_folder(tmp_path, "file,side,view,rotation,category\na.png,left,back,0,x\n"
                          "b.png,left,palm,0,x\n", ["a.png", "b.png"])
    with pytest.raises(StimulusSetError, match="has left only"):
        PhotoFolder.load(tmp_path)


def test_bad_rows_and_unreadable_images_are_reported_and_skipped(tmp_path: Path) -> None:
    make_folder(tmp_path, "file,side,view,rotation,category\n"
                          "a.png,left,back,0,x\nb.png,right,back,0,x\n"
                          "broken.png,right,back,0,x\nc.png,up,back,0,x\n"
                          "d.png,left,back,ninety,x\n../e.png,left,back,0,x\n"
                          "gone.png,left,back,0,x\n", ["a.png", "b.png", "c.png", "d.png"])
    (tmp_path / "broken.png").write_bytes(b"not an image")
    photos = PhotoFolder.load(tmp_path)
    assert [e.file for e in photos.entries] == ["a.png", "b.png"]
    text = "\n".join(photos.problems)
    assert "line 4: broken.png cannot be read as an image" in text
    assert "line 5: side 'up' should be left or right" in text
    assert "line 6: rotation 'ninety'" in text
    assert "line 7: '../e.png' is not a plain file name" in text
    assert "line 8: gone.png does not exist" in text


def test_manifest_in_a_wrong_encoding_is_named(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_bytes("file,side\nü.png,left\n".encode("utf-16"))
    with pytest.raises(StimulusSetError, match="cannot be read as UTF-8"):
        PhotoFolder.load(tmp_path)


@pytest.mark.parametrize("body_part", ["hand", "foot"])
def test_rendered_sets_never_offer_a_view_a_posture_excludes(body_part: str) -> None:
    from gmi.model.posture import BODY_VIEWS, postures_for

    library = postures_for(body_part)  # type: ignore[arg-type]
    drawn = rendered_for(body_part, shape="average")
    seen = set()
    for view in drawn.views():
        for pick in range(3 * len(library) * 4):
            stim = drawn.stimulus("left", view, 0, pick)
            assert stim.view == view
            assert view not in dict(library[stim.posture].excluded)
            seen.add((stim.posture, view))
    # and everything not excluded is offered
    allowed = {(name, v) for name, p in library.items() for v in BODY_VIEWS[body_part]
               if v not in dict(p.excluded)}
    assert seen == allowed
    if body_part == "hand":
        assert ("fist", "back") not in seen and ("ok", "back") not in seen
        assert ("thumbs_up", "side") not in seen and ("thumbs_up", "back") in seen


def test_a_set_with_no_posture_for_a_view_says_so() -> None:
    only_ok = Rendered(["ok"], body_part="hand")
    with pytest.raises(StimulusSetError, match="from the back"):
        only_ok.stimulus("right", "back", 0, 0)


def test_posture_file_asking_for_a_view_it_excludes_is_refused() -> None:
    from gmi.model.posture import PostureLibraryError, parse_library

    text = ('[fist]\ntitle = "Fist"\nviews = ["back", "palm"]\n'
            'excluded = { back = "knuckles only" }\n')
    with pytest.raises(PostureLibraryError, match=r"'fist'.*'back'"):
        parse_library(text, "hand", "my.toml")
    with pytest.raises(PostureLibraryError, match=r"'fist'.*'top'"):
        parse_library('[fist]\ntitle = "Fist"\nviews = ["top"]\n', "hand", "my.toml")


def test_body_shape_is_chosen_per_set_and_changes_the_picture() -> None:
    import random

    from gmi.stimuli import body

    assert set(body.body_shapes()) == set(BODY_SHAPES)
    shapes = {rendered_for("hand", rng=random.Random(seed)).shape for seed in range(20)}
    assert len(shapes) >= 3
    older = rendered_for("hand", shape="older")
    average = rendered_for("hand", shape="average")
    stim = older.stimulus("right", "back", 0, 0)
    assert stim.shape == "older"
    assert not np.array_equal(older.image(stim, 96), average.image(
        average.stimulus("right", "back", 0, 0), 96))


def test_drawn_set_with_a_damaged_mesh_is_refused_naming_the_file(tmp_path: Path,
                                                                  monkeypatch) -> None:
    from gmi.stimuli import body

    damaged = tmp_path / "body.npz"
    damaged.write_bytes(b"PK\x03\x04 torn")
    monkeypatch.setattr(body, "asset_path", lambda: damaged)
    body._archive.cache_clear()
    try:
        with pytest.raises(StimulusSetError, match=str(damaged)):
            rendered_for("foot")
    finally:
        body._archive.cache_clear()
