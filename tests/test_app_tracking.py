"""Stage 4's session without Qt: fed tracking results, ticked by a fake clock."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import only_journal

from gmi.app.stage import StageContext
from gmi.app.tracking import (
    ALL_DONE,
    COUNTDOWN_SECONDS,
    HOLD_SECONDS,
    HONEST,
    REST_SECONDS,
    TrackingSession,
)
from gmi.model.posture import hand_landmarks, hand_postures
from gmi.model.protocol import parse_protocol
from gmi.model.records import (
    ExerciseResult,
    PostureMatchResult,
    RepetitionCounted,
    TrackingBlockSummary,
    events_of,
    summary_of,
)
from gmi.stimuli.animate import blend, open_close_frames
from gmi.store import DataStore
from gmi.store.settings import AppSettings
from gmi.vision.tracker import HandTracker, TrackedHand, TrackingResult

PROTOCOL = """schema_version = 1
id = "t"
title = "T"
body_part = "hand"
[imagery]
postures = ["fist", "open"]
[[tracking.exercises]]
kind = "open_close"
target_reps = {reps}
"""
CENTRED = np.full((21, 3), 0.5)  # a hand well inside the picture


class FakeClock:
    def __init__(self) -> None:
        self.ns = 5_000_000_000

    def __call__(self) -> int:
        return self.ns

    def advance(self, seconds: float) -> None:
        self.ns += round(seconds * 1e9)


def new_session(store: DataStore, clock: FakeClock, reps: int = 3) -> TrackingSession:
    profile = store.profiles.create("P-1", "hand", "right")
    context = StageContext(profile, parse_protocol(PROTOCOL.format(reps=reps)),
                           store.sessions(profile.id), AppSettings(chime=False))
    session = TrackingSession(context, clock_ns=clock)
    session.start()
    return session


def hand_at(posture, n: int, fps: float = 30.0) -> TrackingResult:
    """The posture as the tracker would give it: world landmarks, and image landmarks
    (fractions of the frame) of the same hand well inside the picture."""
    world = hand_landmarks(posture, "right")
    image = 0.5 + 2.0 * (world - world.mean(axis=0))
    t_ns = round(n / fps * 1e9)
    return TrackingResult((TrackedHand("right", 0.95, image, world),), n, t_ns, t_ns)


def open_close_results(cycles: int, fps: float = 30.0, seconds_per_cycle: float = 2.0):
    """A synthetic hand opening and closing `cycles` times, still before and after."""
    lib = hand_postures()
    rest = int(fps)
    total = int(cycles * seconds_per_cycle * fps) + 2 * rest
    for n in range(total):
        t = (n - rest) / fps
        phase = 0.0 if t < 0 or t > cycles * seconds_per_cycle else \
            (1 - math.cos(2 * math.pi * t / seconds_per_cycle)) / 2
        yield hand_at(blend(lib["open"], lib["fist"], phase), n, fps)


def test_exactly_n_repetitions_then_rounds_on_the_clock(store: DataStore) -> None:
    clock = FakeClock()
    session = new_session(store, clock, reps=3)
    assert session.phase == "exercise" and session.count_text == "0 of 3"
    assert session.title == "Open and close your hand (1 of 1)"
    counted = 0
    last = None
    for result in open_close_results(3):
        update = session.feed(result)
        counted += update.counted
        last = update
        assert session.feed(result) is None  # the same frame twice is not news
    assert counted == 3 and session.exercise.reps == 3 and session.count_text == "3 of 3"
    assert session.exercise.rom.span > 40 and "Range so far" in session.range_text
    assert last.advice == ""
    assert not session.tick()  # no round yet: the clock does not move exercises on

    session.next_step()
    assert session.phase == "posture" and session.posture.name == "fist"
    assert session.title == "Copy this position (1 of 2)" and session.count_text == ""
    assert session.next_text == "I'm ready" and "I'm ready" in session.round_text
    fist = hand_postures()["fist"]
    clock.advance(60)  # the patient takes their time: nothing moves without them
    assert not session.tick() and session.round_step == "ready"
    assert session.feed(hand_at(fist, 900)) is None  # not measured before "I'm ready"
    session.next_step()  # "I'm ready"
    assert session.round_step == "countdown" and session.count_text == "3"
    clock.advance(COUNTDOWN_SECONDS - 1.5)
    assert not session.tick() and session.count_text == "2"
    clock.advance(1.5)
    assert session.tick() and session.round_step == "holding"
    for n in range(10):
        update = session.feed(hand_at(fist, 1000 + n))
        assert update.score is not None and update.score > 90
    assert session.count_text.startswith("100 / 100 (")
    clock.advance(HOLD_SECONDS)
    assert session.tick() and session.round_step == "rest"
    assert "Rest your hand" in session.round_text and session.posture.name == "fist"
    clock.advance(REST_SECONDS)
    assert session.tick() and session.posture.name == "open"  # rested: the next round waits
    assert session.round_step == "ready"
    session.next_step()
    clock.advance(COUNTDOWN_SECONDS)
    assert session.tick() and session.round_step == "holding"
    session.feed(TrackingResult((), 2000, 0, 0))  # nobody in view in the second round
    assert session.advice == "Show your hand to the camera."
    clock.advance(HOLD_SECONDS)
    assert session.tick() and session.finished

    contents = only_journal(store)
    assert contents.end.outcome == "completed"
    events = contents.events
    assert events_of(events, RepetitionCounted) == [
        RepetitionCounted(kind="open_close", n=n) for n in (1, 2, 3)]
    [exercise] = events_of(events, ExerciseResult)
    assert (exercise.kind, exercise.reps, exercise.target, exercise.signal) == (
        "open_close", 3, 3, "closure")
    fist_round, open_round = events_of(events, PostureMatchResult)
    assert fist_round.posture == "fist" and fist_round.frames == 10
    assert fist_round.best_score > 90 and fist_round.score > 90
    assert fist_round.band_low < fist_round.score <= fist_round.band_high
    assert open_round == PostureMatchResult(posture="open", frames=0)
    summary = summary_of(contents)
    assert isinstance(summary, TrackingBlockSummary) and summary.repetitions == 3
    assert contents.end.headline.startswith("3 repetitions in 1 exercise · best posture match")
    lines = session.summary_lines()
    assert lines[0].startswith("Open and close your hand: 3 of 3; range ")
    assert lines[1:] == [
        "You copied the fist closely.",
        f"Fist: copied closely (match {fist_round.score:.0f} of 100, between "
        f"{fist_round.band_low:.0f} and {fist_round.band_high:.0f}).",
        "Open hand: your hand was not seen in this round.", HONEST]


def test_the_last_repetition_says_well_done_and_stop_keeps_the_exercise(
        store: DataStore) -> None:
    clock = FakeClock()
    session = new_session(store, clock, reps=1)
    updates = [session.feed(r) for r in open_close_results(1)]
    assert [u.advice for u in updates if u.counted] == [ALL_DONE]
    session.finish()  # stop for today in the middle of the exercises
    contents = only_journal(store)
    assert contents.end.outcome == "stopped"
    assert [e.reps for e in events_of(contents.events, ExerciseResult)] == [1]
    assert session.feed(hand_at(hand_postures()["open"], 9999)) is None  # over: not counted


def test_a_stop_before_any_movement_journals_nothing_measured(store: DataStore) -> None:
    session = new_session(store, FakeClock())
    session.feed(TrackingResult((), 1, 0, 0))
    session.finish()
    contents = only_journal(store)
    assert contents.end.outcome == "stopped"
    assert events_of(contents.events, ExerciseResult) == []
    assert session.summary_lines() == ["Nothing was measured this time; that is fine.", HONEST]


@pytest.mark.slow
def test_a_rendered_hand_through_the_real_tracker_counts_exactly_two(store: DataStore) -> None:
    """Every frame of a drawn open-close video, tracked in order: no frame is dropped."""
    session = new_session(store, FakeClock(), reps=2)
    tracker = HandTracker(0, max_hands=2)
    fps = 15.0
    try:
        for n, frame in enumerate(open_close_frames(2, fps=fps)):
            t_ns = round(n / fps * 1e9)
            session.feed(TrackingResult(tuple(tracker.process(frame)), n, t_ns, t_ns))
    finally:
        tracker.close()
    assert session.exercise.reps == 2
    assert session.exercise.rom.span > 40


def test_a_different_posture_scores_low_and_the_summary_says_which_was_harder(
        store: DataStore) -> None:
    clock = FakeClock()
    session = new_session(store, clock, reps=1)
    session.next_step()  # to the rounds: fist, then open
    lib = hand_postures()
    for n, shown in enumerate(("fist", "claw")):  # the second round: a claw, not an open hand
        session.next_step()
        clock.advance(COUNTDOWN_SECONDS)
        session.tick()
        for k in range(10):
            session.feed(hand_at(lib[shown], 100 * n + k))
        clock.advance(HOLD_SECONDS)
        session.tick()
        clock.advance(REST_SECONDS)
        session.tick()
    assert session.finished
    fist_round, open_round = session.posture_results
    assert fist_round.score >= 80 and open_round.score <= 40
    assert session.summary_lines()[1] == (
        "You copied the fist closely; the open hand was harder today.")
    assert "`" not in " ".join(session.summary_lines()) and "'open'" not in " ".join(
        session.summary_lines())


def test_a_picture_too_dark_counts_nothing_and_says_so(store: DataStore) -> None:
    from dataclasses import replace

    from gmi.vision.tracking_session import DARK_ADVICE

    session = new_session(store, FakeClock(), reps=3)
    updates = [session.feed(replace(r, brightness=12.0)) for r in open_close_results(3)]
    assert session.exercise.reps == 0 and session.exercise.rom.span is None
    assert {u.advice for u in updates} == {DARK_ADVICE}
    lit = [session.feed(replace(r, frame_index=r.frame_index + 10_000, brightness=80.0))
           for r in open_close_results(1)]
    assert session.exercise.reps == 1 and lit[-1].advice == ""  # a dim room is fine


def test_the_summary_names_no_zero_and_no_minus_zero(store: DataStore) -> None:
    """A movement the camera could not follow is said kindly, not as "0 of 3";
    an angle of -0.3 degrees reads 0, never "-0"."""
    from gmi.app.tracking import whole

    assert whole(-0.3) == "0" and whole(np.float64(-0.4)) == "0" and whole(19.6) == "20"
    session = new_session(store, FakeClock())
    for n in range(20):  # a still open hand: followed, nothing to count
        session.feed(hand_at(hand_postures()["open"], n))
    session.next_step()
    session.finish()
    first = session.summary_lines()[0]
    assert first.startswith("Open and close your hand: not counted this time")
    assert "0 of" not in " ".join(session.summary_lines())


def test_the_last_step_says_finish_not_next(store: DataStore) -> None:
    """One exercise and no rounds after it (a body programme): the button says Finish."""
    session = new_session(store, FakeClock())
    assert session.next_text == "Next exercise"  # the hand's copy rounds follow
    session.rounds = []
    assert session.next_text == "Finish"
    session.next_step()
    assert session.finished
