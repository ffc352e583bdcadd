"""Low-level file writing that survives power cuts and keeps data private.

Health data: every file and folder is created owner-only (0600 / 0700), and
whole-file writes go through a temporary file, fsync and an atomic rename so a
crash leaves either the old or the new version, never half of one.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from gmi.store.errors import StoreError

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_dir(path: Path) -> Path:
    """Create `path` (and any missing parents) owner-only; raise StoreError naming it.

    Path.mkdir(parents=True) gives the parents the default mode; each missing
    folder is made here one by one so every one of them is owner-only.
    """
    missing = []
    node = path
    while not node.exists() and node != node.parent:
        missing.append(node)
        node = node.parent
    try:
        for folder in reversed(missing):
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
    except OSError as exc:
        raise StoreError.from_os_error(path, "could not create this folder", exc) from exc
    if not path.is_dir():
        raise StoreError(path, "is a file, but a folder was expected")
    return path


def fsync_dir(path: Path) -> None:
    """Make a rename or new file in `path` durable (no-op where unsupported)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is out (short writes happen on full disks)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Replace `path` with `data` so that a crash never leaves a half file.

    `durable` False: not synced to disk (derived data in the cache, rebuilt when
    lost; a crash then leaves the old file or none, never half of one)."""
    ensure_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            write_all(fd, data)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError.from_os_error(path, "could not save", exc) from exc
    if durable:
        fsync_dir(path.parent)


def check_writable(folder: Path) -> None:
    """Prove `folder` can take new files by writing and removing a probe."""
    ensure_dir(folder)
    probe = folder / f".write-test-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            write_all(fd, b"ok")
            os.fsync(fd)
        finally:
            os.close(fd)
        probe.unlink()
    except OSError as exc:
        raise StoreError.from_os_error(folder, "cannot save anything here", exc) from exc
