"""The first-run welcome, driven through real widgets on a new data folder."""

from __future__ import annotations

import json
from datetime import time

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication

from gmi.store import DataStore
from gmi.ui.first_run import NO_CAMERA_TEXT, FirstRunScreen
from gmi.ui.main_window import MainWindow
from gmi.ui.theme import BASE_POINTS
from gmi.vision.camera import SyntheticSource
from gmi.vision.devices import CameraInfo


def new_window(qtbot, store: DataStore, **kwargs) -> MainWindow:
    window = MainWindow(store, stage_screens={}, **kwargs)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_new_computer_walks_through_every_step_to_home(qtbot, store: DataStore,
                                                         monkeypatch) -> None:
    monkeypatch.setenv("GMI_CAMERA", "synthetic:320x240@30")
    window = new_window(qtbot, store)
    screen = window.first_run_screen
    assert window.stack.currentWidget() is screen
    assert screen.step_label.text() == "Step 1 of 5: Welcome"
    assert not screen.back_button.isVisible()

    qtbot.keyClick(screen.next_button, Qt.Key.Key_Return)  # Let's begin
    assert screen.step == 1 and not screen.next_button.isVisible()
    form = screen.form
    form.code_edit.selectAll()
    qtbot.keyClicks(form.code_edit, "K-12")
    form.part_group.button(0).click()
    form.side_group.button(0).click()
    qtbot.keyClick(form.code_edit, Qt.Key.Key_Return)
    [profile] = store.profiles.list()[0]
    assert (profile.code, profile.body_part, profile.affected_side) == ("K-12", "hand", "left")

    assert screen.step == 2  # the camera, live
    qtbot.waitUntil(lambda: screen.video.painted_frames >= 3, timeout=5000)
    assert "you see yourself" in screen.camera_status.text()

    screen.next_button.click()
    assert screen.step == 3
    screen.size_group.button(3).click()  # Largest, applied at once
    assert QApplication.instance().font().pointSize() == BASE_POINTS["largest"]

    screen.next_button.click()
    assert screen.step == 4 and screen.home_button.isVisible()
    assert screen.plan_minutes.startswith("about ")
    assert screen.camera is None  # the camera is off once its step is left
    qtbot.keyClicks(screen.cue_fields.cue_edit, "after my morning tea")  # not yet Enter
    screen.cue_fields.reminder_box.setChecked(True)
    first, second = screen.cue_fields.time_edits  # the hand programme: two sessions a day
    first.setTime(QTime(8, 30))

    screen.home_button.click()
    assert window.stack.currentWidget() is window.home_screen
    saved = json.loads(store.layout.settings_file.read_text())
    assert saved["welcome_done"] is True and saved["text_size"] == "largest"
    assert saved["cue"] == "after my morning tea" and saved["reminder_at"] == "08:30:00"
    assert saved["session_times"] == ["08:30:00", second.time().toString("HH:mm:ss")]
    assert window.reminders.at == time(8, 30) and window.reminders.cue == "after my morning tea"
    assert window.settings_screen.cue_edit.text() == "after my morning tea"
    assert saved["active_profile_id"] == profile.id
    assert window.settings_screen.size_group.checkedButton().property("value") == "largest"

    again = new_window(qtbot, DataStore(store.root))  # never shown again
    assert again.first_run_screen is None
    assert again.stack.currentWidget() is again.home_screen


def test_start_now_runs_the_first_step_of_the_plan(qtbot, store: DataStore) -> None:
    started = []
    window = new_window(qtbot, store)
    window.begin_practice = started.append  # the stage itself is tested elsewhere
    screen = window.first_run_screen
    screen.next_button.click()
    screen.form.part_group.button(1).click()  # foot
    screen.form.side_group.button(1).click()
    screen.form.create_button.click()
    screen.go_to(4)
    screen.next_button.click()  # Start now
    assert started == ["laterality"]


def test_no_camera_is_explained_and_the_welcome_goes_on(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    screen = FirstRunScreen(store, store.load_settings(), profile, cameras=[],
                            open_camera=lambda index: None)
    qtbot.addWidget(screen)
    screen.show()
    screen.go_to(1)
    assert screen.next_button.isVisible()  # the person is kept, not asked again
    screen.next_button.click()
    assert screen.step == 2
    assert screen.camera_status.text() == NO_CAMERA_TEXT
    assert screen.camera_combo.currentData() is None
    screen.next_button.click()
    assert screen.step == 3


def test_the_chosen_camera_is_previewed_and_saved(qtbot, store: DataStore) -> None:
    opened = []

    def opener(index):
        opened.append(index)
        return None if index is None else SyntheticSource(160, 120, 30)

    profile = store.profiles.create("P-1", "hand", "right")
    screen = FirstRunScreen(store, store.load_settings(), profile,
                            cameras=[CameraInfo(0, "Built-in"), CameraInfo(2, "USB camera")],
                            open_camera=opener)
    qtbot.addWidget(screen)
    screen.show()
    screen.go_to(2)
    screen.camera_combo.setCurrentIndex(1)
    qtbot.waitUntil(lambda: screen.video.painted_frames >= 2, timeout=5000)
    assert opened == [0, 2]
    assert json.loads(store.layout.settings_file.read_text())["camera_index"] == 2
    screen.close()
    assert screen.camera is None


def test_settings_reopens_the_welcome_for_the_same_person(qtbot, store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = new_window(qtbot, store)
    assert window.first_run_screen is None  # people already set up skip it
    window.show_settings()
    window.settings_screen.welcome_button.click()
    screen = window.first_run_screen
    assert window.stack.currentWidget() is screen
    screen.go_to(1)
    assert "P-1 is set up" in screen.person_box.itemAt(1).widget().text()
    screen.go_to(4)
    screen.home_button.click()
    assert window.stack.currentWidget() is window.home_screen
    assert len(store.profiles.list()[0]) == 1


def test_a_folder_that_cannot_be_saved_to_still_welcomes_and_says_so(qtbot, tmp_path) -> None:
    from gmi.store.paths import DataRoot

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = DataStore(DataRoot(blocker / "data", "command line"))
    window = new_window(qtbot, store)
    screen = window.first_run_screen
    from PySide6.QtWidgets import QLabel

    texts = " ".join(w.text() for w in screen.findChildren(QLabel))
    assert "cannot be saved right now" in texts


@pytest.mark.slow
def test_leaving_the_welcome_by_the_top_bar_stops_the_camera_and_keeps_choices(
        qtbot, store: DataStore, monkeypatch) -> None:
    monkeypatch.setenv("GMI_CAMERA", "synthetic:160x120@30")
    store.profiles.create("P-1", "hand", "right")
    window = new_window(qtbot, store, welcome=True)
    screen = window.first_run_screen
    screen.go_to(2)
    assert screen.camera is not None
    screen.go_to(3)
    screen.size_group.button(2).click()  # Larger
    screen.go_to(2)
    camera = screen.camera
    window.show_settings()  # away through the top bar, mid-welcome: it asks first
    screen.leave_button.click()  # Set up later
    assert window.first_run_screen is None and screen.camera is None
    assert camera.stats().state != "running"
    assert window.settings_screen.size_group.checkedButton().property("value") == "larger"
    window.settings_screen.chime_box.toggle()  # a later change keeps the welcome's choice
    assert json.loads(store.layout.settings_file.read_text())["text_size"] == "larger"


def test_the_top_bar_asks_before_leaving_the_welcome(qtbot, store: DataStore) -> None:
    window = new_window(qtbot, store, tray=False)
    screen = window.first_run_screen
    window.top_bar.home_button.click()
    assert window.first_run_screen is screen and screen.leave_question.isVisible()
    assert window.focusWidget() is screen.stay_button
    qtbot.keyClick(screen.stay_button, Qt.Key.Key_Return)  # Keep setting up
    assert window.first_run_screen is screen and not screen.leave_question.isVisible()

    window.top_bar.settings_button.click()
    screen.leave_button.click()  # Set up later
    assert window.first_run_screen is None
    assert window.stack.currentWidget() is window.settings_screen
    saved = store.load_settings()
    assert saved.welcome_put_off and not saved.welcome_done


def test_a_welcome_left_halfway_comes_back_and_one_put_off_is_offered_on_home(
        qtbot, store: DataStore) -> None:
    window = new_window(qtbot, store, tray=False)
    screen = window.first_run_screen
    screen.next_button.click()
    screen.form.part_group.button(0).click()
    screen.form.side_group.button(1).click()
    screen.form.create_button.click()
    assert screen.step == 2
    window.close()  # closed halfway: a person exists, the camera was never checked

    again = new_window(qtbot, store, tray=False)
    assert again.first_run_screen is not None  # it comes back
    again.first_run_screen.later_button.click()
    home = again.home_screen
    assert again.stack.currentWidget() is home and home.setup_button is not None
    home.setup_button.click()
    welcome = again.first_run_screen
    assert welcome is not None and welcome.profile is not None  # the person is kept
    again.close()

    third = new_window(qtbot, store, tray=False)
    assert third.first_run_screen is None and third.home_screen.setup_button is not None
