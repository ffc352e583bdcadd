"""Damaged and hostile files (issue 21): every reader refuses in words, none raises.

Each case is a small crafted file in a real data folder, read through the
same paths the window, `gmi report` and `gmi export` use.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from gmi.model.checkin import CheckIn
from gmi.model.laterality import PlannedTrial, judge
from gmi.model.presets import protocol_for
from gmi.model.protocol import ProtocolError, parse_protocol, protocol_to_toml
from gmi.report.export import ExportRange, rows, sessions_in, to_csv, to_json
from gmi.report.pdf import summary_lines, write_pdf
from gmi.store import DataStore
from gmi.store.checkins import CheckInStore
from gmi.store.errors import NewerVersionError
from gmi.store.journal import read_journal
from gmi.store.jsonfile import DamagedFile, read_model
from gmi.store.paths import Layout
from gmi.store.sessions import journal_name
from gmi.store.settings import AppSettings, load_settings

START = datetime(2026, 3, 2, 9, 30, tzinfo=timezone.utc)


def header(session_id: str, profile_id: str, stage: str = "laterality", **change) -> dict:
    return {"type": "header", "schema_version": 1, "session_id": session_id,
            "profile_id": profile_id, "stage": stage, "app_version": "test",
            "started_at": START.isoformat(), "protocol": {}, "mode": "normal", **change}


def event(seq: int, kind: str, data: dict) -> dict:
    return {"type": "event", "seq": seq, "at": START.isoformat(), "kind": kind, "data": data}


def end(summary: dict) -> dict:
    return {"type": "end", "at": START.isoformat(), "outcome": "completed", "headline": "",
            "summary": summary}


def trial(index: int, **change) -> dict:
    side = "left" if index % 2 else "right"
    data = judge(PlannedTrial(index, False, side, "back", 90, 0), side, 1500.0 + index
                 ).model_dump(mode="json")
    return {**data, **change}


def write_journal(store: DataStore, profile_id: str, lines: list, *, stage: str = "laterality",
                  started: datetime = START, session_id: str | None = None,
                  name: str | None = None) -> Path:
    session_id = session_id or uuid.uuid4().hex
    folder = store.layout.sessions_dir(profile_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or journal_name(started, stage, session_id))
    text = b"".join((line if isinstance(line, bytes) else json.dumps(line).encode()) + b"\n"
                    for line in lines)
    path.write_bytes(text)
    return path


def every_reader(store: DataStore, profile, checkins: list[CheckIn] | None = None,
                 tmp_path: Path | None = None) -> list:
    """Run the report's summary, the PDF, CSV and JSON over the profile: nothing may raise."""
    sessions = store.sessions(profile.id)
    journals = sessions_in(sessions, ExportRange())
    summary_lines(profile, journals, ExportRange(), checkins=checkins)
    to_csv(rows(profile, journals))
    to_json(profile, journals, pseudonymise=True)
    if tmp_path is not None:
        write_pdf(tmp_path / "report.pdf", profile, journals, ExportRange(), checkins=checkins)
    return journals


@pytest.fixture
def person(store: DataStore):
    return store.profiles.create("P-21", "hand", "right", name="Anna")


def good_session(store: DataStore, profile_id: str, trials: int = 4, **kw) -> Path:
    session_id = kw.pop("session_id", None) or uuid.uuid4().hex
    lines = [header(session_id, profile_id)] + [event(i + 1, "trial", trial(i))
                                                for i in range(trials)]
    return write_journal(store, profile_id, [*lines, end({})], session_id=session_id, **kw)


# -- 1. dates out of range --------------------------------------------------------------
@pytest.mark.parametrize("year", [1, 9999])
def test_a_journal_dated_year_1_or_9999_is_set_aside_and_the_rest_reported(
        store: DataStore, person, tmp_path: Path, year: int) -> None:
    good_session(store, person.id)
    bad_start = datetime(year, 1, 1, 0, 30, tzinfo=timezone.utc) if year == 1 else \
        datetime(year, 12, 31, 23, 30, tzinfo=timezone.utc)
    sid = uuid.uuid4().hex
    write_journal(store, person.id, [header(sid, person.id, started_at=bad_start.isoformat()),
                                     event(1, "trial", trial(0)), end({})],
                  started=bad_start, session_id=sid)
    journals = every_reader(store, person, tmp_path=tmp_path)
    assert len(journals) == 1
    assert any("could not be read" in n.text for n in store.notices.items())


def test_a_header_start_out_of_range_in_a_well_named_file_is_salvaged_from_the_name(
        store: DataStore, person, tmp_path: Path) -> None:
    sid = uuid.uuid4().hex
    write_journal(store, person.id, [header(sid, person.id, started_at="9999-12-31T23:59:00-05:00"),
                                     event(1, "trial", trial(0)), end({})], session_id=sid)
    [journal] = every_reader(store, person, tmp_path=tmp_path)
    assert journal.damaged and journal.header.started_at == START
    assert len(journal.events) == 1


# -- 2. wrong types in an end summary or a header -------------------------------------
@pytest.mark.parametrize(("stage", "summary", "kept"), [
    ("mirror", {"minutes_done": "5", "minutes_planned": 10}, True),  # text becomes a number
    ("mirror", {"minutes_done": "five"}, False),
    ("tracking", {"exercises": {"kind": "pinch"}}, False),
    ("tracking", {"exercises": [{"reps": 3}]}, False),  # an exercise without kind
    ("imagery", {"median_duration_ms": [1], "stopped_for_pain": {}}, False),
    ("laterality", {"overall": {"n": 5, "correct": 9}}, False),  # more correct than answered
])
def test_wrong_types_in_an_end_summary_are_dropped_with_a_notice(
        store: DataStore, person, tmp_path: Path, stage: str, summary: dict, kept: bool) -> None:
    sid = uuid.uuid4().hex
    write_journal(store, person.id, [header(sid, person.id, stage), end(summary)],
                  stage=stage, session_id=sid)
    [journal] = every_reader(store, person, tmp_path=tmp_path)
    assert journal.end is not None
    assert bool(journal.end.summary) == kept
    if kept:
        assert journal.end.summary["minutes_done"] == 5.0
    else:
        assert any("end summary" in p for p in journal.problems)


@pytest.mark.parametrize("protocol", [{"laterality": 7}, {"laterality": {"trials": "x"}},
                                      {"tracking": {"exercises": [{"target_reps": 2}]}}])
def test_a_header_protocol_of_the_wrong_shape_reads_as_not_recorded(
        store: DataStore, person, tmp_path: Path, protocol: dict) -> None:
    for stage in ("laterality", "tracking"):
        sid = uuid.uuid4().hex
        write_journal(store, person.id, [header(sid, person.id, stage, protocol=protocol,
                                                mode="flare"), end({})],
                      stage=stage, session_id=sid)
    journals = every_reader(store, person, tmp_path=tmp_path)
    text = "\n".join(summary_lines(person, journals, ExportRange()))
    assert "settings not recorded" in text


# -- 3. two check-ins on one day ------------------------------------------------------
def test_two_checkins_on_one_day_draw_and_count(store: DataStore, person, tmp_path) -> None:
    good_session(store, person.id)
    checkins = CheckInStore(store.layout, person.id, store.notices)
    for pain in (3, 6):
        checkins.save(checkins.begin().model_copy(update={"pain_now": pain, "sleep": "poor"}))
    loaded = checkins.load_all()
    assert len(loaded) == 2 and loaded[0].day == loaded[1].day
    every_reader(store, person, loaded, tmp_path)
    from matplotlib.figure import Figure

    from gmi.report.pdf import draw_trends
    draw_trends(Figure(), sessions_in(store.sessions(person.id), ExportRange()),
                checkins=loaded)


# -- 4. deep nesting ----------------------------------------------------------------
def test_deeply_nested_event_data_is_skipped_and_json_export_works(
        store: DataStore, person, tmp_path: Path) -> None:
    sid = uuid.uuid4().hex
    deep: object = 1
    for _ in range(300):
        deep = [deep]
    write_journal(store, person.id, [header(sid, person.id), event(1, "note", {"x": deep}),
                                     event(2, "trial", trial(0)), end({})], session_id=sid)
    [journal] = every_reader(store, person, tmp_path=tmp_path)
    assert [e.kind for e in journal.events] == ["trial"]


@pytest.mark.parametrize("levels", [40, 1000, 100_000])
def test_deeply_nested_settings_are_refused_naming_the_file(store: DataStore, levels: int
                                                             ) -> None:
    path = store.layout.settings_file
    path.write_text('{"schema_version": 1, "cue": ' + "[" * levels + "]" * levels + "}")
    settings = load_settings(store.layout, store.notices)
    assert settings == AppSettings()
    [notice] = store.notices.items()
    assert str(path) in notice.text and "levels deep" in notice.text
    assert notice.moved_to is not None and notice.moved_to.exists()
    assert str(notice.moved_to) in notice.text


@pytest.mark.parametrize("name", ["profile.json", "gmi-data.json", "checkin"])
def test_deep_nesting_in_other_json_files_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.json"
    path.write_text('{"a": ' + "{\"b\": " * 1000 + "1" + "}" * 1000 + "}")
    with pytest.raises(DamagedFile, match="levels deep"):
        read_model(path, CheckIn, 1)


@pytest.mark.parametrize("text", ["x = " + "[" * 500 + "]" * 500,
                                  "x = " + "{a = " * 500 + "1" + "}" * 500,
                                  "x = " + "[" * 40 + "]" * 40])
def test_deeply_nested_toml_is_refused(text: str) -> None:
    with pytest.raises(ProtocolError, match="levels deep"):
        parse_protocol(text, "deep.toml")


# -- 10. bad values are named, not silently taken or dropped ----------------------------
@pytest.mark.parametrize(("kind", "data"), [
    ("pain", {"when": "before", "nrs": 99}),
    ("trial", trial(1, rt_ms=-5.0)),
    ("trial", trial(1, angle=720)),
    ("vividness", {"image": 0, "score": 42}),
])
def test_values_out_of_range_are_left_out_with_a_notice(
        store: DataStore, person, tmp_path: Path, kind: str, data: dict) -> None:
    sid = uuid.uuid4().hex
    write_journal(store, person.id, [header(sid, person.id), event(1, kind, data),
                                     event(2, "trial", trial(0)), end({})], session_id=sid)
    [journal] = every_reader(store, person, tmp_path=tmp_path)
    assert [e.seq for e in journal.events] == [2]
    notes = " ".join(n.text for n in store.notices.items())
    assert "step 1" in notes and "left out" in notes and kind in notes


def test_pain_99_never_reaches_the_report(store: DataStore, person) -> None:
    for nrs in (99, 4, 5):
        sid = uuid.uuid4().hex
        write_journal(store, person.id, [header(sid, person.id, "imagery"),
                                         event(1, "pain", {"when": "before", "nrs": nrs})],
                      stage="imagery", session_id=sid,
                      started=START + timedelta(days=nrs % 7))
    journals = sessions_in(store.sessions(person.id), ExportRange())
    text = "\n".join(summary_lines(person, journals, ExportRange()))
    assert "median 4.5" in text and "99" not in text


def test_schema_version_as_text_is_refused_as_newer(store: DataStore, person) -> None:
    sid = uuid.uuid4().hex
    path = write_journal(store, person.id, [header(sid, person.id, schema_version="2"),
                                            end({})], session_id=sid)
    with pytest.raises(NewerVersionError):
        read_journal(path)
    store.layout.settings_file.write_text('{"schema_version": "2"}')
    with pytest.raises(NewerVersionError):
        read_model(store.layout.settings_file, AppSettings, 1)
    with pytest.raises(ProtocolError, match="newer"):
        parse_protocol('schema_version = "9"\n', "p.toml")


@pytest.mark.parametrize(("change", "field"), [
    ("trials = true", "trials"), ('trials = "40"', "trials"), ("practice_trials = 1.0",
                                                                "practice_trials")])
def test_a_protocol_value_of_the_wrong_type_is_refused(change: str, field: str) -> None:
    text = protocol_to_toml(protocol_for("", "hand"))
    text = text.replace("[laterality]\n", f"[laterality]\n{change}\n")
    text = "\n".join(line for line in text.splitlines()
                     if not line.startswith(f"{field} = ") or line == change)
    with pytest.raises(ProtocolError, match=field):
        parse_protocol(text, "p.toml")


def test_a_huge_protocol_description_is_refused() -> None:
    base = protocol_for("", "hand")
    with pytest.raises(ProtocolError, match="description"):
        parse_protocol(protocol_to_toml(base.model_copy(update={"description": "x" * 5000})),
                       "p.toml")
    with pytest.raises(ProtocolError, match="larger than a protocol"):
        parse_protocol(protocol_to_toml(base) + "# " + "x" * 300_000 + "\n", "p.toml")


# -- 11. words naming the file, a byte-order mark, salvage of a damaged header ------------
def test_a_damaged_checkin_notice_names_the_file_and_where_it_went(store: DataStore, person
                                                                    ) -> None:
    checkins = CheckInStore(store.layout, person.id, store.notices)
    checkins.save(checkins.begin())
    [path] = checkins.folder.glob("*.json")
    path.write_text(path.read_text().replace('"pain_now": null', '"pain_now": 99'))
    assert checkins.load_all() == []
    [notice] = store.notices.items()
    assert str(path) in notice.text and "pain_now" in notice.text
    assert notice.moved_to is not None and str(notice.moved_to) in notice.text


def test_a_journal_with_a_byte_order_mark_reads_whole(store: DataStore, person) -> None:
    path = good_session(store, person.id)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    [journal] = sessions_in(store.sessions(person.id), ExportRange())
    assert len(journal.events) == 4 and not journal.problems and not journal.damaged


@pytest.mark.parametrize("damage", [b"garbage", b'{"type": "header", "stage": 5}', b"\xff\xfe"])
def test_a_damaged_header_keeps_every_event_after_it(store: DataStore, person, tmp_path,
                                                     damage: bytes) -> None:
    path = good_session(store, person.id, trials=6)
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join([damage, *lines[1:]]))
    [journal] = every_reader(store, person, tmp_path=tmp_path)
    assert journal.damaged and len(journal.events) == 6 and journal.end is not None
    assert journal.header.stage == "laterality" and journal.header.started_at == START
    assert journal.header.profile_id == person.id
    assert any("file name" in n.text for n in store.notices.items())
    assert not store.layout.quarantine_dir.exists() or not any(
        store.layout.quarantine_dir.iterdir())


def test_a_damaged_header_in_a_file_of_unknown_name_is_still_set_aside(store: DataStore,
                                                                       person) -> None:
    path = good_session(store, person.id, name="copied by hand.jsonl")
    path.write_bytes(b"garbage\n" + path.read_bytes().split(b"\n", 1)[1])
    assert sessions_in(store.sessions(person.id), ExportRange()) == []
    assert any(n.moved_to is not None for n in store.notices.items())


def test_days_out_of_range_in_a_checkin_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    for day in ("0001-01-01", "9999-12-31"):
        path.write_text(json.dumps({"checkin_id": "a" * 32, "profile_id": "p", "day": day,
                                    "at": "2026-01-01T10:00:00+01:00"}))
        with pytest.raises(DamagedFile, match="day"):
            read_model(path, CheckIn, 1)


# -- 6. one session id, one session ---------------------------------------------------------
def test_two_files_with_one_session_id_are_one_session_to_every_reader(
        store: DataStore, person, tmp_path: Path) -> None:
    sid = uuid.uuid4().hex
    good_session(store, person.id, trials=4, session_id=sid)
    copy = good_session(store, person.id, trials=4, session_id=sid,
                        started=START + timedelta(hours=1))  # same header id, another name
    other = good_session(store, person.id, trials=4, session_id=sid,
                         name=journal_name(START + timedelta(hours=2), "laterality",
                                           uuid.uuid4().hex))  # name and header disagree
    journals = every_reader(store, person, tmp_path=tmp_path)
    assert len(journals) == 1
    table = rows(person, journals)
    assert len(table) == 4
    texts = [n.text for n in store.notices.items()]
    assert sum("same session" in t for t in texts) == 2
    assert any(str(copy) in t for t in texts) and any(str(other) in t for t in texts)


def test_a_bundle_member_whose_name_and_header_disagree_is_refused(tmp_path: Path) -> None:
    from gmi.bundles.bundle import export, import_bundle
    from gmi.bundles.format import BundleError
    from gmi.store.paths import DataRoot

    source = DataStore(DataRoot(tmp_path / "source", "test"))
    profile = source.profiles.create("P-6", "hand", "left")
    path = good_session(source, profile.id)
    other = uuid.uuid4().hex
    path.write_bytes(path.read_bytes().replace(path.name.split("_")[-1][:32].encode(),
                                               other.encode(), 1))
    bundle = tmp_path / "b.gmibundle"
    export(source, profile.id, bundle, "correct horse battery", kdf_n=2**10)
    home = tmp_path / "home"
    home.mkdir()
    with pytest.raises(BundleError, match=f"header says {other}"):
        import_bundle(Layout(home), bundle, "correct horse battery")
    assert list(home.iterdir()) == []


# -- 9. a refused import changes nothing, not even a new folder's mark ----------------------
def test_a_refused_import_into_an_empty_folder_leaves_it_empty(tmp_path: Path, capsys) -> None:
    from gmi.cli import main

    bundle = tmp_path / "x.gmibundle"
    bundle.write_bytes(b"GMIBUNDLE1 not really\n")
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery\n")
    for folder in (tmp_path / "empty", tmp_path / "new"):
        if folder.name == "empty":
            folder.mkdir()
        assert main(["--data-dir", str(folder), "bundle", "import", str(bundle),
                     "--passphrase-file", str(secret)]) == 1
        assert "nothing" in capsys.readouterr().err.lower()
        assert not folder.exists() or list(folder.iterdir()) == []


# -- found by tests/test_hostile_records.py -----------------------------------------------
def test_an_event_line_whose_type_is_a_list_is_skipped(store: DataStore, person, tmp_path
                                                       ) -> None:
    sid = uuid.uuid4().hex
    write_journal(store, person.id, [header(sid, person.id), {**event(1, "trial", trial(0)),
                                                              "type": ["event"]},
                                     event(2, "trial", trial(1)), end({})], session_id=sid)
    [journal] = every_reader(store, person, tmp_path=tmp_path)
    assert [e.seq for e in journal.events] == [2]


@pytest.mark.parametrize("summary", [
    {"overall": None, "by_side": {"left": None}}, {"overall": {"n": [1]}, "by_side": []},
    {"images_done": [3], "repetitions_done": "x"}, {"minutes_done": float("nan")},
    {"exercises": [None, {"reps": {"a": 1}}, {"reps": 4}]}])
def test_the_acknowledgement_takes_any_summary(summary: dict) -> None:
    from gmi.model.acknowledge import acknowledgement

    for stage in ("laterality", "imagery", "mirror", "tracking"):
        text = acknowledgement(stage, summary, last_week=[summary, {"by_side": 5}],
                               in_a_row=1, days_total=1)
        assert text in ("", "4 repetitions counted.")
