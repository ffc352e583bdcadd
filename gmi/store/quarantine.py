"""Setting aside files that cannot be read, visibly and without deleting them.

A file that does not parse is never dropped: it is moved to ``quarantine/``
with a ``.why.txt`` beside it, and a :class:`Notice` is raised for the screen
so the patient or therapist knows something was set aside and where it is.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from gmi.store.files import ensure_dir, write_atomic


@dataclass(frozen=True)
class Notice:
    """Something the person should know about their data."""

    file: Path
    text: str
    moved_to: Path | None = None


@dataclass
class NoticeBoard:
    """Collects notices raised while reading data, for the UI to show."""

    _items: list[Notice] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, notice: Notice) -> None:
        with self._lock:
            if notice not in self._items:
                self._items.append(notice)

    def items(self) -> list[Notice]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def quarantine(file: Path, quarantine_dir: Path, reason: str, root: Path | None = None) -> Path:
    """Move `file` into `quarantine_dir`, write why, return the new path.

    The new name keeps the original's place in the tree (``a__b__c.jsonl``)
    so a therapist can tell which profile it came from.
    """
    ensure_dir(quarantine_dir)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    try:
        relative = file.relative_to(root) if root else Path(file.name)
    except ValueError:
        relative = Path(file.name)
    base = "__".join(relative.parts)
    target = quarantine_dir / f"{stamp}_{base}"
    n = 1
    while target.exists():
        target = quarantine_dir / f"{stamp}_{n}_{base}"
        n += 1
    shutil.move(os.fspath(file), os.fspath(target))
    why = (
        f"Original location: {file}\n"
        f"Set aside on: {stamp}\n"
        f"Why: {reason}\n"
        "Nothing was deleted. A therapist or helper can look at this file; "
        "if it can be repaired, move it back to its original location.\n"
    )
    write_atomic(target.with_name(target.name + ".why.txt"), why.encode("utf-8"))
    return target


def quarantined_files(quarantine_dir: Path) -> list[Path]:
    """Files currently set aside (without their .why.txt notes)."""
    if not quarantine_dir.is_dir():
        return []
    return sorted(p for p in quarantine_dir.iterdir() if not p.name.endswith(".why.txt"))
