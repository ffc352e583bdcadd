"""Stage 3's session without Qt: a fake clock, a camera state, the journal read back typed."""

from __future__ import annotations

from helpers import only_journal

from gmi.app.mirror import PAUSED_TEXT, MirrorSession
from gmi.app.stage import StageContext
from gmi.model.protocol import parse_protocol
from gmi.model.records import (
    CameraState,
    MirrorBlockSummary,
    MirrorMinute,
    MirrorModeSet,
    MirrorPromptDone,
    PainRating,
    PauseMark,
    ResumeMark,
    events_of,
    summary_of,
)
from gmi.store import DataStore
from gmi.store.settings import AppSettings

PROTOCOL = """schema_version = 1
id = "t"
title = "T"
body_part = "hand"
[mirror]
mode = "split"
minutes = 3
prompts = ["Open and close your hand.", "Spread your fingers."]
pain_before_after = true
"""


class FakeClock:
    """Nanoseconds that move only when the test says so."""

    def __init__(self) -> None:
        self.ns = 1_000_000_000

    def __call__(self) -> int:
        return self.ns

    def advance(self, seconds: float) -> None:
        self.ns += round(seconds * 1e9)


def new_session(store: DataStore, clock: FakeClock, text: str = PROTOCOL,
                pain_today: int | None = None) -> MirrorSession:
    profile = store.profiles.create("P-1", "hand", "right")
    context = StageContext(profile, parse_protocol(text), store.sessions(profile.id),
                           AppSettings(chime=False), pain_today=pain_today)
    return MirrorSession(context, clock_ns=clock)


def step(session: MirrorSession, clock: FakeClock, seconds: float, camera: str = "running"):
    clock.advance(seconds)
    return session.tick(camera)


def test_pauses_and_camera_loss_do_not_count_and_the_journal_reads_back_typed(
        store: DataStore) -> None:
    clock = FakeClock()
    session = new_session(store, clock)
    assert session.tick("running").minutes == 0 and session.seconds_done == 0  # not started
    assert not session.next_prompt()  # nothing to do before the pain rating
    session.rate_pain_before(6)
    assert session.practising and session.time_left_text == "3:00"

    assert step(session, clock, 30).minutes == 0
    assert step(session, clock, 40).minutes == 1 and session.seconds_done == 70
    assert session.next_prompt() and session.current_prompt == "Spread your fingers."

    session.pause()
    assert session.prompt_text == PAUSED_TEXT
    assert not session.next_prompt()  # a prompt is not marked done during a pause
    step(session, clock, 100)
    assert session.seconds_done == 70  # paused: not counted
    session.resume()
    step(session, clock, 10)
    assert session.seconds_done == 80

    step(session, clock, 5, camera="lost")
    step(session, clock, 60, camera="lost")
    assert session.seconds_done == 80  # the camera was away: not counted
    step(session, clock, 2)  # back: the time since the last tick counts again
    assert session.seconds_done == 82

    session.set_mode("flip")
    assert session.kernel.mode == "flip"
    session.stop()
    assert session.phase == "pain_after" and step(session, clock, 30).minutes == 0
    summary = session.rate_pain_after(3)
    assert session.phase == "finished"

    contents = only_journal(store)
    assert contents.end.outcome == "stopped"
    assert contents.end.headline == "1 of 3 minutes · 1 movement done"
    assert summary_of(contents) == summary == MirrorBlockSummary(
        minutes_planned=3, minutes_done=1.37, prompts_completed=1, pain_before=6,
        pain_after=3, pain_change=summary.pain_change)
    assert summary.pain_change  # 6 to 3 is a change worth saying
    events = contents.events
    assert events_of(events, PainRating) == [PainRating(when="before", nrs=6),
                                             PainRating(when="after", nrs=3)]
    assert events_of(events, MirrorMinute) == [MirrorMinute(minutes_done=1.17)]
    assert events_of(events, MirrorPromptDone) == [
        MirrorPromptDone(index=0, text="Open and close your hand.", at_s=70.0)]
    assert events_of(events, PauseMark) == [PauseMark(at_s=70.0)]
    assert events_of(events, ResumeMark) == [ResumeMark(at_s=70.0)]
    assert [e.state for e in events_of(events, CameraState)] == ["running", "lost", "running"]
    assert [m.mode for m in events_of(events, MirrorModeSet)] == ["split", "flip"]
    assert events_of(events, MirrorModeSet)[0].keep == "left"  # right affected: left kept
    assert "1 minute 22 seconds" in session.summary_lines()[0]  # not "1.4 minutes"
    assert session.summary_title == "Good that you practised"


def test_the_planned_minutes_end_practice_and_count_as_completed(store: DataStore) -> None:
    clock = FakeClock()
    session = new_session(store, clock)
    session.rate_pain_before(None)
    minutes = 0
    ticks = 0
    while session.practising:
        tick = step(session, clock, 0.2)
        minutes += tick.minutes
        ticks += 1
        assert ticks < 2000, "three minutes of 0.2 s ticks must end the practice"
    assert tick.time_up and minutes == 3 and session.seconds_left == 0
    session.rate_pain_after(None)
    contents = only_journal(store)
    assert contents.end.outcome == "completed"
    assert [m.minutes_done for m in events_of(contents.events, MirrorMinute)] == [1, 2, 3]
    # minutes and seconds; no "0 guided movements" named as a result
    assert session.summary_lines() == ["You practised for 3 minutes."]
    assert session.summary_title == "Well done"


def test_pain_is_not_asked_again_unless_the_protocol_says_so(store: DataStore) -> None:
    """By default practice starts straight after the set-up and ends with the summary;
    the check-in's answer is the day's rating, and no pain words are made up."""
    clock = FakeClock()
    session = new_session(store, clock, PROTOCOL.replace("pain_before_after = true\n", ""),
                          pain_today=5)
    assert not session.asks_pain and session.pain_prefill is None
    assert session.begin() == "practice" and session.practising
    step(session, clock, 70)
    session.stop()
    summary = session.finish()
    assert summary.pain_before is None and summary.pain_after is None
    assert not summary.pain_change
    assert not any("pain" in line for line in session.summary_lines())
    contents = only_journal(store)
    assert events_of(contents.events, PainRating) == []
    assert contents.end.outcome == "stopped" and summary_of(contents) == summary


def test_a_protocol_that_asks_pain_starts_from_the_check_in_answer(store: DataStore) -> None:
    session = new_session(store, FakeClock(), pain_today=5)
    assert session.asks_pain and session.pain_prefill == 5
    assert session.begin() == "pain_before" and not session.practising


def test_closing_mid_practice_leaves_an_interrupted_journal(store: DataStore) -> None:
    clock = FakeClock()
    session = new_session(store, clock)
    session.rate_pain_before(4)
    step(session, clock, 65)
    session.close()
    contents = only_journal(store)
    assert contents.interrupted
    assert events_of(contents.events, MirrorMinute) == [MirrorMinute(minutes_done=1.08)]



def test_the_set_up_words_match_the_side_and_the_mode(tmp_path):
    from gmi.app.mirror import MirrorSession
    from gmi.app.stage import StageContext
    from gmi.model.protocol import parse_protocol
    from gmi.store import DataStore
    from gmi.store.paths import DataRoot
    from gmi.store.settings import AppSettings

    store = DataStore(DataRoot(tmp_path / "data", "test"))
    profile = store.profiles.create("P-1", "hand", "right")
    context = StageContext(profile, parse_protocol(PROTOCOL), store.sessions(profile.id),
                           AppSettings())
    session = MirrorSession(context)
    session.set_mode("split")
    words = " ".join(session.setup_steps())
    assert "right hand (the painful one) still and out of sight" in words
    assert "on the left half of the picture" in words
    session.set_mode("flip")
    words = " ".join(session.setup_steps())
    assert "whole picture is mirrored" in words and "left half" not in words
    session.close()
