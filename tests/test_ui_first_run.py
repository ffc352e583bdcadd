"""The first-run welcome, driven through real widgets on a new data folder."""

from __future__ import annotations

import json
from datetime import time

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication

from gmi.store import DataStore
from gmi.ui.first_run import NO_CAMERA_TEXT, STEP_TITLES, THERAPIST_STEP, FirstRunScreen
from gmi.ui.keyboard import KeyGuard
from gmi.ui.main_window import MainWindow
from gmi.ui.theme import BASE_POINTS
from gmi.vision.camera import SyntheticSource
from gmi.vision.devices import CameraInfo

PLAN_STEP = len(STEP_TITLES) - 1


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
    assert screen.step_label.text() == "Step 1 of 6: Welcome"
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
    assert screen.step == THERAPIST_STEP and not screen.next_button.isVisible()
    qtbot.keyClick(screen.therapist_no, Qt.Key.Key_Return)  # No, later: no PIN asked
    assert screen.step == PLAN_STEP and screen.home_button.isVisible()
    # the hand programme asks for two sessions a day: the welcome says the whole day
    assert screen.plan_minutes.startswith("2 sessions of about ")
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
    window.practice.begin = started.append  # the stage itself is tested elsewhere
    screen = window.first_run_screen
    screen.next_button.click()
    screen.form.part_group.button(1).click()  # foot
    screen.form.side_group.button(1).click()
    screen.form.create_button.click()
    screen.go_to(PLAN_STEP)
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
    screen.go_to(PLAN_STEP)
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
    window.top_bar.settings_button.click()  # away through the top bar, mid-welcome: it asks
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


# -- the therapist's PIN, set together in the welcome ----------------------------------
def welcome_at_the_therapist_step(qtbot, store: DataStore) -> FirstRunScreen:
    profile = store.profiles.create("P-1", "hand", "right")
    screen = FirstRunScreen(store, store.load_settings(), profile, cameras=[],
                            open_camera=lambda index: None)
    qtbot.addWidget(screen)
    KeyGuard(screen, settle_s=0)  # the window's keyboard rules: Enter presses a button
    screen.show()
    screen.go_to(THERAPIST_STEP)
    assert screen.step_label.text() == "Step 5 of 6: Your therapist"
    return screen


def test_the_therapist_sets_the_pin_in_the_welcome_by_keyboard_and_the_area_asks_for_it(
        qtbot, store: DataStore) -> None:
    from gmi.store.changelog import read_changes
    from gmi.store.pin import check_pin

    screen = welcome_at_the_therapist_step(qtbot, store)
    # the patient is not led into it: the gentle answer has the focus, no fields show
    assert screen.focusWidget() is screen.therapist_no
    assert not screen.pin_fields.isVisible() and not screen.next_button.isVisible()
    assert "for your therapist, not for you" in screen.therapist_note.text()
    qtbot.keyClick(screen.therapist_no, Qt.Key.Key_Backtab)  # Shift+Tab: to "Yes"
    assert screen.focusWidget() is screen.therapist_yes
    qtbot.keyClick(screen.therapist_yes, Qt.Key.Key_Return)
    fields = screen.pin_fields
    assert fields.isVisible() and screen.focusWidget() is fields.new_edit
    qtbot.keyClicks(fields.new_edit, "4711")
    qtbot.keyClick(fields.new_edit, Qt.Key.Key_Return)  # Enter goes on to the second field
    assert screen.focusWidget() is fields.repeat_edit
    qtbot.keyClick(fields.repeat_edit, Qt.Key.Key_Tab)  # Tab: to the button that sets it
    assert screen.focusWidget() is fields.set_button
    qtbot.keyClick(fields.set_button, Qt.Key.Key_Backtab)
    qtbot.keyClicks(fields.repeat_edit, "4711")
    qtbot.keyClick(fields.repeat_edit, Qt.Key.Key_Return)

    saved = store.load_settings()
    assert check_pin("4711", saved.therapist_pin) and "4711" not in saved.therapist_pin
    code = screen.code_label.text()
    assert screen.code_box.isVisible() and len(code) == 14
    assert check_pin(code.replace("-", ""), saved.therapist_recovery)
    assert screen.focusWidget() is screen.noted_button
    assert [c.how for c in read_changes(store.layout)] == ["PIN set in the welcome"]
    qtbot.keyClick(screen.noted_button, Qt.Key.Key_Return)
    assert screen.step == PLAN_STEP and screen.code_label.text() == ""  # shown once

    screen.go_to(THERAPIST_STEP)  # back again: no second PIN is asked for
    assert not screen.therapist_answers.isVisible() and screen.next_button.isVisible()
    assert "A therapist PIN is set" in screen.pin_done.text()

    window = new_window(qtbot, DataStore(store.root))
    window.show_therapist()
    area = window.therapist_screen
    lock = area.pin_lock
    assert lock.modes.currentWidget() is lock.enter_page  # asks for the PIN, not a new one
    area.pin_edit.setText("1234")
    assert not area.unlock()
    area.pin_edit.setText("4711")
    assert area.unlock()


def test_two_different_pins_save_nothing_and_say_so_next_to_the_field(
        qtbot, store: DataStore) -> None:
    from gmi.store.changelog import read_changes

    screen = welcome_at_the_therapist_step(qtbot, store)
    screen.therapist_yes.click()
    fields = screen.pin_fields
    fields.new_edit.setText("4711")
    fields.repeat_edit.setText("4712")
    qtbot.keyClick(fields.repeat_edit, Qt.Key.Key_Return)
    assert fields.repeat_error.text() == "The two PINs are not the same. Please type it again."
    assert fields.repeat_error.isVisible() and fields.new_error.text() == ""
    assert screen.focusWidget() is fields.repeat_edit  # to type it again at once
    assert not store.load_settings().therapist_pin and not store.load_settings().therapist_recovery
    assert read_changes(store.layout) == [] and not screen.code_box.isVisible()
    assert screen.step == THERAPIST_STEP


def test_no_later_leaves_no_pin_and_the_area_keeps_its_first_opening(
        qtbot, store: DataStore) -> None:
    screen = welcome_at_the_therapist_step(qtbot, store)
    screen.therapist_no.click()
    assert screen.step == PLAN_STEP
    screen.home_button.click()
    assert not store.load_settings().therapist_pin
    window = new_window(qtbot, DataStore(store.root))
    window.show_therapist()
    lock = window.therapist_screen.pin_lock
    assert lock.modes.currentWidget() is lock.first_page and lock.iam_button.isVisible()
