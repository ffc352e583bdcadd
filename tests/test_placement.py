"""The import's intent log (gmi/store/placement.py): recovery finishes, undoes or drops."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from gmi.store import placement
from gmi.store.placement import Move, commit, import_lock, new_staging, recover_imports


def staged_moves(root: Path, staging: Path, count: int) -> list[Move]:
    moves = []
    for n in range(count):
        data = f"record {n}\n".encode()
        source = staging / f"{n:06d}"
        source.write_bytes(data)
        moves.append(Move(source, root / "profiles" / "p" / "sessions" / f"{n}.jsonl",
                          hashlib.sha256(data).hexdigest(), len(data)))
    return moves


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file()}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "settings.json").write_text("{}")
    return folder


def test_a_committed_import_is_finished(root: Path) -> None:
    staging = new_staging(root)
    moves = staged_moves(root, staging, 3)
    commit(staging, placement._plan_file(root, staging, moves, ()))
    assert recover_imports(root) == [f"{staging.name}: finished"]
    assert files(root) == {"settings.json": b"{}",
                           **{f"profiles/p/sessions/{n}.jsonl": f"record {n}\n".encode()
                              for n in range(3)}}


def test_an_uncommitted_import_is_only_removed(root: Path) -> None:
    staging = new_staging(root)
    staged_moves(root, staging, 3)
    assert recover_imports(root) == [f"{staging.name}: never committed, or done; removed"]
    assert files(root) == {"settings.json": b"{}"} and sorted(os.listdir(root)) == [
        "settings.json"]


def test_a_committed_import_that_cannot_finish_is_undone(root: Path) -> None:
    """A file with other contents took one final name: the placed ones are taken back."""
    staging = new_staging(root)
    moves = staged_moves(root, staging, 3)
    commit(staging, placement._plan_file(root, staging, moves, ()))
    moves[0].dest.parent.mkdir(parents=True)
    placement.place_file(moves[0].source, moves[0].dest)  # placed before the crash
    moves[2].dest.write_bytes(b"someone else's\n")
    assert recover_imports(root) == [f"{staging.name}: undone"]
    assert files(root) == {"settings.json": b"{}",
                           "profiles/p/sessions/2.jsonl": b"someone else's\n"}


def test_an_interrupted_undo_is_finished(root: Path) -> None:
    staging = new_staging(root)
    moves = staged_moves(root, staging, 2)
    commit(staging, placement._plan_file(root, staging, moves, ()))
    moves[0].dest.parent.mkdir(parents=True)
    placement.place_file(moves[0].source, moves[0].dest)
    os.replace(staging / placement.PLAN, staging / placement.UNDO)
    assert recover_imports(root) == [f"{staging.name}: undone"]
    assert sorted(os.listdir(root)) == ["settings.json"]  # the folders it made are gone


def test_a_running_import_is_left_alone(root: Path) -> None:
    staging = new_staging(root)
    staged_moves(root, staging, 1)
    with import_lock(root):
        assert recover_imports(root) == []
        assert staging.is_dir()
    assert recover_imports(root) == [f"{staging.name}: never committed, or done; removed"]


def test_a_plan_that_climbs_out_places_nothing_outside(root: Path, tmp_path: Path) -> None:
    staging = new_staging(root)
    (staging / "000000").write_bytes(b"x")
    (staging / placement.PLAN).write_text(
        '{"moves": [{"source": "000000", "dest": "../outside", "sha256": "' + "0" * 64
        + '", "size": 1}]}')
    assert recover_imports(root) == [f"{staging.name}: its plan is unreadable; removed"]
    assert not (tmp_path / "outside").exists() and not staging.exists()
