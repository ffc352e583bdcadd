"""Home's small wins on constructed histories: the trail, the calendar, welcome back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtWidgets import QLabel

from gmi.app.overview import build_overview
from gmi.bench.data import simple_trials, write_journal
from gmi.model.practice_days import TRAIL_FLOOR
from gmi.store import DataStore
from gmi.ui.main_window import MainWindow

TODAY = date(2026, 11, 26)  # a Thursday


def practise_on(store: DataStore, profile_id: str, days_ago: list[int]) -> None:
    folder = store.layout.sessions_dir(profile_id)
    folder.mkdir(parents=True, exist_ok=True)
    for n in days_ago:
        day = TODAY - timedelta(days=n)
        when = datetime(day.year, day.month, day.day, 9, 30).astimezone()
        write_journal(folder, profile_id, "laterality", when, simple_trials(1),
                      headline="done")


def home_texts(window: MainWindow) -> str:
    return "\n".join(w.text() for w in window.home_screen.findChildren(QLabel))


def open_home(qtbot, store: DataStore) -> MainWindow:
    window = MainWindow(store, stage_screens={}, today=lambda: TODAY, welcome=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_good_fortnight_shows_on_the_trail_and_calendar(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    practise_on(store, profile.id, [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 20])
    window = open_home(qtbot, store)
    home = window.home_screen
    text = home_texts(window)
    assert "This week: 3 days" in text  # Monday..Wednesday
    assert "Last 4 weeks: 13 of 28 days" in text and "6 days in a row" in text
    assert home.trail.property("clarity") > 0.6
    assert home.trail.accessibleName() == "Your trail: 13 days practised in the last 4 weeks."
    assert home.calendar.accessibleName() == "Calendar: 13 of the last 28 days practised"
    assert "welcome back" not in home.notice_labels


def test_after_a_break_a_welcome_back_without_blame(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    practise_on(store, profile.id, [9, 10, 11])
    window = open_home(qtbot, store)
    home = window.home_screen
    assert "welcome back" in home.notice_labels
    text = home_texts(window)
    assert "Welcome back. It is good to see you." in text
    assert "missed" not in text.lower() and "streak" not in text.lower()
    assert TRAIL_FLOOR < home.trail.property("clarity") < 0.5


def test_overview_days_come_from_the_recorded_wall_clock(store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    practise_on(store, profile.id, [0, 1, 40, 41])
    overview = build_overview(profile, store.sessions(profile.id), TODAY)
    days = overview.adherence
    assert days is not None
    assert days.total == 4 and days.in_a_row == 2 and days.strip[-1] == (TODAY, True)


def test_day_one_names_no_zero_as_a_result(qtbot, store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    text = home_texts(open_home(qtbot, store))
    assert "0 of 28" not in text and "0 days" not in text
    assert "Your trail begins with your first practice." in text
