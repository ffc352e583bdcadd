"""Every screen fits a 1366x768 (and 1280x720) laptop, at normal and largest text.

The walk goes through the whole app as a person would (the welcome's steps,
Home, the check-in and its card, each stage's pages, Settings, the
therapist's pages and the dialogs) and asks `layout_problems` at each stop:
nothing interactive off the window or cut, no label cut mid-line, no two
labels or buttons drawn over each other.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget

from gmi.model.protocol import parse_protocol
from gmi.store import DataStore
from gmi.store.pin import hash_pin
from gmi.store.protocols import save_custom
from gmi.store.settings import AppSettings
from gmi.ui.layout_check import layout_problems
from gmi.ui.main_window import MainWindow
from gmi.ui.theme import apply_theme
from gmi.ui.window_size import window_sizes

SCREENS = {"1366x768": QSize(1366, 768), "1280x720": QSize(1280, 720)}
TASKBAR = 40

PROTOCOL = """schema_version = 1
id = "walk"
title = "Hand: every stage"
body_part = "hand"
stages = ["laterality", "imagery", "mirror", "tracking"]
[laterality]
trials = 2
practice_trials = 0
pause_between_s = 0.2
[imagery]
images = 1
repetitions = 1
hold_s = 0.3
[mirror]
minutes = 0.05
[tracking]
"""


def walk_size(screen: QSize) -> QSize:
    default, _ = window_sizes(QSize(screen.width(), screen.height() - TASKBAR))
    return default


def test_the_window_fits_the_screen_it_opens_on() -> None:
    for screen in SCREENS.values():
        default, smallest = window_sizes(QSize(screen.width(), screen.height() - TASKBAR))
        assert default.height() + 40 <= screen.height() - TASKBAR
        assert smallest.width() <= default.width() and smallest.height() <= default.height()
    assert window_sizes(QSize(2560, 1400))[0] == QSize(1100, 780)


class Walk:
    """Checks each stop of the walk and collects what does not fit, by stop."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot, self.window = qtbot, window
        self.problems: list[str] = []
        self.stops: list[str] = []

    def check(self, stop: str, widget: QWidget | None = None) -> None:
        widget = widget or self.window
        self.stops.append(stop)
        # A label whose words just changed (a camera frame, a finished job) is laid
        # out on the next turn of the event loop: only what stays wrong counts.
        found = layout_problems(widget)
        for _ in range(40):
            if not found:
                break
            self.qtbot.wait(50)
            found = layout_problems(widget)
        self.problems += [f"{stop}: {p}" for p in found]
        too_big = widget.height() > self.window.height() or widget.width() > self.window.width()
        if widget is not self.window and too_big:  # a dialog must fit inside the window
                self.problems.append(f"{stop}: the dialog is larger than the window "
                                     f"({widget.width()}x{widget.height()})")


def open_window(qtbot, store: DataStore, size: QSize, text: str, **kwargs) -> MainWindow:
    apply_theme(QApplication.instance(), text)
    window = MainWindow(store, tray=False, **kwargs)
    qtbot.addWidget(window)
    window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    return window


def until(qtbot, condition: Callable[[], bool], timeout: int = 10000) -> None:
    qtbot.waitUntil(condition, timeout=timeout)


def walk_welcome(qtbot, store: DataStore, size: QSize, text: str, walk_problems: list) -> None:
    store.save_settings(AppSettings(text_size=text))
    window = open_window(qtbot, store, size, text, welcome=True)
    walk = Walk(qtbot, window)
    screen = window.first_run_screen
    for step in range(5):
        if step == 2:
            until(qtbot, lambda s=screen: s.step == 2)
        walk.check(f"welcome step {step + 1}")
        if step == 1:
            screen.form.code_edit.setText("P-1")
            screen.form.part_group.button(0).click()
            screen.form.side_group.button(1).click()
            screen.form.create_button.click()
        elif step < 4:
            screen.next_button.click()
    walk_problems += walk.problems
    window.close()


@pytest.mark.slow
@pytest.mark.parametrize("text", ["normal", "largest"])
@pytest.mark.parametrize("screen_name", list(SCREENS))
def test_every_screen_fits(qtbot, store: DataStore, tmp_path, monkeypatch, text: str,
                           screen_name: str) -> None:
    monkeypatch.setenv("GMI_CAMERA", "synthetic:640x480@30")
    size = walk_size(SCREENS[screen_name])
    problems: list[str] = []
    walk_welcome_store = DataStore(store.root.__class__(tmp_path / "welcome", "command line"))
    walk_welcome(qtbot, walk_welcome_store, size, text, problems)

    profile = store.profiles.create("P-4821", "hand", "right", name="Anna Example-Longname")
    save_custom(store.layout, profile, parse_protocol(PROTOCOL))
    store.profiles.save(profile.model_copy(update={"protocol": "custom"}))
    store.save_settings(AppSettings(active_profile_id=profile.id, text_size=text,
                                    welcome_done=True, therapist_pin=hash_pin("2468"),
                                    chime=False))
    window = open_window(qtbot, store, size, text, welcome=False)
    walk = Walk(qtbot, window)
    home = window.home_screen
    walk.check("Home")
    home.flare_button.click()
    walk.check("Home, flare offer")
    home.cards_button.click()
    walk.check("pain card", home.cards_dialog)
    home.cards_dialog.close()

    home.start_button.click()
    checkin = window.checkin_screen
    walk.check("check-in, pain")
    checkin.answer("pain_now", 3)
    for question in ("sleep", "waking", "woken_by_pain"):
        walk.check(f"check-in, {question}")
        checkin.answer(question, None)
    if checkin.card_page is not None:
        walk.check("check-in, card")
        checkin.card_page.read_button.click()

    screen = window.stage_screen  # laterality
    walk.check("laterality intro")
    screen.start_button.click()
    until(qtbot, lambda: screen.onset_ns is not None)
    walk.check("laterality picture")
    while not screen.run.done:
        until(qtbot, lambda: screen.onset_ns is not None)
        screen.answer(screen.run.current.side, "key")
    until(qtbot, lambda: screen.pages.currentWidget() is screen.summary_page)
    walk.check("laterality summary")

    window.start_stage("imagery")
    screen = window.stage_screen
    walk.check("imagery, first page")
    if screen.pages.currentWidget() is screen.pain_before:
        screen.pain_before.choose(3)
        screen.pain_before.save_button.click()
    until(qtbot, lambda: screen.rep_started_ns is not None)
    walk.check("imagery, a movement")
    screen.stop_for_pain()
    walk.check("imagery, stopped")
    screen.rate_after_button.click()
    walk.check("imagery, pain after")
    screen.pain_after.choose(3)
    screen.pain_after.save_button.click()
    walk.check("imagery summary")

    window.start_stage("mirror")
    screen = window.stage_screen
    walk.check("mirror, first page")
    if screen.pages.currentWidget() is screen.pain_before:
        screen.pain_before.choose(3)
        screen.pain_before.save_button.click()
    until(qtbot, lambda: screen.video.painted_frames > 2)
    walk.check("mirror, split")
    screen.flip_button.click()
    walk.check("mirror, whole picture")
    screen.stop()
    walk.check("mirror, pain after")
    screen.pain_after.choose(3)
    screen.pain_after.save_button.click()
    walk.check("mirror summary")

    window.start_stage("tracking")
    screen = window.stage_screen
    walk.check("tracking, first page")
    screen.finish()
    walk.check("tracking summary")

    window.show_home()
    walk.check("Home after practice")
    window.show_profiles()
    walk.check("Person")
    window.show_settings()
    walk.check("Settings")

    window.show_therapist()
    therapist = window.therapist_screen
    walk.check("therapist lock")
    therapist.pin_edit.setText("2468")
    therapist.unlock()
    for n in range(therapist.area.count()):
        therapist.area.setCurrentIndex(n)
        walk.check(f"therapist, {therapist.area.tabText(n)}")
    window.close()
    problems += walk.problems
    assert not problems, "\n".join(problems)


def test_the_check_names_a_cut_label_an_overlap_and_a_button_off_the_window(qtbot) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 200)
    cut = QLabel("A sentence long enough to need three or four lines here", window)
    cut.setWordWrap(True)
    cut.setGeometry(0, 0, 120, 20)
    QPushButton("Over", window).setGeometry(10, 5, 80, 30)
    QPushButton("Below the edge", window).setGeometry(10, 190, 120, 30)
    window.show()
    qtbot.waitExposed(window)
    problems = "\n".join(layout_problems(window))
    assert "QLabel(: A sentence long" in problems and "is cut" in problems
    assert "overlap" in problems
    assert "QPushButton(: Below the edge) is cut or outside the window" in problems

    for child in window.findChildren(QWidget):
        child.hide()
    fine = QLabel("Short", window)
    fine.setGeometry(0, 0, 200, 40)
    fine.show()
    assert layout_problems(window) == []
