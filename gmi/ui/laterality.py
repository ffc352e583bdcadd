"""Stage 1 screen: left or right? Fixation, picture, answer, next.

Keyboard first: the configured keys (arrows by default) answer, Space or Esc
pauses. The big on-screen buttons answer too. Every trial is journaled (and
fsync'd) before the next picture appears, so closing the window mid-session
keeps everything answered so far.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.own_photos import OwnPhotos
from gmi.app.records import LateralitySummary, LateralityTrial, PauseMark, ResumeMark
from gmi.app.stage import StageContext, StageJournal
from gmi.model.laterality import (
    LateralityRun,
    PlannedTrial,
    Response,
    TrialRecord,
    make_schedule,
    records_from_events,
)
from gmi.model.scoring import (
    LateralityScore,
    against_norm,
    headline,
    patient_summary,
    score,
    score_summary,
    seconds,
)
from gmi.model.stages import plural
from gmi.stimuli.sets import MixedSet, Stimulus, StimulusSet, rendered_for
from gmi.ui.stage_base import show_summary
from gmi.ui.stimulus_view import StimulusView
from gmi.ui.widgets import card, label, scroll_page

FEEDBACK_MS = 1100
IMAGE_SIZE = 512


def answer_keys(setting: str) -> dict[int, Response]:
    left, right = (QKeySequence(name)[0].key() for name in setting.split(","))
    return {left: "left", right: "right"}


def choose_stimuli(context: StageContext) -> tuple[StimulusSet, str]:
    """The protocol's choice of pictures, and a note if it had to fall back."""
    drawn = rendered_for(context.profile.body_part)
    wanted = context.protocol.laterality.stimuli
    if wanted == "rendered":
        return drawn, ""
    folder = context.sessions.layout.own_photos_dir(context.profile.id)
    own = OwnPhotos(folder).stimulus_set()
    if own is None:
        return drawn, ("Your therapist suggested pictures of your own hand; there are none "
                       "yet, so drawn pictures are used. You can take some in Settings.")
    return (own, "") if wanted == "own" else (MixedSet([drawn, own]), "")


class LateralityScreen(QWidget):
    finished = Signal()

    def __init__(self, context: StageContext, stimuli: StimulusSet | None = None,
                 seed: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.settings = context.protocol.laterality
        self.body = context.profile.body_part
        self.stimuli, self.stimuli_note = (stimuli, "") if stimuli else choose_stimuli(context)
        views = [v for v in self.settings.views if v in self.stimuli.views()] or list(
            self.stimuli.views()[:1])
        self.run = LateralityRun(make_schedule(self.settings.trials, self.settings.practice_trials,
                                               self.settings.angles, views, seed))
        self.keys = answer_keys(context.settings.answer_keys)
        self.journal = StageJournal(context, "laterality")
        self.onset_ns: int | None = None
        self.paused = False
        self._stimulus: Stimulus | None = None
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stimuli")
        self._images: list[Future] = [self._pool.submit(self._prepare, t) for t in self.run.plan]

        self._iti = self._single_shot(self._present)
        self._deadline = self._single_shot(self._time_out)
        self._after_feedback = self._single_shot(self._next_trial)
        self._wait_image = QTimer(self)
        self._wait_image.setInterval(10)
        self._wait_image.timeout.connect(self._present)

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

    # -- building ---------------------------------------------------------------
    def _single_shot(self, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(slot)
        return timer

    def _key_names(self) -> tuple[str, str]:
        left, right = self.context.settings.answer_keys.split(",")
        pretty = {"Left": "←", "Right": "→"}
        return pretty.get(left, left), pretty.get(right, right)

    def _build_intro(self) -> QWidget:
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 32, 40, 32)
        box.setSpacing(14)
        box.addWidget(label("Left or right?", "title"))
        left_key, right_key = self._key_names()
        s = self.settings
        practice = (f"First come {s.practice_trials} practice pictures with a hint after "
                    "each, then " if s.practice_trials else "")
        box.addWidget(label(
            f"You will see pictures of {plural(self.body)}, turned in different ways. For each "
            f"picture, decide whether it shows a left or a right {self.body}, as quickly as "
            "you comfortably can. Trust your first sense; there is no need to move your own "
            f"{self.body}."))
        box.addWidget(label(
            f"Press {left_key} for left and {right_key} for right, or use the big buttons. "
            f"{practice}{s.trials} pictures. Press Space or Esc to pause at any time."))
        box.addWidget(label(f"Each picture waits up to {s.time_limit_s:g} seconds.", "muted"))
        if self.stimuli_note:
            box.addWidget(label(self.stimuli_note, "muted"))
        row = QHBoxLayout()
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("primary")
        self.start_button.clicked.connect(self.begin)
        self.back_button = QPushButton("Back to Home")
        self.back_button.clicked.connect(self._leave)
        row.addWidget(self.start_button, 1)
        row.addWidget(self.back_button)
        box.addLayout(row)
        box.addStretch(1)
        return scroll_page(content)

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
        self.left_button = QPushButton(f"{left_key}  Left")
        self.right_button = QPushButton(f"Right  {right_key}")
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
    def _prepare(self, trial: PlannedTrial) -> tuple[Stimulus, np.ndarray]:
        """Runs on the worker thread: choose and draw the picture for `trial`."""
        stimulus = self.stimuli.stimulus(trial.side, trial.view, trial.angle, trial.pick)
        return stimulus, self.stimuli.image(stimulus, IMAGE_SIZE)

    def begin(self) -> None:
        self.journal.start()
        self.pages.setCurrentWidget(self.trial_page)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._next_trial()

    def _next_trial(self) -> None:
        self.feedback_label.setText("")
        if self.run.done:
            self._finish("completed")
            return
        trial = self.run.current
        assert trial is not None
        if trial.practice:
            self.progress_label.setText(
                f"Practice {trial.index + 1} of {self.run.practice_total}")
        else:
            n = trial.index - self.run.practice_total + 1
            self.progress_label.setText(f"Picture {n} of {self.run.test_total}")
        self.onset_ns = None
        self.view.show_fixation()
        self._iti.start(round(self.settings.pause_between_s * 1000))

    def _present(self) -> None:
        if self.paused or self.run.current is None:
            self._wait_image.stop()
            return
        future = self._images[self.run.position]
        if not future.done():
            self._wait_image.start()  # the picture is still being drawn: check again soon
            return
        self._wait_image.stop()
        self._stimulus, image = future.result()
        self.view.show_image(image)

    def _on_painted(self, onset_ns: int) -> None:
        self.onset_ns = onset_ns
        self._deadline.start(round(self.settings.time_limit_s * 1000))

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
        at_ns = time.perf_counter_ns() if at_ns is None else at_ns
        if self.onset_ns is None or self.paused or self._after_feedback.isActive():
            return
        self._deadline.stop()
        self._close_trial(side, (at_ns - self.onset_ns) / 1e6, method)

    def _time_out(self) -> None:
        if self.onset_ns is not None and not self.paused:
            self._close_trial(None, None, "")

    def _close_trial(self, response: Response | None, rt_ms: float | None, method: str) -> None:
        stim = self._stimulus
        record = self.run.record(response, rt_ms, posture=stim.posture if stim else "",
                                 skin=stim.skin if stim else "",
                                 source=stim.source if stim else "", input=method,
                                 view=stim.view if stim else "")
        self.onset_ns = None
        self.journal.write(LateralityTrial.model_validate(record.model_dump()))
        show_feedback = self.settings.feedback == "always" or (
            self.settings.feedback == "practice" and record.practice)
        if show_feedback:
            self.feedback_label.setText(self._feedback_text(record))
            self._after_feedback.start(FEEDBACK_MS)
        else:
            self._next_trial()

    def _feedback_text(self, record: TrialRecord) -> str:
        if record.timed_out:
            return f"That one was a {record.side} {self.body}. No rush: take the next as it comes."
        if record.correct:
            return f"Yes, a {record.side} {self.body}."
        return f"This one was a {record.side} {self.body}."

    def pause(self) -> None:
        if self.paused or self.pages.currentWidget() is not self.trial_page:
            return
        self.paused = True
        for timer in (self._iti, self._deadline, self._after_feedback, self._wait_image):
            timer.stop()
        self.onset_ns = None  # the interrupted picture is shown again, freshly timed
        self.journal.write(PauseMark(trial=self.run.position))
        self.pages.setCurrentWidget(self.pause_page)
        self.continue_button.setFocus()

    def resume(self) -> None:
        if not self.paused:
            return
        self.paused = False
        self.journal.write(ResumeMark(trial=self.run.position))
        self.pages.setCurrentWidget(self.trial_page)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._next_trial()

    def stop(self) -> None:
        self.paused = False
        self._finish("stopped")

    # -- the end ------------------------------------------------------------------
    def previous_score(self) -> LateralityScore | None:
        """The last completed laterality session before this one, scored."""
        sessions = self.context.sessions
        mine = self.journal.session_id
        for info in reversed(sessions.list()):
            if info.stage != "laterality" or info.session_id == mine:
                continue
            contents = sessions.load(info)
            if contents is None or contents.interrupted:
                continue
            records = records_from_events(contents.events)
            if any(not r.practice for r in records):
                return score(records)
        return None

    def _finish(self, outcome: str) -> None:
        for timer in (self._iti, self._deadline, self._after_feedback, self._wait_image):
            timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
        result = score(self.run.records)
        previous = self.previous_score()
        self.journal.finish(outcome, headline(result) if result.overall.n  # type: ignore[arg-type]
                            else "Stopped before the first picture",
                            LateralitySummary.model_validate(score_summary(result)))
        self.result = result
        self._show_summary(result, previous, outcome)

    def _show_summary(self, result: LateralityScore, previous: LateralityScore | None,
                      outcome: str) -> None:
        details = None
        acknowledgement = ""
        if result.overall.n == 0:
            title = "That's fine for today"
            lines = ["You stopped before the pictures began. Come back whenever you feel "
                     "ready; even a few minutes count."]
        else:
            title = "Well done" if outcome == "completed" else "Good that you practised"
            lines = patient_summary(result, previous, self.body)
            acknowledgement = self.journal.acknowledgement(
                LateralitySummary.model_validate(score_summary(result)))
            details, details_box = card()
            details_box.addWidget(label("For your therapist", "subtitle"))
            self.details_label = label(therapist_table(result))
            self.details_label.setTextFormat(Qt.TextFormat.RichText)
            details_box.addWidget(self.details_label)
        self.summary_page, self.home_button = show_summary(
            self.pages, self.summary_page, title, lines, self.journal.problem, self._leave,
            details, acknowledgement)

    def _leave(self) -> None:
        self.shutdown()
        self.finished.emit()

    def shutdown(self) -> None:
        """Stop timers and the drawing thread (the journal stays as it is)."""
        for timer in (self._iti, self._deadline, self._after_feedback, self._wait_image):
            timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.journal.close()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)


def therapist_table(result: LateralityScore) -> str:
    """Exact numbers with their uncertainty, as a small HTML table."""
    norm_by_side = {v.side: v for v in against_norm(result)}

    def pct(g) -> str:
        if not g.n:
            return "-"
        low, high = g.accuracy_ci
        return f"{g.accuracy:.0%} ({low:.0%}-{high:.0%})"

    def mark(ok: bool | None) -> str:
        return "" if ok is None else (" ✓" if ok else " ·")

    rows = ["<tr><th align=left>Group</th><th>n</th><th>Accuracy (95% CI)</th>"
            "<th>Median RT</th><th>Mean RT</th><th>Missed</th></tr>"]

    def row(name: str, g, note: str = "") -> None:
        rows.append(f"<tr><td>{name}{note}</td><td align=right>{g.n}</td><td>{pct(g)}</td>"
                    f"<td>{seconds(g.rt_median_ms)}</td><td>{seconds(g.rt_mean_ms)}</td>"
                    f"<td align=right>{g.timed_out}</td></tr>")

    row("All", result.overall)
    for side, g in result.by_side.items():
        v = norm_by_side.get(side)
        row(side.capitalize(), g, mark(v.accuracy_ok and v.speed_ok) if v else "")
    for view, g in result.by_view.items():
        row(f"View: {view}", g)
    for kind in ("medial", "lateral", "neutral"):
        if kind in result.by_rotation:
            row(f"Rotation: {kind}", result.by_rotation[kind])
    for angle, g in result.by_angle.items():
        row(f"{angle}°", g)
    return ("<table cellspacing=4>" + "".join(rows) + "</table>"
            "<p>Norm: at least 80 % correct on each side and a median response time "
            "within 2.0 ± 0.5 s. Response times from correct answers only.</p>")
