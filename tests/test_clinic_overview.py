"""The therapist's overview of all patients (issue #11): flags, trends and the index.

Histories are built with the store's real writers where it matters (one
session written by SessionStore, check-ins by CheckInStore) and with the
fast writers of gmi/bench/data.py for the rest. The index is checked
against the reference path that reads every file (clinic_overview_direct).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import tempfile
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmi.bench.data import laterality_trials, write_checkin, write_untyped_journal
from gmi.clinic import index as clinic_index
from gmi.clinic.index import SCHEMA_VERSION, ClinicIndex
from gmi.clinic.overview import (
    FLAG_DAMAGED,
    PatientRow,
    clinic_overview,
    clinic_overview_direct,
    search_rows,
    sort_rows,
)
from gmi.model.clinic_flags import (
    DOWN,
    FLAG_ACCURACY,
    FLAG_AWAY,
    FLAG_NEVER,
    FLAG_PAIN,
    FLAT,
    MIN_ANSWERS,
    UP,
    PatientHistory,
    SessionFacts,
    patient_status,
)
from gmi.model.records import (
    EventRecord,
    LateralitySummary,
    SummaryRecord,
    event_data,
    summary_data,
)
from gmi.store import DataStore
from gmi.store.checkins import CheckInStore
from gmi.store.paths import DataRoot, Layout
from gmi.store.profiles import Profile, ProfileStore
from gmi.store.quarantine import NoticeBoard

TODAY = date(2025, 3, 20)
ZONE = timezone(timedelta(hours=1))


def day(ago: int) -> date:
    return TODAY - timedelta(days=ago)


def at(ago: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day(ago), time(hour, minute), ZONE)


def new_patient(layout: Layout, code: str = "P-1", name: str = "") -> Profile:
    return ProfileStore(layout, NoticeBoard()).create(code, "hand", "right", name=name)


def write_session(folder: Path, pid: str, stage: str, when: datetime,
                  summary: SummaryRecord | dict | None = None, outcome: str | None = "completed",
                  events: list = (), **kw) -> Path:
    """A journal through the real writer: typed records where the test has them, raw
    dicts where it writes odd content on purpose (the index must survive it)."""
    raw = [(e.KIND, event_data(e)) if isinstance(e, EventRecord) else e for e in events]
    if isinstance(summary, SummaryRecord):
        summary = summary_data(summary)
    return write_untyped_journal(folder, pid, stage, when, raw, summary, outcome, **kw)


def lat_summary(n: int, correct: int) -> LateralitySummary:
    """A laterality end summary with exactly `correct` of `n` right (real scorer)."""
    return laterality_trials(random.Random(n * 1000 + correct), correct / n, trials=n,
                             exact=True)[1]


def session(layout: Layout, pid: str, ago: int, stage: str = "mirror", hour: int = 10,
            **kw) -> Path:
    return write_session(layout.sessions_dir(pid), pid, stage, at(ago, hour), **kw)


def row_of(layout: Layout, code: str = "P-1") -> PatientRow:
    [row] = [r for r in clinic_overview(layout, TODAY) if r.code == code]
    return row


# --- The rules, on constructed histories (pure) --------------------------------------------

def history(sessions=(), pain=(), last=None, completed=None) -> PatientHistory:
    facts = tuple(sessions)
    last = last if last is not None else max((s.day for s in facts if s.practised), default=None)
    completed = completed if completed is not None else max(
        (s.day for s in facts if s.completed), default=None)
    return PatientHistory(last, completed, facts, tuple(pain))


def lat(ago: int, n: int, correct: int) -> SessionFacts:
    return SessionFacts(day(ago), "laterality", True, True, n, correct)


@pytest.mark.parametrize(("away", "flagged"), [(0, False), (4, False), (5, True), (9, True)])
def test_no_session_for_five_days(away: int, flagged: bool) -> None:
    status = patient_status(history([SessionFacts(day(away), "mirror", True, True)]), TODAY)
    assert status.days_since == away
    kinds = [f.kind for f in status.flags]
    assert kinds == ([FLAG_AWAY] if flagged else [])
    if flagged:
        last = day(away)
        assert status.flags[0].text == (
            f"No session for {away} days (last on {last:%a} {last.day} {last:%b}).")


def test_a_patient_without_sessions_gets_a_plain_flag_of_its_own() -> None:
    status = patient_status(history(), TODAY)
    assert [(f.kind, f.text) for f in status.flags] == [(FLAG_NEVER, "No sessions yet.")]
    assert status.last_session is None and status.current_stage is None
    assert status.days_14 == 0 and status.accuracy.arrow == "" and status.pain.arrow == ""


def daily(sessions_week: float, before_week: float, days: int = 7) -> list:
    """Pain ratings every day of this week and the week before."""
    return ([(day(n), sessions_week) for n in range(days)]
            + [(day(7 + n), before_week) for n in range(days)])


@pytest.mark.parametrize(("now", "then", "flagged", "arrow"), [
    (4.9, 3.0, False, UP),  # up 1.9: meaningful, not a call
    (5.0, 3.0, True, UP),  # up 2.0: a call
    (5.1, 3.1, True, UP),  # 2.0 in floating point is 1.9999999999999996
    (3.9, 3.0, False, FLAT),  # 0.9: no arrow either
    (2.0, 3.0, False, DOWN),
])
def test_pain_up_two_points_over_a_week(now: float, then: float, flagged: bool,
                                        arrow: str) -> None:
    recent = [lat(0, 0, 0)]  # practised today: only the pain matters here
    status = patient_status(history(recent, daily(now, then)), TODAY)
    assert status.pain.arrow == arrow
    assert [f.kind for f in status.flags] == ([FLAG_PAIN] if flagged else [])
    if flagged:
        assert status.flags[0].text == (
            f"Pain up {now - then:.1f} points this week ({now:.1f} vs {then:.1f}).")


def test_pain_needs_three_days_in_each_week_and_a_day_is_the_mean_of_its_ratings() -> None:
    pains = [(day(0), 9), (day(1), 9), (day(8), 2), (day(9), 2), (day(10), 2)]
    status = patient_status(history([lat(0, 0, 0)], pains), TODAY)
    assert status.pain.arrow == "" and status.flags == ()
    assert "too few days with a pain rating" in status.pain.note
    pains.append((day(2), 9))
    status = patient_status(history([lat(0, 0, 0)], pains), TODAY)
    assert [f.kind for f in status.flags] == [FLAG_PAIN]
    # two ratings on one day (check-in 8, before a session 2) make that day a 5
    pains += [(day(2), 1), (day(2), 5)]  # day 2: 9, 1, 5 -> 5
    status = patient_status(history([lat(0, 0, 0)], pains), TODAY)
    assert status.pain.recent == pytest.approx((9 + 9 + 5) / 3)


@pytest.mark.parametrize(("correct_now", "flagged", "arrow"), [
    (77, False, DOWN),  # down 13 points: possibly worse, not past the SDC's upper bound
    (76, True, DOWN),  # down 14: a call
    (70, True, DOWN),
    (86, False, FLAT),  # down 4: within the noise
    (95, False, UP),  # up 5
])
def test_accuracy_falling_past_the_smallest_detectable_change(correct_now: int, flagged: bool,
                                                              arrow: str) -> None:
    half = correct_now // 2
    sessions = [lat(1, 50, half), lat(3, 50, correct_now - half),  # this week
                lat(8, 50, 45), lat(10, 50, 45)]  # the week before: 90 %
    status = patient_status(history(sessions), TODAY)
    assert status.accuracy.arrow == arrow
    assert status.accuracy.recent == pytest.approx(correct_now / 100)
    assert [f.kind for f in status.flags] == ([FLAG_ACCURACY] if flagged else [])
    if flagged:
        drop = 90 - correct_now
        assert status.flags[0].text == (
            f"Left/right accuracy down {drop} points this week ({correct_now}% vs 90%, "
            "100 and 100 answers).")


def test_too_few_answers_never_flag_accuracy() -> None:
    few = MIN_ANSWERS - 1
    sessions = [lat(1, few, few // 2), lat(8, 100, 95)]
    status = patient_status(history(sessions), TODAY)
    assert status.accuracy.arrow == "" and status.flags == ()
    assert f"had {few} and 100" in status.accuracy.note
    sessions = [lat(1, MIN_ANSWERS, MIN_ANSWERS // 2), lat(8, 100, 95)]
    assert [f.kind for f in patient_status(history(sessions), TODAY).flags] == [FLAG_ACCURACY]


def test_windows_are_this_week_and_the_week_before_today_included() -> None:
    # day 7 belongs to the week before, day 14 to neither
    sessions = [lat(0, 100, 50), lat(6, 0, 0), lat(7, 100, 100), lat(14, 1000, 0)]
    status = patient_status(history(sessions), TODAY)
    assert (status.accuracy.recent, status.accuracy.before) == (0.5, 1.0)
    assert status.days_14 == 3


def test_current_stage_is_the_furthest_completed_in_the_last_two_weeks() -> None:
    sessions = [SessionFacts(day(13), "mirror", True, True),
                SessionFacts(day(2), "laterality", True, True),  # a flare day: easier stage
                SessionFacts(day(1), "tracking", False, True),  # stopped: not reached yet
                SessionFacts(day(20), "tracking", True, True)]  # too long ago
    assert patient_status(history(sessions), TODAY).current_stage == "mirror"
    # a patient who stopped a month ago still shows the stage they were on
    old = [SessionFacts(day(40), "imagery", True, True),
           SessionFacts(day(30), "laterality", True, True)]
    status = patient_status(history(old), TODAY)
    assert status.current_stage == "imagery" and status.days_14 == 0
    assert status.flags[0].kind == FLAG_AWAY


def test_days_practised_count_interrupted_sessions_with_steps() -> None:
    sessions = [SessionFacts(day(0), "mirror", False, True),  # interrupted, steps saved
                SessionFacts(day(1), "mirror", False, False),  # stopped before a step
                SessionFacts(day(2), "mirror", True, True),
                SessionFacts(day(2), "imagery", True, True),
                SessionFacts(day(13), "mirror", True, True),
                SessionFacts(day(14), "mirror", True, True)]
    status = patient_status(history(sessions), TODAY)
    assert status.days_14 == 3 and status.last_session == TODAY


# --- Through the files: the real writers, the index, refresh --------------------------------

def test_real_writers_feed_the_overview(store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "left", name="Ann Example")
    sessions = store.sessions(profile.id)
    writer = sessions.start("laterality")
    writer.append("trial", {"side": "left"})
    writer.finish("completed", "", summary_data(lat_summary(40, 30)))
    interrupted = sessions.start("mirror")
    interrupted.append("pain", {"when": "before", "nrs": 4})
    interrupted.close()
    checkins = CheckInStore(store.layout, profile.id, store.notices)
    checkins.save(checkins.begin().model_copy(update={"pain_now": 6}))
    today = writer.header.started_at.date()  # not now(): a run may cross midnight
    [row] = clinic_overview(store, today)
    assert row == clinic_overview_direct(store, today)[0]
    assert (row.code, row.display_name, row.body_part, row.affected_side) == (
        "P-1", "Ann Example", "hand", "left")
    assert row.last_session == today and row.days_14 == 1 and row.days_since == 0
    assert row.current_stage == "laterality"  # the mirror session was interrupted
    assert row.accuracy_trend.recent == 0.75 and row.pain_trend.recent == 6.0
    assert row.flags == ()


def test_flags_through_the_files_at_their_boundaries(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    away4, away5 = new_patient(layout, "AWAY-4"), new_patient(layout, "AWAY-5")
    session(layout, away4.id, 4)
    session(layout, away5.id, 5)
    pain19, pain20 = new_patient(layout, "PAIN-19"), new_patient(layout, "PAIN-20")
    for p in (pain19, pain20):
        for n in range(7):
            write_checkin(layout, p.id, day(7 + n), 3)  # the week before: 3.0
            write_checkin(layout, p.id, day(n), 5 if n or p is pain20 else 4)
    # up 13/7 = 1.86 points: not a call; up 2.0: a call, with today's 5 made of a
    # check-in of 5 and two sessions' pain before of 4 and 6
    session(layout, pain19.id, 0)
    session(layout, pain20.id, 0, summary={"pain_before": 4})
    session(layout, pain20.id, 0, hour=15, summary={"pain_before": 6, "pain_after": 9})
    acc13, acc14, few = (new_patient(layout, c) for c in ("ACC-13", "ACC-14", "FEW"))
    for p in (acc13, acc14, few):
        for ago in (8, 10):  # the week before: 90 of 100
            session(layout, p.id, ago, "laterality", summary=lat_summary(50, 45))
    for p, now in ((acc13, 77), (acc14, 76)):
        session(layout, p.id, 1, "laterality", summary=lat_summary(50, now // 2))
        session(layout, p.id, 3, "laterality", summary=lat_summary(50, now - now // 2))
    session(layout, few.id, 1, "laterality", summary=lat_summary(MIN_ANSWERS - 1, 20))
    never = new_patient(layout, "NEVER")
    rows = {r.code: r for r in clinic_overview(layout, TODAY)}
    assert rows == {r.code: r for r in clinic_overview_direct(layout, TODAY)}
    assert rows["AWAY-4"].flag_kinds == () and rows["AWAY-5"].flag_kinds == (FLAG_AWAY,)
    assert rows["AWAY-5"].flags == ("No session for 5 days (last on Sat 15 Mar).",)
    assert rows["PAIN-19"].flag_kinds == () and rows["PAIN-19"].pain_trend.arrow == UP
    assert rows["PAIN-19"].pain_trend.change == pytest.approx(13 / 7)
    assert rows["PAIN-20"].flags == ("Pain up 2.0 points this week (5.0 vs 3.0).",)
    assert rows["ACC-13"].flag_kinds == () and rows["ACC-13"].accuracy_trend.arrow == DOWN
    assert rows["ACC-14"].flags == (
        "Left/right accuracy down 14 points this week (76% vs 90%, 100 and 100 answers).",)
    assert rows["FEW"].flag_kinds == () and rows["FEW"].accuracy_trend.arrow == ""
    assert rows[never.code].flags == ("No sessions yet.",)


def test_a_day_is_the_recorded_wall_clock_date_and_the_future_is_ignored(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    p = new_patient(layout)
    # 00:30 at +02:00 is the evening before in UTC: it still counts on the recorded day
    write_session(layout.sessions_dir(p.id), p.id, "mirror",
                  datetime.combine(day(5), time(0, 30), timezone(timedelta(hours=2))))
    session(layout, p.id, -3, "tracking")  # a wrong clock: three days ahead
    row = row_of(layout)
    assert row.last_session == day(5) and row.current_stage == "mirror"
    assert row.flag_kinds == (FLAG_AWAY,)


def test_stopped_and_interrupted_sessions(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    p = new_patient(layout)
    session(layout, p.id, 1, "imagery", outcome=None)  # no step saved: not practised
    session(layout, p.id, 2, "imagery", outcome=None, events=[("pain", {"nrs": 3})])
    session(layout, p.id, 3, "laterality", outcome="stopped", summary=lat_summary(10, 5))
    row = row_of(layout)
    assert row == clinic_overview_direct(layout, TODAY)[0]
    assert row.last_session == day(2) and row.days_14 == 2
    assert row.current_stage is None  # nothing completed
    assert row.accuracy_trend.recent == 0.5  # a stopped session's answers count


def build_some(layout: Layout) -> list[Profile]:
    people = [new_patient(layout, f"P-{n}") for n in range(3)]
    for n, p in enumerate(people):
        for ago in range(0, 20, n + 1):
            session(layout, p.id, ago, "laterality", summary=lat_summary(40, 30 + ago % 9))
            write_checkin(layout, p.id, day(ago), (ago + n) % 11)
    return people


def test_the_index_is_a_cache_rebuilt_when_deleted(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    build_some(layout)
    first = clinic_overview(layout, TODAY)
    assert layout.clinic_index_file.exists()
    assert layout.clinic_index_file.stat().st_mode & 0o077 == 0  # health data: owner only
    layout.clinic_index_file.unlink()
    assert clinic_overview(layout, TODAY) == first == clinic_overview_direct(layout, TODAY)
    assert layout.clinic_index_file.exists()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "old version"])
def test_a_damaged_or_outdated_index_is_rebuilt(tmp_path: Path, damage: str) -> None:
    layout = Layout(tmp_path)
    build_some(layout)
    expected = clinic_overview(layout, TODAY)
    path = layout.clinic_index_file
    if damage == "garbage":
        path.write_bytes(os.urandom(5000))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:6000])
    else:
        with sqlite3.connect(path) as con:
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with ClinicIndex(layout) as index:
        rows = clinic_overview(layout, TODAY, index=index)
        assert index.where == "file"
        assert "rebuilt" in index.problem
    assert rows == expected
    with ClinicIndex(layout) as index:
        assert index.problem == ""  # healthy again


def test_refresh_reads_only_new_changed_and_gone_files(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    people = build_some(layout)
    ids = [p.id for p in people]
    with ClinicIndex(layout) as index:
        first = index.refresh(ids)
        assert first.read == first.listed > 0
        assert index.refresh(ids).read == 0
        new = session(layout, people[0].id, 0, "tracking", hour=18)
        growing = session(layout, people[1].id, 0, "mirror", hour=19, outcome=None)
        gone = next(layout.sessions_dir(people[2].id).glob("*.jsonl"))
        gone.unlink()
        stats = index.refresh(ids)
        assert (stats.read, stats.removed) == (2, 1)
        with growing.open("a") as f:  # the session goes on: its journal grows
            f.write(json.dumps({"type": "event", "seq": 1, "at": at(0, 19).isoformat(),
                                "kind": "x", "data": {}}) + "\n")
        assert index.refresh(ids).read == 1
        rows = clinic_overview(layout, TODAY, index=index)
        assert index.refresh(ids[1:]).removed > 0  # a profile that went away
    assert rows == clinic_overview_direct(layout, TODAY)
    assert {r.code: r.current_stage for r in rows}["P-0"] == "tracking"
    assert new.exists()


def test_damaged_profiles_and_unreadable_files_are_shown_not_hidden(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    ok, broken = new_patient(layout, "OK"), new_patient(layout, "BROKEN")
    session(layout, ok.id, 0)
    session(layout, broken.id, 1, "imagery")
    layout.profile_file(broken.id).write_text("{ not json")
    bad = layout.sessions_dir(ok.id) / "20250101T000000.000Z_mirror_" \
        f"{'0' * 32}.jsonl"
    bad.write_text("garbage\n")
    [first] = [r for r in clinic_overview(layout, TODAY) if r.damaged]
    assert "not valid JSON" in first.flags[0]  # ProfileStore set the file aside, as it does
    rows = clinic_overview(layout, TODAY)
    assert rows == clinic_overview_direct(layout, TODAY)
    [good] = [r for r in rows if not r.damaged]
    [damaged] = [r for r in rows if r.damaged]
    assert damaged.flags[0] == ("Profile details damaged (the profile details are missing); "
                                "restore them under 'Who is practising'. The sessions are kept.")
    assert good.problems == ("1 file could not be read; the patient's history names it.",)
    assert bad.exists()  # the overview moves nothing
    assert damaged.flag_kinds[0] == FLAG_DAMAGED and damaged.profile_id == broken.id
    assert damaged.display_name.startswith("Unknown") and damaged.current_stage == "imagery"


def permissions_hold(folder: Path) -> bool:
    """False for accounts that write through folder permissions (root, usually)."""
    probe = folder / "probe"
    probe.mkdir()
    probe.chmod(0o500)
    try:
        (probe / "x").touch()
    except OSError:
        return True
    finally:
        probe.chmod(0o700)
    return False


@pytest.mark.parametrize("index_before", [False, True])
def test_works_on_a_read_only_data_folder(tmp_path: Path, index_before: bool) -> None:
    if not permissions_hold(tmp_path):
        pytest.skip("this account writes through folder permissions (root)")
    layout = Layout(tmp_path / "data")
    people = build_some(layout)
    if index_before:
        clinic_overview(layout, TODAY)
        session(layout, people[0].id, 0, "tracking", hour=20)  # not in the index yet
    expected = clinic_overview_direct(layout, TODAY)
    folders = [layout.root, *(p for p in layout.root.rglob("*") if p.is_dir())]
    files = [p for p in layout.root.rglob("*") if p.is_file()]
    try:
        for f in files:
            f.chmod(0o400)
        for d in folders:
            d.chmod(0o500)
        with ClinicIndex(layout) as index:
            assert clinic_overview(layout, TODAY, index=index) == expected
            assert index.where == "memory" and str(layout.clinic_index_file) in index.problem
            assert clinic_overview(layout, TODAY, index=index) == expected
        data = DataStore(DataRoot(layout.root, "command line"))
        assert not data.writable
        assert clinic_overview(data, TODAY) == expected
    finally:
        for d in folders:
            d.chmod(0o700)
    assert {r.code: r.current_stage for r in expected}["P-0"] == (
        "tracking" if index_before else "laterality")


@pytest.mark.parametrize("index_before", [False, True])
def test_an_index_that_cannot_be_written_falls_back_to_memory(
        tmp_path: Path, index_before: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above for any user, root included: SQLite opens the file read-only."""
    layout = Layout(tmp_path)
    people = build_some(layout)
    if index_before:
        clinic_overview(layout, TODAY)
        session(layout, people[0].id, 0, "tracking", hour=20)
    expected = clinic_overview_direct(layout, TODAY)
    monkeypatch.setattr(clinic_index, "_connect", lambda path: sqlite3.connect(
        f"file:{path}?mode=ro", uri=True, isolation_level=None))
    with ClinicIndex(layout) as index:
        assert clinic_overview(layout, TODAY, index=index) == expected
        assert index.where == "memory" and "in memory" in index.problem
        session(layout, people[1].id, 0, "tracking", hour=21)
        rows = clinic_overview(layout, TODAY, index=index)
        assert rows == clinic_overview_direct(layout, TODAY) != expected


def test_sorting_and_searching(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    calm = new_patient(layout, "C-1", "Alma")
    session(layout, calm.id, 0, "imagery")
    away = new_patient(layout, "C-2", "Bert")
    session(layout, away.id, 9, "mirror")
    new_patient(layout, "C-3", "Cleo")
    rows = clinic_overview(layout, TODAY)
    assert [r.display_name for r in rows] == ["Alma", "Bert", "Cleo"]
    assert [r.display_name for r in sort_rows(rows)] == ["Bert", "Cleo", "Alma"]
    assert [r.display_name for r in sort_rows(rows, "last_session")] == ["Bert", "Alma", "Cleo"]
    assert [r.display_name for r in sort_rows(rows, "last_session", True)] == [
        "Alma", "Bert", "Cleo"]  # no session: last either way
    assert [r.display_name for r in sort_rows(rows, "stage")] == ["Alma", "Bert", "Cleo"]
    assert [r.display_name for r in search_rows(rows, "c-2")] == ["Bert"]
    assert [r.display_name for r in search_rows(rows, "  ")] == ["Alma", "Bert", "Cleo"]
    assert search_rows(rows, "alma c-9") == []


# --- The index against the reference path, on random histories ---------------------------

_session = st.tuples(
    st.integers(-2, 40),  # days ago (negative: a wrong clock)
    st.sampled_from(["laterality", "imagery", "mirror", "tracking"]),
    st.sampled_from(["completed", "completed", "stopped", None]),
    st.integers(0, 2),  # events
    st.integers(0, 60),  # answers
    st.integers(0, 60),  # correct (clipped to answers)
    st.one_of(st.none(), st.integers(0, 10)),  # pain before
    st.integers(-12, 13),  # UTC offset in hours
    st.integers(0, 23),  # hour
)
_checkin = st.tuples(st.integers(-1, 30), st.one_of(st.none(), st.integers(0, 10)),
                     st.integers(0, 23))
_patient = st.tuples(st.lists(_session, max_size=25), st.lists(_checkin, max_size=20),
                     st.booleans())


def write_random(layout: Layout, pid: str, sessions: list, checkins: list,
                 garbage: bool) -> None:
    for ago, stage, outcome, events, n, ok, pain, offset, hour in sessions:
        when = datetime.combine(day(ago), time(hour), timezone(timedelta(hours=offset)))
        summary = {"pain_before": pain} if pain is not None else {}
        if stage == "laterality":
            summary |= {"overall": {"n": n, "correct": min(n, ok)}}
        write_session(layout.sessions_dir(pid), pid, stage, when, summary, outcome,
                      events=[("x", {})] * events)
    for ago, pain, hour in checkins:
        write_checkin(layout, pid, day(ago), pain, datetime.combine(day(ago), time(hour), ZONE))
    if garbage:
        (layout.sessions_dir(pid) / "broken.jsonl").parent.mkdir(parents=True, exist_ok=True)
        (layout.sessions_dir(pid) / "broken.jsonl").write_text('{"type": "header"}\n')


@settings(max_examples=30)
@given(st.lists(_patient, min_size=1, max_size=3), st.lists(_patient, max_size=2),
       st.integers(0, 10_000))
def test_the_index_gives_the_rows_of_the_journals(before: list, later: list, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        layout = Layout(Path(tmp))
        people = [new_patient(layout, f"R-{n}") for n in range(len(before))]
        for p, (sessions, checkins, garbage) in zip(people, before, strict=True):
            write_random(layout, p.id, sessions, checkins, garbage)
        with ClinicIndex(layout) as index:
            assert clinic_overview(layout, TODAY, index) == clinic_overview_direct(layout, TODAY)
            # then some more, some removed: the refreshed index still agrees
            rng = random.Random(seed)
            for sessions, checkins, garbage in later:
                write_random(layout, rng.choice(people).id, sessions, checkins, garbage)
            files = sorted(layout.root.glob("profiles/*/*/*.json*"))
            for path in rng.sample(files, len(files) // 4):
                path.unlink()
            assert clinic_overview(layout, TODAY, index) == clinic_overview_direct(layout, TODAY)


@pytest.mark.parametrize("ending", ["complete", "interrupted", "torn", "long end"])
def test_the_fast_reading_of_big_journals_agrees_with_a_full_read(tmp_path: Path,
                                                                    ending: str) -> None:
    from gmi.clinic.index import read_journal_facts
    from gmi.clinic.overview import _full_facts

    rng = random.Random(3)
    events, summary = laterality_trials(rng, 0.8)
    events = events * 6
    if ending == "long end":
        summary = {**summary_data(summary), "note": "x" * 20_000}
    when = datetime(2026, 3, 1, 9, tzinfo=timezone.utc)
    outcome = None if ending == "interrupted" else "completed"
    path = write_session(tmp_path, "p" * 32, "laterality", when, summary, outcome=outcome,
                         events=events)
    if ending == "torn":
        path.write_bytes(path.read_bytes() + b'{"type": "ev')
    assert read_journal_facts(path, path.stat().st_size) == _full_facts(path)
