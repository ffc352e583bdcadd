"""The app shell driven through real widgets: profiles, Home, Settings."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDesktopServices, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from gmi.app.stage import StageContext
from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.store.settings import AppSettings
from gmi.ui.main_window import MainWindow
from gmi.ui.theme import BASE_POINTS


def make_window(qtbot, store: DataStore, **kwargs) -> MainWindow:
    kwargs.setdefault("welcome", False)  # the first-run welcome has its own tests
    kwargs.setdefault("daily_checkin", False)  # and so has the check-in
    window = MainWindow(store, stage_screens=kwargs.pop("stage_screens", {}), **kwargs)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def create_person_with_keyboard(qtbot, window: MainWindow, code: str, name: str) -> None:
    screen = window.profiles_screen
    screen.code_edit.selectAll()
    qtbot.keyClicks(screen.code_edit, code)
    qtbot.keyClicks(screen.name_edit, name)
    screen.part_group.button(0).click()  # Hand
    screen.side_group.button(1).click()  # Right
    qtbot.keyClick(screen.name_edit, Qt.Key.Key_Return)


def test_first_run_creates_a_person_and_lands_on_home(qtbot, store: DataStore) -> None:
    window = make_window(qtbot, store)
    assert window.stack.currentWidget() is window.profiles_screen
    assert "Welcome" in window.profiles_screen.heading.text()

    create_person_with_keyboard(qtbot, window, "P-77", "Anna")

    assert window.stack.currentWidget() is window.home_screen
    assert "Anna" in texts(window.home_screen)
    [profile] = store.profiles.list()[0]
    assert (profile.code, profile.name, profile.body_part, profile.affected_side) == (
        "P-77", "Anna", "hand", "right")
    saved = json.loads(store.layout.settings_file.read_text())
    assert saved["active_profile_id"] == profile.id

    again = make_window(qtbot, DataStore(store.root))  # next day: straight to Home
    assert again.stack.currentWidget() is again.home_screen


def test_missing_answers_are_asked_for_kindly_and_nothing_saved(qtbot, store: DataStore) -> None:
    window = make_window(qtbot, store)
    screen = window.profiles_screen
    assert screen.create_button.text() == "Save and continue"  # as in the welcome
    screen.code_edit.clear()
    screen.create_button.click()
    assert screen.error_label.isVisible()
    assert "Please enter a code" in screen.error_label.text()
    qtbot.keyClicks(screen.code_edit, "X1")
    screen.create_button.click()
    assert "part of the body" in screen.error_label.text()
    assert store.profiles.list() == ([], [])


def test_duplicate_code_is_refused(qtbot, store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "left")
    window = make_window(qtbot, store)
    window.show_profiles()
    screen = window.profiles_screen
    screen.code_edit.setText("p-1")
    screen.part_group.button(0).click()
    screen.side_group.button(0).click()
    screen.create_button.click()
    assert "already uses this code" in screen.error_label.text()
    assert len(store.profiles.list()[0]) == 1


def test_picking_a_person_switches_home(qtbot, store: DataStore) -> None:
    store.profiles.create("A-1", "hand", "left", name="Ann")
    store.profiles.create("B-2", "foot", "right", name="Ben")
    window = make_window(qtbot, store)
    [_ann, ben] = window.profiles_screen.person_buttons
    ben.click()
    assert window.stack.currentWidget() is window.home_screen
    assert "Ben" in texts(window.home_screen)
    assert "Foot" in texts(window.home_screen)
    assert "Ben" in window.person_button.text()


def test_damaged_profile_shows_a_notice_and_can_be_restored(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right", name="Ann")
    writer = store.sessions(profile.id).start("laterality")
    writer.finish("completed", "40 of 40 correct")
    store.layout.profile_file(profile.id).write_text("{broken")
    store.save_settings(AppSettings(active_profile_id=profile.id))

    window = make_window(qtbot, DataStore(store.root))
    screen = window.profiles_screen
    assert window.stack.currentWidget() is screen
    assert "need restoring" in texts(screen)
    screen.restore_buttons[0].click()
    screen.code_edit.setText("P-1")
    screen.part_group.button(0).click()
    screen.side_group.button(1).click()
    screen.create_button.click()
    assert window.stack.currentWidget() is window.home_screen
    assert window.profile.id == profile.id
    home = texts(window.home_screen)
    assert "40 of 40 correct" in home  # the old sessions are back
    assert "could not be read" in home  # and the person is told what happened


def test_settings_show_data_folder_and_open_it(qtbot, store: DataStore, monkeypatch) -> None:
    store.profiles.create("P-1", "hand", "right")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = make_window(qtbot, store)
    assert window.stack.currentWidget() is window.home_screen  # the only person: no picker
    # Offscreen windows never become active, so trigger the real shortcut object.
    [to_settings] = [s for s in window.findChildren(QShortcut) if s.key().toString() == "Ctrl+3"]
    to_settings.activated.emit()
    screen = window.settings_screen
    assert window.stack.currentWidget() is screen
    assert screen.path_label.text() == str(store.root.path)
    assert "Saving works" in screen.status_label.text()
    screen.open_button.click()
    assert [u.toLocalFile() for u in opened] == [str(store.root.path)]


@pytest.mark.slow
def test_text_size_applies_at_once_and_is_saved(qtbot, store: DataStore) -> None:
    window = make_window(qtbot, store)
    window.show_settings()
    buttons = window.settings_screen.size_group.buttons()
    buttons[-1].click()  # Largest
    assert QApplication.instance().font().pointSize() == BASE_POINTS["largest"]
    assert store.load_settings().text_size == "largest"
    buttons[0].click()
    assert QApplication.instance().font().pointSize() == BASE_POINTS["normal"]


def test_camera_choice_is_saved(qtbot, store: DataStore) -> None:
    from gmi.ui.settings_screen import SettingsScreen
    from gmi.vision.devices import CameraInfo

    screen = SettingsScreen(store, AppSettings(), cameras=[CameraInfo(0, "Built-in"),
                                                           CameraInfo(2, "USB cam")])
    qtbot.addWidget(screen)
    assert screen.camera_combo.count() == 3
    screen.camera_combo.setCurrentIndex(1)
    assert store.load_settings().camera_index == 2
    screen.camera_combo.setCurrentIndex(2)
    assert store.load_settings().camera_index is None


class FakeStage(QWidget):
    """A minimal stage screen, to test how the window hosts stages."""

    finished = Signal()

    def __init__(self, context: StageContext) -> None:
        super().__init__()
        self.context = context
        writer = context.sessions.start("laterality", context.protocol.model_dump())
        writer.append("trial", {"n": 1})
        writer.finish("completed", "1 of 1 correct")
        self.done = QPushButton("Back home", self)
        self.done.clicked.connect(self.finished.emit)
        QVBoxLayout(self).addWidget(self.done)


def test_start_runs_the_next_stage_and_home_updates(qtbot, store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = make_window(qtbot, store, stage_screens={"laterality": FakeStage})
    home = window.home_screen
    assert home.start_button.isEnabled()
    assert home.start_button.text() == "Start: Left or right?"
    assert window.focusWidget() is home.start_button  # Enter/Space starts: keyboard-only works
    qtbot.keyClick(home.start_button, Qt.Key.Key_Space)
    stage = window.stack.currentWidget()
    assert isinstance(stage, FakeStage)
    assert stage.context.protocol.id == "hand-standard"
    stage.done.click()
    assert window.stack.currentWidget() is window.home_screen
    assert "Today: 1 of 1 correct" in texts(window.home_screen)
    assert "Done today" in texts(window.home_screen)


def test_stage_missing_from_this_version_cannot_start(qtbot, store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = make_window(qtbot, store)
    assert not window.home_screen.start_button.isEnabled()
    assert "not available in this version" in texts(window.home_screen)


def test_unwritable_data_folder_is_explained_on_home(qtbot, tmp_path) -> None:
    good = DataStore(DataRoot(tmp_path / "data", "command line"))
    good.profiles.create("P-1", "hand", "right")
    good.save_settings(AppSettings(active_profile_id=good.profiles.list()[0][0].id))
    store = DataStore(good.root)
    store.write_problem = store.write_problem or _blocked(tmp_path)
    store.check = lambda: store.write_problem  # the disk stays read-only
    window = make_window(qtbot, store, stage_screens={"laterality": FakeStage})
    home = texts(window.home_screen)
    assert "cannot be saved right now" in home and "read-only" in home
    assert not window.home_screen.start_button.isEnabled()


def _blocked(tmp_path):
    import errno

    from gmi.store.errors import StoreError

    return StoreError.from_os_error(tmp_path / "data", "cannot save anything here",
                                    OSError(errno.EROFS, "Read-only file system"))


@pytest.mark.slow
@pytest.mark.parametrize("size", ["normal", "largest"])
def test_home_fits_at_every_text_size(qtbot, store: DataStore, size: str) -> None:
    from gmi.ui.theme import apply_theme

    store.profiles.create("P-1", "hand", "right", name="A rather long name for a person")
    window = make_window(qtbot, store, today=date.today)
    apply_theme(QApplication.instance(), size)
    window.resize(800, 600)
    qtbot.wait(10)
    start = window.home_screen.start_button
    # the big button never gets squeezed below its text
    assert start.width() >= start.fontMetrics().horizontalAdvance(start.text())


def test_practice_settings_are_saved(qtbot, store: DataStore) -> None:
    from gmi.ui.settings_screen import SettingsScreen

    screen = SettingsScreen(store, AppSettings(), cameras=[])
    qtbot.addWidget(screen)
    screen.keys_combo.setCurrentIndex(screen.keys_combo.findData("F,J"))
    screen.chime_box.setChecked(False)
    screen.speech_box.setChecked(True)
    screen.camera_info_box.setChecked(True)
    screen.tracking_model_box.setChecked(True)
    saved = store.load_settings()
    assert (saved.answer_keys, saved.chime, saved.spoken_prompts) == ("F,J", False, True)
    assert saved.camera_info and saved.tracking_model == 1


def test_home_says_what_is_left_to_open_the_next_stage(qtbot, store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = make_window(qtbot, store)
    home = texts(window.home_screen)
    assert "Opens later. Practise 'Left or right?' on 5 of 7 days (so far 0)." in home
    assert "Opens after 'Imagine the movement'." in home
    assert "Opens later. Opens after" not in home
