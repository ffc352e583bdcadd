"""What a session journal holds, line by line (DESIGN.md section 3).

A journal is JSON Lines: one header, then one event per trial, rating or
summary, then an end record. Each line is validated on read; the stage that
wrote an event owns the shape of its ``data`` and validates it when scoring.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gmi.model.limits import MAX_TEXT, Moment
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
    app_version: str = Field(max_length=64)
    started_at: Moment
    protocol: dict[str, Any] = Field(default_factory=dict)
    # how the session was offered, e.g. "practice", "flare"
    mode: str = Field(default="normal", max_length=32)
    # the stages open to the person when it began (progression opens them over
    # time), so a round finished in the morning stays finished when a stage
    # opens at noon; None in journals written before it was recorded
    open_stages: list[Stage] | None = None


class JournalEvent(_Record):
    type: Literal["event"] = "event"
    seq: int = Field(ge=1)
    at: Moment
    kind: str = Field(min_length=1, max_length=64)
    data: dict[str, Any] = Field(default_factory=dict)


Outcome = Literal["completed", "stopped"]


class JournalEnd(_Record):
    type: Literal["end"] = "end"
    at: Moment
    outcome: Outcome
    # one plain sentence for Home, e.g. "38 of 40 correct"
    headline: str = Field(default="", max_length=MAX_TEXT)
    summary: dict[str, Any] = Field(default_factory=dict)


def local_now() -> datetime:
    """Wall-clock time with the local UTC offset: days are the patient's days."""
    return datetime.now().astimezone()
