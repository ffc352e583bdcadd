"""Stage 2's session without Qt: the block's order, a fake clock, stopping for pain."""

from __future__ import annotations

from gmi.app.imagery import (
    AskPainAfter,
    AskPainBefore,
    AskVividness,
    ImageryFinished,
    ImagerySession,
    Imagine,
    Rest,
    StoppedForPainStep,
)
from gmi.app.stage import StageContext
from gmi.model.protocol import parse_protocol
from gmi.model.records import (
    ImageryBlockSummary,
    ImageryRepetition,
    ImageShown,
    PainRating,
    StoppedForPain,
    VividnessRating,
    events_of,
)
from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.store.settings import AppSettings

PROTOCOL = """schema_version = 1
id = "t"
title = "T"
body_part = "hand"
[imagery]
images = 2
repetitions = 2
hold_s = 1.5
postures = ["fist", "point"]
"""
ASKING_PAIN = PROTOCOL + "pain_before_after = true\n"  # in [imagery]


class FakeClock:
    def __init__(self) -> None:
        self.ns = 0

    def __call__(self) -> int:
        return self.ns

    def advance(self, ms: float) -> None:
        self.ns += round(ms * 1_000_000)


def make_session(tmp_path, text: str = ASKING_PAIN, pain_today: int | None = None):
    store = DataStore(DataRoot(tmp_path / "data", "test"))
    profile = store.profiles.create("P-1", "hand", "left")
    context = StageContext(profile, parse_protocol(text), store.sessions(profile.id),
                           AppSettings(), pain_today=pain_today)
    clock = FakeClock()
    session = ImagerySession(context, seed=1, clock=clock)
    session.start()
    return session, clock, store.sessions(profile.id)


def test_a_whole_block_in_order_with_exact_durations(tmp_path):
    session, clock, sessions = make_session(tmp_path)
    step = session.pain_before(6)
    assert isinstance(step, Imagine) and step.image is not None
    assert step.progress == "Position 1 of 2 · repetition 1 of 2" and step.hold_ms == 1500
    assert "left hand" in step.instruction
    clock.advance(900)
    assert session.elapsed_ms() == 900
    assert session.imagined() == Rest(2000)
    assert session.imagined() is None  # resting: a press does nothing
    step = session.after_rest()
    assert isinstance(step, Imagine) and step.image is None  # same picture, repetition 2
    assert session.hold_over() == AskVividness()  # the hold time ran out
    assert session.vividness(4) == Rest(2000)
    assert isinstance(session.after_rest(), Imagine)
    clock.advance(1200)
    assert session.imagined() == Rest(2000)
    session.after_rest()
    clock.advance(700)
    assert session.imagined() == AskVividness()
    assert session.vividness(3) == AskPainAfter()
    finished = session.pain_after(3)
    assert isinstance(finished, ImageryFinished) and finished.title == "Well done"
    assert "Your pain went from 6 to 3: much better." in finished.lines
    assert session.pain_after(1) is finished  # rated once

    [contents] = sessions.load_all()
    reps = events_of(contents.events, ImageryRepetition)
    assert [r.duration_ms for r in reps] == [900.0, None, 1200.0, 700.0]
    assert [r.timed_out for r in reps] == [False, True, False, False]
    assert [v.score for v in events_of(contents.events, VividnessRating)] == [4, 3]
    assert [p.nrs for p in events_of(contents.events, PainRating)] == [6, 3]
    shown = events_of(contents.events, ImageShown)  # each from where it can be seen
    assert {(s.posture, s.view) for s in shown} == {("fist", "palm"), ("point", "back")}
    summary = ImageryBlockSummary.model_validate(contents.end.summary)
    assert (summary.images_done, summary.repetitions_done) == (2, 4)
    assert summary.median_duration_ms == 900.0 and summary.mean_vividness == 3.5
    assert contents.end.outcome == "completed"


def test_this_hurts_ends_the_block_at_once_and_is_kept(tmp_path):
    session, _clock, sessions = make_session(tmp_path)
    session.pain_before(None)
    assert session.stop_for_pain() == StoppedForPainStep()
    assert session.stop_for_pain() is None
    assert session.imagined() is None and session.hold_over() is None
    finished = session.pain_after(None)
    assert finished.title == "Good that you listened to your body"
    [contents] = sessions.load_all()
    assert events_of(contents.events, StoppedForPain) == [StoppedForPain(image=0, repetition=0)]
    assert contents.end.outcome == "stopped"
    assert ImageryBlockSummary.model_validate(contents.end.summary).stopped_for_pain


def test_vividness_once_per_block_comes_after_the_last_repetition(tmp_path):
    text = ASKING_PAIN.replace("postures", 'vividness = "per_block"\npostures')
    session, _clock, _ = make_session(tmp_path, text)
    session.pain_before(2)
    for _ in range(3):
        assert session.imagined() == Rest(2000)
        session.after_rest()
    assert session.imagined() == AskVividness()
    assert session.vividness(5) == AskPainAfter()


def test_each_position_is_named_in_plain_words(tmp_path):
    from gmi.model.posture import postures_for

    session, _clock, _sessions = make_session(tmp_path)
    step = session.pain_before(None)
    posture = postures_for("hand")[session.steps[0].posture]
    words = posture.instruction
    assert step.instruction.startswith(f"{posture.title}: {words[0].lower()}{words[1:]}")
    assert session.posture_words("no_such_posture") == "No such posture"


def test_pain_is_not_asked_again_unless_the_protocol_says_so(tmp_path):
    """By default the check-in's rating is the day's: the block starts with the first
    picture and ends with the summary, and the summary has no pain to tell."""
    session, _clock, sessions = make_session(tmp_path, PROTOCOL, pain_today=5)
    assert not session.asks_pain and session.pain_prefill is None
    step = session.begin()
    assert isinstance(step, Imagine) and step.image is not None
    for _picture in range(2):
        assert session.imagined() == Rest(2000)
        assert isinstance(session.after_rest(), Imagine)
        assert session.imagined() == AskVividness()
        finished = session.vividness(4)
        if _picture == 0:
            assert finished == Rest(2000)
            assert isinstance(session.after_rest(), Imagine)
    assert isinstance(finished, ImageryFinished) and finished.title == "Well done"
    assert finished.summary.pain_before is None and finished.summary.pain_after is None
    assert not any("pain" in line.lower() for line in finished.lines)
    [contents] = sessions.load_all()
    assert events_of(contents.events, PainRating) == []
    assert contents.end.outcome == "completed"


def test_a_protocol_that_asks_starts_from_the_check_in_answer(tmp_path):
    session, _clock, _sessions = make_session(tmp_path, ASKING_PAIN, pain_today=5)
    assert session.asks_pain and session.begin() == AskPainBefore(prefill=5)
    asked_alone, _c, _s = make_session(tmp_path / "b", ASKING_PAIN)  # no check-in today
    assert asked_alone.begin() == AskPainBefore(prefill=None)


def test_stopping_for_pain_offers_a_rating_even_when_none_is_asked(tmp_path):
    session, _clock, sessions = make_session(tmp_path, PROTOCOL, pain_today=4)
    session.begin()
    assert session.stop_for_pain() == StoppedForPainStep()
    finished = session.pain_after(7)
    assert finished.summary.pain_after == 7 and finished.summary.pain_before is None
    [contents] = sessions.load_all()
    assert [(p.when, p.nrs) for p in events_of(contents.events, PainRating)] == [("after", 7)]


def test_the_patients_imagery_lines_count_in_plain_words() -> None:
    from gmi.model.imagery import ImagerySummary, patient_lines

    def lines(done: int, planned: int) -> list[str]:
        return patient_lines(ImagerySummary(done, planned, done, (), (), None, None, False),
                             "hand")

    assert lines(1, 1)[0] == "You imagined the position."
    assert lines(4, 4)[0] == "You imagined all 4 positions."
    assert lines(2, 4)[0] == "You imagined 2 of 4 positions."
    assert not any("0 of" in line for line in lines(0, 4))


def test_a_quick_imagined_movement_is_never_about_zero_seconds() -> None:
    from gmi.model.imagery import ImagerySummary, patient_lines

    def timing(ms: float) -> str:
        summary = ImagerySummary(2, 2, 2, (ms, ms), (), None, None, False)
        return next(line for line in patient_lines(summary, "hand") if "took you" in line)

    assert timing(300) == "Each imagined movement took you under a second."
    assert timing(2400) == "Each imagined movement took you about 2 seconds."
