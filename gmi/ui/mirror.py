"""Stage 3 screen: mirror practice with the webcam.

The comfortable hand's reflection is shown where the affected hand is (split
"mirror box"), or the whole picture is mirrored. Guided movement prompts come
from the protocol; a timer counts practised minutes (not while paused or
while the camera is away). Pain is rated before and after. Only minutes,
prompts and ratings are journaled: camera pictures are never written.
"""

from __future__ import annotations

import os
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.records import (
    CameraState,
    MirrorBlockSummary,
    MirrorMinute,
    MirrorModeSet,
    MirrorPromptDone,
    PainRating,
    PauseMark,
    ResumeMark,
)
from gmi.app.stage import StageContext, StageJournal
from gmi.model.imagery import pain_change
from gmi.model.mirror_session import MirrorSession, clock
from gmi.ui.cues import Cues
from gmi.ui.rating import RatingScale
from gmi.ui.stage_base import show_summary
from gmi.ui.video_view import VideoView
from gmi.ui.widgets import card, label
from gmi.vision.camera import CameraError, CaptureThread, FrameSource, open_source
from gmi.vision.mirror import MirrorKernel, keep_side_for

TICK_MS = 200


class MirrorScreen(QWidget):
    finished = Signal()

    def __init__(self, context: StageContext, source: FrameSource | None = None,
                 use_camera_setting: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        settings = context.protocol.mirror
        self.side = context.protocol.affected_side or context.profile.affected_side
        self.body = context.profile.body_part
        self.session = MirrorSession(settings.minutes, list(settings.prompts))
        self.kernel = MirrorKernel(settings.mode, keep=keep_side_for(self.side))
        self.journal = StageJournal(context, "mirror")
        self.paused = False
        self.practising = False
        self.pain_before_value: int | None = None
        self.camera_problem = ""
        if source is None and use_camera_setting:
            try:
                source = open_source(context.settings.camera_index, os.environ.get("GMI_CAMERA"))
            except CameraError as exc:
                self.camera_problem = str(exc)
        self.source = source
        self.capture: CaptureThread | None = None
        self.cues = Cues(chime=context.settings.chime, parent=self)
        self._last_tick_ns = 0
        self._last_state = ""
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)

        self.pages = QStackedWidget()
        self.pain_before = RatingScale("Before we start: how much pain do you feel now?",
                                       0, 10, "no pain", "worst pain imaginable")
        self.pain_before.rated.connect(self._pain_before_rated)
        self.practice_page = self._build_practice()
        self.pain_after = RatingScale("How much pain do you feel now?", 0, 10, "no pain",
                                      "worst pain imaginable")
        self.pain_after.rated.connect(self._pain_after_rated)
        self.summary_page = QWidget()
        for page in (self.pain_before, self.practice_page, self.pain_after, self.summary_page):
            self.pages.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._start_camera()
        self.pages.setCurrentWidget(self.pain_before)
        self.pain_before.setFocus()

    # -- building -------------------------------------------------------------------
    def _build_practice(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(20, 10, 20, 14)
        top = QHBoxLayout()
        self.mode_group = QButtonGroup(self)
        self.split_button = QPushButton("Mirror box")
        self.flip_button = QPushButton("Whole picture mirrored")
        for n, button in enumerate((self.split_button, self.flip_button)):
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.mode_group.addButton(button, n)
            top.addWidget(button)
        (self.split_button if self.kernel.mode == "split" else self.flip_button).setChecked(True)
        self.mode_group.idClicked.connect(self._mode_chosen)
        self.split_slider = QSlider(Qt.Orientation.Horizontal)
        self.split_slider.setRange(25, 75)
        self.split_slider.setValue(50)
        self.split_slider.setAccessibleName("Mirror line")
        self.split_slider.setToolTip("Move the mirror line")
        self.split_slider.valueChanged.connect(self._split_moved)
        top.addWidget(self.split_slider, 1)
        self.time_label = label(clock(self.session.seconds_left), "subtitle", wrap=False)
        top.addWidget(self.time_label)
        self.pause_button = QPushButton("Pause (Space)")
        self.pause_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pause_button.clicked.connect(self.toggle_pause)
        top.addWidget(self.pause_button)
        box.addLayout(top)

        self.video = VideoView(overlay=self.context.settings.camera_info)
        self.video.setToolTip("Press I to show or hide the camera's speed and delay")
        box.addWidget(self.video, 1)

        prompt_card, prompt_box = card()
        row = QHBoxLayout()
        self.prompt_label = label(self.session.current_prompt, "subtitle")
        row.addWidget(self.prompt_label, 1)
        self.done_button = QPushButton("Done, next movement")
        self.done_button.setObjectName("primary")
        self.done_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.done_button.clicked.connect(self.next_prompt)
        row.addWidget(self.done_button)
        self.stop_button = QPushButton("Stop for today")
        self.stop_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stop_button.clicked.connect(self.stop)
        row.addWidget(self.stop_button)
        prompt_box.addLayout(row)
        self.hint_label = label(
            f"Watch the {self.side} side of the picture: let the reflection be your {self.side} "
            f"{self.body}. Move gently, only as far as is comfortable.", "muted")
        prompt_box.addWidget(self.hint_label)
        box.addWidget(prompt_card)
        self._update_split_controls()
        return page

    # -- camera -----------------------------------------------------------------------
    def _start_camera(self) -> None:
        if self.source is None:
            self.video.attach(None)
            if self.camera_problem:
                self.video.status_message = self.camera_problem
            return
        self.capture = CaptureThread(self.source, kernel=self.kernel.apply)
        self.video.attach(self.capture)
        self.capture.start()

    @property
    def camera_running(self) -> bool:
        return self.capture is not None and self.capture.stats().state == "running"

    # -- flow -----------------------------------------------------------------------
    def _pain_before_rated(self, value: int | None) -> None:
        self.pain_before_value = value
        self.journal.start()
        self.journal.write(PainRating(when="before", nrs=value))
        self._journal_mode()
        self.pages.setCurrentWidget(self.practice_page)
        self.setFocus()
        self.practising = True
        self._last_tick_ns = time.perf_counter_ns()
        self._tick.start()
        self.cues.chime()

    def _on_tick(self) -> None:
        now = time.perf_counter_ns()
        elapsed = (now - self._last_tick_ns) / 1e9
        self._last_tick_ns = now
        state = self.capture.stats().state if self.capture else "no camera"
        if state != self._last_state:
            self._last_state = state
            self.journal.write(CameraState(state=state))
        if self.paused or not self.camera_running:
            return
        minutes = self.session.tick(elapsed)
        if minutes:
            done = round(self.session.seconds_done / 60, 2)
            self.journal.write(MirrorMinute(minutes_done=done))
        self.time_label.setText(clock(self.session.seconds_left))
        if self.session.finished:
            self.cues.chime()
            self._to_pain_after()

    def next_prompt(self) -> None:
        if not self.practising or self.paused:
            return
        index = self.session.prompt_done()
        prompts = self.session.prompts
        self.journal.write(MirrorPromptDone(
            index=index % max(1, len(prompts)),
            text=prompts[index % len(prompts)] if prompts else "",
            at_s=round(self.session.seconds_done, 1)))
        self.prompt_label.setText(self.session.current_prompt)
        self.cues.chime()

    def toggle_pause(self) -> None:
        if not self.practising:
            return
        self.paused = not self.paused
        mark = PauseMark if self.paused else ResumeMark
        self.journal.write(mark(at_s=round(self.session.seconds_done, 1)))
        self.pause_button.setText("Continue (Space)" if self.paused else "Pause (Space)")
        self.prompt_label.setText("Paused. Rest as long as you like."
                                  if self.paused else self.session.current_prompt)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.pages.currentWidget() is self.practice_page:
            if event.key() == Qt.Key.Key_Space:
                self.toggle_pause()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_N):
                self.next_prompt()
                return
            if event.key() == Qt.Key.Key_I:
                self.video.overlay = not self.video.overlay
                self.video.update()
                return
        super().keyPressEvent(event)

    def _mode_chosen(self, button_id: int) -> None:
        self.kernel.mode = "split" if button_id == 0 else "flip"
        self._update_split_controls()
        self._journal_mode()

    def _journal_mode(self) -> None:
        self.journal.write(MirrorModeSet(mode=self.kernel.mode, keep=self.kernel.keep,
                                         split=self.kernel.split_fraction))

    def _split_moved(self, value: int) -> None:
        self.kernel.split_fraction = value / 100

    def _update_split_controls(self) -> None:
        self.split_slider.setVisible(self.kernel.mode == "split")

    def stop(self) -> None:
        if self.practising:
            self._to_pain_after()

    def _to_pain_after(self) -> None:
        self.practising = False
        self._tick.stop()
        self.pages.setCurrentWidget(self.pain_after)
        self.pain_after.setFocus()

    def _pain_after_rated(self, value: int | None) -> None:
        self.journal.write(PainRating(when="after", nrs=value))
        summary = self.session.summary() | {
            "pain_before": self.pain_before_value, "pain_after": value,
            "pain_change": pain_change(self.pain_before_value, value)}
        outcome = "completed" if self.session.finished else "stopped"
        self.journal.finish(outcome, self.session.headline(),  # type: ignore[arg-type]
                            MirrorBlockSummary.model_validate(summary))
        self._stop_camera()
        self._show_summary(summary)

    def _show_summary(self, summary: dict) -> None:
        lines = [f"You practised for {summary['minutes_done']:.1f} minutes and did "
                 f"{summary['prompts_completed']} guided movements."]
        if summary["pain_change"]:
            lines.append(f"Your pain went from {summary['pain_before']} to "
                         f"{summary['pain_after']}: {summary['pain_change']}.")
        title = "Well done" if self.session.finished else "Good that you practised"
        self.summary_page, self.home_button = show_summary(
            self.pages, self.summary_page, title, lines, self.journal.problem, self._leave,
            acknowledgement=self.journal.acknowledgement(
                MirrorBlockSummary.model_validate(summary)))

    def _stop_camera(self) -> None:
        if self.capture is not None:
            self.capture.stop()  # join the thread first: then nothing notifies the view
        self.video.detach()

    def _leave(self) -> None:
        self.shutdown()
        self.finished.emit()

    def shutdown(self) -> None:
        self._tick.stop()
        self._stop_camera()
        self.journal.close()  # completed steps are already on disk

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
