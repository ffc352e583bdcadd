"""The last Home kept for the next start (gmi.store.home_snapshot): written when Home
is drawn from the data, read back only while nothing it was made from has changed."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gmi import __version__
from gmi.app.day import HOME_KEPT_DAYS, Day
from gmi.bench.data import simple_trials, write_journal
from gmi.model.home_view import HomeView
from gmi.store import DataStore
from gmi.store.home_snapshot import parse_snapshot, read_home_snapshot, snapshot_file

TODAY = date.today()


def remembered(store: DataStore) -> Day:
    """A day whose person is remembered, as after the welcome (Home is then kept)."""
    profile = store.profiles.create("Anna", "hand", "left")
    store.update_settings(active_profile_id=profile.id, welcome_done=True)
    day = Day(store, daily_checkin=False)
    day.choose(profile)
    return day


def kept(store: DataStore, today: date = TODAY, version: str = __version__):
    return read_home_snapshot(store.layout, today, version)


def test_home_is_kept_and_read_back_as_drawn(store: DataStore) -> None:
    day = remembered(store)
    assert kept(store) is None  # nothing drawn yet
    view = day.home()
    day.keep_home()
    snapshot = kept(store)
    assert snapshot is not None
    assert snapshot.view == view and isinstance(snapshot.view, HomeView)
    assert snapshot.profile_id == day.profile.id and snapshot.text_size == "normal"
    assert snapshot.view.trail is not None and isinstance(snapshot.view.trail.strip[0][0], date)


def test_the_next_days_homes_are_kept_as_those_days_will_read_them(store: DataStore) -> None:
    """The usual start is the next day's first: its Home (a fresh plan, today's results
    as yesterday's) is kept too, and the rest of the week's (a welcome back after days
    away), each the same as the data will say then."""
    day = remembered(store)
    folder = store.layout.sessions_dir(day.profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    write_journal(folder, day.profile.id, "laterality", datetime.now().astimezone(),
                  simple_trials(1), headline="30 of 40 correct")
    today = day.home()
    day.keep_home()
    assert today.tiles[0].status.startswith("✓ Done today")
    tomorrow = TODAY + timedelta(days=1)
    snapshot = kept(store, tomorrow)
    assert snapshot is not None
    then = Day(store, daily_checkin=False, today=lambda: tomorrow)
    then.choose(day.profile, remember=False)
    assert snapshot.view == then.home()  # what the next day's data says, exactly
    assert snapshot.view.tiles[0].last_result == "Yesterday: 30 of 40 correct"
    assert snapshot.view.start.text == "Start: Left or right?"
    back = TODAY + timedelta(days=HOME_KEPT_DAYS - 1)  # the last day kept: days away
    away = kept(store, back)
    assert away is not None and away.view.welcome_back.startswith("Welcome back.")
    later = Day(store, daily_checkin=False, today=lambda: back)
    later.choose(day.profile, remember=False)
    assert away.view == later.home()


def test_a_change_to_what_home_is_made_of_makes_it_stale(store: DataStore) -> None:
    day = remembered(store)
    day.home()
    day.keep_home()
    assert kept(store, TODAY + timedelta(days=HOME_KEPT_DAYS)) is None  # a week on: read
    assert kept(store, TODAY - timedelta(days=1)) is None
    assert kept(store, version="0.0.1") is None  # another version of the app
    assert kept(store) is not None

    folder = store.layout.sessions_dir(day.profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.now().astimezone()
    journal = write_journal(folder, day.profile.id, "laterality", now, simple_trials(1))
    assert kept(store) is None  # a new journal
    day.home()
    day.keep_home()
    assert kept(store) is not None
    with journal.open("a", encoding="utf-8") as f:  # the newest journal grows in place
        f.write("\n")
    assert kept(store) is None
    day.home()
    day.keep_home()
    store.update_settings(text_size="largest")  # the settings
    assert kept(store) is None


def test_a_session_saved_while_home_was_read_leaves_nothing_kept(store: DataStore) -> None:
    """The fingerprint is taken before the data is read: a Home kept never claims a
    journal written after it was read."""
    day = remembered(store)
    day.home()
    folder = store.layout.sessions_dir(day.profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    write_journal(folder, day.profile.id, "laterality", datetime.now().astimezone(),
                  simple_trials(1))
    day.keep_home()
    assert kept(store) is None


def test_only_the_remembered_persons_home_is_kept_and_not_before_the_welcome(
        store: DataStore) -> None:
    day = remembered(store)
    other = store.profiles.create("Ben", "foot", "right")
    day.choose(other, remember=False)  # looked at, not remembered: the next start opens Anna
    day.home()
    day.keep_home()
    assert kept(store) is None
    store.update_settings(welcome_done=False, welcome_started=True)
    welcome = Day(store, daily_checkin=False)
    welcome.choose(store.profiles.get(day.settings.active_profile_id))
    welcome.home()
    welcome.keep_home()  # the welcome comes first at the next start: no Home to draw
    assert kept(store) is None


@settings(max_examples=60)
@given(raw=st.binary(max_size=300))
def test_any_bytes_read_as_no_snapshot(raw: bytes) -> None:
    from pathlib import Path

    from gmi.store.paths import Layout

    assert parse_snapshot(raw, Layout(Path("/nonexistent/gmi")), TODAY, __version__) is None


def _containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.lists(inner, max_size=3),
                     st.dictionaries(st.text(max_size=8), inner, max_size=3))


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=8), _containers, max_leaves=12)


@settings(max_examples=80, suppress_health_check=[*settings.default.suppress_health_check,
                                                  HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["name", "notices", "plan_rows", "start", "trail", "tiles",
                              "flare_start", "short_start", "setup_offered"]),
       value=JSON)
def test_a_view_with_any_field_changed_reads_whole_and_typed_or_not_at_all(
        store: DataStore, field: str, value) -> None:
    path = snapshot_file(store.layout)
    if not path.exists():
        day = remembered(store)
        day.home()
        day.keep_home()
    record = json.loads(path.read_text("utf-8"))
    record["views"][TODAY.isoformat()][field] = value
    snapshot = parse_snapshot(json.dumps(record).encode(), store.layout, TODAY, __version__)
    if snapshot is not None:  # only when the value happens to fit the field's type
        view = snapshot.view
        assert isinstance(view.name, str) and isinstance(view.notices, tuple)
        assert all(isinstance(t, str) for t in view.notices)
        assert view.start.stage in (None, "laterality", "imagery", "mirror", "tracking")
        assert isinstance(view.setup_offered, bool)
