"""A data folder from a newer app is refused whole, before anything is written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gmi import __version__
from gmi.store import DataStore, NewerDataFolder
from gmi.store.folder_version import DATA_FOLDER_VERSION
from gmi.store.paths import DataRoot


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def newer_folder(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "gmi-data.json").write_text(json.dumps(
        {"schema_version": DATA_FOLDER_VERSION + 1, "app_version": "9.0.0", "fancy": [1]}))
    (root / "settings.json").write_text('{"schema_version": 1, "text_size": "large"}')
    return root


def test_new_folder_is_marked_with_this_app(data_root: DataRoot) -> None:
    DataStore(data_root)
    mark = json.loads((data_root.path / "gmi-data.json").read_text())
    assert mark["schema_version"] == DATA_FOLDER_VERSION
    assert mark["app_version"] == __version__
    assert (data_root.path / "gmi-data.json").stat().st_mode & 0o077 == 0


def test_newer_folder_is_refused_and_left_byte_for_byte(tmp_path: Path) -> None:
    root = newer_folder(tmp_path / "data")
    before = snapshot(root)
    with pytest.raises(NewerDataFolder) as caught:
        DataStore(DataRoot(root, "command line"))
    text = caught.value.message
    assert str(root) in text and "newer GMI Trainer (version 9.0.0" in text
    assert "Update GMI Trainer" in text and "Nothing in the folder was changed" in text
    assert snapshot(root) == before


def test_damaged_mark_does_not_lock_the_person_out(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    (root / "gmi-data.json").write_text("{ not json")
    store = DataStore(DataRoot(root, "command line"))
    assert store.writable


@pytest.mark.parametrize("args", [["doctor", "--quick"], ["--quit-when-shown"]])
def test_cli_and_window_refuse_a_newer_folder_in_words(tmp_path: Path, args) -> None:
    root = newer_folder(tmp_path / "data")
    before = snapshot(root)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "gmi", "--data-dir", str(root), *args],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert "newer GMI Trainer" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(root) == before
