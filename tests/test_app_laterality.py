"""Stage 1's session without Qt: a fake clock, answers, a pause, the end."""

from __future__ import annotations

import threading

import numpy as np

from gmi.app.jobs import JobRunner
from gmi.app.laterality import (
    Feedback,
    Finished,
    Fixation,
    LateralitySession,
    NotReady,
    Picture,
)
from gmi.app.stage import StageContext
from gmi.model.protocol import parse_protocol
from gmi.model.records import LateralitySummary, LateralityTrial, PauseMark, ResumeMark, events_of
from gmi.stimuli.sets import Stimulus
from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.store.settings import AppSettings

PROTOCOL = """schema_version = 1
id = "t"
title = "T"
body_part = "hand"
[laterality]
trials = 6
practice_trials = 2
angles = 4
views = ["back"]
time_limit_s = 3.0
pause_between_s = 0.25
feedback = "practice"
"""


class FlatPictures:
    """A stimulus set that draws a grey square at once (the renderer is tested elsewhere)."""

    name = "flat"

    def views(self) -> tuple[str, ...]:
        return ("back",)

    def postures(self) -> tuple[str, ...]:
        return ("open",)

    def stimulus(self, side, view, rotation, pick) -> Stimulus:
        return Stimulus(side, view, rotation, posture="open", skin="medium")

    drawn_on: list[str]

    def __init__(self) -> None:
        self.drawn_on = []

    def image(self, stimulus: Stimulus, size: int) -> np.ndarray:
        self.drawn_on.append(threading.current_thread().name)
        return np.full((size, size, 3), 128, np.uint8)


def make_session(tmp_path, runner: JobRunner | None = None
                 ) -> tuple[LateralitySession, DataStore]:
    store = DataStore(DataRoot(tmp_path / "data", "test"))
    profile = store.profiles.create("P-1", "hand", "right")
    context = StageContext(profile, parse_protocol(PROTOCOL), store.sessions(profile.id),
                           AppSettings())
    return LateralitySession(context, FlatPictures(), seed=3, clock=lambda: 0,
                             runner=runner), store


def show_and_answer(session: LateralitySession, onset_ns: int, rt_ms: int, right: bool):
    assert session.wait_for_picture(10)
    picture = session.present()
    assert isinstance(picture, Picture)
    assert session.shown(onset_ns) == 3000
    trial = session.run.current
    side = trial.side if right else ("left" if trial.side == "right" else "right")
    return session.answer(side, "key", onset_ns + rt_ms * 1_000_000)


def test_a_session_answered_paused_and_finished_on_a_fake_clock(tmp_path):
    session, store = make_session(tmp_path)
    step = session.begin()
    assert step == Fixation(250, "Practice 1 of 2")
    assert session.answer("left", "key", 10) is None  # nothing painted yet: ignored

    # practice trials give feedback; the answer's time is exact to the nanosecond
    step = show_and_answer(session, 1_000_000_000, 812, right=True)
    assert isinstance(step, Feedback) and step.text.startswith("Yes, a ")
    assert session.answer("left", "key", 2) is None  # during feedback: ignored
    step = session.after_feedback()
    assert step == Fixation(250, "Practice 2 of 2")
    step = show_and_answer(session, 5_000_000_000, 1500, right=False)
    assert isinstance(step, Feedback) and step.text.startswith("This one was a ")
    assert session.after_feedback() == Fixation(250, "Picture 1 of 6")

    # a pause mid-picture: the picture is shown again, freshly timed
    session.wait_for_picture(10)
    assert isinstance(session.present(), Picture)
    session.shown(9_000_000_000)
    assert session.pause()
    assert not session.pause()  # already paused
    assert session.present() is None and session.time_out() is None
    assert session.resume() == Fixation(250, "Picture 1 of 6")

    # test trials: no feedback, straight to the next fixation; a miss on time-out
    show_and_answer(session, 20_000_000_000, 640, right=True)
    session.wait_for_picture(10)
    session.present()
    session.shown(30_000_000_000)
    step = session.time_out()
    assert step == Fixation(250, "Picture 3 of 6")
    for n in range(4):
        step = show_and_answer(session, (40 + n) * 1_000_000_000, 900, right=True)
    assert isinstance(step, Finished)
    assert step.outcome == "completed" and step.title == "Well done"
    assert step.score.overall.n == 6 and step.score.overall.correct == 5
    assert session.done and session.present() is None

    contents = store.sessions(session.context.profile.id).load_all()[0]
    trials = events_of(contents.events, LateralityTrial)
    assert [t.rt_ms for t in trials[:2]] == [812.0, 1500.0]
    assert [t.correct for t in trials] == [True, False, True, False, True, True, True, True]
    assert trials[3].timed_out and trials[3].rt_ms is None
    assert events_of(contents.events, PauseMark) == [PauseMark(trial=2)]
    assert events_of(contents.events, ResumeMark) == [ResumeMark(trial=2)]
    summary = LateralitySummary.model_validate(contents.end.summary)
    assert summary.overall.n == 6 and summary.overall.correct == 5


def test_a_picture_still_being_drawn_is_waited_for(tmp_path):
    """The drawing runs on the runner's worker thread; until it is done the
    screen is told to look again, never blocked."""
    runner = JobRunner(name="test-pictures")
    gate = threading.Event()
    runner.submit(lambda _p: gate.wait(30))  # the worker is busy until the gate opens
    session, _ = make_session(tmp_path, runner)
    session.begin()
    assert isinstance(session.present(), NotReady)
    gate.set()
    assert session.wait_for_picture(10)
    assert isinstance(session.present(), Picture)
    assert session.stimuli.drawn_on[0] == "test-pictures-worker"
    session.close()
    runner.shutdown()


def test_stopped_before_the_first_picture_is_said_kindly_and_kept(tmp_path):
    session, store = make_session(tmp_path)
    session.begin()
    finished = session.stop()
    assert finished.empty and finished.outcome == "stopped"
    assert finished.title == "That's fine for today"
    assert session.stop() is finished  # a second stop changes nothing
    [contents] = store.sessions(session.context.profile.id).load_all()
    assert contents.end.outcome == "stopped"
    assert contents.end.headline == "Stopped before the first picture"


def test_closing_mid_session_leaves_an_interrupted_journal(tmp_path):
    session, store = make_session(tmp_path)
    session.begin()
    show_and_answer(session, 1_000_000_000, 700, right=True)
    session.close()
    [contents] = store.sessions(session.context.profile.id).load_all()
    assert contents.interrupted
    assert len(events_of(contents.events, LateralityTrial)) == 1
