"""Stage 2 screen: imagine moving into the shown position, without moving.

Per block: pain before, then for each picture a few repetitions (Space when
the imagined movement is done; the hold time caps each), a vividness rating,
and pain after. "This hurts, stop" is always on screen: it ends the block
at once, says why that was right, and suggests a gentler way in.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

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

from gmi.app.records import EVENT_TYPES, ImageryBlockSummary
from gmi.app.stage import StageContext, StageJournal
from gmi.model.imagery import ImageryStep, patient_lines, plan_block, summarize
from gmi.model.stages import other_side
from gmi.stimuli.render import render_cached
from gmi.ui.cues import Cues
from gmi.ui.rating import RatingScale
from gmi.ui.stage_base import show_summary
from gmi.ui.stimulus_view import StimulusView
from gmi.ui.widgets import label, scroll_page

REST_MS = 2000
TICK_MS = 100


class ImageryScreen(QWidget):
    finished = Signal()

    def __init__(self, context: StageContext, seed: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = context.protocol.imagery
        profile = context.profile
        self.side = context.protocol.affected_side or profile.affected_side
        self.body = profile.body_part
        self.steps = plan_block(self.settings.postures, self.settings.images,
                                self.settings.repetitions, seed)
        self.position = 0
        self.events: list[SimpleNamespace] = []
        self.journal = StageJournal(context, "imagery")
        self.rep_started_ns: int | None = None
        self.resting = False
        self.ended = False
        self.cues = Cues(chime=context.settings.chime, speech=context.settings.spoken_prompts,
                         parent=self)

        self._hold = self._timer(self._hold_over, single=True)
        self._rest = self._timer(self._next_step, single=True)
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
        self.pain_before.rated.connect(self._pain_before_rated)
        self.step_page = self._build_step_page()
        self.vividness = RatingScale("How clearly could you imagine that movement?",
                                     1, 5, "not at all", "very clearly, as if real")
        self.vividness.rated.connect(self._vividness_rated)
        self.pain_after = RatingScale("How much pain do you feel now?", 0, 10, "no pain",
                                      "worst pain imaginable")
        self.pain_after.rated.connect(self._pain_after_rated)
        self.stopped_page = self._build_stopped_page()
        self.summary_page = QWidget()
        for page in (self.pain_before, self.step_page, self.vividness, self.pain_after,
                     self.stopped_page, self.summary_page):
            self.pages.addWidget(page)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(top)
        outer.addWidget(self.pages, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.journal.start()
        self._show(self.pain_before)
        self.progress_label.setText("Imagine the movement")

    # -- building -------------------------------------------------------------------
    def _timer(self, slot, single: bool) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.timeout.connect(slot)
        return timer

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

    # -- journal ------------------------------------------------------------------
    def _record(self, kind: str, data: dict) -> None:
        """Keep the event for the summary and write it to the journal."""
        self.events.append(SimpleNamespace(kind=kind, data=data))
        self.journal.write(EVENT_TYPES[kind].model_validate(data))

    # -- flow -----------------------------------------------------------------------
    def _show(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        if isinstance(page, RatingScale):
            page.reset()
            page.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def step(self) -> ImageryStep | None:
        return self.steps[self.position] if self.position < len(self.steps) else None

    def _pain_before_rated(self, value: int | None) -> None:
        self._record("pain", {"when": "before", "nrs": value})
        self._show(self.step_page)
        self._begin_step()

    def _instruction_text(self) -> str:
        return (f"Imagine moving your {self.side} {self.body} slowly into this position, "
                f"then back. Don't move it.")

    def _begin_step(self) -> None:
        step = self.step
        assert step is not None
        self.resting = False
        n_images = self.settings.images
        self.progress_label.setText(
            f"Position {step.image + 1} of {n_images} · "
            f"repetition {step.repetition + 1} of {self.settings.repetitions}")
        if step.repetition == 0:
            image = self._picture(step.posture)
            self.view.show_image(image)
            self._record("image", {"image": step.image, "posture": step.posture,
                                    "side": self.side,
                                    "view": "back" if self.body == "hand" else "top"})
        self.instruction.setText(self._instruction_text())
        self.hint.setText("Press Space (or the button) when you have finished imagining.")
        self.done_button.setEnabled(True)
        self.cues.say(self._instruction_text())
        self.hold_bar.setRange(0, round(self.settings.hold_s * 1000))
        self.hold_bar.setValue(0)
        self.rep_started_ns = time.perf_counter_ns()
        self._hold.start(round(self.settings.hold_s * 1000))
        self._tick.start()

    def _picture(self, posture: str):
        view = "back" if self.body == "hand" else "top"
        return render_cached(self.body, posture, self.side, view, 0.0, "medium", 512)

    def _update_bar(self) -> None:
        if self.rep_started_ns is not None:
            self.hold_bar.setValue(round((time.perf_counter_ns() - self.rep_started_ns) / 1e6))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.pages.currentWidget() is self.step_page and event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self.imagined()
            return
        super().keyPressEvent(event)

    def imagined(self, at_ns: int | None = None) -> None:
        """Space: the imagined movement is done; its duration is journaled."""
        if self.rep_started_ns is None or self.resting or self.ended:
            return
        at_ns = time.perf_counter_ns() if at_ns is None else at_ns
        self._close_rep((at_ns - self.rep_started_ns) / 1e6, timed_out=False)

    def _hold_over(self) -> None:
        if self.rep_started_ns is not None and not self.ended:
            self._close_rep(None, timed_out=True)

    def _close_rep(self, duration_ms: float | None, timed_out: bool) -> None:
        step = self.step
        assert step is not None
        self._hold.stop()
        self._tick.stop()
        self.rep_started_ns = None
        self._record("repetition", {"image": step.image, "repetition": step.repetition,
                                     "posture": step.posture, "side": self.side,
                                     "duration_ms": duration_ms, "timed_out": timed_out})
        self.position += 1
        last_of_image = self.step is None or self.step.image != step.image
        if last_of_image and self.settings.vividness == "per_image":
            self._show(self.vividness)
            return
        self._rest_then_continue()

    def _rest_then_continue(self) -> None:
        if self.step is None:
            self._end_of_block()
            return
        self.resting = True
        self.done_button.setEnabled(False)
        self.instruction.setText("Rest for a moment.")
        self.hint.setText("")
        self.cues.chime()
        self._show(self.step_page)
        self._rest.start(REST_MS)

    def _next_step(self) -> None:
        if self.step is not None and not self.ended:
            self._begin_step()

    def _vividness_rated(self, value: int | None) -> None:
        image = self.steps[self.position - 1].image if self.settings.vividness == "per_image" \
            else None
        self._record("vividness", {"image": image, "score": value})
        if (self.step is None and self.settings.vividness == "per_block") or self.step is None:
            self._show(self.pain_after)
        else:
            self._rest_then_continue()

    def _end_of_block(self) -> None:
        if self.settings.vividness == "per_block":
            self._show(self.vividness)
        else:
            self._show(self.pain_after)

    def stop_for_pain(self) -> None:
        if self.ended or self.pages.currentWidget() in (self.stopped_page, self.summary_page):
            return
        for timer in (self._hold, self._rest, self._tick):
            timer.stop()
        step = self.step
        self._record("stop", {"reason": "pain",
                               "image": step.image if step else None,
                               "repetition": step.repetition if step else None})
        self.rep_started_ns = None
        self.hurts_button.hide()
        self.progress_label.setText("Imagine the movement · stopped")
        self._show(self.stopped_page)
        self.rate_after_button.setFocus()

    def _pain_after_rated(self, value: int | None) -> None:
        self._record("pain", {"when": "after", "nrs": value})
        self._finish()

    def _finish(self) -> None:
        self.ended = True
        for timer in (self._hold, self._rest, self._tick):
            timer.stop()
        summary = summarize(self.events, self.settings.images)
        outcome = "stopped" if summary.stopped_for_pain else "completed"
        self.journal.finish(outcome, summary.headline(),  # type: ignore[arg-type]
                            ImageryBlockSummary.model_validate(summary.as_dict()))
        self.summary = summary
        self._show_summary()

    def _show_summary(self) -> None:
        title = "Good that you listened to your body" if self.summary.stopped_for_pain \
            else "Well done"
        self.summary_page, self.home_button = show_summary(
            self.pages, self.summary_page, title, patient_lines(self.summary, self.body),
            self.journal.problem, self._leave,
            acknowledgement=self.journal.acknowledgement(
                ImageryBlockSummary.model_validate(self.summary.as_dict())))
        self.hurts_button.hide()
        self.progress_label.setText("Imagine the movement · done")

    def _leave(self) -> None:
        self.shutdown()
        self.finished.emit()

    def shutdown(self) -> None:
        for timer in (self._hold, self._rest, self._tick):
            timer.stop()
        self.journal.close()  # completed steps are already on disk

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

