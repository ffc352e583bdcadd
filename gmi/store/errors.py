"""Errors a person can act on: which file, what went wrong, what to do.

Every failure that reaches the screen passes through :class:`StoreError`, so
the wording stays plain and always names the file involved.
"""

from __future__ import annotations

import errno
from pathlib import Path

_PLAIN_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "this account is not allowed to write there",
    errno.EPERM: "this account is not allowed to write there",
    errno.EROFS: "the folder is on a read-only disk",
    errno.ENOENT: "the folder does not exist (was it moved or removed?)",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EIO: "the disk reported a read or write error",
}

_ADVICE = {
    errno.ENOSPC: "Free some disk space; everything saved so far is kept.",
    errno.EDQUOT: "Free some disk space; everything saved so far is kept.",
    errno.EACCES: "Choose another data folder in Settings, or set GMI_DATA_DIR.",
    errno.EPERM: "Choose another data folder in Settings, or set GMI_DATA_DIR.",
    errno.EROFS: "Choose another data folder in Settings, or set GMI_DATA_DIR.",
}


def plain_reason(exc: OSError) -> str:
    """Turn an OSError into words that do not need a programmer to read."""
    return _PLAIN_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


class StoreError(Exception):
    """A problem with one file or folder in the data folder."""

    def __init__(self, path: Path | str, problem: str, advice: str = "") -> None:
        self.path = Path(path)
        self.problem = problem
        self.advice = advice
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.path}: {self.problem}."
        return f"{text} {self.advice}" if self.advice else text

    @classmethod
    def from_os_error(cls, path: Path | str, action: str, exc: OSError) -> StoreError:
        """Build the message for a failed read or write.

        `action` is the verb phrase, e.g. "could not save".
        """
        return cls(path, f"{action}: {plain_reason(exc)}", _ADVICE.get(exc.errno or 0, ""))


class StoreWriteError(StoreError):
    """Writing failed; what was written before is still on disk."""


class NewerVersionError(StoreError):
    """A file was written by a newer GMI Trainer; reading it could lose fields."""


def refuse_newer(path: Path | str, data: dict, newest: int) -> None:
    """Raise NewerVersionError if `data` says it was written by a newer app.

    Such files are left untouched: reading them with older rules could lose
    fields a newer version added.
    """
    version = data.get("schema_version")
    if isinstance(version, str) and version.strip().isdigit():
        version = int(version)  # "2" as text is still format 2: refuse, never read as 1
    if isinstance(version, int) and not isinstance(version, bool) and version > newest:
        raise NewerVersionError(
            path,
            f"was written by a newer GMI Trainer (format {version}; this app reads up to "
            f"{newest})",
            "Update GMI Trainer; the file was left untouched so nothing is lost.",
        )
