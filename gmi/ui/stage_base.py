"""What every stage screen shares: its session journal and its summary page.

The journal wrapper keeps a write failure as words for the summary instead
of interrupting practice: the person finishes calmly and is told what could
not be saved.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QPushButton, QStackedWidget, QVBoxLayout, QWidget

from gmi.model.practice_days import practice_day
from gmi.model.stages import Stage
from gmi.store.errors import StoreError
from gmi.store.journal import JournalWriter
from gmi.store.records import Outcome
from gmi.store.wins import block_acknowledgement
from gmi.ui.stage_host import StageContext
from gmi.ui.widgets import label, scroll_page


class StageJournal:
    """One stage session's journal: start once, append events, finish or close."""

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
                self.stage, self.context.protocol.model_dump(mode="json"), self.context.mode)
        except StoreError as exc:
            self.problem = exc.message

    @property
    def open(self) -> bool:
        return self.writer is not None and not self.writer.ended

    @property
    def session_id(self) -> str | None:
        return self.writer.session_id if self.writer else None

    def append(self, kind: str, data: dict[str, Any]) -> None:
        if not self.open:
            return
        try:
            self.writer.append(kind, data)  # type: ignore[union-attr]
        except StoreError as exc:
            self.problem = exc.message

    def finish(self, outcome: Outcome, headline: str, summary: dict[str, Any]) -> None:
        if not self.open:
            return
        try:
            self.writer.finish(outcome, headline, summary)  # type: ignore[union-attr]
        except StoreError as exc:
            self.problem = exc.message

    def acknowledgement(self, summary: dict[str, Any]) -> str:
        """One concrete, true sentence about this block ("" if nothing could be read)."""
        context = self.context
        day = practice_day(self.writer.header.started_at) if self.writer else date.today()
        try:
            return block_acknowledgement(
                context.sessions, self.stage, summary,
                body_part=context.profile.body_part, mode=context.mode, today=day)
        except StoreError:
            return ""

    def close(self) -> None:
        """Without an end record: the session reads as interrupted, all steps kept."""
        if self.open:
            self.writer.close()  # type: ignore[union-attr]


def show_summary(pages: QStackedWidget, old: QWidget, title: str, lines: list[str],
                 problem: str, on_home, extra: QWidget | None = None,
                 acknowledgement: str = "") -> tuple[QWidget, QPushButton]:
    """Replace the `old` summary page with a new one; returns (page, home button).

    `acknowledgement` (one concrete win, from `StageJournal.acknowledgement`)
    comes first, under the title, where the eye lands.
    """
    content = QWidget()
    box = QVBoxLayout(content)
    box.setContentsMargins(40, 32, 40, 32)
    box.setSpacing(12)
    box.addWidget(label(title, "title"))
    if acknowledgement:
        box.addWidget(label(acknowledgement, "win"))
    for line in lines:
        box.addWidget(label(line))
    if problem:
        box.addWidget(label(f"Some steps could not be saved: {problem}", "error"))
    if extra is not None:
        box.addWidget(extra)
    home = QPushButton("Back to Home")
    home.setObjectName("primary")
    home.clicked.connect(on_home)
    box.addWidget(home)
    box.addStretch(1)
    page = scroll_page(content)
    pages.removeWidget(old)
    old.deleteLater()
    pages.addWidget(page)
    pages.setCurrentWidget(page)
    home.setFocus()
    return page, home
