"""Little and often: a time for each of the day's sessions, picked once, checked in words."""

from __future__ import annotations

from datetime import date, datetime, time

from icalendar import Calendar
from PySide6.QtCore import QTime

from gmi.app.day import Day
from gmi.app.session_times import sessions_per_day, time_fields
from gmi.model.protocol import parse_protocol
from gmi.model.reminder import times_problem
from gmi.store import DataStore
from gmi.store.profiles import Profile
from gmi.store.protocols import apply_protocol
from gmi.store.settings import AppSettings
from gmi.ui.settings_screen import SettingsScreen


def often(store: DataStore, per_day: int = 3) -> Profile:
    """A person whose programme asks for `per_day` sessions of laterality a day."""
    profile = store.profiles.create("P-1", "hand", "right")
    return apply_protocol(store.layout, store.profiles, profile, parse_protocol(
        f'schema_version = 1\nid = "often"\ntitle = "Often"\nbody_part = "hand"\n'
        f'sessions_per_day = {per_day}\nstages = ["laterality"]\n'))


# -- the rules, without Qt ----------------------------------------------------------------
def test_times_in_order_an_hour_apart_make_sense() -> None:
    assert times_problem([time(9, 0), time(13, 0), time(17, 0)]) is None
    assert times_problem([time(9, 0), time(10, 0)]) is None  # an hour is enough
    assert times_problem([time(9, 0)]) is None


def test_the_same_time_twice_out_of_order_or_too_close_is_said_in_words() -> None:
    same = times_problem([time(9, 0), time(13, 0), time(13, 0)])
    assert same is not None and same.index == 2
    assert same.words == ("Session 3 is at the same time as session 2. "
                          "Please choose another time.")
    early = times_problem([time(13, 0), time(9, 0)])
    assert early is not None and early.index == 1 and "earlier than session 1" in early.words
    close = times_problem([time(9, 0), time(9, 40)])
    assert close is not None and close.words == (
        "Session 2 is only 40 minutes after session 1. Please leave at least an hour "
        "between sessions.")


def test_one_field_per_prescribed_session_spread_over_the_day(store: DataStore) -> None:
    profile = often(store)
    assert sessions_per_day(store, profile) == 3
    assert sessions_per_day(store, None) == 1
    assert time_fields(AppSettings(), 3) == [time(9, 0), time(12, 0), time(15, 0)]
    assert time_fields(AppSettings(reminder_at=time(8, 0)), 2) == [time(8, 0), time(11, 0)]
    chosen = AppSettings(session_times=[time(7, 30), time(12, 0), time(20, 0)])
    assert time_fields(chosen, 3) == [time(7, 30), time(12, 0), time(20, 0)]
    assert time_fields(AppSettings(), 1) == []  # one a day: the single reminder time


def test_each_open_session_is_reminded_and_the_evening_repeat_only_if_none_was_done(
        store: DataStore) -> None:
    profile = often(store)
    store.update_settings(reminder_at=time(9, 0),
                          session_times=[time(9, 0), time(12, 0), time(15, 0)])
    today = date.today()
    day = Day(store, today=lambda: today)
    day.choose(profile, remember=False)
    at = datetime.combine(today, time(15, 30))
    assert day.next_reminder_at(at, fired=True) == datetime.combine(today, time(19, 0))
    journal = store.sessions(profile.id).start("laterality")
    journal.append("step", {})
    journal.finish("completed", "30 of 40 correct")
    day.refresh()
    assert day.sessions_done_today() == 1 and day.reminder_due()
    # one session done: the next open one at its time, no evening repeat
    assert day.next_reminder_at(datetime.combine(today, time(10, 0)), fired=True) == \
        datetime.combine(today, time(12, 0))
    assert day.next_reminder_at(at, fired=True).date() > today


# -- Settings -----------------------------------------------------------------------------
def settings_screen(qtbot, store: DataStore, profile: Profile) -> SettingsScreen:
    screen = SettingsScreen(store, store.load_settings(), cameras=[])
    qtbot.addWidget(screen)
    screen.set_profile(profile)
    return screen


def test_three_times_set_in_settings_are_saved_and_read_back(qtbot, store: DataStore,
                                                             tmp_path) -> None:
    profile = often(store)
    screen = settings_screen(qtbot, store, profile)
    edits = screen.cue_fields.time_edits
    assert [e.accessibleName() for e in edits] == [
        "Time of session 1", "Time of session 2", "Time of session 3"]
    assert not screen.reminder_time.isVisibleTo(screen)  # one field per session instead
    screen.reminder_box.setChecked(True)
    for edit, (hour, minute) in zip(edits, [(8, 0), (12, 30), (19, 15)], strict=True):
        edit.setTime(QTime(hour, minute))
    saved = store.load_settings()
    assert saved.session_times == [time(8, 0), time(12, 30), time(19, 15)]
    assert saved.reminder_at == time(8, 0)

    again = settings_screen(qtbot, store, profile)  # reopened: the same three times
    assert again.cue_fields.chosen_times == [time(8, 0), time(12, 30), time(19, 15)]
    assert again.reminder_box.isChecked()

    path = again.save_calendar(str(tmp_path / "daily.ics"))
    assert path is not None
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert sorted(e.decoded("dtstart").time() for e in events) == [
        time(8, 0), time(12, 30), time(19, 15)]


def test_bad_times_are_said_next_to_the_fields_and_nothing_is_saved(qtbot, store: DataStore,
                                                                    tmp_path) -> None:
    profile = often(store)
    store.update_settings(reminder_at=time(9, 0),
                          session_times=[time(9, 0), time(12, 0), time(15, 0)])
    screen = settings_screen(qtbot, store, profile)
    screen.show()
    qtbot.waitExposed(screen)
    edits = screen.cue_fields.time_edits
    problem = screen.cue_fields.times_problem
    assert not problem.isVisible()

    edits[2].setTime(QTime(12, 0))  # the same time twice
    assert problem.isVisible()
    assert problem.text().startswith("Session 3 is at the same time as session 2.")
    assert edits[2].accessibleDescription() == problem.text()
    assert store.load_settings().session_times == [time(9, 0), time(12, 0), time(15, 0)]

    edits[2].setTime(QTime(10, 0))  # out of order
    assert "Session 3 is earlier than session 2." in problem.text()
    assert store.load_settings().session_times == [time(9, 0), time(12, 0), time(15, 0)]
    assert screen.save_calendar(str(tmp_path / "daily.ics")) is None
    assert "mend the session times" in screen.calendar_status.text()

    edits[2].setTime(QTime(18, 0))  # mended: the problem goes and the times are saved
    assert not problem.isVisible()
    assert store.load_settings().session_times == [time(9, 0), time(12, 0), time(18, 0)]


def test_one_session_a_day_keeps_the_single_time(qtbot, store: DataStore) -> None:
    profile = often(store, per_day=1)
    screen = settings_screen(qtbot, store, profile)
    assert screen.cue_fields.time_edits == []
    assert screen.reminder_time.isVisibleTo(screen)
    assert screen.reminder_box.text() == "Remind me each day at"


# -- the welcome's reminder step ------------------------------------------------------------
def test_the_welcome_offers_a_time_for_each_session(qtbot, store: DataStore) -> None:
    from gmi.ui.first_run import STEP_TITLES, FirstRunScreen

    profile = often(store, per_day=2)
    screen = FirstRunScreen(store, store.load_settings(), profile, cameras=[])
    qtbot.addWidget(screen)
    screen.go_to(len(STEP_TITLES) - 1)
    edits = screen.cue_fields.time_edits
    assert [(e.time().hour(), e.time().minute()) for e in edits] == [(9, 0), (12, 0)]
    edits[1].setTime(QTime(17, 30))
    assert store.load_settings().session_times == [time(9, 0), time(17, 30)]


def test_home_names_the_picked_times_with_the_reminder_off_too(store: DataStore) -> None:
    profile = often(store)
    day = Day(store)
    day.choose(profile, remember=False)
    assert day.session_times_shown() == []  # nothing picked: "Session 1", "Session 2", ...
    store.update_settings(session_times=[time(8, 0), time(12, 30), time(19, 15)])
    day.settings_changed(store.load_settings())
    assert day.reminder_times() == []  # no reminder
    assert day.session_times_shown() == [time(8, 0), time(12, 30), time(19, 15)]


def test_tab_goes_from_the_cue_through_each_time_to_the_reminder(qtbot, store: DataStore
                                                                 ) -> None:
    profile = often(store)
    screen = settings_screen(qtbot, store, profile)
    fields = screen.cue_fields
    chain = [fields.cue_edit.nextInFocusChain()]
    while len(chain) < 12:  # a time field's own text box is in the chain too
        chain.append(chain[-1].nextInFocusChain())
    edits = fields.time_edits
    wanted = [*edits, fields.reminder_box]
    assert [w for w in chain if w in wanted] == wanted
