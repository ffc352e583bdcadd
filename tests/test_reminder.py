"""The daily cue and reminder: when it fires, the in-app note, and the calendar file."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QLabel
from test_ui_shell import FakeStage, make_window

from gmi.model.reminder import next_reminder, remind_on_start, reminder_ics, reminder_text
from gmi.store import DataStore
from gmi.ui.reminder import ReminderService
from gmi.ui.settings_screen import SettingsScreen

NINE = time(9, 0)


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


# -- when ---------------------------------------------------------------------------------
def test_the_reminder_is_today_while_the_time_is_ahead() -> None:
    assert next_reminder(datetime(2026, 3, 5, 8, 59, 30), NINE, False) == datetime(
        2026, 3, 5, 9, 0)


def test_a_time_already_past_today_waits_for_tomorrow() -> None:
    assert next_reminder(datetime(2026, 3, 5, 9, 0), NINE, False) == datetime(2026, 3, 6, 9, 0)
    assert next_reminder(datetime(2026, 3, 31, 22, 0), NINE, False) == datetime(
        2026, 4, 1, 9, 0)
    assert next_reminder(datetime(2026, 12, 31, 9, 1), NINE, False) == datetime(
        2027, 1, 1, 9, 0)


def test_a_day_already_done_is_not_reminded() -> None:
    assert next_reminder(datetime(2026, 3, 5, 7, 0), NINE, True) == datetime(2026, 3, 6, 9, 0)


def test_on_start_the_in_app_reminder_needs_the_time_past_and_the_day_open() -> None:
    assert remind_on_start(datetime(2026, 3, 5, 9, 30), NINE, False)
    assert not remind_on_start(datetime(2026, 3, 5, 8, 30), NINE, False)
    assert not remind_on_start(datetime(2026, 3, 5, 9, 30), NINE, True)
    assert not remind_on_start(datetime(2026, 3, 5, 9, 30), None, False)


def test_the_words_are_calm_and_use_the_cue() -> None:
    assert reminder_text("after morning coffee") == (
        "After morning coffee: a few minutes of GMI practice, when you are ready.")
    assert reminder_text("  ") == "A few minutes of GMI practice, when you are ready."


# -- the calendar file ----------------------------------------------------------------------
def parse_event(data: bytes):
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_the_calendar_file_round_trips_as_a_daily_event() -> None:
    data = reminder_ics("after morning coffee", time(7, 45), date(2026, 3, 5), "gmi-daily-x@t")
    calendar, event = parse_event(data)
    assert str(calendar["version"]) == "2.0"
    start = event.decoded("dtstart")
    assert start == datetime(2026, 3, 5, 7, 45) and start.tzinfo is None  # floating wall clock
    assert event.decoded("duration") == timedelta(minutes=10)
    assert dict(event["rrule"]) == {"FREQ": ["DAILY"]}
    assert str(event["summary"]) == "GMI practice: after morning coffee"
    assert str(event["uid"]) == "gmi-daily-x@t"
    [alarm] = event.walk("VALARM")
    assert str(alarm["action"]) == "DISPLAY"
    assert alarm.decoded("trigger") == timedelta(0)
    assert "After morning coffee" in str(alarm["description"])
    assert Calendar.from_ical(calendar.to_ical()).to_ical() == calendar.to_ical()


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=80),
       st.times())
def test_any_cue_and_time_survive_the_calendar_file(cue: str, at: time) -> None:
    _, event = parse_event(reminder_ics(cue, at, date(2026, 1, 1), "u@t"))
    summary = str(event["summary"])
    assert summary == (f"GMI practice: {cue.strip()}" if cue.strip() else "GMI practice")
    assert event.decoded("dtstart") == datetime(2026, 1, 1, at.hour, at.minute)


# -- while the app runs -----------------------------------------------------------------------
def test_the_service_reminds_once_at_the_time(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    clock = Clock(datetime(2026, 3, 5, 8, 58))
    done = [False]
    service = ReminderService(window, lambda: done[0], clock, tray_available=False)
    assert not service.has_tray
    fired: list[str] = []
    service.due.connect(fired.append)
    service.configure(NINE, "after breakfast")
    assert service.next_at == datetime(2026, 3, 5, 9, 0)
    service.check()
    assert fired == []
    clock.now = datetime(2026, 3, 5, 9, 0, 20)
    service.check()
    service.check()
    assert fired == ["After breakfast: a few minutes of GMI practice, when you are ready."]
    assert service.next_at == datetime(2026, 3, 6, 9, 0)
    busy = [False]
    service._busy = lambda: busy[0]
    clock.now = datetime(2026, 3, 6, 9, 0, 5)
    busy[0] = True  # practising when the time comes: the note waits until the end
    service.check()
    assert len(fired) == 1
    busy[0] = False
    service.check()
    assert len(fired) == 2
    done[0] = True  # practised the next morning before nine
    service.configure(NINE, "after breakfast")
    clock.now = datetime(2026, 3, 7, 9, 5)
    service.check()
    assert len(fired) == 2
    service.configure(None, "")
    assert service.next_at is None


def test_setting_a_time_already_past_does_not_fire_today(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    clock = Clock(datetime(2026, 3, 5, 10, 0))
    service = ReminderService(window, lambda: False, clock, tray_available=False)
    fired: list[str] = []
    service.due.connect(fired.append)
    service.configure(NINE, "")
    service.check()
    assert fired == [] and service.next_at == datetime(2026, 3, 6, 9, 0)


def home_text(window) -> str:
    return "\n".join(w.text() for w in window.home_screen.findChildren(QLabel))


def test_without_a_tray_the_reminder_shows_in_the_window_on_start(qtbot,
                                                                  store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    store.save_settings(store.load_settings().model_copy(
        update={"reminder_at": NINE, "cue": "after lunch"}))
    clock = Clock(datetime.combine(date.today(), time(13, 0)))
    window = make_window(qtbot, store, stage_screens={"laterality": FakeStage}, now=clock,
                         tray=False)
    assert "After lunch: a few minutes of GMI practice" in home_text(window)
    window.home_screen.start_button.click()  # one session of the two planned today
    window.stage_screen.done.click()
    assert "GMI practice" not in home_text(window)  # the day has seen practice: the note goes


def test_the_reminder_appears_at_its_time_while_the_app_is_open(qtbot,
                                                                store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    store.save_settings(store.load_settings().model_copy(update={"reminder_at": time(15, 0)}))
    clock = Clock(datetime.combine(date.today(), time(14, 0)))
    window = make_window(qtbot, store, now=clock, tray=False)
    assert "GMI practice" not in home_text(window)  # not yet: the time is ahead
    clock.now = datetime.combine(date.today(), time(15, 0, 30))
    window.reminders.check()
    assert "A few minutes of GMI practice, when you are ready." in home_text(window)


def test_settings_keep_the_cue_and_time_and_write_the_calendar_file(qtbot, store: DataStore,
                                                                      tmp_path) -> None:
    screen = SettingsScreen(store, store.load_settings(), cameras=[])
    qtbot.addWidget(screen)
    changed = []
    screen.changed.connect(changed.append)
    assert not screen.reminder_time.isEnabled()
    qtbot.keyClicks(screen.cue_edit, "after   my morning tea")
    screen.cue_edit.editingFinished.emit()
    screen.reminder_box.setChecked(True)
    screen.reminder_time.setTime(QTime(8, 15))
    saved = store.load_settings()
    assert saved.cue == "after my morning tea" and saved.reminder_at == time(8, 15)
    assert changed[-1].reminder_at == time(8, 15)

    path = screen.save_calendar(str(tmp_path / "daily.ics"))
    assert path is not None and "Saved to" in screen.calendar_status.text()
    _, event = parse_event(path.read_bytes())
    assert str(event["summary"]) == "GMI practice: after my morning tea"
    assert event.decoded("dtstart").time() == time(8, 15)

    screen.reminder_box.setChecked(False)
    assert store.load_settings().reminder_at is None

    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert screen.save_calendar(str(blocked / "daily.ics")) is None
    assert "could not be saved" in screen.calendar_status.text()


def test_with_a_tray_the_note_appears_by_the_clock_too(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    qtbot.addWidget(window)
    clock = Clock(datetime(2026, 3, 5, 8, 0))
    service = ReminderService(window, lambda: False, clock, tray_available=True)
    assert service.has_tray
    menu = [a.text() for a in service.tray.contextMenu().actions()]
    assert menu == ["Open GMI Trainer", "Quit"]
    shown: list[str] = []
    monkeypatch.setattr(service.tray, "showMessage", lambda title, text, *rest: shown.append(text))
    fired: list[str] = []
    service.due.connect(fired.append)
    service.configure(NINE, "")
    clock.now = datetime(2026, 3, 5, 9, 1)
    service.check()
    assert shown == fired == ["A few minutes of GMI practice, when you are ready."]
    service.stop()
    assert not service.tray.isVisible()


def test_settings_changes_keep_a_pin_set_meanwhile(qtbot, store: DataStore) -> None:
    """Settings holds a copy from start-up; saving it whole once wiped the PIN."""
    from gmi.store.pin import check_pin

    store.profiles.create("P-1", "hand", "right")
    window = make_window(qtbot, store)
    window.show_therapist()
    lock = window.therapist_screen.pin_lock
    lock.iam_button.click()
    lock.new_edit.setText("2468")
    lock.repeat_edit.setText("2468")
    assert lock.set_first()  # sets the PIN on disk
    window.show_settings()
    window.settings_screen.reminder_box.setChecked(True)
    window.settings_screen.cue_edit.setText("after tea")
    window.settings_screen.cue_edit.editingFinished.emit()
    saved = store.load_settings()
    assert saved.reminder_at is not None and saved.cue == "after tea"
    assert check_pin("2468", saved.therapist_pin)


def test_a_reminder_set_before_anyone_is_chosen_still_comes_today(qtbot,
                                                                  store: DataStore) -> None:
    """Two people on this computer: nobody is chosen at start, so the day is not
    'done' for anyone; the reminder must still be planned for today."""
    store.profiles.create("P-1", "hand", "right")
    second = store.profiles.create("P-2", "foot", "left")
    store.save_settings(store.load_settings().model_copy(update={"reminder_at": NINE}))
    clock = Clock(datetime.combine(date.today(), time(8, 0)))
    window = make_window(qtbot, store, now=clock, tray=False)
    assert window.profile is None
    assert window.reminders.next_at == datetime.combine(date.today(), NINE)
    window.choose_profile(second)
    clock.now = datetime.combine(date.today(), time(9, 0, 10))
    window.reminders.check()
    assert "A few minutes of GMI practice" in home_text(window)


def test_little_and_often_each_session_has_its_time_and_one_gentle_evening_repeat() -> None:
    from datetime import datetime, time

    from gmi.model.reminder import next_session_reminder, session_times

    times = session_times(time(9, 0), 3)
    assert times == [time(9, 0), time(12, 0), time(15, 0)]
    assert session_times(time(18, 0), 3) == [time(18, 0), time(19, 30), time(21, 0)]
    chosen = [time(8, 15), time(13, 0), time(20, 0)]
    assert session_times(time(9, 0), 3, chosen) == chosen  # picked once, kept

    day = datetime(2026, 3, 2, 8, 0)
    assert next_session_reminder(day, times, 0) == datetime(2026, 3, 2, 9, 0)
    # the first session done at 9:30: the second one is next, at its own time
    assert next_session_reminder(day.replace(hour=9, minute=30), times, 1) == \
        datetime(2026, 3, 2, 12, 0)
    # nothing done by 15:30: one gentle repeat in the evening, then tomorrow
    assert next_session_reminder(day.replace(hour=15, minute=30), times, 0) == \
        datetime(2026, 3, 2, 19, 0)
    assert next_session_reminder(day.replace(hour=19, minute=30), times, 0) == \
        datetime(2026, 3, 3, 9, 0)
    # two of three done, the third time past: no late firing, tomorrow's first time
    assert next_session_reminder(day.replace(hour=16), times, 2) == datetime(2026, 3, 3, 9, 0)


def test_the_calendar_file_carries_every_daily_time() -> None:
    from datetime import date, time

    from icalendar import Calendar

    from gmi.model.reminder import reminder_ics

    data = reminder_ics("after breakfast", time(9, 0), date(2026, 3, 2), "gmi-daily-p1@x",
                        more=[time(13, 0), time(17, 30)])
    events = Calendar.from_ical(data).walk("VEVENT")
    assert sorted(e.decoded("dtstart").time() for e in events) == [
        time(9, 0), time(13, 0), time(17, 30)]
    assert len({str(e["uid"]) for e in events}) == 3
    assert all(str(e["rrule"].to_ical(), "ascii") == "FREQ=DAILY" for e in events)


def test_homes_line_names_each_session_of_the_day() -> None:
    from datetime import time

    from gmi.model.reminder import sessions_words

    assert sessions_words([time(9, 0), time(13, 0), time(17, 0)], 3, 1) == \
        "9:00 ✓ · 13:00 next · 17:00"
    assert sessions_words([], 2, 0) == "Session 1 next · Session 2"
