"""The keyboard alone: a whole day, and the rules that make it safe.

Keys go where a real keyboard sends them: to the window's focused widget.
Before each press the test waits until the new page has settled (the guard
drops presses that arrive with a page, see gmi/ui/keyboard.py).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from screen_walk import PROTOCOL

from gmi.model.protocol import parse_protocol
from gmi.store import DataStore
from gmi.store.protocols import save_custom
from gmi.ui.keyboard import PERSON_SETTLE_S
from gmi.ui.main_window import MainWindow

ALL_STAGES = ["laterality", "imagery", "mirror", "tracking"]


class Keyboard:
    """Presses keys on whatever has the focus, once the page has settled."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot, self.window = qtbot, window

    @property
    def focused(self):
        return self.window.focusWidget()

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.waitUntil(lambda: self.window.keys.settled and self.focused is not None,
                             timeout=5000)
        self.qtbot.keyClick(self.focused, key, modifier)

    def tab_to(self, wanted) -> None:
        """Tab on (reading order) until `wanted(focused)`; never more than 30 presses."""
        for _ in range(30):
            self.press(Qt.Key.Key_Tab)
            if wanted(self.focused):
                return
        raise AssertionError(f"Tab never reached it; at {self.focused}")

    def digit(self, n: int) -> None:
        self.press(Qt.Key(Qt.Key.Key_0 + n))

    def enter(self) -> None:
        self.press(Qt.Key.Key_Return)


def open_window(qtbot, store: DataStore, **kwargs) -> MainWindow:
    window = MainWindow(store, tray=False, **kwargs)
    window.keys.settle_s = PERSON_SETTLE_S  # as for a person (conftest sets machine speed)
    qtbot.addWidget(window)
    window.resize(1100, 688)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def give_all_stages(store: DataStore) -> None:
    """What the therapist prescribes: a short programme with all four stages open."""
    profile = store.profiles.list()[0][0]
    save_custom(store.layout, profile, parse_protocol(PROTOCOL))
    store.profiles.save(profile.model_copy(update={"protocol": "custom",
                                                   "unlocked": ALL_STAGES}))


@pytest.mark.slow
def test_a_whole_day_with_the_keyboard_alone(qtbot, store: DataStore, monkeypatch) -> None:
    monkeypatch.setenv("GMI_CAMERA", "synthetic:640x480@30")
    window = open_window(qtbot, store, welcome=True)
    keys = Keyboard(qtbot, window)
    welcome = window.first_run_screen
    assert keys.focused is welcome.next_button  # not the top bar
    keys.enter()  # Let's begin
    assert welcome.step == 1 and keys.focused is welcome.form.code_edit
    form = welcome.form
    keys.tab_to(lambda w: w in form.part_group.buttons())
    keys.press(Qt.Key.Key_Space)  # Hand
    keys.tab_to(lambda w: w in form.side_group.buttons())
    keys.press(Qt.Key.Key_Space)  # Left
    keys.press(Qt.Key.Key_Right)  # Right
    assert form.part_group.checkedButton().property("value") == "hand"
    assert form.side_group.checkedButton().property("value") == "right"
    keys.tab_to(lambda w: w is form.create_button)
    keys.enter()  # Save and continue
    qtbot.waitUntil(lambda: welcome.step == 2)
    give_all_stages(store)
    welcome.profile = store.profiles.list()[0][0]  # the person, with the prescription
    keys.enter()  # camera: Next
    keys.enter()  # text size: Next
    assert welcome.step == 4 and keys.focused is welcome.therapist_no
    keys.enter()  # your therapist: No, later
    assert welcome.step == 5 and keys.focused is welcome.next_button
    keys.enter()  # Start now

    checkin = window.checkin_screen
    assert checkin is not None and keys.focused is checkin.pain
    keys.digit(4)
    keys.enter()
    assert checkin.record.pain_now == 4
    for answer in (2, 1, 1):  # fair sleep, lower on waking, not woken by pain
        keys.digit(answer)
    if checkin.card_page is not None:
        assert keys.focused is checkin.card_page.read_button
        keys.enter()

    for stage in ALL_STAGES:
        qtbot.waitUntil(lambda s=stage: window.stage_screen is not None
                        and window.stage_screen.objectName() == f"stage-{s}", timeout=10000)
        screen = window.stage_screen
        {"laterality": laterality_by_keys, "imagery": imagery_by_keys,
         "mirror": mirror_by_keys, "tracking": tracking_by_keys}[stage](qtbot, keys, screen)
        home_button = screen.home_button
        qtbot.waitUntil(lambda b=home_button: keys.focused is b, timeout=10000)
        keys.enter()  # Back to Home
        home = window.home_screen
        assert window.stack.currentWidget() is home and keys.focused is home.start_button
        if stage != "tracking":
            keys.enter()  # Start: the next stage
    assert all(c.done_today for c in window.day.overview.cards)


def laterality_by_keys(qtbot, keys: Keyboard, screen) -> None:
    assert keys.focused is screen.start_button
    keys.enter()
    while not screen.run.done:
        qtbot.waitUntil(lambda: screen.onset_ns is not None, timeout=10000)
        side = screen.run.current.side
        keys.press(Qt.Key.Key_Left if side == "left" else Qt.Key.Key_Right)


def imagery_by_keys(qtbot, keys: Keyboard, screen) -> None:
    assert keys.focused is screen.begin_button  # the intro: what, how long, an example
    keys.enter()
    if screen.pages.currentWidget() is screen.pain_before:
        assert screen.pain_before.value == 4  # the check-in's answer: Enter keeps it
        keys.enter()
    while screen.pages.currentWidget() not in (screen.pain_after, screen.summary_page):
        if screen.pages.currentWidget() is screen.vividness:
            keys.digit(4)
            keys.enter()
        elif screen.rep_started_ns is not None and not screen.resting:
            keys.press(Qt.Key.Key_Space)
        else:
            qtbot.wait(20)
    if screen.pages.currentWidget() is screen.pain_after:
        keys.digit(4)
        keys.enter()


def mirror_by_keys(qtbot, keys: Keyboard, screen) -> None:
    assert keys.focused is screen.ready_button  # the set-up page: camera and hands
    keys.enter()
    if screen.session.asks_pain:  # only when the protocol asks (the check-in rated it)
        assert screen.pages.currentWidget() is screen.pain_before
        keys.digit(5)
        keys.enter()
        qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.pain_after,
                        timeout=15000)
        keys.digit(4)
        keys.enter()
    else:
        assert screen.pages.currentWidget() is screen.practice_page
        qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.summary_page,
                        timeout=15000)


def tracking_by_keys(qtbot, keys: Keyboard, screen) -> None:
    while screen.pages.currentWidget() is not screen.summary_page:
        assert isinstance(keys.focused, QPushButton)
        keys.enter()


def test_enter_presses_the_focused_button_and_held_keys_do_not_repeat(qtbot, store) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    store.profiles.create("P-1", "hand", "right")
    window = open_window(qtbot, store, welcome=False, daily_checkin=False)
    keys = Keyboard(qtbot, window)
    home = window.home_screen
    assert keys.focused is home.start_button
    pressed: list[str] = []
    home.cards_button.clicked.connect(lambda: pressed.append("cards"))
    home.cards_button.setFocus()
    held = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier,
                     "\r", True)  # auto-repeat: a key held down
    qtbot.waitUntil(lambda: window.keys.settled)
    QApplication.sendEvent(home.cards_button, held)
    assert pressed == []
    keys.enter()
    assert pressed == ["cards"]
    window.home_screen.cards_dialog.close()


def test_a_press_arriving_with_a_new_page_is_not_taken_as_meant_for_it(qtbot, store) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = open_window(qtbot, store, welcome=False, daily_checkin=False)
    window.keys.settle_s = 60  # the page never settles during this test
    home = window.home_screen
    window.show_settings()
    window.show_home()  # a new page: Home
    assert window.focusWidget() is home.start_button
    qtbot.keyClick(home.start_button, Qt.Key.Key_Return)
    qtbot.keyClick(home.start_button, Qt.Key.Key_Space)
    assert window.stage_screen is None and window.stack.currentWidget() is home
    window.keys.settle_s = 0
    qtbot.keyClick(home.start_button, Qt.Key.Key_Return)
    assert window.stage_screen is not None  # a settled press starts the practice


def test_the_person_form_shares_no_alt_letter_with_the_top_bar(qtbot, store) -> None:
    """A letter used twice in one window makes Alt+letter do nothing (Alt+H was
    Home in the top bar and Hand in the welcome's form)."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

    from gmi.ui.profile_form import ProfileForm
    from gmi.ui.top_bar import TopBar

    def letters(widget) -> list[str]:
        texts = [w.text() for kind in (QAbstractButton, QLabel) for w in widget.findChildren(kind)]
        return [m.lower() for t in texts for m in re.findall(r"&(\w)", t)]

    bar = TopBar(QWidget())
    form = ProfileForm(store.profiles)
    qtbot.addWidget(bar)
    qtbot.addWidget(form)
    ours, theirs = letters(form), letters(bar)
    assert theirs and ours
    assert len(ours) == len(set(ours)), ours
    assert not set(ours) & set(theirs)
