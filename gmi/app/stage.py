"""What every stage session shares: its context and its journal.

A stage session is built from a :class:`StageContext` (who, which protocol,
where sessions are saved, the settings, the mode of the day). Its
:class:`StageJournal` keeps a write failure as words for the summary instead
of interrupting practice: the person finishes calmly and is told what could
not be saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gmi.app.wins import block_acknowledgement
from gmi.model.practice_days import practice_day
from gmi.model.protocol import Protocol
from gmi.model.records import EventRecord, SummaryRecord, event_data, summary_data
from gmi.model.stages import Stage
from gmi.store.errors import StoreError
from gmi.store.journal import JournalWriter
from gmi.store.profiles import Profile
from gmi.store.records import Outcome
from gmi.store.sessions import SessionStore
from gmi.store.settings import AppSettings


@dataclass(frozen=True)
class StageContext:
    """Everything a stage session needs from the day it runs in."""

    profile: Profile
    protocol: Protocol
    sessions: SessionStore
    settings: AppSettings
    mode: str = "normal"
    pain_today: int | None = None  # the day's check-in answer: a stage's rating starts there
    open_stages: tuple[Stage, ...] | None = None  # open to the person today (in the journal)


class StageJournal:
    """One stage session's journal: start once, write typed events, finish or close."""

    def __init__(self, context: StageContext, stage: Stage) -> None:
        self.context = context
        self.stage = stage
        self.writer: JournalWriter | None = None
        self.problem = ""

    def start(self) -> None:
        if self.writer is not None:
            return
        try:
            self.writer = self.context.sessions.start(
                self.stage, self.context.protocol.model_dump(mode="json"), self.context.mode,
                open_stages=self.context.open_stages)
        except StoreError as exc:
            self.problem = exc.message

    @property
    def open(self) -> bool:
        return self.writer is not None and not self.writer.ended

    @property
    def started(self) -> bool:
        return self.writer is not None

    @property
    def session_id(self) -> str | None:
        return self.writer.session_id if self.writer else None

    def write(self, record: EventRecord) -> None:
        """Journal one event (flushed and fsync'd before this returns)."""
        if not self.open:
            return
        try:
            self.writer.append(record.KIND, event_data(record))  # type: ignore[union-attr]
        except StoreError as exc:
            self.problem = exc.message

    def finish(self, outcome: Outcome, headline: str, summary: SummaryRecord) -> None:
        if not self.open:
            return
        try:
            self.writer.finish(outcome, headline, summary_data(summary))  # type: ignore[union-attr]
        except StoreError as exc:
            self.problem = exc.message

    def acknowledgement(self, summary: SummaryRecord) -> str:
        """One concrete, true sentence about this block ("" if nothing could be read)."""
        context = self.context
        day = practice_day(self.writer.header.started_at) if self.writer else date.today()
        try:
            return block_acknowledgement(
                context.sessions, self.stage, summary_data(summary),
                body_part=context.profile.body_part, mode=context.mode, today=day)
        except StoreError:
            return ""

    def close(self) -> None:
        """Without an end record: the session reads as interrupted, all steps kept."""
        if self.open:
            self.writer.close()  # type: ignore[union-attr]
