"""Home: today's plan with one large Start button, the four stages, last results.

The screen only shows a :class:`~gmi.model.home_view.HomeView`; what it says and
which stage starts are decided in the core (`gmi.app.home`, `gmi.model.plan`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gmi.model.home_view import GentleStart, HomeView, StageTile, TrailView, greeting
from gmi.ui.calendar_strip import calendar_strip
from gmi.ui.trail import trail_picture
from gmi.ui.widgets import card, clear_layout, label, notice_banner, scroll_page


class HomeScreen(QWidget):
    """Shows one HomeView; asks the window to start a stage."""

    start_requested = Signal(str)
    gentle_requested = Signal(str, str)  # stage, mode ("flare" or "short")
    setup_requested = Signal()  # "Finish setting up": the welcome, put off earlier

    def __init__(self, view: HomeView, now: Callable[[], datetime] = datetime.now,
                 parent: QWidget | None = None, kept: bool = False,
                 pictures: Path | None = None) -> None:
        """`kept`: `view` is the Home the last start left (gmi.store.home_snapshot),
        drawn before the data was read; the first fresh view that says the same
        leaves it as drawn (no flicker, the focus where it is). `pictures`: where
        the trail pictures painted before are kept (the data folder's cache)."""
        super().__init__(parent)
        self._now = now
        self._pictures = pictures
        self._kept = False
        self.next_stage: str | None = None

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
        self.show_view(view)
        self._kept = kept

    def show_view(self, view: HomeView) -> None:
        kept, self._kept = self._kept, False
        if kept and view == self.view:
            return
        self.view = view
        self.scroll.verticalScrollBar().setValue(0)  # a new day's page starts at its top
        self.start_button.setParent(None)
        clear_layout(self._layout)
        self._layout.addWidget(label(greeting(view.name, self._now()), "title"))
        self._layout.addWidget(label(view.subtitle, "muted"))

        self.notice_labels = list(view.notices)
        for text in view.notices:
            self._layout.addWidget(notice_banner(text))

        self.setup_button: QPushButton | None = None
        if view.setup_offered:
            self._layout.addWidget(self._setup_banner())
        self.short_button: QPushButton | None = None
        if view.welcome_back:
            self._layout.addWidget(self._welcome_back(view.welcome_back, view.short_start))
            self.notice_labels.append("welcome back")
        self._layout.addWidget(self._plan_card(view))
        self._layout.addWidget(self._flare_card(view.flare_start))
        if view.trail is not None:
            self._layout.addWidget(self._trail_card(view.trail))
        row = QHBoxLayout()
        row.addWidget(label("Short cards explain why this practice helps.", "muted"), 1)
        self.cards_button = QPushButton("Read about &pain")
        self.cards_button.clicked.connect(self.open_cards)
        row.addWidget(self.cards_button)
        self._layout.addLayout(row)
        self._layout.addWidget(label("Your four stages", "subtitle"))
        grid = QGridLayout()
        grid.setSpacing(12)
        for n, tile in enumerate(view.tiles):
            grid.addWidget(self._stage_card(tile), n // 2, n % 2)
        self._layout.addLayout(grid)
        self._layout.addStretch(1)

    def _plan_card(self, view: HomeView) -> QWidget:
        frame, box = card()
        box.addWidget(label("Today's plan", "subtitle"))
        for line in (view.plan_done, view.sessions_line):
            if line:
                box.addWidget(label(line))
        if view.progress_line:
            box.addWidget(label(view.progress_line, "muted"))
        for plan_row in view.plan_rows:
            row = QHBoxLayout()
            row.addWidget(label(plan_row.step), 1)
            row.addWidget(label(plan_row.detail, "muted", wrap=False))
            box.addLayout(row)

        start = view.start
        self.next_stage = start.stage
        self.start_button.setText(start.text)
        self.start_button.setEnabled(start.stage is not None and not start.problem)
        self.start_button.setToolTip(start.problem)
        self.start_button.setAccessibleName(start.text)
        box.addSpacing(6)
        box.addWidget(self.start_button)
        if start.problem:
            box.addWidget(label(start.problem, "muted"))
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

    def _welcome_back(self, text: str, offer: GentleStart | None) -> QWidget:
        if offer is None:
            return notice_banner(text)
        banner = QFrame()
        banner.setObjectName("notice")
        box = QVBoxLayout(banner)
        box.setContentsMargins(14, 10, 14, 10)
        box.addWidget(label(text))
        self.short_button = QPushButton(offer.button)
        self.short_button.setToolTip(offer.tooltip)
        self.short_button.clicked.connect(
            lambda: self.gentle_requested.emit(offer.stage, offer.mode))
        box.addWidget(self.short_button, 0, Qt.AlignmentFlag.AlignLeft)
        return banner

    def _flare_card(self, offer: GentleStart | None) -> QWidget:
        """"I'm having a flare": a gentler session, explained before it starts."""
        frame, box = card()
        row = QHBoxLayout()
        row.addWidget(label("Having a hard day? A gentler session still counts.", "muted"), 1)
        self.flare_button = QPushButton("I'm having a &flare")
        self.flare_button.setEnabled(offer is not None and not offer.problem)
        row.addWidget(self.flare_button)
        box.addLayout(row)
        self.flare_panel = QWidget()
        panel = QVBoxLayout(self.flare_panel)
        panel.setContentsMargins(0, 8, 0, 0)
        self.flare_start: QPushButton | None = None
        if offer is not None:
            panel.addWidget(label(offer.words))
            buttons = QHBoxLayout()
            self.flare_start = QPushButton(offer.button)
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

    def _trail_card(self, trail: TrailView) -> QWidget:
        frame, box = card()
        box.addWidget(label("Your trail", "subtitle"))
        row = QHBoxLayout()
        row.setSpacing(18)
        self.trail = trail_picture(trail.clarity, trail.total, trail.sentence,
                                   dpr=self.devicePixelRatioF(), parent=frame,
                                   kept_in=self._pictures)
        row.addWidget(self.trail, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        self.calendar = calendar_strip(trail.strip, self.font(), parent=frame)
        column.addWidget(self.calendar)
        self.trail_words = label(trail.wins, "muted")
        column.addWidget(self.trail_words)
        column.addStretch(1)
        row.addLayout(column, 1)
        box.addLayout(row)
        return frame

    def _stage_card(self, tile: StageTile) -> QWidget:
        frame, box = card(tile.state)
        box.addWidget(label(f"Stage {tile.number}", "small"))
        box.addWidget(label(tile.title, "subtitle"))
        box.addWidget(label(tile.purpose, "muted"))
        box.addWidget(label(tile.status))
        box.addWidget(label(tile.last_result, "small"))
        box.addStretch(1)
        frame.setAccessibleName(tile.accessible_name)
        return frame

    def open_cards(self) -> None:
        from gmi.ui.cards import CardsDialog

        self.cards_dialog = CardsDialog(parent=self)
        self.cards_dialog.open()  # window-modal, never blocks the event loop

    def _start(self) -> None:
        if self.next_stage is not None:
            self.start_requested.emit(self.next_stage)
