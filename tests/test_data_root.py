"""Data root resolution (DESIGN.md section 3), writability, settings file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gmi.store import DataStore
from gmi.store.paths import DataRoot, checkout_sessions_dir, resolve_data_root
from gmi.store.settings import AppSettings

REPO = Path(__file__).resolve().parents[1]


def test_command_line_beats_environment(tmp_path: Path) -> None:
    root = resolve_data_root(tmp_path / "cli", {"GMI_DATA_DIR": str(tmp_path / "env")})
    assert root == DataRoot(tmp_path / "cli", "command line")


def test_environment_beats_checkout(tmp_path: Path) -> None:
    root = resolve_data_root(None, {"GMI_DATA_DIR": str(tmp_path / "env")})
    assert root == DataRoot(tmp_path / "env", "GMI_DATA_DIR")


def test_checkout_sessions_folder_is_used_in_a_checkout() -> None:
    assert checkout_sessions_dir() == REPO / "sessions"
    assert resolve_data_root(None, {}) == DataRoot(REPO / "sessions", "source checkout")


def test_user_data_folder_when_installed(monkeypatch) -> None:
    import gmi.store.paths as paths

    monkeypatch.setattr(paths, "checkout_sessions_dir", lambda: None)
    root = resolve_data_root(None, {})
    assert root.source == "user data folder"
    assert "GMI Trainer" in str(root.path)


def test_checkout_sessions_holds_only_readme_and_gitignore_in_git() -> None:
    import subprocess

    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(["git", "ls-files", "sessions"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout.split()
    assert sorted(tracked) in ([], ["sessions/.gitignore", "sessions/README.md"])
    ignore = (REPO / "sessions" / ".gitignore").read_text()
    assert "*" in ignore.splitlines()


def test_missing_data_folder_is_created(tmp_path: Path) -> None:
    store = DataStore(DataRoot(tmp_path / "a" / "b", "command line"))
    assert store.writable
    assert (tmp_path / "a" / "b").is_dir()
    assert oct((tmp_path / "a" / "b").stat().st_mode & 0o777) == oct(0o700)


def test_data_folder_blocked_by_a_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    store = DataStore(DataRoot(tmp_path / "blocker" / "data", "command line"))
    assert not store.writable
    message = store.write_problem.message
    assert str(tmp_path / "blocker" / "data") in message
    assert "part of the path is a file" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores folder permissions")
def test_read_only_data_folder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        store = DataStore(DataRoot(folder, "command line"))
        assert not store.writable
        assert "not allowed to write" in store.write_problem.message
    finally:
        folder.chmod(0o700)


def test_read_only_disk_is_reported(tmp_path: Path, monkeypatch) -> None:
    """Simulated for root, who can write through chmod: the OS says EROFS."""
    import errno

    store = DataStore(DataRoot(tmp_path / "d", "command line"))
    real_open = os.open

    def read_only(path, flags, *args):
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    problem = store.check()
    assert problem is not None and "read-only disk" in problem.message
    assert "Choose another data folder" in problem.message


def test_settings_round_trip_and_damaged_settings(store: DataStore) -> None:
    assert store.load_settings() == AppSettings()
    store.save_settings(AppSettings(text_size="largest", camera_index=None))
    assert store.load_settings().text_size == "largest"
    assert store.load_settings().camera_index is None
    store.layout.settings_file.write_text(json.dumps({"text_size": "gigantic"}))
    assert store.load_settings() == AppSettings()
    assert any("Settings could not be read" in n.text for n in store.notices.items())
    assert len(store.quarantined()) == 1


def test_every_folder_made_is_owner_only(tmp_path: Path) -> None:
    store = DataStore(DataRoot(tmp_path / "new" / "data", "command line"))
    profile = store.profiles.create("P-1", "hand", "left")
    store.sessions(profile.id).start("laterality").finish()
    made = [tmp_path / "new", *(p for p in (tmp_path / "new").rglob("*") if p.is_dir())]
    assert made and all(oct(p.stat().st_mode & 0o777) == oct(0o700) for p in made)
