"""Home: today's plan with one large Start button, the four stages, last results.

The screen only shows an :class:`~gmi.app.overview.Overview`; deciding what
is next happens in the core (`gmi.model.plan`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmi.app.overview import Overview, StageCard, greeting
from gmi.model.gentle import GentleOffer
from gmi.model.plan import about_minutes, plan_words
from gmi.model.practice_days import Adherence
from gmi.model.reminder import sessions_words
from gmi.model.stages import STAGE_TITLES, Stage
from gmi.ui.calendar_strip import calendar_strip
from gmi.ui.trail import trail_picture
from gmi.ui.widgets import card, clear_layout, label, notice_banner, scroll_page

_MARK = {"done": "✓", "next": "→", "later": "·"}


class HomeScreen(QWidget):
    """Shows one Overview; asks the window to start a stage."""

    start_requested = Signal(str)
    gentle_requested = Signal(str, str)  # stage, mode ("flare" or "short")
    setup_requested = Signal()  # "Finish setting up": the welcome, put off earlier

    def __init__(
        self,
        overview: Overview,
        notices: list[str],
        stage_problem: Callable[[Stage], str],
        now: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
        setup_offered: bool = False,
        session_times: list[time] | None = None,
    ) -> None:
        """`setup_offered`: the welcome was put off; Home offers to finish it.
        `session_times`: the day's chosen times, when there are several."""
        super().__init__(parent)
        self._stage_problem = stage_problem
        self.setup_offered = setup_offered
        self.session_times: list[time] = list(session_times or [])
        self._now = now
        self.next_stage: Stage | None = None

        content = QWidget()
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(32, 24, 32, 32)
        self._layout.setSpacing(16)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = scroll_page(content)
        outer.addWidget(self.scroll)

        self.start_button = QPushButton()
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)
        self.show_overview(overview, notices)

    def show_overview(self, overview: Overview, notices: list[str]) -> None:
        self.overview = overview
        self.scroll.verticalScrollBar().setValue(0)  # a new day's page starts at its top
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

        self.setup_button: QPushButton | None = None
        if self.setup_offered:
            self._layout.addWidget(self._setup_banner())
        self.short_button: QPushButton | None = None
        if overview.adherence is not None and overview.adherence.welcome_back:
            self._layout.addWidget(self._welcome_back(overview.short_offer))
            self.notice_labels.append("welcome back")
        self._layout.addWidget(self._plan_card(overview))
        self._layout.addWidget(self._flare_card(overview.flare_offer))
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
            rounds = "" if plan.rounds_planned == 1 else f" ({plan.rounds_planned} sessions)"
            box.addWidget(label(
                f"Today's practice is done{rounds}. That is what rewires, one day at a "
                "time. You may practise again if you like."))
        words = plan_words(plan)
        if plan.rounds_planned > 1:  # little and often: each of the day's sessions
            box.addWidget(label("Today's sessions: " + sessions_words(
                self.session_times, plan.rounds_planned, plan.rounds_done)))
        if not plan.all_done:  # "Session 1 of 1 today" says nothing to a one-session day
            session = ("" if plan.rounds_planned == 1 else
                       f"Session {plan.rounds_done + 1} of {plan.rounds_planned} today · ")
            box.addWidget(label(f"{session}{words.total_left}", "muted"))
        for step, minutes in zip(plan.steps, words.rows, strict=True):
            row = QHBoxLayout()
            status = {"done": "done", "next": "next", "later": "after that"}[step.status]
            row.addWidget(label(f"{_MARK[step.status]}  {step.title}"), 1)
            row.addWidget(label(f"{minutes} · {status}", "muted", wrap=False))
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

    def _setup_banner(self) -> QWidget:
        banner = QFrame()
        banner.setObjectName("notice")
        row = QHBoxLayout(banner)
        row.setContentsMargins(14, 10, 14, 10)
        row.addWidget(label("Setting up is not finished: the camera check, a text size and "
                            "a daily reminder take about two minutes."), 1)
        self.setup_button = QPushButton("Finish setting up")
        self.setup_button.clicked.connect(self.setup_requested)
        row.addWidget(self.setup_button)
        return banner

    def _welcome_back(self, offer: GentleOffer | None) -> QWidget:
        text = ("Welcome back. It is good to see you. Every day of practice counts, "
                "whenever it comes; start with whatever feels right today.")
        if offer is None:
            return notice_banner(text)
        banner = QFrame()
        banner.setObjectName("notice")
        box = QVBoxLayout(banner)
        box.setContentsMargins(14, 10, 14, 10)
        box.addWidget(label(text + " A shorter first session is a good way back in."))
        self.short_button = QPushButton(
            f"Start a shorter session ({about_minutes(offer.minutes)})")
        self.short_button.setToolTip(f"{STAGE_TITLES[offer.stage]}, about half the usual amount")
        self.short_button.clicked.connect(
            lambda: self.gentle_requested.emit(offer.stage, offer.mode))
        box.addWidget(self.short_button, 0, Qt.AlignmentFlag.AlignLeft)
        return banner

    def _flare_card(self, offer: GentleOffer | None) -> QWidget:
        """"I'm having a flare": a gentler session, explained before it starts."""
        frame, box = card()
        row = QHBoxLayout()
        row.addWidget(label("Having a hard day? A gentler session still counts.", "muted"), 1)
        self.flare_button = QPushButton("I'm having a &flare")
        self.flare_button.setEnabled(offer is not None and not self._stage_problem(offer.stage))
        row.addWidget(self.flare_button)
        box.addLayout(row)
        self.flare_panel = QWidget()
        panel = QVBoxLayout(self.flare_panel)
        panel.setContentsMargins(0, 8, 0, 0)
        self.flare_start: QPushButton | None = None
        if offer is not None:
            panel.addWidget(label(
                "I'm sorry it is a hard day. Flares come and go, and they are part of "
                "recovery, not a step back. A gentler session today: "
                f"“{STAGE_TITLES[offer.stage]}” with about half the usual amount "
                f"({about_minutes(offer.minutes)}). Stop whenever you need to; whatever you "
                "do is saved."))
            buttons = QHBoxLayout()
            self.flare_start = QPushButton("Start the gentle session")
            self.flare_start.setObjectName("primary")
            self.flare_start.clicked.connect(
                lambda: self.gentle_requested.emit(offer.stage, offer.mode))
            not_now = QPushButton("Not now")
            not_now.clicked.connect(lambda: self._show_flare(False))
            buttons.addWidget(self.flare_start)
            buttons.addWidget(not_now)
            buttons.addStretch(1)
            panel.addLayout(buttons)
        self.flare_panel.hide()
        box.addWidget(self.flare_panel)
        self.flare_button.clicked.connect(lambda: self._show_flare(True))
        return frame

    def _show_flare(self, shown: bool) -> None:
        self.flare_panel.setVisible(shown)
        self.flare_button.setVisible(not shown)
        if shown and self.flare_start is not None:
            self.scroll.ensureWidgetVisible(self.flare_panel)
            self.flare_start.setFocus()
        elif not shown:
            self.flare_button.setFocus()

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
        words = []  # small wins only: no zero named as a result
        if days.this_week:
            words.append(f"This week: {days.this_week} {week}")
        if days.last_4_weeks:
            words.append(f"Last 4 weeks: {days.last_4_weeks} of 28 days")
        if days.in_a_row >= 2:
            words.append(f"{days.in_a_row} days in a row")
        self.trail_words = label(" · ".join(words) or "Your trail begins with your first "
                                 "practice.", "muted")
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
        elif info.partial_today:
            status = f"Partly done today ({info.partial_today})"
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
