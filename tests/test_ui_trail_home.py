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
    assert home.calendar.accessibleName() == ("Calendar, 30 Oct to 26 Nov: 13 of the last "
                                              "28 days practised")
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


def test_the_calendar_has_weekday_and_month_names_and_grows_with_the_text(
        qtbot, store: DataStore) -> None:
    """Four weeks under the weekday names, cells taller than two lines of the text in
    use at every size, and never squeezed below the picture's height on Home."""
    from PySide6.QtGui import QFont, QFontMetricsF
    from PySide6.QtWidgets import QApplication

    from gmi.ui.calendar_strip import render_calendar
    from gmi.ui.theme import ACCENT, BASE_POINTS, apply_theme

    strip = [(TODAY - timedelta(days=n), n % 3 == 0) for n in range(27, -1, -1)]
    heights = {}
    for size, points in BASE_POINTS.items():
        font = QFont()
        font.setPointSize(points)
        picture = render_calendar(strip, font)
        line = QFontMetricsF(font).height()
        assert picture.height() >= 4 * 1.7 * line + line * 0.72  # 4 weeks + the weekday row
        heights[size] = picture.height()
        image = picture.toImage()
        band = [image.pixelColor(x, y) for y in range(round(line * 0.6))
                for x in range(image.width())]
        # the top band holds the weekday names (ink on nothing), not a row of days
        assert any(c.alpha() > 0 for c in band)
        assert not any(c.alpha() == 255 and c.name().upper() == ACCENT.upper() for c in band)
    assert heights["largest"] > heights["normal"]

    profile = store.profiles.create("P-1", "hand", "right")
    practise_on(store, profile.id, [1, 2])
    app = QApplication.instance()
    try:
        apply_theme(app, "largest")
        window = open_home(qtbot, store)
        window.resize(1366, 768)
        calendar = window.home_screen.calendar
        qtbot.waitUntil(lambda: calendar.height() > 0, timeout=5000)
        assert calendar.height() >= calendar.pixmap().deviceIndependentSize().height()
        assert calendar.pixmap().deviceIndependentSize().height() > 4 * 2 * QFontMetricsF(
            calendar.font()).height()
    finally:
        apply_theme(app, "normal")
