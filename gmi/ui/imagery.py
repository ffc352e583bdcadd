"""Stage 2 screen: shows what `ImagerySession` says, passes input on.

Per block: for each picture a few repetitions (Space when the imagined
movement is done; the hold time caps each) and a vividness rating; pain
before and after only when the session says the protocol asks. "This
hurts, stop" is always on screen: it ends the block at once, says why that
was right, and suggests a gentler way in. The order, timing and journal live in `gmi.app.imagery`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.imagery import (
    AskPainAfter,
    AskPainBefore,
    AskVividness,
    ImageryFinished,
    ImagerySession,
    Imagine,
    Rest,
    Step,
    StoppedForPainStep,
)
from gmi.app.stage import StageContext
from gmi.model.imagery import ImageryStep
from gmi.model.plan import about_minutes
from gmi.model.stages import other_side
from gmi.ui.cues import Cues
from gmi.ui.rating import RatingScale
from gmi.ui.stage_base import show_summary
from gmi.ui.stimulus_view import StimulusView
from gmi.ui.widgets import label, scroll_page

TICK_MS = 100


class ImageryScreen(QWidget):
    finished = Signal()

    def __init__(self, context: StageContext, seed: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.session = ImagerySession(context, seed)
        self.settings = self.session.settings
        self.side = self.session.side
        self.body = self.session.body
        self.cues = Cues(chime=context.settings.chime, speech=context.settings.spoken_prompts,
                         parent=self)

        self._hold = self._timer(lambda: self._follow(self.session.hold_over()), single=True)
        self._rest = self._timer(lambda: self._follow(self.session.after_rest()), single=True)
        self._tick = self._timer(self._update_bar, single=False)
        self._tick.setInterval(TICK_MS)

        top = QHBoxLayout()
        top.setContentsMargins(24, 10, 24, 0)
        self.progress_label = label("", "muted")
        top.addWidget(self.progress_label, 1)
        self.hurts_button = QPushButton("This hurts, stop")
        self.hurts_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hurts_button.setAccessibleName("This hurts, stop")
        self.hurts_button.clicked.connect(self.stop_for_pain)
        top.addWidget(self.hurts_button)

        self.pages = QStackedWidget()
        self.pain_before = RatingScale("Before we start: how much pain do you feel now?",
                                       0, 10, "no pain", "worst pain imaginable")
        prefill = self.session.pain_prefill
        if prefill is not None:  # the check-in's answer: Enter keeps it
            self.pain_before.question.setText(
                f"Before we start: is your pain still {prefill}, as at the "
                "check-in? Press Enter to keep it.")
        self.pain_before.rated.connect(lambda v: self._follow(self.session.pain_before(v)))
        self.step_page = self._build_step_page()
        self.vividness = RatingScale("How clearly could you imagine that movement?",
                                     1, 5, "not at all", "very clearly, as if real")
        self.vividness.rated.connect(lambda v: self._follow(self.session.vividness(v)))
        self.pain_after = RatingScale("How much pain do you feel now?", 0, 10, "no pain",
                                      "worst pain imaginable")
        self.pain_after.rated.connect(self._pain_after_rated)
        self.stopped_page = self._build_stopped_page()
        self.summary_page = QWidget()
        self.intro_page = self._build_intro()
        for page in (self.intro_page, self.pain_before, self.step_page, self.vividness,
                     self.pain_after, self.stopped_page, self.summary_page):
            self.pages.addWidget(page)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(top)
        outer.addWidget(self.pages, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._show(self.intro_page)  # the journal opens on "Begin"
        self.progress_label.setText("Imagine the movement")

    @property
    def step(self) -> ImageryStep | None:
        return self.session.step

    @property
    def rep_started_ns(self) -> int | None:
        """When the current imagined movement began (None: none is running)."""
        return self.session.rep_started_ns

    @property
    def resting(self) -> bool:
        return self.session.resting

    # -- building -------------------------------------------------------------------
    def _timer(self, slot, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

    def _build_intro(self) -> QWidget:
        """What you will do, how long, and one example, before anything is asked."""
        s, side, body = self.settings, self.side, self.body
        example = self.session.posture_words(self.session.steps[0].posture)
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 24, 40, 24)
        box.setSpacing(12)
        box.addWidget(label("Imagine the movement", "title"))
        box.addWidget(label(
            f"You will see a {side} {body} in {s.images} "
            f"{'position' if s.images == 1 else 'different positions'}. For each one, imagine "
            f"moving your own {side} {body} slowly into that position and back, without "
            f"moving it. Each position "
            f"{'once' if s.repetitions == 1 else f'{s.repetitions} times'}; "
            f"{about_minutes(self.session.minutes)} in all."))
        box.addWidget(label(f"For example: “{example}” Picture it, feel it from the inside, "
                            "then press Space.", "muted"))
        box.addWidget(label("If imagining hurts, press “This hurts, stop” at any time: "
                            "stopping is part of the practice.", "muted"))
        row = QHBoxLayout()
        self.begin_button = QPushButton("Begin")
        self.begin_button.setObjectName("primary")
        self.begin_button.clicked.connect(lambda: self._follow(self.session.begin()))
        self.back_button = QPushButton("Back to Home")  # nothing is saved before "Begin"
        self.back_button.clicked.connect(self._leave)
        row.addWidget(self.begin_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(1)
        return scroll_page(content)

    def _build_step_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(24, 8, 24, 16)
        self.view = StimulusView()
        box.addWidget(self.view, 1)
        self.instruction = label("", "subtitle")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.instruction)
        self.hint = label("", "muted")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.hint)
        self.hold_bar = QProgressBar()
        self.hold_bar.setTextVisible(False)
        self.hold_bar.setMaximumHeight(10)
        box.addWidget(self.hold_bar)
        self.done_button = QPushButton("Done imagining (Space)")
        self.done_button.setObjectName("primary")
        self.done_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_button.clicked.connect(self.imagined)
        box.addWidget(self.done_button)
        return page

    def _build_stopped_page(self) -> QWidget:
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 32, 40, 32)
        box.setSpacing(14)
        box.addWidget(label("Stopping was the right thing to do", "title"))
        other = other_side(self.side)
        box.addWidget(label(
            "When imagining a movement hurts, the brain is still guarding that "
            f"{self.body}. That is not a failure; it tells us where to start."))
        box.addWidget(label(
            f"Next time, try imagining your {other} {self.body} first, or smaller and slower "
            f"movements. Recognising left and right pictures is gentler still. If imagining "
            "keeps hurting, tell your therapist, who can adjust the practice."))
        row = QHBoxLayout()
        self.rate_after_button = QPushButton("Rate my pain now")
        self.rate_after_button.setObjectName("primary")
        self.rate_after_button.clicked.connect(lambda: self._show(self.pain_after))
        self.skip_rating_button = QPushButton("Finish without rating")
        self.skip_rating_button.clicked.connect(lambda: self._pain_after_rated(None))
        row.addWidget(self.rate_after_button, 1)
        row.addWidget(self.skip_rating_button)
        box.addLayout(row)
        box.addStretch(1)
        return scroll_page(content)

    # -- flow -----------------------------------------------------------------------
    def _show(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        if isinstance(page, RatingScale):
            page.reset()
            prefill = self.session.pain_prefill
            if page is self.pain_before and prefill is not None:
                page.choose(prefill)  # the check-in's answer
            page.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def _follow(self, step: Step | None) -> None:
        """Show what the session asks for next and start the timer it needs."""
        if step is None:
            return
        self._hold.stop()
        self._tick.stop()
        if isinstance(step, AskPainBefore):
            self._show(self.pain_before)
        elif isinstance(step, Imagine):
            self._show(self.step_page)
            self.progress_label.setText(step.progress)
            if step.image is not None:
                self.view.show_image(step.image)
            self.instruction.setText(step.instruction)
            self.hint.setText("Press Space (or the button) when you have finished imagining.")
            self.done_button.setEnabled(True)
            self.cues.say(step.instruction)
            self.hold_bar.setRange(0, step.hold_ms)
            self.hold_bar.setValue(0)
            self._hold.start(step.hold_ms)
            self._tick.start()
        elif isinstance(step, Rest):
            self.done_button.setEnabled(False)
            self.instruction.setText("Rest for a moment.")
            self.hint.setText("")
            self.cues.chime()
            self._show(self.step_page)
            self._rest.start(step.wait_ms)
        elif isinstance(step, AskVividness):
            self._show(self.vividness)
        elif isinstance(step, AskPainAfter):
            self._show(self.pain_after)
        elif isinstance(step, StoppedForPainStep):
            self._rest.stop()
            self.hurts_button.hide()
            self.progress_label.setText("Imagine the movement · stopped")
            self._show(self.stopped_page)
            self.rate_after_button.setFocus()
        elif isinstance(step, ImageryFinished):
            self._show_summary(step)

    def _update_bar(self) -> None:
        elapsed = self.session.elapsed_ms()
        if elapsed is not None:
            self.hold_bar.setValue(round(elapsed))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.pages.currentWidget() is self.step_page and event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self.imagined()
            return
        super().keyPressEvent(event)

    def imagined(self, at_ns: int | None = None) -> None:
        """Space: the imagined movement is done; its duration is journaled."""
        self._follow(self.session.imagined(at_ns))

    def stop_for_pain(self) -> None:
        if self.pages.currentWidget() in (self.stopped_page, self.summary_page):
            return
        self._follow(self.session.stop_for_pain())

    def _pain_after_rated(self, value: int | None) -> None:
        self._follow(self.session.pain_after(value))

    def _show_summary(self, finished: ImageryFinished) -> None:
        for timer in (self._hold, self._rest, self._tick):
            timer.stop()
        self.summary = finished.summary
        self.summary_page, self.home_button = show_summary(
            self.pages, self.summary_page, finished.title, finished.lines, finished.problem,
            self._leave, acknowledgement=finished.acknowledgement)
        self.hurts_button.hide()
        self.progress_label.setText("Imagine the movement · done")

    def _leave(self) -> None:
        self.shutdown()
        self.finished.emit()

    def shutdown(self) -> None:
        for timer in (self._hold, self._rest, self._tick):
            timer.stop()
        self.session.close()  # completed steps are already on disk

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
