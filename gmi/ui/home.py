"""Home: today's plan with one large Start button, the four stages, last results.

The screen only shows an :class:`~gmi.store.overview.Overview`; deciding what
is next happens in the core (`gmi.model.plan`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmi.model.plan import about_minutes
from gmi.model.practice_days import Adherence
from gmi.model.stages import Stage
from gmi.store.overview import Overview, StageCard, greeting
from gmi.ui.calendar_strip import calendar_strip
from gmi.ui.trail import trail_picture
from gmi.ui.widgets import card, clear_layout, label, notice_banner, scroll_page

_MARK = {"done": "✓", "next": "→", "later": "·"}


class HomeScreen(QWidget):
    """Shows one Overview; asks the window to start a stage."""

    start_requested = Signal(str)

    def __init__(
        self,
        overview: Overview,
        notices: list[str],
        stage_problem: Callable[[Stage], str],
        now: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._stage_problem = stage_problem
        self._now = now
        self.next_stage: Stage | None = None

        content = QWidget()
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(32, 24, 32, 32)
        self._layout.setSpacing(16)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))

        self.start_button = QPushButton()
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)
        self.show_overview(overview, notices)

    def show_overview(self, overview: Overview, notices: list[str]) -> None:
        self.overview = overview
        self.start_button.setParent(None)
        clear_layout(self._layout)
        profile = overview.profile
        side = f"{profile.affected_side} {profile.body_part}"

        self._layout.addWidget(label(greeting(profile.display_name, self._now()), "title"))
        self._layout.addWidget(label(
            f"{overview.protocol.title} · practising with your {side} in mind", "muted"))

        self.notice_labels = []
        gentle = [t for t in (overview.interrupted_today, overview.flare_note) if t]
        for text in gentle + notices:
            banner = notice_banner(text)
            self.notice_labels.append(text)
            self._layout.addWidget(banner)

        if overview.adherence is not None and overview.adherence.welcome_back:
            banner = notice_banner(
                "Welcome back. It is good to see you. Every day of practice counts, "
                "whenever it comes; start with whatever feels right today.")
            self.notice_labels.append("welcome back")
            self._layout.addWidget(banner)
        self._layout.addWidget(self._plan_card(overview))
        if overview.adherence is not None:
            self._layout.addWidget(self._trail_card(overview.adherence))
        row = QHBoxLayout()
        row.addWidget(label("Short cards explain why this practice helps.", "muted"), 1)
        self.cards_button = QPushButton("Read about &pain")
        self.cards_button.clicked.connect(self.open_cards)
        row.addWidget(self.cards_button)
        self._layout.addLayout(row)
        self._layout.addWidget(label("Your four stages", "subtitle"))
        grid = QGridLayout()
        grid.setSpacing(12)
        for n, stage_card in enumerate(overview.cards):
            grid.addWidget(self._stage_card(stage_card), n // 2, n % 2)
        self._layout.addLayout(grid)
        self._layout.addStretch(1)

    def _plan_card(self, overview: Overview) -> QWidget:
        plan = overview.plan
        frame, box = card()
        box.addWidget(label("Today's plan", "subtitle"))
        if plan.all_done:
            rounds = "session" if plan.rounds_planned == 1 else f"{plan.rounds_planned} sessions"
            box.addWidget(label(
                f"Today's practice is done ({rounds}). That is what rewires, one day at a "
                "time. You may practise again if you like."))
        else:
            box.addWidget(label(
                f"Session {plan.rounds_done + 1} of {plan.rounds_planned} today · "
                f"{about_minutes(plan.minutes_left)}", "muted"))
        for step in plan.steps:
            row = QHBoxLayout()
            status = {"done": "done", "next": "next", "later": "after that"}[step.status]
            row.addWidget(label(f"{_MARK[step.status]}  {step.title}"), 1)
            row.addWidget(label(f"{about_minutes(step.minutes)} · {status}", "muted", wrap=False))
            box.addLayout(row)

        next_step = plan.next_step
        stage = next_step.stage if next_step else (plan.steps[0].stage if plan.steps else None)
        self.next_stage = stage
        if stage is None:
            self.start_button.setText("Nothing is planned yet")
            self.start_button.setEnabled(False)
        else:
            title = next(c.title for c in overview.cards if c.stage == stage)
            verb = "Start" if next_step else "Practise again"
            self.start_button.setText(f"{verb}: {title}")
            problem = self._stage_problem(stage)
            self.start_button.setEnabled(not problem)
            self.start_button.setToolTip(problem)
        self.start_button.setAccessibleName(self.start_button.text())
        box.addSpacing(6)
        box.addWidget(self.start_button)
        problem = self._stage_problem(stage) if stage is not None else ""
        if problem:
            box.addWidget(label(problem, "muted"))
        return frame

    def _trail_card(self, days: Adherence) -> QWidget:
        frame, box = card()
        box.addWidget(label("Your trail", "subtitle"))
        row = QHBoxLayout()
        row.setSpacing(18)
        self.trail = trail_picture(days.clarity, days.total, days.trail_sentence,
                                   dpr=self.devicePixelRatioF(), parent=frame)
        row.addWidget(self.trail, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        self.calendar = calendar_strip(days.strip, self.font(), parent=frame)
        column.addWidget(self.calendar)
        week = "day" if days.this_week == 1 else "days"
        words = [f"This week: {days.this_week} {week}",
                 f"Last 4 weeks: {days.last_4_weeks} of 28 days"]
        if days.in_a_row >= 2:
            words.append(f"{days.in_a_row} days in a row")
        self.trail_words = label(" · ".join(words), "muted")
        column.addWidget(self.trail_words)
        column.addStretch(1)
        row.addLayout(column, 1)
        box.addLayout(row)
        return frame

    def _stage_card(self, info: StageCard) -> QWidget:
        state = "done" if info.done_today else ("" if info.in_plan else "off")
        frame, box = card(state)
        box.addWidget(label(f"Stage {info.number}", "small"))
        box.addWidget(label(info.title, "subtitle"))
        box.addWidget(label(info.purpose, "muted"))
        if info.done_today:
            times = "once" if info.done_today == 1 else f"{info.done_today} times"
            status = f"✓ Done today ({times})"
        elif not info.in_plan:
            status = "Not part of your programme at the moment; your therapist can add it."
        elif not info.unlocked:
            status = info.why if info.why.startswith("Opens") else f"Opens later. {info.why}"
        else:
            status = "On today's plan"
        box.addWidget(label(status))
        box.addWidget(label(info.last_result or "Not tried yet", "small"))
        box.addStretch(1)
        frame.setAccessibleName(f"Stage {info.number}: {info.title}. {status}")
        return frame

    def open_cards(self) -> None:
        from gmi.ui.cards import CardsDialog

        self.cards_dialog = CardsDialog(parent=self)
        self.cards_dialog.open()  # window-modal, never blocks the event loop

    def _start(self) -> None:
        if self.next_stage is not None:
            self.start_requested.emit(self.next_stage)
