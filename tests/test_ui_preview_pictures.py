"""The therapist's "Preview pictures": the body part's contact sheet, drawn on a
worker, shown scrollable, with the programme's views named."""

from __future__ import annotations

import pytest

from gmi.app.preview import MIN_CELL, cell_for, preview_sheet, sheet_columns
from gmi.store import DataStore
from tests.test_ui_therapist import open_area


def test_the_cell_fits_the_width_but_never_below_the_smallest_readable() -> None:
    assert cell_for("hand", 1300) == 1300 // sheet_columns("hand") == 108
    assert cell_for("hand", 300) == MIN_CELL


def test_the_sheet_is_every_posture_in_every_view_as_bgr_bytes() -> None:
    from gmi.model.posture import postures_for

    sheet = preview_sheet("knee", 1320, ("front", "side"))
    assert sheet.width == cell_for("knee", 1320) * sheet_columns("knee")
    assert len(sheet.bgr) == sheet.width * sheet.height * 3
    assert sheet.height > len(postures_for("knee")) * cell_for("knee", 1320)
    assert "views: front, side" in sheet.words and "never offered" in sheet.words


@pytest.mark.slow
def test_a_therapist_previews_the_pictures_of_the_programme(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "neck", "left")
    window = open_area(qtbot, store)
    window.resize(1366, 768)
    screen = window.therapist_screen
    screen.profile = profile
    screen.load_programme()
    screen.pictures_button.click()
    assert screen.area.currentWidget() is screen.pictures_area
    assert "Drawing every neck picture" in screen.pictures_words.text()
    qtbot.waitUntil(lambda: screen.pictures_shown is not None, timeout=60_000)
    sheet = screen.pictures_shown
    assert sheet.body_part == "neck" and "front, back, side" in screen.pictures_words.text()
    shown = screen.pictures_sheet.pixmap()
    assert (shown.width(), shown.height()) == (sheet.width, sheet.height)
    assert sheet.height > screen.pictures_area.viewport().height()  # it scrolls
    bar = screen.pictures_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=5_000)  # once laid out
    screen.area.setCurrentIndex(0)
    screen.area.setCurrentWidget(screen.pictures_area)  # again: nothing new to draw
    assert screen.pictures_shown is sheet and screen.pictures_sheet.isEnabled()
