"""Starting practice from the window: the day's check-in first when today has
none, then the stage's screen as a cover.

Whether the check-in comes first, which card it offers and which protocol a
flare or short day runs are `gmi.app.day.Day`'s rules; this only shows what
`Day` answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import QWidget

from gmi.app.day import AskCheckIn, Day, StartStage
from gmi.model.gentle import SessionMode
from gmi.model.stages import Stage
from gmi.ui.checkin import CheckInScreen
from gmi.ui.shell import Shell
from gmi.ui.stage_host import StageFactory


class Practice:
    def __init__(self, day: Day, shell: Shell, stage_screens: Mapping[Stage, StageFactory],
                 before: Callable[[], None], finished: Callable[[], None]) -> None:
        """`before()` runs as practice takes the window (the welcome closes);
        `finished()` when a stage screen is left."""
        self._day, self._shell, self._screens = day, shell, stage_screens
        self._before, self._finished = before, finished

    def cover(self, kind: str) -> QWidget | None:
        """The check-in ("checkin") or a stage ("stage-") on screen, if any."""
        cover = self._shell.cover
        return cover if cover is not None and cover.objectName().startswith(kind) else None

    def begin(self, stage: Stage, mode: SessionMode = "normal") -> None:
        """Start `stage`, after the daily check-in if today has none yet.

        `mode`: "flare" or "short" run a gentler copy of the protocol.
        """
        step = self._day.begin(stage, mode)
        if isinstance(step, AskCheckIn):
            self._before()
            gentle = self._day.gentle_minutes(stage) if mode == "normal" else None
            screen = CheckInScreen(step.checkins, step.card, gentle_minutes=gentle)
            # starting the stage leaves (and deletes) the check-in screen; a hard
            # check-in may have chosen the gentle session
            screen.finished.connect(lambda: self.start(
                stage, screen.mode if mode == "normal" else mode))
            screen.setObjectName("checkin")
            self._shell.show_cover(screen)
        elif isinstance(step, StartStage):
            self._show(step)

    def start(self, stage: Stage, mode: SessionMode = "normal") -> None:
        """Start `stage` now (the check-in is done or not asked)."""
        step = self._day.start(stage, mode)
        if step is not None:
            self._show(step)

    def _show(self, step: StartStage) -> None:
        self._before()
        screen = self._screens[step.stage](step.context)
        screen.finished.connect(self._finished)  # type: ignore[attr-defined]
        screen.setObjectName(f"stage-{step.stage}")
        self._shell.show_cover(screen)
