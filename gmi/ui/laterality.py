"""Stage 1 screen: left or right? Shows what `LateralitySession` says, passes keys on.

Keyboard first: the configured keys (arrows by default) answer, Space or Esc
pauses. The big on-screen buttons answer too. The rules, the timing state
machine and the journal live in `gmi.app.laterality`; this screen runs the
timers each step asks for and stamps the painted onset and key presses on
the session's clock.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.jobs import JobResult
from gmi.app.laterality import (
    Feedback,
    Finished,
    Fixation,
    LateralitySession,
    NotReady,
    Picture,
    Step,
    choose_stimuli,
    example_for,
)
from gmi.app.stage import StageContext
from gmi.model.laterality import LateralityRun, Response
from gmi.model.scoring import LateralityScore
from gmi.model.task_words import task_words
from gmi.stimuli.sets import StimulusSet
from gmi.ui.images import bgr_to_qimage
from gmi.ui.jobs import gui_runner
from gmi.ui.stage_base import show_summary
from gmi.ui.stimulus_view import StimulusView
from gmi.ui.widgets import card, label, scroll_page

EXAMPLE_PX = 168  # the intro's example: big enough to read, small enough for 1366x768


def answer_keys(setting: str) -> dict[int, Response]:
    left, right = (QKeySequence(name)[0].key() for name in setting.split(","))
    return {left: "left", right: "right"}


class LateralityScreen(QWidget):
    finished = Signal()

    def __init__(self, context: StageContext, stimuli: StimulusSet | None = None,
                 seed: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = context.protocol.laterality
        self.body = context.profile.body_part
        self.stimuli, self.stimuli_note = (stimuli, "") if stimuli else choose_stimuli(context)
        self.session = LateralitySession(context, self.stimuli, seed)
        self.keys = answer_keys(context.settings.answer_keys)

        self._iti = self._single_shot(self._present)
        self._deadline = self._single_shot(lambda: self._follow(self.session.time_out()))
        self._after_feedback = self._single_shot(
            lambda: self._follow(self.session.after_feedback()))
        self._wait_image = self._single_shot(self._present)

        self.pages = QStackedWidget()
        self.intro_page = self._build_intro()
        self.trial_page = self._build_trial()
        self.pause_page = self._build_pause()
        self.summary_page = QWidget()
        for page in (self.intro_page, self.trial_page, self.pause_page, self.summary_page):
            self.pages.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    @property
    def run(self) -> LateralityRun:
        return self.session.run

    @property
    def onset_ns(self) -> int | None:
        """When the picture waiting for an answer was painted (None: none waits)."""
        return self.session.onset_ns

    @property
    def paused(self) -> bool:
        return self.session.paused

    @property
    def result(self) -> LateralityScore | None:
        return self.session.result.score if self.session.result else None

    # -- building ---------------------------------------------------------------
    def _single_shot(self, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(slot)
        return timer

    @property
    def _timers(self) -> tuple[QTimer, ...]:
        return (self._iti, self._deadline, self._after_feedback, self._wait_image)

    def _key_names(self) -> tuple[str, str]:
        left, right = self.context.settings.answer_keys.split(",")
        pretty = {"Left": "←", "Right": "→"}
        return pretty.get(left, left), pretty.get(right, right)

    def _build_example(self) -> QWidget:
        """One picture with its answer under the task's words, drawn off the GUI thread."""
        self.example = example_for(self.body, self.stimuli)
        frame, box = card()
        row = QHBoxLayout()
        row.setSpacing(16)
        self.example_picture = QLabel()
        self.example_picture.setFixedSize(EXAMPLE_PX, EXAMPLE_PX)
        self.example_picture.setAccessibleName("Example picture")
        self.example_picture.setToolTip(self.example.caption)
        row.addWidget(self.example_picture, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.addWidget(label("For example", "muted"))
        self.example_caption = label(self.example.caption, "subtitle")
        column.addWidget(self.example_caption)
        column.addStretch(1)
        row.addLayout(column, 1)
        box.addLayout(row)
        size = round(EXAMPLE_PX * self.devicePixelRatioF())
        stimulus, stimuli = self.example.stimulus, self.stimuli
        self._example_jobs = gui_runner(self, "gmi-example")
        self._example_jobs.submit(lambda _progress: stimuli.image(stimulus, size),
                                  on_done=self._example_drawn, name="example")
        return frame

    def _example_drawn(self, result: JobResult[np.ndarray]) -> None:
        if not result.ok:  # the practice pictures say the same in a moment
            self.example_picture.hide()
            return
        frame = np.ascontiguousarray(result.unwrap())
        pixmap = QPixmap.fromImage(bgr_to_qimage(frame))  # a deep copy
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.example_picture.setPixmap(pixmap)

    def _build_intro(self) -> QWidget:
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 24, 40, 8)
        box.setSpacing(12)
        words = task_words(self.body, turned=self.settings.angles > 1)
        box.addWidget(label(words.title, "title"))
        left_key, right_key = self._key_names()
        s = self.settings
        practice = (f"First come {s.practice_trials} practice pictures with a hint after "
                    "each, then " if s.practice_trials else "")
        box.addWidget(label(words.intro))
        box.addWidget(self._build_example())
        box.addWidget(label(
            f"Press {left_key} for {words.left_button.lower()} and {right_key} for "
            f"{words.right_button.lower()}, or use the big buttons. "
            f"{practice}{s.trials} pictures. Press Space or Esc to pause at any time."))
        box.addWidget(label(f"Each picture waits up to {s.time_limit_s:g} seconds.", "muted"))
        if self.stimuli_note:
            box.addWidget(label(self.stimuli_note, "muted"))
        box.addStretch(1)
        row = QHBoxLayout()  # outside the scrolling words: the way on is always in view
        row.setContentsMargins(40, 8, 40, 16)
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self.begin)
        self.back_button = QPushButton("Back to Home")
        self.back_button.clicked.connect(self._leave)
        row.addWidget(self.start_button, 1)
        row.addWidget(self.back_button)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll_page(content), 1)
        column.addLayout(row)
        return page

    def _build_trial(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(24, 12, 24, 16)
        top = QHBoxLayout()
        self.progress_label = label("", "muted")
        top.addWidget(self.progress_label, 1)
        self.pause_button = QPushButton("Pause (Esc)")
        self.pause_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pause_button.clicked.connect(self.pause)
        top.addWidget(self.pause_button)
        box.addLayout(top)
        self.view = StimulusView()
        self.view.painted.connect(self._on_painted)
        box.addWidget(self.view, 1)
        self.feedback_label = label("")
        self.feedback_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.feedback_label.setObjectName("subtitle")
        box.addWidget(self.feedback_label)
        row = QHBoxLayout()
        left_key, right_key = self._key_names()
        words = task_words(self.body)
        self.left_button = QPushButton(f"{left_key}  {words.left_button}")
        self.right_button = QPushButton(f"{words.right_button}  {right_key}")
        for button, side in ((self.left_button, "left"), (self.right_button, "right")):
            button.setObjectName("primary")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(64)
            button.clicked.connect(lambda _=False, s=side: self.answer(s, "mouse"))
            row.addWidget(button)
        box.addLayout(row)
        return page

    def _build_pause(self) -> QWidget:
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 40, 40, 40)
        box.setSpacing(14)
        box.addWidget(label("Paused", "title"))
        box.addWidget(label("Take all the time you need. Everything so far is saved."))
        row = QHBoxLayout()
        self.continue_button = QPushButton("Continue")
        self.continue_button.setObjectName("primary")
        self.continue_button.clicked.connect(self.resume)
        self.stop_button = QPushButton("Stop for today")
        self.stop_button.clicked.connect(self.stop)
        row.addWidget(self.continue_button, 1)
        row.addWidget(self.stop_button)
        box.addLayout(row)
        box.addStretch(1)
        return scroll_page(content)

    # -- running ----------------------------------------------------------------
    def begin(self) -> None:
        self.pages.setCurrentWidget(self.trial_page)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._follow(self.session.begin())

    def _follow(self, step: Step | None) -> None:
        """Show what the session asks for next and start the timer it needs."""
        if step is None:
            return
        if isinstance(step, Fixation):
            self.feedback_label.setText("")
            self.progress_label.setText(step.progress)
            self.view.show_fixation()
            self._iti.start(step.wait_ms)
        elif isinstance(step, Feedback):
            self.feedback_label.setText(step.text)
            self._after_feedback.start(step.wait_ms)
        elif isinstance(step, Finished):
            self._stop_timers()
            self._show_summary(step)

    def _present(self) -> None:
        shown = self.session.present()
        if isinstance(shown, NotReady):
            self._wait_image.start(shown.retry_ms)  # still being drawn: look again soon
        elif isinstance(shown, Picture):
            self.view.show_image(shown.image)

    def _on_painted(self, onset_ns: int) -> None:
        if self.session.picture_pending:
            self._deadline.start(self.session.shown(onset_ns))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        now = time.perf_counter_ns()
        if self.pages.currentWidget() is self.trial_page:
            if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Space):
                self.pause()
                return
            side = self.keys.get(event.key())
            if side is not None and not event.isAutoRepeat():
                self.answer(side, "key", now)
                return
        elif self.pages.currentWidget() is self.pause_page and event.key() == Qt.Key.Key_Space:
            self.resume()
            return
        super().keyPressEvent(event)

    def answer(self, side: Response, method: str, at_ns: int | None = None) -> None:
        """An answer counts only while a painted picture is waiting for one."""
        step = self.session.answer(side, method, at_ns)
        if step is not None:
            self._deadline.stop()
            self._follow(step)

    def pause(self) -> None:
        if self.pages.currentWidget() is not self.trial_page or not self.session.pause():
            return
        self._stop_timers()
        self.pages.setCurrentWidget(self.pause_page)
        self.continue_button.setFocus()

    def resume(self) -> None:
        step = self.session.resume()
        if step is None:
            return
        self.pages.setCurrentWidget(self.trial_page)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._follow(step)

    def stop(self) -> None:
        self._follow(self.session.stop())

    # -- the end ------------------------------------------------------------------
    def _show_summary(self, finished: Finished) -> None:
        """Words and a small win for the person; the detailed table (intervals, groups)
        is the therapist's, in the History tab and the reports."""
        self.summary_page, self.home_button = show_summary(
            self.pages, self.summary_page, finished.title, finished.lines, finished.problem,
            self._leave, None, finished.acknowledgement)

    def _leave(self) -> None:
        self.shutdown()
        self.finished.emit()

    def _stop_timers(self) -> None:
        for timer in self._timers:
            timer.stop()

    def shutdown(self) -> None:
        """Stop timers and the drawing thread (the journal stays as it is)."""
        self._stop_timers()
        self._example_jobs.shutdown()
        self.session.close()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
