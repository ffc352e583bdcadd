"""Every reader is total (issue 21): hostile values in every record type, through every reader.

Hypothesis takes a valid record of each type (journal header, every event
kind, every stage's end summary, check-in, profile, settings, protocol),
breaks a few of its fields (wrong types, out-of-range numbers, NaN, dates
at the ends of the calendar, missing and extra keys, nested junk), and
writes them as files in a real data folder beside one valid person with one
valid session and one valid check-in. Then every reader runs over the
folder: Home's overview, the therapist's history (picture and PDF), CSV
and JSON export, the clinic overview (index and direct), the block
acknowledgement, and a bundle export and import. No exception may escape,
and the valid records must be there in every reader's output.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
import tomllib
from hypothesis import given, settings
from hypothesis import strategies as st

from gmi.app.history import HistoryQuery
from gmi.app.overview import build_overview
from gmi.app.wins import block_acknowledgement
from gmi.bundles.bundle import BundleError, export, import_bundle
from gmi.clinic.overview import clinic_overview, clinic_overview_direct
from gmi.model.laterality import PlannedTrial, judge
from gmi.model.presets import protocol_for
from gmi.model.protocol import protocol_to_toml
from gmi.model.records import EVENT_TYPES, SUMMARY_TYPES
from gmi.report.export import ExportRange, rows, sessions_in, to_csv, to_json
from gmi.store import DataStore
from gmi.store.checkins import CheckInStore
from gmi.store.paths import DataRoot
from gmi.store.protocols import save_custom
from gmi.store.sessions import journal_name

pytestmark = pytest.mark.slow  # a real data folder, a PDF and a bundle per example

START = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)
AT = START.isoformat()


def _trial() -> dict[str, Any]:
    return judge(PlannedTrial(0, False, "left", "back", 90, 0), "left", 1500.0
                 ).model_dump(mode="json")


VALID_EVENTS: dict[str, dict[str, Any]] = {
    "pain": {"when": "before", "nrs": 3},
    "pause": {"trial": 2, "at_s": 1.5},
    "resume": {"trial": 2, "at_s": 3.0},
    "trial": _trial(),
    "image": {"image": 0, "posture": "fist", "side": "left", "view": "back"},
    "repetition": {"image": 0, "repetition": 0, "posture": "fist", "side": "left",
                   "duration_ms": 1200.0, "timed_out": False},
    "vividness": {"image": 0, "score": 4},
    "stop": {"reason": "pain", "image": 0, "repetition": 1},
    "mode": {"mode": "flip", "keep": "left", "split": 0.5},
    "camera": {"state": "ok"},
    "minute": {"minutes_done": 1.0},
    "prompt_done": {"index": 0, "text": "wiggle your fingers", "at_s": 3.0},
    "rep": {"kind": "wrist_flexion", "n": 3},
    "exercise": {"kind": "wrist_flexion", "reps": 5, "target": 10, "rom_min": -10.0,
                 "rom_max": 50.0, "rom_span": 60.0, "signal": "ok"},
    "posture_match": {"posture": "fist", "best_score": 80.0, "mean_score": 60.0, "frames": 30,
                      "score": 70.0, "band_low": 60.0, "band_high": 80.0},
}

_GROUP = {"n": 4, "correct": 3, "timed_out": 0, "accuracy": 0.75,
          "accuracy_ci95": [0.3, 0.95], "rt_median_ms": 1500.0, "rt_mean_ms": 1510.0}
VALID_SUMMARIES: dict[str, dict[str, Any]] = {
    "laterality": {"overall": _GROUP, "by_side": {"left": _GROUP, "right": _GROUP},
                   "by_view": {"back": _GROUP}, "by_angle": {"90": _GROUP},
                   "by_rotation": {"0": _GROUP}},
    "imagery": {"images_done": 4, "images_planned": 6, "repetitions_done": 12,
                "median_duration_ms": 2500.0, "mean_vividness": 3.5, "pain_before": 4,
                "pain_after": 3, "pain_change": "lower", "stopped_for_pain": False},
    "mirror": {"minutes_planned": 5.0, "minutes_done": 4.5, "prompts_completed": 3,
               "pain_before": 5, "pain_after": 5, "pain_change": "same"},
    "tracking": {"exercises": [VALID_EVENTS["exercise"]],
                 "postures": [VALID_EVENTS["posture_match"]]},
}


def test_the_valid_samples_cover_every_record_type() -> None:
    """A new event kind or stage must be added here, so it is tried too."""
    assert set(VALID_EVENTS) == set(EVENT_TYPES)
    assert set(VALID_SUMMARIES) == set(SUMMARY_TYPES)
    for kind, data in VALID_EVENTS.items():
        EVENT_TYPES[kind].model_validate(data)
    for stage, data in VALID_SUMMARIES.items():
        SUMMARY_TYPES[stage].model_validate(data)


# --- hostile values --------------------------------------------------------------------

EDGE_TEXT = ["", " ", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
             "2026-02-30", "2026-03-02", "left", "right", "NaN", "\u202eevil", "a" * 300,
             "../../etc/passwd", "completed", "laterality", "0" * 32]
scalars = st.one_of(
    st.none(), st.booleans(),
    st.sampled_from([-1, 0, 1, 5, 11, 42, 99, 360, 720, -720, 2**31, 2**63, -(2**63), 10**30]),
    st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(EDGE_TEXT), st.text(max_size=12))
junk = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=8)


def paths_of(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value (dict keys and list positions) a value sits."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            out += paths_of(inner, (*prefix, key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            out += paths_of(inner, (*prefix, n))
    return out


def _set(value: Any, path: tuple, new: Any, delete: bool = False) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        value = dict(value)
        if delete and not rest:
            value.pop(head, None)
        else:
            value[head] = _set(value[head], rest, new, delete)
    else:
        value = list(value)
        if delete and not rest:
            del value[head]
        else:
            value[head] = _set(value[head], rest, new, delete)
    return value


@st.composite
def broken(draw: st.DrawFn, valid: dict[str, Any], most: int = 3) -> dict[str, Any]:
    """`valid` with one to `most` fields replaced by junk, deleted, or junk added."""
    value = valid
    for _ in range(draw(st.integers(1, most))):
        places = paths_of(value)
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if action == "add" or not places:
            value = {**value, draw(st.sampled_from(["extra", "type", "seq", "x"])): draw(junk)}
            continue
        place = draw(st.sampled_from(places))
        value = _set(value, place, None if action == "delete" else draw(junk),
                     delete=action == "delete")
    return value


def tomlable(value: Any) -> Any:
    """TOML has no null and only string keys: drop the nulls, stringify keys."""
    if isinstance(value, dict):
        return {str(k): tomlable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [tomlable(v) for v in value if v is not None]
    return value


# --- the data folder --------------------------------------------------------------------


def line(record: dict[str, Any]) -> bytes:
    return json.dumps(record).encode() + b"\n"


def header(session_id: str, profile_id: str, stage: str) -> dict[str, Any]:
    return {"type": "header", "schema_version": 1, "session_id": session_id,
            "profile_id": profile_id, "stage": stage, "app_version": "test",
            "started_at": AT, "protocol": {}, "mode": "normal"}


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@st.composite
def hostile_folder_contents(draw: st.DrawFn) -> dict[str, Any]:
    """The hostile records of one example (written by `build`)."""
    stage = draw(st.sampled_from(sorted(SUMMARY_TYPES)))
    kinds = draw(st.lists(st.sampled_from(sorted(EVENT_TYPES)), min_size=1, max_size=4))
    events = [{"type": "event", "seq": n + 1, "at": AT, "kind": kind,
               "data": draw(broken(VALID_EVENTS[kind]))} for n, kind in enumerate(kinds)]
    if draw(st.booleans()):  # sometimes break the event line itself, not only its data
        events[0] = draw(broken(events[0]))
    summary = draw(broken(VALID_SUMMARIES[stage]))
    end = {"type": "end", "at": AT, "outcome": "completed", "headline": "done",
           "summary": summary}
    if draw(st.booleans()):
        end = draw(broken(end, most=2))
    return {
        "stage": stage,
        "header": draw(st.one_of(st.just(None), broken(header("ab" * 16, "P", stage), 2))),
        "events": events, "end": end, "summary": summary,
        "checkin": draw(broken({"schema_version": 1, "checkin_id": "cd" * 16,
                                "profile_id": "P", "day": "2026-03-02", "at": AT,
                                "pain_now": 4, "sleep": "fair", "waking": None,
                                "woken_by_pain": False, "skipped": False,
                                "card_id": None, "card_read": None})),
        "settings": draw(broken({"schema_version": 1, "camera_index": 0,
                                 "text_size": "normal", "tracking_hands": 2,
                                 "cue": "after breakfast", "reminder_at": "09:00:00"})),
        "profile": draw(broken({"schema_version": 1, "id": "ef" * 16, "code": "P-0002",
                                "body_part": "hand", "affected_side": "left",
                                "name": "Bo", "protocol": "", "unlocked": ["laterality"],
                                "created_at": AT})),
        "protocol": draw(broken(tomllib.loads(protocol_to_toml(protocol_for("", "hand"))),
                                most=2)),
    }


def build(root: Path, hostile: dict[str, Any]) -> tuple[DataStore, Any, str, str]:
    """A folder with one valid person (session, check-in) and the hostile records."""
    store = DataStore(DataRoot(root, "command line"))
    person = store.profiles.create("P-0001", "hand", "right", name="Anna", protocol="custom")
    save_custom(store.layout, person, protocol_for("", "hand"))
    writer = store.sessions(person.id).start("laterality", {"trials": 2})
    for n in range(2):
        side = "left" if n else "right"
        writer.append("trial", judge(PlannedTrial(n, False, side, "back", 90, 0), side,
                                     1400.0 + n).model_dump(mode="json"))
    writer.finish("completed", "2 of 2 correct", VALID_SUMMARIES["laterality"])
    good_session = writer.header.session_id
    checkins = CheckInStore(store.layout, person.id, store.notices)
    good_checkin = checkins.begin().model_copy(update={"pain_now": 3})
    checkins.save(good_checkin)

    folder = store.layout.profile_dir(person.id)
    stage = hostile["stage"]
    sid = uuid.uuid4().hex
    head = hostile["header"] or header(sid, person.id, stage)
    if isinstance(head.get("session_id"), str) and head["session_id"] == "ab" * 16:
        head = {**head, "session_id": sid}
    if head.get("profile_id") == "P":
        head = {**head, "profile_id": person.id}
    text = b"".join(line(r) for r in [head, *hostile["events"], hostile["end"]])
    write(folder / "sessions" / journal_name(START, stage, sid), text)
    checkin = {**hostile["checkin"]} if isinstance(hostile["checkin"], dict) else {}
    write(folder / "checkins" / f"2026-03-02_{'cd' * 16}.json", json.dumps(checkin).encode())
    write(folder / "protocol.toml", tomli_w.dumps(tomlable(hostile["protocol"])).encode())
    write(store.layout.settings_file, json.dumps(hostile["settings"]).encode())
    write(store.layout.profile_file("ef" * 16), json.dumps(hostile["profile"]).encode())
    return store, person, good_session, good_checkin.checkin_id


# --- every reader -----------------------------------------------------------------------


def every_reader(root: Path, hostile: dict[str, Any], costly: bool = True) -> None:
    """Every reader over the folder; `costly`: also the PDF, the charts and a bundle."""
    store, person, good_session, good_checkin = build(root, hostile)
    store = DataStore(store.root)  # opened again, as the window does at start
    store.load_settings()
    profiles, _damaged = store.profiles.list()
    [anna] = [p for p in profiles if p.id == person.id]
    sessions = store.sessions(anna.id)
    [good] = [i for i in sessions.list() if i.session_id == good_session]
    today = good.local_day  # written now: a run may cross midnight

    overview = build_overview(anna, sessions, today)
    assert overview.sessions_total >= 1

    journals = sessions_in(sessions, ExportRange())
    assert good_session in {j.header.session_id for j in journals}
    assert good_session in to_csv(rows(anna, journals, pseudonymise=True))
    assert good_session in to_json(anna, journals, pseudonymise=True)
    assert "Anna" not in to_json(anna, journals, pseudonymise=True)
    history = HistoryQuery(store)
    assert good_checkin in {c.checkin_id for c in history.checkins(anna)}
    for other in profiles:  # the hostile profile, when it still reads as one
        other_journals = sessions_in(store.sessions(other.id), ExportRange())
        build_overview(other, store.sessions(other.id), today)
        to_csv(rows(other, other_journals, pseudonymise=True))
        to_json(other, other_journals, pseudonymise=True)

    summary = hostile["summary"]
    block_acknowledgement(sessions, hostile["stage"], summary if isinstance(summary, dict)
                          else {}, body_part="hand", mode="normal", today=today)

    for rows_now in (clinic_overview(store, today), clinic_overview_direct(store, today)):
        [row] = [r for r in rows_now if r.code == "P-0001"]
        assert row.last_session == today
    if costly:
        history.prepare(anna)
        assert history.picture(anna, 480).sessions >= 1
        history.report(anna, root.parent / "report.pdf", ExportRange(), pseudonymise=True)
        through_a_bundle(root.parent, store, anna.id, good_session, good_checkin)


def through_a_bundle(scratch: Path, store: DataStore, profile_id: str, good_session: str,
                     good_checkin: str) -> None:
    bundle = scratch / "anna.gmibundle"
    export(store, profile_id, bundle, "pass phrase", include_photos=True, kdf_n=2**10)
    dest = DataStore(DataRoot(scratch / "elsewhere", "command line"))
    try:
        import_bundle(dest, bundle, "pass phrase")
    except BundleError as refused:  # only the rule that name and header must agree
        assert "its header says" in refused.message
        return
    assert good_session in {i.session_id for i in dest.sessions(profile_id).list()}
    assert good_checkin in {c.checkin_id for c in CheckInStore(
        dest.layout, profile_id, dest.notices).load_all()}


@settings(max_examples=80)
@given(hostile=hostile_folder_contents())
def test_every_quick_reader_survives_hostile_records_and_keeps_the_valid_ones(hostile) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        every_reader(Path(scratch) / "data", hostile, costly=False)


@settings(max_examples=12)
@given(hostile=hostile_folder_contents())
def test_charts_pdf_and_bundles_survive_hostile_records(hostile) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        every_reader(Path(scratch) / "data", hostile)


def test_a_year_in_the_files_name_range_still_reads(tmp_path: Path) -> None:
    """The boundary the generator can reach only by chance: a start at the calendar's end."""
    start = datetime(9999, 12, 31, 23, 0, tzinfo=timezone.utc) - timedelta(hours=1)
    stage = "laterality"
    data = {"stage": stage, "header": {**header("ab" * 16, "P", stage),
                                       "started_at": start.isoformat()},
            "events": [{"type": "event", "seq": 1, "at": start.isoformat(), "kind": "trial",
                        "data": _trial()}],
            "end": {"type": "end", "at": AT, "outcome": "completed", "headline": "",
                    "summary": {}}, "summary": {},
            "checkin": {}, "settings": {}, "profile": {}, "protocol": {}}
    every_reader(tmp_path / "data", data)
