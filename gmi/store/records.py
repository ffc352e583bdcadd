"""What a session journal holds, line by line (DESIGN.md section 3).

A journal is JSON Lines: one header, then one event per trial, rating or
summary, then an end record. Each line is validated on read; the stage that
wrote an event owns the shape of its ``data`` and validates it when scoring.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from gmi.model.stages import Stage

JOURNAL_SCHEMA_VERSION = 1


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JournalHeader(_Record):
    type: Literal["header"] = "header"
    schema_version: int = Field(ge=1)
    session_id: str = Field(min_length=8, max_length=64, pattern=r"^[0-9a-f]+$")
    profile_id: str = Field(min_length=1, max_length=64)
    stage: Stage
    app_version: str
    started_at: AwareDatetime
    protocol: dict[str, Any] = Field(default_factory=dict)
    mode: str = "normal"  # e.g. "practice", "flare": how the session was offered


class JournalEvent(_Record):
    type: Literal["event"] = "event"
    seq: int = Field(ge=1)
    at: AwareDatetime
    kind: str = Field(min_length=1, max_length=64)
    data: dict[str, Any] = Field(default_factory=dict)


Outcome = Literal["completed", "stopped"]


class JournalEnd(_Record):
    type: Literal["end"] = "end"
    at: AwareDatetime
    outcome: Outcome
    headline: str = ""  # one plain sentence for Home, e.g. "38 of 40 correct"
    summary: dict[str, Any] = Field(default_factory=dict)


def local_now() -> datetime:
    """Wall-clock time with the local UTC offset: days are the patient's days."""
    return datetime.now().astimezone()
