"""Daily check-ins on disk: one small JSON file per check-in, replaced atomically.

Rewritten whole after every answer (write to a temporary file, fsync,
rename), so a crash leaves either the previous answers or the new ones,
never half a file; a check-in closed halfway keeps what was answered. Each
has a unique id, so data brought from another machine merges without
duplicates.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from gmi.model.checkin import CHECKIN_SCHEMA_VERSION, CheckIn
from gmi.store.jsonfile import read_or_set_aside, write_model
from gmi.store.paths import Layout
from gmi.store.quarantine import NoticeBoard
from gmi.store.records import local_now


class CheckInStore:
    def __init__(self, layout: Layout, profile_id: str, notices: NoticeBoard) -> None:
        self.layout = layout
        self.profile_id = profile_id
        self.notices = notices
        self.folder = layout.profile_dir(profile_id) / "checkins"

    def begin(self) -> CheckIn:
        """A new, empty check-in for now (saved once the first answer comes)."""
        now = local_now()
        return CheckIn(checkin_id=uuid.uuid4().hex, profile_id=self.profile_id,
                       day=now.date(), at=now)

    def save(self, checkin: CheckIn) -> None:
        """Write (or replace) the check-in; raises StoreError a person can read."""
        write_model(self.path_of(checkin), checkin)

    def path_of(self, checkin: CheckIn) -> Path:
        """Where `checkin` is kept: the day first, so one day's are found by name."""
        return self.folder / f"{checkin.day.isoformat()}_{checkin.checkin_id}.json"

    def load_all(self) -> list[CheckIn]:
        """Every readable check-in, oldest first; unreadable files are set aside, named."""
        if not self.folder.is_dir():
            return []
        loaded = (read_or_set_aside(
            path, CheckIn, CHECKIN_SCHEMA_VERSION, self.layout, self.notices,
            lambda problem: f"A daily check-in could not be read ({problem}).")
            for path in sorted(self.folder.glob("*.json")))
        found = [c for c in loaded if c is not None]
        return sorted(found, key=lambda c: c.at)

    def done_on(self, day: date) -> bool:
        """Was a check-in answered (or consciously skipped) on `day`?"""
        if not self.folder.is_dir():
            return False
        return any(self.folder.glob(f"{day.isoformat()}_*.json"))

    def cards_seen(self) -> tuple[set[str], set[str]]:
        """Ids of the education cards (read, skipped): what to offer next."""
        read: set[str] = set()
        skipped: set[str] = set()
        for c in self.load_all():
            if c.card_id and c.card_read:
                read.add(c.card_id)
            elif c.card_id and c.card_read is False:
                skipped.add(c.card_id)
        return read, skipped - read
