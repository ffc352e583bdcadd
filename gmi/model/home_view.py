"""What Home shows, as plain values: every sentence, mark and switch on it.

Home's words and decisions (which stage the big button starts, whether it
may, what each stage's card says, the trail's small wins) are made in
`gmi.app.home` from the day's Overview, tested without Qt; the screen
(`gmi.ui.home`) lays these values out and passes presses on.

This module imports no model with rules (no pydantic, no protocol): only
plain records, so the window can draw Home from the last one kept
(`gmi.store.home_snapshot`) before the rest of the app has loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from gmi.model.stages import Stage


@dataclass(frozen=True)
class PlanRow:
    """One line of today's plan: '✓  Left or right?' and 'about 3 minutes · done'."""

    step: str
    detail: str


@dataclass(frozen=True)
class StartButton:
    """The big button: what it says, the stage it starts (None: nothing to start)
    and, when it may not start, why in words (empty: it may)."""

    text: str
    stage: Stage | None
    problem: str = ""


@dataclass(frozen=True)
class GentleStart:
    """A gentler session offered on Home (a flare day, or a shorter way back in)."""

    stage: Stage
    mode: str  # "flare" or "short"
    button: str
    tooltip: str
    words: str  # what the session is, said before it starts
    problem: str = ""  # why it may not start now ("" : it may)


@dataclass(frozen=True)
class TrailView:
    """The trail picture, the calendar strip and the small wins beside them."""

    clarity: float
    total: int
    sentence: str
    strip: tuple[tuple[date, bool], ...]
    wins: str


@dataclass(frozen=True)
class StageTile:
    """One of the four stages' cards."""

    number: int
    title: str
    purpose: str
    state: str  # "done", "" or "off": how the card is drawn
    status: str
    last_result: str

    @property
    def accessible_name(self) -> str:
        return f"Stage {self.number}: {self.title}. {self.status}"


@dataclass(frozen=True)
class HomeView:
    name: str  # the person's name, for the greeting of the hour Home is drawn in
    subtitle: str
    notices: tuple[str, ...]
    welcome_back: str  # "" unless the person comes back after days away
    short_start: GentleStart | None
    plan_done: str  # the day's plan is done: said so ("" otherwise)
    sessions_line: str  # "Today's sessions: 9:00 ✓ · 13:00 next" (several a day)
    progress_line: str  # "Session 2 of 2 today · about 5 minutes"
    plan_rows: tuple[PlanRow, ...]
    start: StartButton
    flare_start: GentleStart | None
    trail: TrailView | None
    tiles: tuple[StageTile, ...]
    setup_offered: bool = False  # the welcome was put off: Home offers to finish it


def greeting(name: str, now: datetime) -> str:
    hour = now.hour
    part = "morning" if 5 <= hour < 12 else "afternoon" if 12 <= hour < 18 else "evening"
    return f"Good {part}, {name}"
