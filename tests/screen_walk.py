"""The walk through every screen, shared by the fit test and the screenshot script.

`stop(name, widget)` is called at each stop (the window, or a dialog over
it); `until(condition)` waits for the screen to get there. The test checks
each stop with `layout_problems`; `scripts/screenshots.py` grabs a picture.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from gmi.model.protocol import parse_protocol
from gmi.model.text_size import TextSize
from gmi.store import DataStore
from gmi.store.pin import hash_pin
from gmi.store.protocols import save_custom
from gmi.store.settings import AppSettings
from gmi.ui.main_window import MainWindow

Stop = Callable[[str, QWidget | None], None]
Until = Callable[[Callable[[], bool]], None]
PIN = "2468"

PROTOCOL = """schema_version = 1
id = "walk"
title = "Hand: every stage"
body_part = "hand"
sessions_per_day = 3
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


def prepare_day(store: DataStore, text: TextSize) -> None:
    """A person with a programme of all four stages, a therapist PIN, no history."""
    profile = store.profiles.create("P-4821", "hand", "right", name="Anna Example-Longname")
    save_custom(store.layout, profile, parse_protocol(PROTOCOL))
    store.profiles.save(profile.model_copy(update={"protocol": "custom"}))
    store.save_settings(AppSettings(active_profile_id=profile.id, text_size=text,
                                    welcome_done=True, therapist_pin=hash_pin(PIN),
                                    chime=False))


def walk_welcome(window: MainWindow, stop: Stop, until: Until) -> None:
    """The welcome's six steps on a new data folder; the therapist sets the PIN."""
    screen = window.first_run_screen
    assert screen is not None
    for step in range(6):
        until(lambda s=screen, n=step: s.step == n)
        stop(f"welcome-{step + 1}", None)
        if step == 1:
            screen.form.code_edit.setText("P-1")
            screen.form.part_group.button(0).click()
            screen.form.side_group.button(1).click()
            screen.form.create_button.click()
        elif step == 3:
            window.top_bar.home_button.click()  # it asks before leaving
            stop("welcome-leave-question", None)
            screen.keep_going()
            screen.next_button.click()
        elif step == 4:  # the therapist is here: the PIN, a slip, then the code
            screen.therapist_yes.click()
            screen.pin_fields.new_edit.setText("2468")
            screen.pin_fields.repeat_edit.setText("2486")
            screen.pin_fields.set_button.click()
            stop("welcome-5-pin-mismatch", None)
            screen.pin_fields.repeat_edit.setText("2468")
            screen.pin_fields.set_button.click()
            stop("welcome-5-recovery-code", None)
            screen.noted_button.click()
        elif step < 4:
            screen.next_button.click()


def walk_session_times(window: MainWindow, stop: Stop) -> None:
    """Settings' time for each of the day's three sessions, then a clash said in words."""
    from PySide6.QtCore import QTime
    from PySide6.QtWidgets import QScrollArea

    settings = window.settings_screen
    fields = settings.cue_fields
    settings.findChildren(QScrollArea)[0].ensureWidgetVisible(fields.time_edits[-1], 0, 200)
    for edit, hour in zip(fields.time_edits, (8, 13, 19), strict=True):
        edit.setTime(QTime(hour, 30))
    stop("settings-session-times", None)
    fields.time_edits[2].setTime(QTime(13, 30))  # the same time twice
    stop("settings-session-times-problem", None)
    fields.time_edits[2].setTime(QTime(19, 30))


def walk_day(window: MainWindow, stop: Stop, until: Until) -> None:
    """Home, the check-in and card, each stage's pages, Person, Settings, Therapist."""
    home = window.home_screen
    stop("home", None)
    home.flare_button.click()
    stop("home-flare", None)
    home.cards_button.click()
    stop("pain-card", home.cards_dialog)
    home.cards_dialog.close()

    home.start_button.click()
    checkin = window.checkin_screen
    stop("checkin-pain", None)
    checkin.answer("pain_now", 7)  # a hard day: the gentle session is offered
    for question in ("sleep", "waking", "woken_by_pain"):
        stop(f"checkin-{question}", None)
        checkin.answer(question, None)
    if checkin.gentle_page is not None and checkin.pages.currentWidget() is checkin.gentle_page:
        stop("checkin-gentle-offer", None)
        checkin.gentle_page.usual_button.click()
    if checkin.card_page is not None:
        stop("checkin-card", None)
        checkin.card_page.read_button.click()

    screen = window.stage_screen  # laterality
    stop("laterality-intro", None)
    screen.start_button.click()
    until(lambda: screen.onset_ns is not None)
    stop("laterality-picture", None)
    while not screen.run.done:
        until(lambda: screen.onset_ns is not None)
        screen.answer(screen.run.current.side, "key")
    until(lambda: screen.pages.currentWidget() is screen.summary_page)
    stop("laterality-summary", None)

    window.practice.start("imagery")
    screen = window.stage_screen
    stop("imagery-intro", None)
    screen.begin_button.click()
    stop("imagery-pain-before", None)
    if screen.pages.currentWidget() is screen.pain_before:
        screen.pain_before.save_button.click()
    until(lambda: screen.rep_started_ns is not None)
    stop("imagery-movement", None)
    screen.stop_for_pain()
    stop("imagery-stopped", None)
    screen.rate_after_button.click()
    stop("imagery-pain-after", None)
    screen.pain_after.choose(3)
    screen.pain_after.save_button.click()
    stop("imagery-summary", None)

    window.practice.start("mirror")
    screen = window.stage_screen
    stop("mirror-setup", None)
    screen.ready_button.click()
    stop("mirror-pain-before", None)
    if screen.pages.currentWidget() is screen.pain_before:
        screen.pain_before.save_button.click()
    until(lambda: screen.video.painted_frames > 2)
    stop("mirror-split", None)
    screen.flip_button.click()
    stop("mirror-whole-picture", None)
    screen.stop()
    stop("mirror-pain-after", None)
    screen.pain_after.choose(3)
    screen.pain_after.save_button.click()
    stop("mirror-summary", None)

    window.practice.start("tracking")
    screen = window.stage_screen
    until(lambda: screen.video.painted_frames > 2)
    stop("tracking-first", None)
    screen.finish()
    stop("tracking-summary", None)

    window.show_home()
    stop("home-after-practice", None)
    window.show_profiles()
    stop("person", None)
    window.show_settings()
    stop("settings", None)
    walk_session_times(window, stop)
    window.settings_screen.send_practice()
    stop("send-practice", window.settings_screen.send_dialog)
    window.settings_screen.send_dialog.close()

    window.show_therapist()
    therapist = window.therapist_screen
    stop("therapist-lock", None)
    therapist.pin_edit.setText(PIN)
    therapist.unlock()
    for n in range(therapist.area.count()):
        therapist.area.setCurrentIndex(n)
        stop(f"therapist-{therapist.area.tabText(n).lower().replace(' ', '-')}", None)
