"""Flare days, shorter sessions after a break, and the end-of-block acknowledgement."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget
from test_ui_shell import make_window

from gmi.app.stage import StageContext
from gmi.app.wins import block_acknowledgement
from gmi.bench.data import simple_trials, write_journal
from gmi.model.acknowledge import acknowledgement, pooled_by_side
from gmi.model.gentle import flare_stage, gentler
from gmi.model.plan import stage_minutes
from gmi.model.presets import presets
from gmi.model.protocol import parse_protocol
from gmi.model.records import ImageryRepetition, LateralitySummary
from gmi.report.export import ExportRange, rows, sessions_in, to_csv
from gmi.report.pdf import summary_lines
from gmi.store import DataStore
from gmi.store.protocols import active_protocol, save_custom

SMALL = """schema_version = 1
id = "small"
title = "Small"
body_part = "hand"
stages = ["mirror", "laterality"]
[laterality]
trials = 12
practice_trials = 2
[mirror]
minutes = 3
"""


def side(n: int, correct: int) -> dict:
    return {"n": n, "correct": correct, "accuracy": correct / n if n else None}


def lat_summary(left: tuple[int, int], right: tuple[int, int]) -> dict:
    n, correct = left[0] + right[0], left[1] + right[1]
    return {"overall": side(n, correct), "by_side": {"left": side(*left), "right": side(*right)}}


# -- the gentler protocol ---------------------------------------------------------------
def test_gentler_halves_the_load_but_keeps_a_useful_minimum() -> None:
    standard = presets()["hand-standard"]
    gentle = gentler(standard)
    assert gentle.laterality.trials == standard.laterality.trials // 2
    assert gentle.laterality.practice_trials <= 4
    assert gentle.imagery.images < standard.imagery.images
    assert gentle.mirror.minutes == standard.mirror.minutes / 2
    for before, after in zip(standard.tracking.exercises, gentle.tracking.exercises, strict=True):
        assert after.kind == before.kind and after.target_reps < before.target_reps
    for stage in standard.stages:
        assert stage_minutes(gentle, stage) < stage_minutes(standard, stage)

    small = gentler(parse_protocol(SMALL))
    assert small.laterality.trials == 10  # fewer would say nothing about left and right
    assert small.mirror.minutes == 2.0
    assert parse_protocol(SMALL).laterality.trials == 12  # the original is untouched


def test_a_flare_goes_back_to_the_earliest_open_stage() -> None:
    protocol = parse_protocol(SMALL)
    assert flare_stage(protocol, ["mirror", "laterality"]) == "laterality"
    assert flare_stage(protocol, ["mirror"]) == "mirror"
    assert flare_stage(protocol, []) is None


# -- the acknowledgement wording --------------------------------------------------------
def test_a_real_gain_is_named_with_its_side_and_the_streak() -> None:
    last_week = [lat_summary((10, 8), (10, 7)), lat_summary((10, 8), (10, 7))]
    assert pooled_by_side(last_week) == {"left": (20, 16), "right": (20, 14)}
    now = lat_summary((20, 16), (20, 16))  # right 70 % -> 80 %, left unchanged
    text = acknowledgement("laterality", now, last_week=last_week, in_a_row=3, days_total=9)
    assert text == ("40 pictures done; right hand 80 % correct, up from 70 % last week. "
                    "3 days in a row.")


def test_a_gain_smaller_than_the_smallest_detectable_change_is_not_named() -> None:
    last_week = [lat_summary((50, 35), (50, 35))]  # 70 % each side
    small = lat_summary((50, 37), (50, 37))  # 74 %: within the noise (SDC 5 points)
    text = acknowledgement("laterality", small, last_week=last_week, in_a_row=1, days_total=1)
    assert "up from" not in text
    enough = lat_summary((50, 35), (50, 38))  # right 76 %
    assert "right hand 76 % correct, up from 70 % last week" in acknowledgement(
        "laterality", enough, last_week=last_week, in_a_row=1, days_total=1)


def test_a_worse_score_is_never_offered_as_a_win() -> None:
    last_week = [lat_summary((20, 19), (20, 19))]
    now = lat_summary((20, 12), (20, 13))
    text = acknowledgement("laterality", now, last_week=last_week, in_a_row=1, days_total=1)
    assert text == "40 pictures done."
    assert "accurate" not in text and "correct" not in text
    good = lat_summary((20, 18), (20, 18))
    text = acknowledgement("laterality", good, last_week=[], in_a_row=1, days_total=5,
                           body_part="foot")
    assert text == "40 pictures done; 90 % answered correctly. 5 days of practice so far."


def test_too_few_answers_last_week_are_not_compared() -> None:
    last_week = [lat_summary((4, 1), (4, 1))]
    now = lat_summary((20, 14), (20, 14))
    assert "up from" not in acknowledgement(
        "laterality", now, last_week=last_week, in_a_row=1, days_total=1)
    few_now = lat_summary((8, 8), (8, 8))  # 100 % of 8 answers: too few to compare
    assert "up from" not in acknowledgement(
        "laterality", few_now, last_week=[lat_summary((20, 10), (20, 10))], in_a_row=1,
        days_total=1)


def test_each_stage_names_its_own_work_and_a_flare_day_counts() -> None:
    assert acknowledgement("imagery", {"images_done": 6, "repetitions_done": 18},
                           last_week=[], in_a_row=2, days_total=2) == (
        "6 positions imagined, 18 times in all. 2 days in a row.")
    assert acknowledgement("mirror", {"minutes_done": 4.6, "prompts_completed": 1},
                           last_week=[], in_a_row=1, days_total=1, mode="flare") == (
        "You practised on a hard day, and that counts. "
        "5 minutes of mirror practice, 1 guided movement.")
    assert acknowledgement("mirror", {"minutes_done": 2.0, "prompts_completed": 0},
                           last_week=[], in_a_row=1, days_total=1) == (
        "2 minutes of mirror practice.")  # a zero is not named
    assert acknowledgement("tracking", {"exercises": [{"reps": 7}, {"reps": 5}]},
                           last_week=[], in_a_row=1, days_total=1) == "12 repetitions counted."


def test_nothing_done_names_nothing() -> None:
    for stage, summary in [("laterality", lat_summary((0, 0), (0, 0))),
                           ("imagery", {"images_done": 0}), ("mirror", {"minutes_done": 0.1}),
                           ("tracking", {"exercises": []})]:
        assert acknowledgement(stage, summary, last_week=[], in_a_row=4, days_total=9) == ""


# -- gathered from real journals --------------------------------------------------------
def test_last_week_and_the_streak_come_from_the_saved_sessions(store: DataStore) -> None:
    today = date.today()
    profile = store.profiles.create("P-1", "hand", "left")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    for days_ago, summary in [(1, lat_summary((10, 6), (10, 9))),
                              (7, lat_summary((10, 6), (10, 9))),  # the edge: last week
                              (8, lat_summary((10, 0), (10, 0))),  # older: not last week
                              (0, lat_summary((10, 0), (10, 0)))]:  # today: not last week
        day = today - timedelta(days=days_ago)
        when = datetime(day.year, day.month, day.day, 9, 0).astimezone()
        write_journal(folder, profile.id, "laterality", when, simple_trials(1),
                      LateralitySummary.model_validate(summary))
    now = lat_summary((20, 16), (20, 18))  # left 60 % -> 80 %
    text = block_acknowledgement(store.sessions(profile.id), "laterality", now,
                                 body_part="hand", mode="normal", today=today)
    assert text == ("40 pictures done; left hand 80 % correct, up from 60 % last week. "
                    "2 days in a row.")


# -- on screen --------------------------------------------------------------------------
class ModeStage(QWidget):
    """Saves one completed session in the mode the window asked for."""

    finished = Signal()

    def __init__(self, context: StageContext) -> None:
        super().__init__()
        self.context = context
        writer = context.sessions.start("laterality", context.protocol.model_dump(mode="json"),
                                        context.mode)
        writer.append("pain", {"when": "before", "nrs": 3})
        writer.finish("completed", "gentle")
        self.done = QPushButton("Back home", self)
        self.done.clicked.connect(self.finished.emit)
        QVBoxLayout(self).addWidget(self.done)


def texts(widget: QWidget) -> str:
    return "\n".join(w.text() for w in widget.findChildren(QLabel))


def test_a_flare_day_runs_a_gentler_session_the_therapist_sees(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    save_custom(store.layout, profile, parse_protocol(SMALL))
    profile = profile.model_copy(update={"protocol": "custom"})
    store.profiles.save(profile)
    stage_class = ModeStage
    window = make_window(qtbot, store, stage_screens={"laterality": stage_class,
                                                      "mirror": stage_class})
    home = window.home_screen
    assert home.flare_button.isEnabled() and not home.flare_panel.isVisible()
    qtbot.mouseClick(home.flare_button, Qt.MouseButton.LeftButton)
    assert home.flare_panel.isVisible() and not home.flare_button.isVisible()
    words = texts(home.flare_panel)
    assert "not a step back" in words and "“Left or right?”" in words and "about half" in words
    assert window.focusWidget() is home.flare_start
    qtbot.keyClick(home.flare_start, Qt.Key.Key_Space)

    stage = window.stack.currentWidget()
    assert isinstance(stage, stage_class)
    assert stage.context.mode == "flare"
    assert stage.context.protocol.laterality.trials == 10
    assert active_protocol(store.layout, profile).laterality.trials == 12  # only today is gentler
    stage.done.click()

    sessions = store.sessions(profile.id)
    journals = sessions_in(sessions, ExportRange())
    assert [j.header.mode for j in journals] == ["flare"]
    assert journals[0].header.protocol["laterality"]["trials"] == 10
    lines = summary_lines(profile, journals, ExportRange())
    today = date.today()
    assert (f"Gentle session on a flare day: 1 ({today.day} {today:%b %Y} Left or right? "
            "(10 pictures)).") in lines
    assert ",flare," in to_csv(rows(profile, journals))
    from matplotlib.figure import Figure

    from gmi.report.pdf import draw_trends

    figure = Figure()
    draw_trends(figure, journals)
    accuracy = figure.axes[0]
    assert "flare day" in [line.get_label() for line in accuracy.get_lines()]


def test_not_now_folds_the_flare_offer_away(qtbot, store: DataStore) -> None:
    store.profiles.create("P-1", "hand", "right")
    window = make_window(qtbot, store, stage_screens={"laterality": ModeStage})
    home = window.home_screen
    home.flare_button.click()
    [not_now] = [b for b in home.flare_panel.findChildren(QPushButton) if b.text() == "Not now"]
    not_now.click()
    assert not home.flare_panel.isVisible() and home.flare_button.isVisible()
    assert window.stack.currentWidget() is home


def test_after_a_break_a_shorter_first_session_is_offered(qtbot, store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    day = date.today() - timedelta(days=6)
    write_journal(folder, profile.id, "laterality",
                  datetime(day.year, day.month, day.day, 10).astimezone(), simple_trials(1))
    stage_class = ModeStage
    window = make_window(qtbot, store, stage_screens={"laterality": stage_class})
    home = window.home_screen
    assert home.short_button is not None
    assert home.short_button.text().startswith("Start a shorter session (about ")
    home.short_button.click()
    stage = window.stack.currentWidget()
    assert stage.context.mode == "short" and stage.context.protocol.laterality.trials == 20
    stage.done.click()
    assert window.home_screen.short_button is None  # offered for the first session only
    assert "welcome back" not in window.home_screen.notice_labels


@pytest.mark.slow
def test_a_check_in_a_session_and_its_acknowledgement(qtbot, store: DataStore) -> None:
    from test_ui_laterality import PROTOCOL, answer_all

    from gmi.ui.stage_host import STAGE_SCREENS

    profile = store.profiles.create("P-1", "hand", "right")
    save_custom(store.layout, profile, parse_protocol(PROTOCOL))
    store.profiles.save(profile.model_copy(update={"protocol": "custom"}))
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    yesterday = date.today() - timedelta(days=1)
    write_journal(folder, profile.id, "imagery",
                  datetime(yesterday.year, yesterday.month, yesterday.day, 10).astimezone(),
                  [ImageryRepetition(image=0, repetition=0, posture="fist", side="left",
                                     duration_ms=3000.0)])
    window = make_window(qtbot, store, daily_checkin=True, offer_cards=False,
                         stage_screens={"laterality": STAGE_SCREENS["laterality"]})
    window.home_screen.start_button.click()
    checkin = window.checkin_screen
    assert window.stack.currentWidget() is checkin
    checkin.answer("pain_now", 4)
    checkin.not_today_button.click()
    screen = window.stage_screen
    screen.start_button.click()
    answer_all(qtbot, screen, wrong={5})
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.summary_page, timeout=5000)
    [win] = [w for w in screen.summary_page.findChildren(QLabel) if w.objectName() == "win"]
    assert win.text() == "8 pictures done; 88 % answered correctly. 2 days in a row."
    screen.home_button.click()
    assert window.stack.currentWidget() is window.home_screen
