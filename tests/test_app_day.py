"""The day's flow without Qt: who practises, check-in first, flare mode, the reminder."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from gmi.app.day import AskCheckIn, Day, StartStage
from gmi.app.laterality import Finished, LateralitySession
from gmi.model.gentle import gentler
from gmi.stimuli.sets import rendered_for
from gmi.store import DataStore, StoreError
from gmi.store.paths import DataRoot
from gmi.store.settings import AppSettings


@pytest.fixture
def fresh(tmp_path) -> DataStore:
    return DataStore(DataRoot(tmp_path / "data", "test"))


def test_a_new_folder_opens_on_the_welcome_and_one_person_is_chosen_without_asking(fresh):
    day = Day(fresh)
    assert day.welcome_first() and day.remembered_profile() is None
    profile = fresh.profiles.create("P-1", "hand", "right")
    day = Day(fresh)
    assert not day.welcome_first()
    assert day.remembered_profile() == profile
    fresh.profiles.create("P-2", "foot", "left")
    assert Day(fresh).remembered_profile() is None  # two people: ask


def test_the_welcome_stays_until_finished_or_put_off_and_home_then_offers_it(fresh):
    fresh.update_settings(welcome_started=True)
    fresh.profiles.create("P-1", "hand", "right")  # added in the welcome, then closed
    day = Day(fresh)
    assert day.welcome_first() and day.welcome_offered()
    fresh.update_settings(welcome_put_off=True)
    day = Day(fresh)
    assert not day.welcome_first() and day.welcome_offered()
    fresh.update_settings(welcome_done=True)
    day = Day(fresh)
    assert not day.welcome_first() and not day.welcome_offered()


def test_people_set_up_before_the_welcome_existed_are_not_sent_to_it(fresh):
    fresh.profiles.create("P-1", "hand", "right")
    day = Day(fresh)
    assert not day.welcome_first() and not day.welcome_offered()


def test_the_person_chosen_is_remembered_for_the_next_start(fresh):
    fresh.profiles.create("P-1", "hand", "right")
    second = fresh.profiles.create("P-2", "foot", "left")
    Day(fresh).choose(second)
    assert Day(fresh).remembered_profile() == second


def test_the_checkin_comes_before_the_days_first_session_once(fresh):
    profile = fresh.profiles.create("P-1", "hand", "right")
    day = Day(fresh)
    day.choose(profile)
    first = day.begin("laterality")
    assert isinstance(first, AskCheckIn) and first.stage == "laterality"
    assert first.card is not None  # a card is offered with the first check-in
    second = day.begin("laterality")  # put off: not asked again in this run
    assert isinstance(second, StartStage)

    checkins = day.checkins()
    checkins.save(checkins.begin().model_copy(update={"pain_now": 3}))
    again = Day(fresh)
    again.choose(profile)
    assert isinstance(again.begin("laterality"), StartStage)  # answered today


def test_no_checkin_when_the_day_asks_for_none(fresh):
    profile = fresh.profiles.create("P-1", "hand", "right")
    day = Day(fresh, daily_checkin=False)
    day.choose(profile)
    assert isinstance(day.begin("imagery"), StartStage)


def test_a_flare_day_runs_a_gentler_copy_of_the_protocol(fresh):
    profile = fresh.profiles.create("P-1", "hand", "right")
    day = Day(fresh, daily_checkin=False)
    day.choose(profile)
    normal = day.start("laterality")
    flare = day.start("laterality", "flare")
    assert normal.context.mode == "normal" and flare.context.mode == "flare"
    assert flare.context.protocol == gentler(normal.context.protocol)
    assert flare.context.protocol.laterality.trials < normal.context.protocol.laterality.trials

    # the session started from that context journals the mode in its header
    session = LateralitySession(flare.context, rendered_for("hand"), seed=1)
    session.begin()
    assert isinstance(session.stop(), Finished)
    [contents] = fresh.sessions(profile.id).load_all()
    assert contents.header.mode == "flare"
    assert contents.header.protocol["laterality"]["trials"] == \
        flare.context.protocol.laterality.trials


def test_what_may_start_and_why_not_in_words(fresh):
    foot = fresh.profiles.create("P-1", "foot", "left")
    day = Day(fresh, available=("laterality", "imagery", "mirror"))
    assert day.stage_problem("laterality") == "Choose who is practising first."
    day.choose(foot)
    assert day.stage_problem("laterality") == ""
    assert "not available in this version" in day.stage_problem("tracking")
    assert day.begin("tracking") is None and day.start("tracking") is None


def test_nothing_starts_while_nothing_can_be_saved(fresh):
    profile = fresh.profiles.create("P-1", "hand", "right")
    fresh.write_problem = StoreError(fresh.layout.root, "is on a disk that is full")
    day = Day(fresh)
    day.choose(profile, remember=False)
    assert day.stage_problem("laterality") == (
        "Practice cannot start while nothing can be saved (see above).")
    assert day.begin("laterality") is None
    assert day.notices()[0].startswith("Your practice cannot be saved right now.")


def test_the_reminder_speaks_only_on_a_day_without_practice(fresh):
    profile = fresh.profiles.create("P-1", "hand", "right")
    fresh.update_settings(reminder_at=time(18, 0), cue="after my tea")
    evening = datetime(2026, 12, 3, 19, 0)
    day = Day(fresh, today=lambda: date(2026, 12, 3), now=lambda: evening,
              daily_checkin=False)
    assert day.day_done()  # nobody chosen: nothing to remind of
    day.choose(profile)
    assert not day.day_done() and day.remind_at_start()
    assert day.reminder_words() == (
        "After my tea: a few minutes of GMI practice, when you are ready.")
    morning = Day(fresh, today=lambda: date(2026, 12, 3),
                  now=lambda: datetime(2026, 12, 3, 9, 0))
    morning.choose(profile)
    assert not morning.remind_at_start()  # the time has not come yet
    fresh.update_settings(reminder_at=None)
    assert not Day(fresh, now=lambda: evening).remind_at_start()


def test_settings_seen_by_the_day_follow_changes(fresh):
    day = Day(fresh)
    day.settings_changed(AppSettings(cue="with my coffee"))
    assert day.reminder_words().startswith("With my coffee: ")


def test_no_reminder_once_a_session_was_completed_today(fresh):
    profile = fresh.profiles.create("P-1", "hand", "right")
    fresh.update_settings(reminder_at=time(0, 0))
    day = Day(fresh, now=lambda: datetime.combine(date.today(), time(23, 59)))
    day.choose(profile)
    assert day.remind_at_start()
    fresh.sessions(profile.id).start("imagery").finish("completed", "2 of 2 positions")
    day.refresh()
    assert day.day_done() and not day.remind_at_start()


def test_durations_and_partial_sessions_in_words() -> None:
    from gmi.model.words import duration, part_of

    assert duration(30) == "30 seconds" and duration(60) == "1 minute"
    assert duration(270) == "4 minutes 30 seconds" and duration(0.4) == "0 seconds"
    assert part_of(4.2, 10) == "4 of 10 minutes" and part_of(0.5, 10) == "1 of 10 minutes"
    assert part_of(12, 10) == "10 of 10 minutes"


def test_a_mirror_session_stopped_early_is_partial_on_home_not_done(fresh):
    from datetime import datetime

    from gmi.app.overview import build_overview
    from gmi.model.records import MirrorBlockSummary

    profile = fresh.profiles.create("P-1", "hand", "right")
    sessions = fresh.sessions(profile.id)
    journal = sessions.start("mirror", {})
    journal.append("minute", {"minutes_done": 4})
    summary = MirrorBlockSummary(minutes_planned=10, minutes_done=4.2, prompts_completed=2,
                                 pain_before=None, pain_after=None, pain_change="")
    journal.finish("stopped", "4 of 10 minutes", summary.model_dump())
    overview = build_overview(profile, sessions, datetime.now().astimezone().date())
    mirror = next(c for c in overview.cards if c.stage == "mirror")
    assert mirror.done_today == 0 and mirror.partial_today == "4 of 10 minutes"


def test_each_session_of_a_little_and_often_day_has_its_reminder(fresh):
    from datetime import datetime, time

    from gmi.model.protocol import parse_protocol
    from gmi.store.protocols import save_custom

    profile = fresh.profiles.create("P-1", "hand", "right")
    save_custom(fresh.layout, profile, parse_protocol(
        'schema_version = 1\nid = "often"\ntitle = "Often"\nbody_part = "hand"\n'
        'sessions_per_day = 3\nstages = ["laterality"]\n'))
    fresh.profiles.save(profile.model_copy(update={"protocol": "custom"}))
    fresh.update_settings(reminder_at=time(9, 0), session_times=[time(9, 0), time(13, 0),
                                                                 time(17, 0)])
    today = datetime(2026, 3, 2, 10, 0)
    day = Day(fresh, today=today.date, now=lambda: today)
    day.choose(fresh.profiles.list()[0][0], remember=False)
    assert day.reminder_times() == [time(9, 0), time(13, 0), time(17, 0)]
    assert day.sessions_done_today() == 0 and day.reminder_due()
    assert day.next_reminder_at(today, fired=False) == datetime(2026, 3, 2, 13, 0)


def test_stage_four_may_start_for_a_foot_as_its_protocol_allows(fresh):
    """Whether a stage suits a body part is the one rule of `STAGES_FOR` (a foot is
    followed with MediaPipe Pose); a neck has no mirror."""
    foot = fresh.profiles.create("F-1", "foot", "left")
    day = Day(fresh, daily_checkin=False)
    day.choose(foot)
    assert day.stage_problem("tracking") == ""
    assert isinstance(day.start("tracking"), StartStage)
    neck = fresh.profiles.create("N-1", "neck", "left")
    day.choose(neck)
    assert day.stage_problem("mirror") == (
        "Mirror practice is not part of practice for the neck; the other stages are.")


def test_a_session_records_the_stages_open_when_it_began(fresh):
    """So the day's rounds are counted as they were when each was done (a stage
    that opens later does not undo a finished round: tests/test_plan.py)."""
    profile = fresh.profiles.create("P-1", "hand", "right")
    day = Day(fresh, daily_checkin=False)
    day.choose(profile)
    start = day.start("laterality")
    open_now = tuple(step.stage for step in day.refresh().plan.steps)
    assert start.context.open_stages == open_now and "laterality" in open_now
    assert len(open_now) < 4  # the standard programme opens the later stages over time

    session = LateralitySession(start.context, rendered_for("hand"), seed=1)
    session.begin()
    session.stop()
    [contents] = fresh.sessions(profile.id).load_all()
    assert contents.header.open_stages == list(open_now)
