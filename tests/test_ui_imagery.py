"""Stage 2 driven through the real screen: timers, Space presses, ratings."""

from __future__ import annotations

import pytest
from helpers import only_journal, rate
from PySide6.QtCore import Qt

from gmi.app.stage import StageContext
from gmi.model.imagery import pain_change, plan_block
from gmi.model.protocol import parse_protocol
from gmi.model.records import ImageryRepetition, events_of
from gmi.store import DataStore
from gmi.store.settings import AppSettings
from gmi.ui.imagery import ImageryScreen

PROTOCOL = """schema_version = 1
id = "t"
title = "T"
body_part = "hand"
[imagery]
images = 2
repetitions = 2
hold_s = 1.5
postures = ["fist", "point"]
pain_before_after = true
"""


def make_screen(qtbot, store: DataStore, text: str = PROTOCOL) -> ImageryScreen:
    profile = store.profiles.create("P-1", "hand", "left")
    context = StageContext(profile, parse_protocol(text), store.sessions(profile.id),
                           AppSettings(chime=True, spoken_prompts=True))
    screen = ImageryScreen(context, seed=1)
    qtbot.addWidget(screen)
    screen.resize(900, 700)
    screen.show()
    qtbot.waitExposed(screen)
    return screen




@pytest.mark.slow
def test_a_full_block_with_space_presses_and_ratings(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store)
    rate(qtbot, screen.pain_before, 6)
    assert screen.pages.currentWidget() is screen.step_page
    assert "Imagine moving your left hand slowly" in screen.instruction.text()
    assert "Don't move it." in screen.instruction.text()
    for image in range(2):
        for _rep in range(2):
            qtbot.waitUntil(lambda: screen.rep_started_ns is not None and not screen.resting,
                            timeout=5000)
            qtbot.wait(120)  # imagine for at least 120 ms (duration_ms is checked below)
            qtbot.waitUntil(lambda: screen.hold_bar.value() > 0, timeout=5000)  # the bar ticks
            qtbot.keyClick(screen, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.vividness, timeout=5000)
        rate(qtbot, screen.vividness, 4 - image)
    assert screen.pages.currentWidget() is screen.pain_after
    rate(qtbot, screen.pain_after, 3)

    contents = only_journal(store)
    assert contents.end.outcome == "completed"
    kinds = [e.kind for e in contents.events]
    assert kinds.count("repetition") == 4 and kinds.count("image") == 2
    reps = [e.data for e in contents.events if e.kind == "repetition"]
    assert all(r["duration_ms"] >= 100 and not r["timed_out"] and r["side"] == "left"
               for r in reps)
    shown = [e.data["posture"] for e in contents.events if e.kind == "image"]
    assert sorted(shown) == ["fist", "point"]
    assert [e.data for e in contents.events if e.kind == "pain"] == [
        {"when": "before", "nrs": 6}, {"when": "after", "nrs": 3}]
    assert [e.data["score"] for e in contents.events if e.kind == "vividness"] == [4, 3]
    assert contents.end.summary["pain_change"] == "much better"
    assert contents.end.summary["images_done"] == 2
    text = " ".join(w.text() for w in screen.summary_page.findChildren(type(screen.hint)))
    assert "Your pain went from 6 to 3: much better." in text


def test_hold_time_caps_a_repetition_without_a_press(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store, PROTOCOL.replace("hold_s = 1.5", "hold_s = 0.4"))
    screen.pain_before.skip_button.click()
    qtbot.waitUntil(lambda: screen.session.position == 1, timeout=3000)
    contents = only_journal(store)
    [rep] = events_of(contents.events, ImageryRepetition)
    assert rep.timed_out and rep.duration_ms is None


def test_this_hurts_stops_journals_and_suggests_gentler(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store)
    rate(qtbot, screen.pain_before, 4)
    qtbot.waitUntil(lambda: screen.rep_started_ns is not None, timeout=5000)
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    assert screen.hurts_button.isVisible()
    screen.hurts_button.click()
    assert screen.pages.currentWidget() is screen.stopped_page
    assert not screen.hurts_button.isVisible()
    text = " ".join(w.text() for w in screen.stopped_page.findChildren(type(screen.hint)))
    assert "right hand first" in text  # the other side, for a left-hand patient
    screen.rate_after_button.click()
    rate(qtbot, screen.pain_after, 7)
    contents = only_journal(store)
    assert contents.end.outcome == "stopped"
    stop = [e.data for e in contents.events if e.kind == "stop"]
    assert stop == [{"reason": "pain", "image": 0, "repetition": 1}]
    assert sum(e.kind == "repetition" for e in contents.events) == 1


@pytest.mark.slow
def test_closing_mid_block_keeps_completed_repetitions(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store)
    rate(qtbot, screen.pain_before, 2)
    for _ in range(2):
        qtbot.waitUntil(lambda: screen.rep_started_ns is not None and not screen.resting,
                        timeout=5000)
        qtbot.keyClick(screen, Qt.Key.Key_Space)
    screen.close()
    contents = only_journal(store)
    assert contents.interrupted
    assert sum(e.kind == "repetition" for e in contents.events) == 2


@pytest.mark.slow
def test_vividness_per_block_is_asked_once(qtbot, store: DataStore) -> None:
    text = PROTOCOL.replace("images = 2", "images = 1") + 'vividness = "per_block"\n'
    screen = make_screen(qtbot, store, text)
    screen.pain_before.skip_button.click()
    for _ in range(2):
        qtbot.waitUntil(lambda: screen.rep_started_ns is not None and not screen.resting,
                        timeout=5000)
        qtbot.keyClick(screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.vividness, timeout=5000)
    rate(qtbot, screen.vividness, 5)
    rate(qtbot, screen.pain_after, 0)
    viv = [e.data for e in only_journal(store).events if e.kind == "vividness"]
    assert viv == [{"image": None, "score": 5}]


def test_by_default_the_block_asks_no_pain_and_its_summary_names_none(
        qtbot, store: DataStore) -> None:
    """Pain was rated at the check-in: Begin leads to the first picture, the last
    rating leads to the summary, and the summary makes up no pain words."""
    text = (PROTOCOL.replace("pain_before_after = true\n", "")
            .replace("images = 2", "images = 1").replace("repetitions = 2", "repetitions = 1"))
    screen = make_screen(qtbot, store, text)
    screen.begin_button.click()
    assert screen.pages.currentWidget() is screen.step_page
    qtbot.waitUntil(lambda: screen.rep_started_ns is not None, timeout=5000)
    qtbot.keyClick(screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.vividness, timeout=5000)
    rate(qtbot, screen.vividness, 4)
    assert screen.pages.currentWidget() is screen.summary_page
    text = " ".join(w.text() for w in screen.summary_page.findChildren(type(screen.hint)))
    assert "pain" not in text.lower()
    contents = only_journal(store)
    assert contents.end.outcome == "completed"
    assert not [e for e in contents.events if e.kind == "pain"]
    assert contents.end.summary["pain_before"] is None


def test_block_plan_and_pain_words() -> None:
    steps = plan_block(["a", "b", "c"], 4, 2, seed=3)
    assert len(steps) == 8 and [s.repetition for s in steps[:2]] == [0, 1]
    assert sorted({s.posture for s in steps[:6]}) == ["a", "b", "c"]
    assert pain_change(6, 4) == "much better"
    assert pain_change(3, 2) == "much better"  # a third less
    assert pain_change(8, 7) == "a little better"
    assert pain_change(5, 5) == "about the same"
    assert pain_change(2, 3) == "a little more painful"
    assert pain_change(2, 5) == "more painful"
    assert pain_change(None, 3) == ""


def test_back_to_home_from_the_intro_saves_nothing(qtbot, store: DataStore) -> None:
    screen = make_screen(qtbot, store)
    assert screen.pages.currentWidget() is screen.intro_page
    with qtbot.waitSignal(screen.finished, timeout=5000):
        screen.back_button.click()
    assert not list(store.root.path.rglob("*.jsonl"))
