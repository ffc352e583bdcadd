"""An import killed with SIGKILL at any point: the folder reads as before or after, never between.

A real process imports a real bundle and kills itself at one point: while
unpacking (before the commit), right after the commit, after the k-th
placed file for several k, after the last file but before the joined photo
list, and while removing the staging folder. The folder is then opened
the way the app opens it (DataStore, which runs the recovery) and must be
byte for byte the folder before the import or the folder after a whole
import, with the same visible people, sessions and check-ins, and no
staging folder (decrypted records) left behind.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from test_bundle import (
    CODE,
    PASS,
    N,
    add_checkin,
    add_second_photo,
    add_session,
    new_store,
    person,
    snapshot,
)

from gmi.bundles.bundle import export, import_bundle
from gmi.store import DataStore
from gmi.store.checkins import CheckInStore

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")]

KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from gmi.bundles import bundle
    from gmi.store import placement
    from gmi.store.paths import Layout

    root, path, where, k = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def wrap(module, name, before=False):
        real = getattr(module, name)
        calls = []
        def patched(*args, **kwargs):
            calls.append(1)
            if before and len(calls) == k:
                die()
            result = real(*args, **kwargs)
            if not before and len(calls) == k:
                die()
            return result
        setattr(module, name, patched)

    if where == "stage":  # the k-th member written into staging
        wrap(bundle, "write_all")
    elif where == "commit":
        wrap(placement, "commit", before=True)
    elif where == "committed":
        wrap(placement, "commit")
    elif where == "place":  # after the k-th placed file
        wrap(placement, "place_file")
    elif where == "replace":  # after the joined photo list replaced the old one
        real_replace = placement.os.replace
        def replace(source, dest):
            real_replace(source, dest)
            if Path(dest).name == "manifest.csv":
                die()
        placement.os.replace = replace
    elif where == "discard":  # every file placed, the staging folder not yet removed
        wrap(bundle, "close_staging", before=True)
    bundle.import_bundle(Layout(root), path, sys.argv[5])
    print("finished without being killed", flush=True)
""")


def visible(root: Path) -> tuple[set[str], dict[str, set[str]], dict[str, set[str]]]:
    """What the app's readers see: people, each one's sessions and check-ins."""
    store = DataStore(root_of(root))
    profiles, _damaged = store.profiles.list()
    sessions = {p.id: {i.session_id for i in store.sessions(p.id).list()} for p in profiles}
    checkins = {p.id: {c.checkin_id for c in CheckInStore(store.layout, p.id,
                                                           store.notices).load_all()}
                for p in profiles}
    return {p.id for p in profiles}, sessions, checkins


def root_of(root: Path):
    from gmi.store.paths import DataRoot
    return DataRoot(root, "command line")


def kill_import(home: Path, bundle: Path, where: str, k: int, scratch: Path) -> Path:
    """Copy `home`, run the import in a process that kills itself; the copy."""
    target = scratch / f"{where}-{k}"
    shutil.copytree(home, target)
    proc = subprocess.run([sys.executable, "-c", KILLER, str(target), str(bundle), where,
                           str(k), PASS], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, (where, k, proc.stdout, proc.stderr)
    assert list(target.glob(".import-*")), "the kill left no staging folder to recover"
    return target


def check_before_or_after(target: Path, before: dict, after: dict, seen_before: tuple,
                          seen_after: tuple) -> str:
    """Open the folder as the app does; it must be exactly one of the two states."""
    seen = visible(target)  # DataStore runs the recovery first
    assert not list(target.glob(".import-*"))
    now = snapshot(target)
    now.pop("gmi-data.json", None)
    if now == before:
        assert seen == seen_before
        return "before"
    assert now == after, sorted(set(now) ^ set(after))
    assert seen == seen_after
    return "after"


def states(home: Path, bundle: Path, scratch: Path) -> tuple[dict, dict, tuple, tuple]:
    whole = scratch / "whole"
    shutil.copytree(home, whole)
    seen_before = visible(home)
    import_bundle(DataStore(root_of(whole)), bundle, PASS)
    before, after = snapshot(home), snapshot(whole)
    for state in (before, after):
        state.pop("gmi-data.json", None)
    assert before != after
    return before, after, seen_before, visible(whole)


@pytest.fixture
def first_import(tmp_path: Path) -> tuple[Path, Path]:
    """A bundle of a new person (9 files) and a folder that holds someone else."""
    source = new_store(tmp_path / "clinic")
    profile = person(source)
    bundle = tmp_path / f"{CODE}.gmibundle"
    export(source, profile.id, bundle, PASS, include_photos=True, kdf_n=N)
    home = new_store(tmp_path / "home")
    add_session(home, home.profiles.create("P-0001", "foot", "left"))
    return home.layout.root, bundle


KILLS_FIRST = [("stage", 3), ("commit", 1), ("committed", 1), ("place", 1), ("place", 2),
               ("place", 5), ("place", 8), ("place", 9), ("discard", 1)]


def test_a_killed_first_import_is_all_or_nothing(first_import, tmp_path) -> None:
    home, bundle = first_import
    before, after, seen_before, seen_after = states(home, bundle, tmp_path)
    outcomes = {}
    for where, k in KILLS_FIRST:
        target = kill_import(home, bundle, where, k, tmp_path)
        outcomes[(where, k)] = check_before_or_after(target, before, after, seen_before,
                                                     seen_after)
    # Nothing is placed before the commit; everything is once it is committed.
    assert outcomes == {kill: ("before" if kill[0] in ("stage", "commit") else "after")
                        for kill in KILLS_FIRST}


def test_a_killed_later_import_finishes_the_joined_photo_list(tmp_path) -> None:
    """The second bundle adds a session, a check-in and a photo and joins the list."""
    source = new_store(tmp_path / "clinic")
    profile = person(source)
    first = tmp_path / "first.gmibundle"
    export(source, profile.id, first, PASS, include_photos=True, kdf_n=N)
    home = new_store(tmp_path / "home")
    import_bundle(home, first, PASS)
    add_session(source, profile)
    add_checkin(source, profile, pain=4)
    add_second_photo(source, profile)
    later = tmp_path / "later.gmibundle"
    export(source, profile.id, later, PASS, include_photos=True, kdf_n=N)

    root = home.layout.root
    before, after, seen_before, seen_after = states(root, later, tmp_path)
    kills = [("commit", 1), ("place", 1), ("place", 3), ("replace", 1)]
    outcomes = {kill: check_before_or_after(kill_import(root, later, *kill, tmp_path),
                                            before, after, seen_before, seen_after)
                for kill in kills}
    assert outcomes == {kill: ("before" if kill[0] == "commit" else "after") for kill in kills}
    photos = f"profiles/{profile.id}/own-photos/manifest.csv"
    assert b"open-palm-2.png" in after[photos] and b"open-palm-2.png" not in before[photos]
