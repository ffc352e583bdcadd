"""When the programme or the therapist PIN changed, and how: the report's audit trail.

One small JSON file per data folder (a handful of entries a year), rewritten
atomically; a line that cannot be read is skipped, never the whole log. PIN
entries concern everyone on the machine (profile_id None); programme entries
name the profile they changed.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from gmi.store.files import write_atomic
from gmi.store.paths import Layout

How = Literal["PIN set", "PIN set in the welcome", "PIN changed",
              "PIN reset with the recovery code", "programme edited", "programme file applied",
              "stage opened early"]


class ProgrammeChange(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    at: AwareDatetime
    how: How
    profile_id: str | None = None  # None: the PIN, for everyone on this machine
    detail: str = Field(default="", max_length=400)


def log_file(layout: Layout):
    return layout.root / "therapist-log.jsonl"


def read_changes(layout: Layout, profile_id: str | None = None) -> list[ProgrammeChange]:
    """Entries oldest first: the PIN ones and, given `profile_id`, that person's."""
    path = log_file(layout)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    for line in text.splitlines():
        try:
            change = ProgrammeChange.model_validate(json.loads(line))
        except (ValueError, ValidationError):
            continue  # a damaged line is skipped, the rest kept
        if change.profile_id is None or change.profile_id == profile_id:
            out.append(change)
    return sorted(out, key=lambda c: c.at)


def record_change(layout: Layout, how: How, profile_id: str | None = None,
                  detail: str = "", at: datetime | None = None) -> ProgrammeChange:
    """Append one entry (raises StoreError when it cannot be saved)."""
    change = ProgrammeChange(at=at or datetime.now().astimezone(), how=how,
                             profile_id=profile_id, detail=detail[:400])
    path = log_file(layout)
    try:
        old = path.read_bytes()
    except OSError:
        old = b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    write_atomic(path, old + change.model_dump_json().encode("utf-8") + b"\n")
    return change
