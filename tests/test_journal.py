"""Session journals: durable writes, interrupted sessions, torn and garbage lines."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gmi.store.errors import NewerVersionError, StoreWriteError
from gmi.store.journal import UnreadableJournal, parse_journal, read_journal
from gmi.store.paths import Layout
from gmi.store.quarantine import NoticeBoard
from gmi.store.sessions import SessionStore


def new_store(tmp_path: Path) -> SessionStore:
    return SessionStore(Layout(tmp_path), uuid.uuid4().hex, NoticeBoard())


def test_complete_session_round_trips(tmp_path: Path) -> None:
    sessions = new_store(tmp_path)
    writer = sessions.start("laterality", {"trials": 3})
    for n in range(3):
        writer.append("step", {"n": n, "correct": n != 1, "rt_ms": 1500.5 + n})
    writer.finish("completed", "2 of 3 correct", {"accuracy": 2 / 3})

    [info] = sessions.list()
    contents = read_journal(info.path)
    assert contents.header.session_id == info.session_id == writer.session_id
    assert contents.header.protocol == {"trials": 3}
    assert [e.data["n"] for e in contents.events] == [0, 1, 2]
    assert [e.seq for e in contents.events] == [1, 2, 3]
    assert contents.end is not None and contents.end.headline == "2 of 3 correct"
    assert not contents.interrupted
    assert contents.problems == []


def test_journal_is_owner_only(tmp_path: Path) -> None:
    writer = new_store(tmp_path).start("imagery")
    mode = stat.S_IMODE(writer.path.stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(writer.path.parent.stat().st_mode) == 0o700


def test_every_event_is_fsynced_before_append_returns(tmp_path: Path, monkeypatch) -> None:
    writer = new_store(tmp_path).start("laterality")
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    for n in range(5):
        writer.append("step", {"n": n})
        assert len(synced) == n + 1
        # what is fsync'd is already the whole line
        assert writer.path.read_bytes().endswith(b"\n")


def test_unfinished_session_loads_as_interrupted(tmp_path: Path) -> None:
    sessions = new_store(tmp_path)
    writer = sessions.start("mirror")
    writer.append("rating", {"pain": 4})
    writer.close()
    contents = sessions.load(sessions.list()[0])
    assert contents is not None
    assert contents.interrupted
    assert [e.data for e in contents.events] == [{"pain": 4}]


def test_torn_last_line_is_ignored_and_reported(tmp_path: Path) -> None:
    sessions = new_store(tmp_path)
    writer = sessions.start("laterality")
    writer.append("step", {"n": 1})
    writer.append("step", {"n": 2})
    writer.close()
    with writer.path.open("ab") as f:
        f.write(b'{"type": "event", "seq": 3, "at": "2026-11-2')  # power cut mid-write
    contents = sessions.load(sessions.list()[0])
    assert contents is not None and contents.interrupted
    assert [e.data["n"] for e in contents.events] == [1, 2]
    assert any("cut off" in p for p in contents.problems)
    texts = [n.text for n in sessions.notices.items()]
    assert any("cut off" in t for t in texts)


def test_garbage_lines_are_skipped_and_the_rest_kept(tmp_path: Path) -> None:
    writer = new_store(tmp_path).start("laterality")
    writer.append("step", {"n": 1})
    writer.close()
    with writer.path.open("ab") as f:
        f.write(b"\x00\xff not json at all\n")
        f.write(b'{"type": "event", "seq": "nope"}\n')
        f.write(b"[1, 2, 3]\n")
    w2 = json.dumps({"type": "event", "seq": 2, "at": "2026-11-24T10:00:00+01:00",
                     "kind": "step", "data": {"n": 2}})
    with writer.path.open("ab") as f:
        f.write(w2.encode() + b"\n")
    contents = read_journal(writer.path)
    assert [e.data["n"] for e in contents.events] == [1, 2]
    assert contents.problems == [
        "3 line(s) could not be read and were skipped (line 3, 4, 5); every other line was kept"
    ]


def test_file_without_header_is_quarantined_with_notice(tmp_path: Path) -> None:
    sessions = new_store(tmp_path)
    writer = sessions.start("laterality")
    writer.close()
    writer.path.write_bytes(b"this is not a journal\n")
    [info] = sessions.list()
    assert sessions.load(info) is None
    assert not info.path.exists()
    moved = list((tmp_path / "quarantine").iterdir())
    names = sorted(p.name for p in moved)
    assert len(names) == 2 and names[1].endswith(".why.txt")
    assert (tmp_path / "quarantine" / names[0]).read_bytes() == b"this is not a journal\n"
    [notice] = sessions.notices.items()
    assert "set aside" in notice.text and notice.moved_to is not None


def test_empty_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableJournal, match="empty"):
        parse_journal(tmp_path / "x.jsonl", b"")


def test_newer_journal_is_left_untouched(tmp_path: Path) -> None:
    sessions = new_store(tmp_path)
    writer = sessions.start("laterality")
    writer.close()
    header = json.loads(writer.path.read_text().splitlines()[0])
    header["schema_version"] = 99
    raw = (json.dumps(header) + "\n").encode()
    writer.path.write_bytes(raw)
    with pytest.raises(NewerVersionError):
        read_journal(writer.path)
    assert sessions.load(sessions.list()[0]) is None
    assert writer.path.read_bytes() == raw  # not moved, not changed
    assert "newer GMI Trainer" in sessions.notices.items()[0].text


def test_disk_full_keeps_everything_written_before(tmp_path: Path, monkeypatch) -> None:
    writer = new_store(tmp_path).start("laterality")
    for n in range(3):
        writer.append("step", {"n": n})
    before = writer.path.read_bytes()

    real_write = os.write
    calls = {"n": 0}

    def half_then_full(fd: int, data) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))  # short write
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(StoreWriteError) as caught:
        writer.append("step", {"n": 3, "padding": "x" * 200})
    monkeypatch.undo()
    assert "disk is full" in str(caught.value)
    assert str(writer.path) in str(caught.value)
    assert writer.path.read_bytes() == before  # the half line was cut off again
    writer.append("step", {"n": 4})  # space is back: writing continues cleanly
    contents = read_journal(writer.path)
    assert [e.data["n"] for e in contents.events] == [0, 1, 2, 4]
    assert contents.problems == []


def test_appending_after_finish_is_refused(tmp_path: Path) -> None:
    writer = new_store(tmp_path).start("laterality")
    writer.finish()
    with pytest.raises(StoreWriteError, match="already ended"):
        writer.append("step", {})


# -- property tests -------------------------------------------------------------

def _valid_prefix(tmp_path: Path, n_events: int) -> tuple[bytes, list[int]]:
    writer = new_store(tmp_path).start("laterality")
    for n in range(n_events):
        writer.append("step", {"n": n})
    writer.close()
    return writer.path.read_bytes(), list(range(n_events))


# tmp_path is shared by the examples on purpose: each writes its own file anew.
@settings(max_examples=150, suppress_health_check=[*settings.default.suppress_health_check,
                                                   HealthCheck.function_scoped_fixture])
@given(tail=st.binary(max_size=400))
def test_any_bytes_after_a_valid_journal_never_lose_its_events(tmp_path: Path, tail: bytes) -> None:
    raw, expected = _valid_prefix(tmp_path, 4)
    contents = parse_journal(tmp_path / "j.jsonl", raw + tail)
    assert [e.data.get("n") for e in contents.events][:4] == expected


@settings(max_examples=300)
@given(raw=st.binary(max_size=600))
def test_arbitrary_bytes_either_parse_or_raise_a_store_error(raw: bytes) -> None:
    with contextlib.suppress(UnreadableJournal, NewerVersionError):
        parse_journal(Path("fuzz.jsonl"), raw)


def test_data_folder_removed_mid_session_is_rebuilt_whole(tmp_path: Path) -> None:
    import shutil

    store = new_store(tmp_path)
    writer = store.start("laterality")
    writer.append("step", {"n": 0})
    writer.append("step", {"n": 1})
    shutil.rmtree(tmp_path / "profiles")  # someone deletes the data while practising
    writer.append("step", {"n": 2})  # noticed here: the file is written again, whole
    writer.append("step", {"n": 3})
    writer.finish()
    contents = read_journal(writer.path)
    assert [e.data["n"] for e in contents.events] == [0, 1, 2, 3]
    assert not contents.interrupted


@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2200, 1, 1),
                    timezones=st.just(timezone.utc)),
       st.sampled_from(["laterality", "imagery", "mirror", "tracking"]))
def test_journal_names_round_trip_to_the_millisecond(started: datetime, stage: str) -> None:
    from gmi.store.sessions import journal_name, parse_journal_name

    info = parse_journal_name(Path(journal_name(started, stage, "ab" * 16)))
    assert info is not None and info.stage == stage and info.session_id == "ab" * 16
    assert info.started_utc == started.replace(microsecond=started.microsecond // 1000 * 1000)


def test_a_name_with_an_impossible_date_is_not_taken_for_a_session_start() -> None:
    from gmi.store.sessions import parse_journal_name

    assert parse_journal_name(Path(f"20261301T000000.000Z_mirror_{'a' * 32}.jsonl")) is None
