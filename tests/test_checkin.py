"""The daily check-in: records on disk, plain counts, and the screen before practice."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from gmi.model.checkin import CheckIn, checkin_counts
from gmi.store import DataStore
from gmi.store.checkins import CheckInStore
from gmi.ui.main_window import MainWindow
from tests.helpers import rate
from tests.test_ui_shell import FakeStage


def checkin(day: int, **answers) -> CheckIn:
    when = datetime(2026, 11, day, 8, 0, tzinfo=timezone.utc)
    return CheckIn(checkin_id=f"{day:08x}", profile_id="p", day=when.date(), at=when, **answers)


def test_counts_report_the_pattern_over_answered_days_only() -> None:
    days = [checkin(d, waking="lower" if d % 3 else "higher", woken_by_pain=d in (4, 9),
                    sleep="poor" if d == 2 else "good", pain_now=d % 5)
            for d in range(1, 15)]
    days.append(checkin(15))  # nothing answered: counts for nothing
    lines = checkin_counts(days)
    assert "pain lower on waking than the evening before: 10 of 14 days" in lines
    assert "woken by pain: 2 of 14 nights" in lines
    assert "slept poorly: 1 of 14 nights" in lines
    assert lines[-1].startswith("pain at check-in: average 2.1 of 10 (range 0-4, 14 days)")
    assert checkin_counts([]) == []


def test_the_latest_answers_of_a_day_count_once() -> None:
    early = checkin(3, waking="higher")
    late = early.model_copy(update={"checkin_id": "ffffffff", "waking": "lower",
                                    "at": early.at.replace(hour=20)})
    assert checkin_counts([late, early]) == [
        "pain lower on waking than the evening before: 1 of 1 day"]


def test_store_round_trip_and_a_damaged_file_is_set_aside(store: DataStore) -> None:
    checkins = CheckInStore(store.layout, "p1", store.notices)
    record = checkins.begin().model_copy(update={"pain_now": 4, "sleep": "fair"})
    checkins.save(record)
    assert checkins.load_all() == [record]
    assert checkins.done_on(record.day) and not checkins.done_on(date(2001, 1, 1))
    (checkins.folder / "2026-01-01_deadbeef.json").write_text("{ torn")
    assert checkins.load_all() == [record]
    assert "could not be read" in store.notices.items()[0].text
    assert not (checkins.folder / "2026-01-01_deadbeef.json").exists()
    assert store.quarantined()


@given(st.dictionaries(st.sampled_from(["pain_now", "sleep", "waking", "woken_by_pain",
                                        "schema_version", "day"]),
                       st.one_of(st.integers(-3, 12), st.text(max_size=8), st.booleans(),
                                 st.none())))
def test_any_record_file_loads_or_is_refused_in_words(fields: dict) -> None:
    from pydantic import ValidationError

    base = json.loads(checkin(1).model_dump_json())
    base.update(fields)
    try:
        CheckIn.model_validate(base)
    except ValidationError as exc:
        assert exc.errors()


def open_window(qtbot, store: DataStore) -> MainWindow:
    store.profiles.create("P-1", "hand", "right")
    window = MainWindow(store, stage_screens={"laterality": FakeStage}, welcome=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_keyboard_check_in_comes_before_the_first_session(qtbot, store: DataStore) -> None:
    window = open_window(qtbot, store)
    window.home_screen.start_button.click()
    screen = window.checkin_screen
    assert window.stack.currentWidget() is screen
    rate(qtbot, screen.pain, 3)
    qtbot.keyClick(screen.questions["sleep"], Qt.Key.Key_1)  # poor
    qtbot.keyClick(screen.questions["waking"], Qt.Key.Key_2)  # same
    qtbot.keyClick(screen.questions["woken_by_pain"], Qt.Key.Key_2)  # yes
    # woken by pain: the gentle session is offered first, and taken with Enter
    assert screen.pages.currentWidget() is screen.gentle_page
    assert screen.focusWidget() is screen.gentle_page.gentle_button
    qtbot.keyClick(screen.gentle_page.gentle_button, Qt.Key.Key_Space)
    assert screen.pages.currentWidget() is screen.card_page  # one card, before practice
    assert not screen.not_today_button.isVisible()
    assert screen.focusWidget() is screen.card_page.read_button
    qtbot.keyClick(screen.card_page.read_button, Qt.Key.Key_Space)
    assert isinstance(window.stack.currentWidget(), FakeStage)
    assert window.stage_screen.context.mode == "flare"  # the gentle session
    assert window.stage_screen.context.pain_today == 3  # a stage's rating starts there
    profile = store.profiles.list()[0][0]
    [saved] = CheckInStore(store.layout, profile.id, store.notices).load_all()
    assert (saved.pain_now, saved.sleep, saved.waking, saved.woken_by_pain) == (
        3, "poor", "same", True)
    assert saved.card_id == screen.offer.id and saved.card_read is True
    window.stage_screen.done.click()
    window.home_screen.start_button.click()  # the second session of the day: no check-in
    assert isinstance(window.stack.currentWidget(), FakeStage)


@pytest.mark.parametrize("answers", [0, 2])
def test_a_check_in_left_halfway_keeps_what_was_answered(qtbot, store: DataStore,
                                                         answers: int) -> None:
    window = open_window(qtbot, store)
    window.home_screen.start_button.click()
    screen = window.checkin_screen
    if answers:
        rate(qtbot, screen.pain, 6)
        screen.questions["sleep"].skip_button.click()
        qtbot.keyClick(screen.questions["waking"], Qt.Key.Key_3)
    screen.not_today_button.click()
    assert isinstance(window.stack.currentWidget(), FakeStage)
    profile = store.profiles.list()[0][0]
    [saved] = CheckInStore(store.layout, profile.id, store.notices).load_all()
    assert saved.answered == answers
    assert saved.skipped == (answers == 0)
    if answers:
        assert (saved.pain_now, saved.sleep, saved.waking) == (6, None, "higher")
    again = MainWindow(DataStore(store.root), stage_screens={"laterality": FakeStage},
                       welcome=False)
    qtbot.addWidget(again)
    again.home_screen.start_button.click()  # same day, new start of the app: not asked again
    assert isinstance(again.stack.currentWidget(), FakeStage)


def test_the_card_offered_is_the_first_never_offered_and_skipping_is_recorded(
        qtbot, store: DataStore) -> None:
    from gmi.model.education import load_cards
    from gmi.resources import asset

    cards, _ = load_cards(asset("cards"))
    store.profiles.create("P-1", "hand", "right")
    days = iter([date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)])
    today = [next(days)]
    offered = []
    for read in (True, False, None):
        window = MainWindow(DataStore(store.root), stage_screens={"laterality": FakeStage},
                            welcome=False, today=lambda: today[0])
        qtbot.addWidget(window)
        window.home_screen.start_button.click()
        screen = window.checkin_screen
        screen.answer("pain_now", 2)  # then skip the rest, straight to the card
        for field in ("sleep", "waking", "woken_by_pain"):
            screen.questions[field].skip_button.click()
        offered.append(screen.offer.id)
        if read is not None:
            (screen.card_page.read_button if read else screen.card_page.skip_button).click()
            assert isinstance(window.stack.currentWidget(), FakeStage)
        window.close()  # closed on the card page: offered, not answered
        today[0] = next(days, today[0])
    assert offered == [cards[0].id, cards[1].id, cards[2].id]  # skipped: the next one first
    profile = store.profiles.list()[0][0]
    saved = sorted(CheckInStore(store.layout, profile.id, store.notices).load_all(),
                   key=lambda c: c.at)
    assert [(c.card_id, c.card_read) for c in saved] == [
        (cards[0].id, True), (cards[1].id, False), (cards[2].id, None)]
    on_three_days = [c.model_copy(update={"day": date(2026, 11, n)})
                     for n, c in enumerate(saved, start=2)]  # begin() dates by the real clock
    assert "pain-education card read before practice: 1 of 3 days it was offered" in (
        checkin_counts(on_three_days))


@pytest.mark.slow
def test_report_and_history_show_check_ins_beside_practice(qtbot, store: DataStore,
                                                           tmp_path) -> None:
    from gmi.bench.data import simple_trials, write_journal
    from gmi.report.export import ExportRange, sessions_in
    from gmi.report.pdf import summary_lines, write_pdf

    profile = store.profiles.create("P-1", "hand", "right")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True)
    checkins = CheckInStore(store.layout, profile.id, store.notices)
    for day in (2, 3):
        when = datetime(2026, 11, day, 9, 0, tzinfo=timezone.utc)
        write_journal(folder, profile.id, "laterality", when,
                      simple_trials(1, "left", rt_ms=1500.0), headline="ok")
        checkins.save(checkin(day, pain_now=day, woken_by_pain=day == 3, waking="lower")
                      .model_copy(update={"profile_id": profile.id}))
    journals = sessions_in(store.sessions(profile.id), ExportRange())
    lines = summary_lines(profile, journals, ExportRange(), checkins=checkins.load_all())
    [daily] = [line for line in lines if line.startswith("Daily check-ins")]
    assert "not a diagnosis" in daily
    assert "pain lower on waking than the evening before: 2 of 2 days" in daily
    assert "woken by pain: 1 of 2 nights" in daily
    only_third = ExportRange(date(2026, 11, 3), date(2026, 11, 3))
    assert "woken by pain: 1 of 1 night" in " ".join(
        summary_lines(profile, journals, only_third, checkins=checkins.load_all()))
    pdf = tmp_path / "report.pdf"
    assert write_pdf(pdf, profile, journals, ExportRange(), checkins=checkins.load_all()) == 3
    assert pdf.read_bytes().startswith(b"%PDF")

    from gmi.ui.therapist import TherapistScreen

    screen = TherapistScreen(store)
    qtbot.addWidget(screen)
    screen.set_profile(profile)
    screen.refresh_history()  # prepared off the GUI thread
    qtbot.waitUntil(lambda: "woken by pain: 1 of 2 nights" in screen.history_summary.text(),
                    timeout=20_000)
    pain_chart = screen.history_picture.charts[3]
    assert pain_chart.title.startswith("Pain") and "check-in" in pain_chart.series


def test_a_hard_check_in_advises_the_gentle_session() -> None:
    from datetime import date, datetime, timezone

    from gmi.app.checkin import gentle_advised
    from gmi.model.checkin import CheckIn

    def record(**answers) -> CheckIn:
        return CheckIn(checkin_id="ab" * 8, profile_id="p", day=date(2026, 1, 5),
                       at=datetime(2026, 1, 5, 9, tzinfo=timezone.utc), **answers)

    assert gentle_advised(record(pain_now=6)) and gentle_advised(record(woken_by_pain=True))
    assert not gentle_advised(record(pain_now=5, woken_by_pain=False))
    assert not gentle_advised(record())
