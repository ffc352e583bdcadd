"""Stage 1 driven end to end through the real screen, keyboard only."""

from __future__ import annotations

import json

import pytest
from helpers import only_journal
from PySide6.QtCore import Qt

from gmi.app.stage import StageContext
from gmi.model.laterality import TrialRecord
from gmi.model.protocol import parse_protocol
from gmi.store import DataStore
from gmi.store.settings import AppSettings
from gmi.ui.laterality import LateralityScreen, answer_keys

PROTOCOL = """schema_version = 1
id = "t"
title = "T"
body_part = "hand"
[laterality]
trials = 8
practice_trials = 2
angles = 4
views = ["back", "palm"]
time_limit_s = 3.0
pause_between_s = 0.2
"""


def make_screen(qtbot, store: DataStore, text: str = PROTOCOL, keys: str = "Left,Right",
                body: str = "hand"):
    profile = store.profiles.create("P-1", body, "right")
    context = StageContext(profile, parse_protocol(text), store.sessions(profile.id),
                           AppSettings(answer_keys=keys))
    screen = LateralityScreen(context, seed=7)
    qtbot.addWidget(screen)
    screen.resize(900, 700)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def wait_for_picture(qtbot, screen: LateralityScreen) -> None:
    qtbot.waitUntil(lambda: screen.onset_ns is not None, timeout=5000)


def answer_all(qtbot, screen: LateralityScreen, wrong: set[int] = frozenset(),
               keys: dict[str, Qt.Key] | None = None) -> None:
    keys = keys or {"left": Qt.Key.Key_Left, "right": Qt.Key.Key_Right}
    while not screen.run.done:
        wait_for_picture(qtbot, screen)
        trial = screen.run.current
        side = trial.side if trial.index not in wrong else (
            "left" if trial.side == "right" else "right")
        qtbot.keyClick(screen, keys[side])



@pytest.mark.slow
def test_a_whole_session_with_the_keyboard_is_journaled(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store)
    assert screen.pages.currentWidget() is screen.intro_page
    screen.start_button.click()
    answer_all(qtbot, screen, wrong={3})
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.summary_page, timeout=5000)

    contents = only_journal(store)
    assert not contents.interrupted and contents.end.outcome == "completed"
    trials = [TrialRecord.model_validate(e.data) for e in contents.events if e.kind == "trial"]
    assert len(trials) == 10 and sum(t.practice for t in trials) == 2
    assert [t.correct for t in trials].count(False) == 1 and not trials[3].correct
    assert all(t.input == "key" and t.rt_ms is not None and t.rt_ms >= 0 for t in trials)
    assert {t.view for t in trials} <= {"back", "palm"}
    assert all(t.posture and t.skin for t in trials)
    assert contents.end.headline.startswith("7 of 8 correct")
    assert contents.end.summary["overall"]["n"] == 8
    assert contents.header.protocol["laterality"]["trials"] == 8
    summary = screen.summary_page
    assert "You named 7 of 8 pictures correctly." in "\n".join(
        w.text() for w in summary.findChildren(type(screen.progress_label)))
    shown = "\n".join(w.text() for w in summary.findChildren(type(screen.progress_label)))
    assert "CI" not in shown and "Median" not in shown  # the therapist's table is not here


@pytest.mark.slow
def test_practice_gives_feedback_and_test_does_not(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store)
    screen.start_button.click()
    wait_for_picture(qtbot, screen)
    side = screen.run.current.side
    qtbot.keyClick(screen, Qt.Key.Key_Left if side == "left" else Qt.Key.Key_Right)
    assert screen.feedback_label.text() == f"Yes, a {side} hand."
    answer_all(qtbot, screen)  # the second practice picture, then the test
    wait_texts = screen.run.records
    assert not wait_texts[-1].practice


@pytest.mark.slow
def test_timeout_is_a_miss_and_buttons_answer_too(qtbot, store: DataStore) -> None:
    text = PROTOCOL.replace("time_limit_s = 3.0", "time_limit_s = 0.6").replace(
        "practice_trials = 2", "practice_trials = 0")
    screen = make_screen(qtbot, store, text)
    screen.start_button.click()
    wait_for_picture(qtbot, screen)
    qtbot.waitUntil(lambda: len(screen.run.records) == 1, timeout=3000)  # nobody answers
    miss = screen.run.records[0]
    assert miss.timed_out and miss.response is None and not miss.correct
    wait_for_picture(qtbot, screen)
    side = screen.run.current.side
    (screen.left_button if side == "left" else screen.right_button).click()
    assert screen.run.records[1].input == "mouse" and screen.run.records[1].correct


def test_pause_and_resume_show_the_picture_again(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store)
    screen.start_button.click()
    wait_for_picture(qtbot, screen)
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    assert screen.pages.currentWidget() is screen.pause_page and screen.paused
    qtbot.wait(300)
    assert screen.run.records == []  # no time-out while paused
    screen.continue_button.click()
    wait_for_picture(qtbot, screen)
    assert screen.run.position == 0
    kinds = [e.kind for e in only_journal(store).events]
    assert kinds == ["pause", "resume"]


@pytest.mark.slow
def test_stop_for_today_keeps_what_was_done(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store)
    screen.start_button.click()
    for _ in range(3):
        wait_for_picture(qtbot, screen)
        side = screen.run.current.side
        qtbot.keyClick(screen, Qt.Key.Key_Left if side == "left" else Qt.Key.Key_Right)
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    screen.stop_button.click()
    contents = only_journal(store)
    assert contents.end.outcome == "stopped"
    assert sum(e.kind == "trial" for e in contents.events) == 3


@pytest.mark.slow
def test_closing_mid_session_leaves_an_interrupted_journal(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store)
    screen.start_button.click()
    for _ in range(2):
        wait_for_picture(qtbot, screen)
        side = screen.run.current.side
        qtbot.keyClick(screen, Qt.Key.Key_Left if side == "left" else Qt.Key.Key_Right)
    screen.close()
    contents = only_journal(store)
    assert contents.interrupted and sum(e.kind == "trial" for e in contents.events) == 2


@pytest.mark.parametrize(("setting", "left", "right"), [
    ("Left,Right", Qt.Key.Key_Left, Qt.Key.Key_Right), ("F,J", Qt.Key.Key_F, Qt.Key.Key_J)])
def test_answer_keys_are_configurable(setting: str, left, right) -> None:
    assert answer_keys(setting) == {left: "left", right: "right"}


@pytest.mark.slow
def test_letter_keys_drive_a_session(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store, keys="A,L")
    screen.start_button.click()
    answer_all(qtbot, screen, keys={"left": Qt.Key.Key_A, "right": Qt.Key.Key_L})
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.summary_page, timeout=5000)
    assert all(r.correct for r in screen.run.records)
    summary = json.loads(json.dumps(only_journal(store).end.summary))
    assert summary["by_side"]["left"]["accuracy"] == 1


@pytest.mark.slow
def test_a_foot_session_shows_feet(qtbot, store: DataStore) -> None:
    text = PROTOCOL.replace('body_part = "hand"', 'body_part = "foot"').replace(
        'views = ["back", "palm"]', 'views = ["top", "sole"]').replace("trials = 8", "trials = 4")
    screen = make_screen(qtbot, store, text, body="foot")
    assert "pictures of feet" in " ".join(
        w.text() for w in screen.intro_page.findChildren(type(screen.progress_label)))
    screen.start_button.click()
    answer_all(qtbot, screen)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.summary_page, timeout=5000)
    records = screen.run.records
    assert {r.view for r in records} <= {"top", "sole"}
    assert all(r.posture in ("neutral", "toes_up", "toes_curled", "point", "flexed",
                             "ankle_in", "ankle_out") for r in records)


@pytest.mark.slow
@pytest.mark.parametrize(("body", "views", "caption"), [
    ("hand", '["back", "palm"]', "This is a right hand."),
    ("foot", '["top", "sole"]', "This is a right foot."),
    ("neck", '["front", "back"]',
     "This person is turning their head to their left (to your right as you face them)."),
    ("back", '["front", "back"]',
     "This person is turning to their left (to your right as you face them)."),
    ("shoulder", '["front", "back"]',
     "This person is moving their right arm (on your left as you face them)."),
    ("knee", '["front", "back"]',
     "This person is moving their right leg (on your left as you face them)."),
])
def test_the_intro_shows_one_example_picture_with_its_answer(qtbot, store: DataStore, body: str,
                                                             views: str, caption: str) -> None:
    text = PROTOCOL.replace('body_part = "hand"', f'body_part = "{body}"').replace(
        'views = ["back", "palm"]', f"views = {views}")
    if body in ("neck", "back"):  # shown upright only (a turned head reads as lying down)
        text = text.replace("angles = 4", "angles = 1")
    screen = make_screen(qtbot, store, text, body=body)
    assert screen.example_caption.text() == caption and screen.example_caption.isVisible()
    example = screen.example.stimulus
    assert (example.side, example.rotation) == (("left", 0) if body in ("neck", "back")
                                                else ("right", 0))
    # drawn off the GUI thread, then shown: the picture is the renderer's, not blank
    qtbot.waitUntil(lambda: not screen.example_picture.pixmap().isNull(), timeout=10000)
    image = screen.example_picture.pixmap().toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 8)
               for y in range(0, image.height(), 8)}
    assert len(colours) > 20
    assert screen.pages.currentWidget() is screen.intro_page
    screen.start_button.click()  # the session itself is unchanged by the example
    wait_for_picture(qtbot, screen)
