"""A missing or damaged body mesh: one clear message naming the file, stage 1
falls back to the person's photos, and with none it says so, never a crash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from gmi.app.laterality import NoPictures, choose_stimuli
from gmi.app.own_photos import OwnPhotos
from gmi.app.stage import StageContext
from gmi.model.protocol import parse_protocol
from gmi.stimuli import body
from gmi.stimuli.sets import PhotoFolder, missing_pictures
from gmi.store import DataStore
from gmi.store.settings import AppSettings


@pytest.fixture
def broken_mesh(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    """The body mesh replaced by a torn file for this test only."""
    torn = tmp_path / "assets" / "body.npz"
    torn.parent.mkdir()
    torn.write_bytes(b"PK\x03\x04 torn")
    monkeypatch.setattr(body, "asset_path", lambda: torn)
    body._archive.cache_clear()
    body.body_mesh.cache_clear()
    yield torn
    body._archive.cache_clear()
    body.body_mesh.cache_clear()


def context_for(store: DataStore, part: str = "hand") -> StageContext:
    profile = store.profiles.create("P-1", part, "right")
    text = (f'schema_version = 1\nid = "t"\ntitle = "T"\nbody_part = "{part}"\n'
            '[laterality]\ntrials = 4\npractice_trials = 0\n')
    return StageContext(profile, parse_protocol(text), store.sessions(profile.id),
                        AppSettings())


def photo() -> np.ndarray:
    image = np.zeros((240, 320, 3), np.uint8)
    image[:, :160] = (0, 0, 255)
    return image


def test_a_damaged_mesh_falls_back_to_the_persons_photos(store: DataStore,
                                                         broken_mesh: Path) -> None:
    context = context_for(store)
    OwnPhotos(store.layout.own_photos_dir(context.profile.id)).add(photo(), "left", "back",
                                                                     "open")
    stimuli, note = choose_stimuli(context)
    assert isinstance(stimuli, PhotoFolder)
    assert str(broken_mesh) in note and "own photos are used" in note


def test_with_no_photos_either_the_message_names_the_file(store: DataStore,
                                                          broken_mesh: Path) -> None:
    with pytest.raises(NoPictures) as err:
        choose_stimuli(context_for(store, "neck"))
    words = str(err.value)
    assert str(broken_mesh) in words and "other exercises still work" in words
    assert "tell your therapist" in words


def test_the_stage_shows_the_words_instead_of_crashing(qtbot, store: DataStore,
                                                       broken_mesh: Path) -> None:
    from gmi.ui.stage_host import STAGE_SCREENS
    from gmi.ui.stage_message import StageMessage

    screen = STAGE_SCREENS["laterality"](context_for(store, "knee"))
    qtbot.addWidget(screen)
    assert isinstance(screen, StageMessage)
    assert str(broken_mesh) in screen.message_label.text()
    with qtbot.waitSignal(screen.finished, timeout=2000):
        screen.home_button.click()


def test_the_fallback_note_is_on_the_intro_page(qtbot, store: DataStore,
                                                broken_mesh: Path) -> None:
    from PySide6.QtWidgets import QLabel

    from gmi.ui.laterality import LateralityScreen

    context = context_for(store)
    OwnPhotos(store.layout.own_photos_dir(context.profile.id)).add(photo(), "right", "back",
                                                                     "open")
    screen = LateralityScreen(context)
    qtbot.addWidget(screen)
    shown = " ".join(w.text() for w in screen.intro_page.findChildren(QLabel))
    assert "own photos are used" in shown and str(broken_mesh) in shown
    screen.shutdown()


def without_the_figure(tmp_path: Path) -> Path:
    """A copy of the real asset whose whole-figure cut (neck, back, shoulder,
    knee) is empty, its hand and foot intact."""
    with np.load(body.asset_path()) as npz:
        data = {k: npz[k] for k in npz.files if not k.startswith("figure_")}
    partial = tmp_path / "body.npz"
    np.savez(partial, **data, figure_triangles=np.zeros((0, 3), np.int64),
             **{f"figure_{k}": np.zeros(0) for k in ("bone_names", "bone_parents", "joints",
                                                     "weights")})
    return partial


def test_missing_pictures_names_the_file_per_body_part(tmp_path: Path, monkeypatch) -> None:
    assert missing_pictures("neck") == ""  # the real asset
    partial = without_the_figure(tmp_path)
    monkeypatch.setattr(body, "asset_path", lambda: partial)
    body._archive.cache_clear()
    body.body_mesh.cache_clear()
    try:
        assert str(partial) in missing_pictures("back")
        assert missing_pictures("hand") == "" and missing_pictures("foot") == ""
    finally:
        body._archive.cache_clear()
        body.body_mesh.cache_clear()


def test_the_profile_form_says_which_parts_can_be_practised(qtbot, store: DataStore,
                                                            tmp_path: Path, monkeypatch) -> None:
    from gmi.ui.profile_form import ProfileForm

    partial = without_the_figure(tmp_path)
    monkeypatch.setattr(body, "asset_path", lambda: partial)
    body._archive.cache_clear()
    body.body_mesh.cache_clear()
    try:
        form = ProfileForm(store.profiles)
        qtbot.addWidget(form)
        buttons = {b.property("value"): b for b in form.part_group.buttons()}
        buttons["neck"].click()
        form.side_group.buttons()[0].click()
        assert not form.part_note.isHidden()
        words = form.part_note.text()
        assert str(partial) in words and "choose hand or foot instead" in words
        assert form.create() is None and store.profiles.list()[0] == []
        buttons["foot"].click()
        assert form.part_note.isHidden()
        assert form.create() is not None
    finally:
        body._archive.cache_clear()
        body.body_mesh.cache_clear()
