"""Own-hand pictures: taken on request, both sides, used in stage 1 if asked."""

from __future__ import annotations

import stat
from pathlib import Path

import numpy as np

from gmi.app.own_photos import OwnPhotos
from gmi.app.stage import StageContext
from gmi.model.protocol import parse_protocol
from gmi.stimuli.sets import MixedSet
from gmi.store import DataStore
from gmi.store.settings import AppSettings
from gmi.ui.laterality import LateralityScreen
from gmi.ui.own_photos import OwnPhotosDialog
from gmi.vision.camera import SyntheticSource


def frame() -> np.ndarray:
    image = np.zeros((480, 640, 3), np.uint8)
    image[:, :320] = (0, 0, 255)  # red on the camera's left
    return image


def test_a_picture_is_saved_with_its_mirror_as_the_other_side(tmp_path: Path) -> None:
    photos = OwnPhotos(tmp_path / "own")
    original, mirrored = photos.add(frame(), "left", "back", "fist")
    rows = photos.rows()
    assert [(r.file, r.side) for r in rows] == [(original, "left"), (mirrored, "right")]
    assert photos.count() == 1
    folder = photos.stimulus_set()
    assert folder is not None and folder.source == "own photos"
    left = folder.image(folder.stimulus("left", "back", 0, 0), 128)
    right = folder.image(folder.stimulus("right", "back", 0, 0), 128)
    assert left[64, 20, 2] > 200 and right[64, 108, 2] > 200  # mirrored
    assert stat.S_IMODE((tmp_path / "own" / original).stat().st_mode) == 0o600
    assert photos.delete_all() == 3 and photos.count() == 0
    assert photos.stimulus_set() is None


def test_dialog_takes_pictures_of_the_comfortable_hand(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    photos = OwnPhotos(store.layout.own_photos_dir(profile.id))
    dialog = OwnPhotosDialog(profile, photos, None, source=SyntheticSource(320, 240, 30))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "left hand" in dialog.instruction.text()  # right affected: the left is shown
    qtbot.waitUntil(lambda: dialog.camera.take() is not None, timeout=3000)
    assert dialog.take_now()
    dialog.skip_button.click()
    assert dialog.take_now()
    dialog.accept()
    assert photos.count() == 2
    assert {r.side for r in photos.rows()} == {"left", "right"}
    assert dialog.camera.stats().state == "stopped"


def test_laterality_uses_own_pictures_when_the_protocol_asks(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    text = ('schema_version = 1\nid = "t"\ntitle = "T"\nbody_part = "hand"\n'
            '[laterality]\ntrials = 4\npractice_trials = 0\nstimuli = "mixed"\n')
    context = StageContext(profile, parse_protocol(text), store.sessions(profile.id),
                           AppSettings())
    screen = LateralityScreen(context)
    qtbot.addWidget(screen)
    assert "none yet" in screen.stimuli_note  # nothing taken yet: drawn pictures
    OwnPhotos(store.layout.own_photos_dir(profile.id)).add(frame(), "left", "back", "open")
    screen = LateralityScreen(context)
    qtbot.addWidget(screen)
    assert isinstance(screen.stimuli, MixedSet) and screen.stimuli_note == ""
