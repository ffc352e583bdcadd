"""Profiles: create, list, validation, damaged files, newer versions."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gmi.store import DataStore
from gmi.store.errors import NewerVersionError, StoreError
from gmi.store.jsonfile import DamagedFile, read_model
from gmi.store.profiles import PROFILE_SCHEMA_VERSION, Profile


def test_create_list_and_get(store: DataStore) -> None:
    anna = store.profiles.create("P-1", "hand", "right", name="Anna")
    bob = store.profiles.create("b-2", "foot", "left")
    profiles, damaged = store.profiles.list()
    assert [p.display_name for p in profiles] == ["Anna", "b-2"]
    assert damaged == []
    assert store.profiles.get(bob.id) == bob
    assert store.profiles.get(anna.id).affected_side == "right"
    path = store.layout.profile_file(anna.id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["schema_version"] == PROFILE_SCHEMA_VERSION


def test_code_is_cleaned_and_checked(store: DataStore) -> None:
    profile = store.profiles.create("  P   7 ", "hand", "left")
    assert profile.code == "P 7"
    assert store.profiles.code_taken("p 7")
    assert not store.profiles.code_taken("p 7", except_id=profile.id)
    with pytest.raises(ValidationError):
        store.profiles.create("", "hand", "left")
    with pytest.raises(ValidationError):
        store.profiles.create("bad\x07code", "hand", "left")


def _session(store: DataStore, profile_id: str) -> None:
    writer = store.sessions(profile_id).start("laterality")
    writer.append("trial", {"n": 1})
    writer.finish()


@pytest.mark.parametrize("content", [
    b"{not json",
    b'{"schema_version": 1, "id": "x"}',
    "{\"code\": \"Jos\u00e9\"}".encode("latin-1"),
    "{}".encode("utf-16"),
    b"",
    b"[]",
])
def test_damaged_profile_is_set_aside_and_sessions_kept(store: DataStore, content: bytes) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    _session(store, profile.id)
    path = store.layout.profile_file(profile.id)
    path.write_bytes(content)

    profiles, damaged = store.profiles.list()
    assert profiles == []
    assert [d.profile_id for d in damaged] == [profile.id]
    assert damaged[0].session_count == 1
    assert not path.exists()
    kept = [p for p in store.quarantined() if p.read_bytes() == content]
    assert len(kept) == 1  # the bad file is kept, byte for byte
    [notice] = store.notices.items()
    assert str(path) in notice.text and "Restore" in notice.text
    assert len(store.sessions(profile.id).list()) == 1

    restored = store.profiles.create("P-1", "hand", "right", profile_id=profile.id)
    assert store.profiles.list()[0] == [restored]
    assert len(store.sessions(restored.id).list()) == 1


def test_profile_from_newer_app_is_not_touched(store: DataStore) -> None:
    profile = store.profiles.create("P-1", "hand", "right")
    path = store.layout.profile_file(profile.id)
    data = json.loads(path.read_text())
    data["schema_version"] = PROFILE_SCHEMA_VERSION + 1
    data["new_field"] = "something we do not know"
    raw = json.dumps(data).encode()
    path.write_bytes(raw)
    profiles, damaged = store.profiles.list()
    assert profiles == [] and damaged == []
    assert path.read_bytes() == raw
    assert "newer GMI Trainer" in store.notices.items()[0].text


def test_save_failure_leaves_the_old_profile_whole(store: DataStore, monkeypatch) -> None:
    import errno
    import os

    profile = store.profiles.create("P-1", "hand", "right")
    path = store.layout.profile_file(profile.id)
    before = path.read_bytes()

    def no_space(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(StoreError) as caught:
        store.profiles.save(profile.model_copy(update={"name": "Changed"}))
    monkeypatch.undo()
    assert "disk is full" in caught.value.message and str(path) in caught.value.message
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []


@settings(max_examples=200)
@given(raw=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_reading_any_bytes_gives_a_profile_or_a_named_error(tmp_path_factory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("p") / "profile.json"
    path.write_bytes(raw)
    try:
        read_model(path, Profile, PROFILE_SCHEMA_VERSION)
    except (DamagedFile, NewerVersionError) as exc:
        assert str(path) in exc.message


def test_empty_leftover_folder_is_ignored(store: DataStore) -> None:
    (store.layout.profiles_dir / ("c" * 32)).mkdir(parents=True)
    assert store.profiles.list() == ([], [])


def test_folder_with_sessions_but_no_profile_offers_restore(store: DataStore) -> None:
    profile_id = "d" * 32
    _session(store, profile_id)
    _, damaged = store.profiles.list()
    assert [d.reason for d in damaged] == ["the profile details are missing"]
    assert isinstance(damaged[0].folder, Path)
