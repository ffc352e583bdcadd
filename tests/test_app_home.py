"""Home's words and switches without Qt (gmi.app.home): the screen only lays them out."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from gmi.app.home import home_view
from gmi.app.overview import build_overview
from gmi.bench.data import simple_trials, write_journal
from gmi.store import DataStore

TODAY = date.today()


def at(days_ago: int, hour: int = 9) -> datetime:
    day = TODAY - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, hour, 0).astimezone()


def view_of(store: DataStore, profile, problem: str = "", **kwargs):
    overview = build_overview(profile, store.sessions(profile.id), TODAY)
    return home_view(overview, ["A notice from the store."], lambda stage: problem, **kwargs)


def test_a_new_person_sees_the_first_stage_to_start_and_an_open_trail(store: DataStore) -> None:
    profile = store.profiles.create("Anna", "hand", "left")
    view = view_of(store, profile)
    assert view.name == "Anna"
    assert view.subtitle.endswith("· practising with your left hand in mind")
    assert view.notices == ("A notice from the store.",)
    assert view.start.text == "Start: Left or right?" and view.start.stage == "laterality"
    assert view.start.problem == ""
    assert view.plan_done == "" and view.welcome_back == "" and view.short_start is None
    assert view.plan_rows[0].step == "→  Left or right?"
    assert view.plan_rows[0].detail.endswith("minutes · next")
    assert view.trail is not None
    assert view.trail.wins == "Your trail begins with your first practice."  # no zero named
    titles = [t.title for t in view.tiles]
    assert titles == ["Left or right?", "Imagine the movement", "Mirror practice",
                      "Move with the camera"]
    assert view.tiles[0].status == "On today's plan" and view.tiles[0].state == ""
    assert view.tiles[0].last_result == "Not tried yet"
    assert view.tiles[1].status.startswith("Opens")  # the standard programme opens it later
    assert view.flare_start is not None and view.flare_start.stage == "laterality"
    assert "half the usual amount" in view.flare_start.words


def test_why_a_stage_may_not_start_reaches_both_start_buttons(store: DataStore) -> None:
    profile = store.profiles.create("Anna", "hand", "left")
    view = view_of(store, profile, problem="The data folder cannot be written to.")
    assert view.start.stage == "laterality"
    assert view.start.problem == "The data folder cannot be written to."
    assert view.flare_start is not None
    assert view.flare_start.problem == "The data folder cannot be written to."


def test_a_finished_day_says_so_and_counts_each_session(store: DataStore) -> None:
    profile = store.profiles.create("Anna", "hand", "left")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    for days_ago, hour in ((2, 9), (1, 9), (0, 9), (0, 15)):  # the standard: twice a day
        write_journal(folder, profile.id, "laterality", at(days_ago, hour), simple_trials(1),
                      headline="38 of 40 correct")
    view = view_of(store, profile)
    assert view.plan_done.startswith("Today's practice is done (2 sessions).")
    assert view.sessions_line == "Today's sessions: Session 1 ✓ · Session 2 ✓"
    assert view.progress_line == ""
    assert view.start.text == "Practise again: Left or right?"
    assert view.tiles[0].status == "✓ Done today (2 times)" and view.tiles[0].state == "done"
    assert view.tiles[0].last_result == "Today: 38 of 40 correct"
    assert view.trail is not None and view.trail.wins.endswith("3 days in a row")


def test_several_sessions_a_day_are_named_by_their_times(store: DataStore) -> None:
    from gmi.model.protocol import parse_protocol
    from gmi.store.protocols import apply_protocol

    profile = store.profiles.create("Anna", "hand", "left")
    twice = parse_protocol('schema_version = 1\nid = "twice"\ntitle = "Twice"\n'
                           'body_part = "hand"\nsessions_per_day = 2\n'
                           'stages = ["laterality"]\n')
    profile = apply_protocol(store.layout, store.profiles, profile, twice)
    view = view_of(store, profile, session_times=[time(9), time(17, 30)])
    assert view.sessions_line == "Today's sessions: 9:00 next · 17:30"
    assert view.progress_line.startswith("Session 1 of 2 today · about ")


def test_after_days_away_home_welcomes_back_with_a_shorter_start(store: DataStore) -> None:
    profile = store.profiles.create("Anna", "hand", "left")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    write_journal(folder, profile.id, "laterality", at(6), simple_trials(1))
    view = view_of(store, profile)
    assert view.welcome_back.startswith("Welcome back. It is good to see you.")
    assert view.short_start is not None and view.short_start.mode == "short"
    assert view.short_start.button.startswith("Start a shorter session (about ")
    assert view.welcome_back.endswith("A shorter first session is a good way back in.")
