"""Placing many new files all or nothing, even if the process is killed half way.

An import (gmi/bundles) unpacks its files into a staging folder
``<data root>/.import-<random>/`` on the same disk, decides where each one
goes, and then hands the list to :func:`place_all`. Placing is a small
transaction with an intent log inside the staging folder:

1. every staged file is on disk (fsynced) and the plan, the list of
   (staged file, final name, SHA-256), is written to ``plan.json`` by a
   temporary file, fsync and one rename: that rename is the commit;
2. every file is hard-linked to its final name (a link never replaces a
   file that appeared meanwhile; where the disk has no hard links, check
   and rename), the folders are fsynced, the joined photo list replaces
   the old one last;
3. ``plan.json`` is removed (the import is done), then the staging folder.

A crash (SIGKILL, power cut) leaves the staging folder behind. Before
anything reads the folder again, :func:`recover_imports` (run by DataStore
when it opens the folder, and by every import before it starts) looks at
each staging folder: without ``plan.json`` nothing was placed yet and the
folder is only removed ("before"); with it the placing is finished
("after"). Should finishing be impossible (a file with other contents took
a final name, or the disk refuses), the files the plan placed are taken
back instead. An in-process failure after the commit renames ``plan.json``
to ``undo.json`` first, so a crash while taking back is finished the same
way. Either way the staging folder, which holds *decrypted* health data,
is removed, never left for later.

Two processes never work on one data folder's imports at once: the
importer holds an exclusive lock (flock) on the data root folder itself (no
lock file: a refused import must leave an empty folder byte for byte as it
was), and recovery only touches staging folders when it can take that lock
without waiting, so it never mistakes a running import for a crashed one.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from gmi.store.files import DIR_MODE, fsync_dir, write_all

STAGING_PREFIX = ".import-"
PLAN = "plan.json"  # present: committed, finish the placing
UNDO = "undo.json"  # present: the placing is being taken back
# os.link fails with these where a file system has no hard links (FAT, some shares).
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV,
             errno.ENOSYS, errno.EACCES}


class ExistsNow(Exception):
    """A final name was taken by another file between planning and placing."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} appeared meanwhile")
        self.path = path


@dataclass(frozen=True)
class Move:
    """One staged file and the final name it gets (never replacing a file)."""

    source: Path  # inside the staging folder
    dest: Path  # under the data root
    sha256: str
    size: int


def _relative(value: str) -> str:
    """A plan's path must stay inside its folder (the plan is read back from disk)."""
    path = PurePosixPath(value)
    if not path.parts or path.is_absolute() or ".." in path.parts or "\\" in value:
        raise ValueError(f"{value!r} is not a path inside the folder")
    return value


_Relative = Annotated[str, Field(min_length=1, max_length=4096), AfterValidator(_relative)]


class _PlannedMove(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: _Relative  # file name inside the staging folder
    dest: _Relative  # POSIX path relative to the data root
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)


class _PlannedReplacement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    source: _Relative
    dest: _Relative


class _PlanFile(BaseModel):
    """The intent log: what a committed import places, relative to its folders
    (so a data folder moved after a crash is still recovered)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    moves: list[_PlannedMove]
    replacements: list[_PlannedReplacement] = []
    dirs: list[_Relative] = []  # folders the placing makes, parents first


# --- the lock -------------------------------------------------------------------------------


@contextlib.contextmanager
def import_lock(root: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold the data root's import lock; yields False if `wait` is off and it is taken.

    Where the system has no flock (Windows), there is no lock and this always
    yields True: imports there are not run from two windows at once by the app.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield True
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as exc:
            if wait or exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing the only descriptor releases the lock


# --- staging ---------------------------------------------------------------------------------


def new_staging(root: Path) -> Path:
    """A fresh, owner-only staging folder inside `root` (same disk: placing is linking)."""
    staging = root / f"{STAGING_PREFIX}{secrets.token_hex(8)}"
    os.mkdir(staging, DIR_MODE)
    return staging


def close_staging(root: Path, staging: Path) -> str:
    """Remove a staging folder on every exit path of an import.

    Its intent log decides, as at the next start: placing that was committed
    but not finished (an exception this module did not see) is finished or
    taken back first, so removing the folder never loses what it was for.
    """
    return _recover_one(root, staging)


def _remove_staging(staging: Path) -> None:
    """Remove a staging folder whose placing is done or was never committed.

    The intent log goes first, so a crash half way through the removal
    leaves a folder recovery removes without placing anything again.
    """
    for marker in (PLAN, UNDO):
        with contextlib.suppress(OSError):
            (staging / marker).unlink()
    fsync_dir(staging)
    shutil.rmtree(staging, ignore_errors=True)


# --- placing ---------------------------------------------------------------------------------


def place_all(root: Path, staging: Path, moves: Sequence[Move],
              replacements: Sequence[tuple[Path, Path]] = ()) -> None:
    """Commit the plan, then give every staged file its final name.

    On any failure after the commit the files placed are taken back and the
    error re-raised (ExistsNow when a final name was taken meanwhile). The
    caller removes the staging folder (close_staging) on every exit path.
    """
    plan = _plan_file(root, staging, moves, replacements)
    commit(staging, plan)
    try:
        _forward(root, staging, plan)
    except BaseException:  # a full disk, or an interrupt: take back, then report
        with contextlib.suppress(OSError):
            os.replace(staging / PLAN, staging / UNDO)
            fsync_dir(staging)
        _backward(root, staging, plan)
        raise
    (staging / PLAN).unlink()  # done: nothing is left to finish
    fsync_dir(staging)


def commit(staging: Path, plan: _PlanFile) -> None:
    """Write the intent log whole (temporary file, fsync, rename): the commit point."""
    tmp = staging / f".{PLAN}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        write_all(fd, plan.model_dump_json().encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(staging)  # the staged files' names are durable before the commit
    os.replace(tmp, staging / PLAN)
    fsync_dir(staging)


def _plan_file(root: Path, staging: Path, moves: Sequence[Move],
               replacements: Sequence[tuple[Path, Path]]) -> _PlanFile:
    for source, _ in replacements:  # written by the planner; durable before the commit
        fd = os.open(source, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    dirs: list[str] = []
    for move in moves:
        missing = []
        node = move.dest.parent
        while node != root and not node.exists():
            missing.append(node.relative_to(root).as_posix())
            node = node.parent
        dirs += [d for d in reversed(missing) if d not in dirs]
    return _PlanFile(
        moves=[_PlannedMove(source=m.source.relative_to(staging).as_posix(),
                            dest=m.dest.relative_to(root).as_posix(), sha256=m.sha256,
                            size=m.size) for m in moves],
        replacements=[_PlannedReplacement(source=s.relative_to(staging).as_posix(),
                                          dest=d.relative_to(root).as_posix())
                      for s, d in replacements],
        dirs=dirs)


def _inside(base: Path, relative: str) -> Path:
    """`base`/`relative`, refusing a path that climbs out (the plan is read from disk)."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise ValueError(f"{relative!r} is not inside {base}")
    return base.joinpath(*parts)


def _forward(root: Path, staging: Path, plan: _PlanFile) -> None:
    """Place every planned file not placed yet (again after a crash: idempotent)."""
    for folder in plan.dirs:
        path = _inside(root, folder)
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, DIR_MODE)
    for move in plan.moves:
        source, dest = _inside(staging, move.source), _inside(root, move.dest)
        if _placed(source, dest, move):
            continue
        if dest.exists():
            raise ExistsNow(dest)
        if not source.exists():
            raise FileNotFoundError(errno.ENOENT, "staged file is missing", str(source))
        place_file(source, dest)
    for folder in sorted({_inside(root, m.dest).parent for m in plan.moves}
                         | {_inside(root, d).parent for d in plan.dirs}):
        fsync_dir(folder)
    for replacement in plan.replacements:  # last: nothing can fail after a rename
        source, dest = _inside(staging, replacement.source), _inside(root, replacement.dest)
        if source.exists():
            os.replace(source, dest)
            fsync_dir(dest.parent)


def _backward(root: Path, staging: Path, plan: _PlanFile) -> None:
    """Take back every file this plan placed, and the folders it made if empty."""
    for move in reversed(plan.moves):
        source, dest = _inside(staging, move.source), _inside(root, move.dest)
        if _placed(source, dest, move):
            with contextlib.suppress(OSError):
                dest.unlink()
    for folder in reversed(plan.dirs):
        with contextlib.suppress(OSError):
            _inside(root, folder).rmdir()  # only if still empty
    with contextlib.suppress(OSError):
        for folder in {_inside(root, m.dest).parent for m in plan.moves}:
            if folder.exists():
                fsync_dir(folder)


def _placed(source: Path, dest: Path, move: _PlannedMove) -> bool:
    """Is `dest` this plan's file? A link to the staged copy, or (renamed where the
    disk has no links, so the staged copy is gone) a file with its exact bytes."""
    try:
        if source.exists():
            return dest.exists() and os.path.samefile(source, dest)
        return dest.is_file() and _digest(dest, move.size) == move.sha256
    except OSError:
        return False


def _digest(path: Path, size: int) -> str | None:
    if path.stat().st_size != size:
        return None
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def place_file(source: Path, dest: Path) -> None:
    """Link `source` as `dest`, never replacing a file that is there.

    A hard link fails if `dest` exists, which no rename does; where the disk
    has no hard links, check first and rename.
    """
    try:
        os.link(source, dest)
    except FileExistsError as exc:
        raise ExistsNow(dest) from exc
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        if dest.exists():
            raise ExistsNow(dest) from exc
        os.replace(source, dest)


# --- recovery --------------------------------------------------------------------------------


def recover_imports(root: Path, *, locked: bool = False) -> list[str]:
    """Finish or undo every import a crash cut off, and remove its staging folder.

    Run before anything reads the data folder. Returns one line per staging
    folder dealt with (for the log). Never raises: a folder it cannot deal
    with now is left for the next start. `locked`: the caller holds the lock.
    """
    try:
        if not any(e.name.startswith(STAGING_PREFIX) for e in os.scandir(root)):
            return []
    except OSError:
        return []
    if locked:
        return _recover_all(root)
    try:
        with import_lock(root, wait=False) as got:
            return _recover_all(root) if got else []
    except OSError:
        return []


def _recover_all(root: Path) -> list[str]:
    done = []
    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
            done.append(f"{entry.name}: {_recover_one(root, Path(entry.path))}")
    return done


def _recover_one(root: Path, staging: Path) -> str:
    undo = (staging / UNDO).exists()
    marker = staging / (UNDO if undo else PLAN)
    if not marker.exists():
        _remove_staging(staging)
        return "never committed, or done; removed"
    try:
        plan = _PlanFile.model_validate_json(marker.read_bytes())
    except (OSError, ValidationError, ValueError, RecursionError):
        _remove_staging(staging)  # our own file, written whole: practically never
        return "its plan is unreadable; removed"
    try:
        if not undo:
            try:
                _forward(root, staging, plan)
                _remove_staging(staging)
                return "finished"
            except (OSError, ExistsNow, ValueError):
                pass
        _backward(root, staging, plan)
    except (OSError, ValueError):
        return "could not be finished or undone; left for the next start"
    _remove_staging(staging)
    return "undone"

