"""Stage 3 screen: mirror practice with the webcam.

The comfortable hand's reflection is shown where the affected hand is (split
"mirror box"), or the whole picture is mirrored. Guided movement prompts come
from the protocol; a timer counts practised minutes (not while paused or
while the camera is away). Pain is rated before and after only when the
session says the protocol asks. Only minutes,
prompts and ratings are journaled: camera pictures are never written.

The flow, timing and journal live in `gmi.app.mirror.MirrorSession` and the
camera in `gmi.app.camera.CameraSession`; this screen shows their state,
passes keys and clicks on, and ticks the session with a timer.
"""

from __future__ import annotations

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

from gmi.app.camera import CameraSession
from gmi.app.mirror import MirrorSession
from gmi.app.stage import StageContext
from gmi.model.words import duration
from gmi.ui.cues import Cues
from gmi.ui.mirror_setup import HandPlacement
from gmi.ui.rating import RatingScale
from gmi.ui.stage_base import show_summary
from gmi.ui.video_view import VideoView
from gmi.ui.widgets import card, label, scroll_page
from gmi.vision.camera import FrameSource

TICK_MS = 200


class MirrorScreen(QWidget):
    finished = Signal()

    def __init__(self, context: StageContext, source: FrameSource | None = None,
                 use_camera_setting: bool = True, parent: QWidget | None = None, *,
                 session: MirrorSession | None = None,
                 camera: CameraSession | None = None) -> None:
        """`camera` (or a bare `source`) replaces the camera the settings chose."""
        super().__init__(parent)
        self.context = context
        self.session = session or MirrorSession(context)
        if camera is None:
            if source is None and use_camera_setting:
                camera = CameraSession.from_settings(context.settings.camera_index,
                                                     mirror=self.session.kernel)
            else:
                camera = CameraSession(source, mirror=self.session.kernel)
        self.camera = camera
        self.cues = Cues(chime=context.settings.chime, parent=self)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._on_tick)

        self.pages = QStackedWidget()
        self.pain_before = RatingScale("Before we start: how much pain do you feel now?",
                                       0, 10, "no pain", "worst pain imaginable")
        prefill = self.session.pain_prefill
        if prefill is not None:  # the check-in's answer: Enter keeps it
            self.pain_before.choose(prefill)
            self.pain_before.question.setText(
                f"Before we start: is your pain still {prefill}, as at the "
                "check-in? Press Enter to keep it.")
        self.pain_before.rated.connect(self._pain_before_rated)
        self.practice_page = self._build_practice()
        self.pain_after = RatingScale("How much pain do you feel now?", 0, 10, "no pain",
                                      "worst pain imaginable")
        self.pain_after.rated.connect(self._pain_after_rated)
        self.summary_page = QWidget()
        self.setup_page = self._build_setup()
        for page in (self.setup_page, self.pain_before, self.practice_page, self.pain_after,
                     self.summary_page):
            self.pages.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.video.attach(self.camera)
        self.camera.start()
        self.pages.setCurrentWidget(self.setup_page)
        self.ready_button.setFocus()

    # -- building -------------------------------------------------------------------
    def _build_setup(self) -> QWidget:
        """Before the pain rating: where the camera and each hand go, for this side
        and mode, in words and a picture."""
        session = self.session
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 24, 40, 16)
        box.setSpacing(10)
        box.addWidget(label("Set up the mirror", "title"))
        box.addWidget(label(
            f"{duration(session.progress.minutes_planned * 60).capitalize()} of gentle "
            f"movement while you watch the picture. For example: open and close your "
            f"{session.healthy_side} {session.body} slowly, and watch it move without pain.",
            "muted"))
        for n, words in enumerate(session.setup_steps(), start=1):
            box.addWidget(label(f"{n}.  {words}"))
        self.setup_picture = HandPlacement(session.side, session.kernel.mode, session.body)
        self.setup_picture.setMaximumHeight(280)
        box.addWidget(self.setup_picture)
        box.addStretch(1)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(scroll_page(content), 1)
        row = QHBoxLayout()
        row.setContentsMargins(40, 4, 40, 14)
        self.ready_button = QPushButton("I'm ready")
        self.ready_button.setObjectName("primary")
        self.ready_button.clicked.connect(self._ready)
        self.back_button = QPushButton("Back to Home")  # as on the other stages' intros
        self.back_button.clicked.connect(self._leave)  # nothing is saved before "I'm ready"
        row.addWidget(self.ready_button)
        row.addWidget(self.back_button)
        row.addStretch(1)
        column.addLayout(row)
        return page

    def _ready(self) -> None:
        """Set up: the pain rating if the protocol asks for one, else practice."""
        if self.session.begin() == "practice":
            self._practice()
        else:
            self._show_page(self.pain_before)

    def _show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)
        page.setFocus(Qt.FocusReason.OtherFocusReason)

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
        split = self.session.kernel.mode == "split"
        (self.split_button if split else self.flip_button).setChecked(True)
        self.mode_group.idClicked.connect(self._mode_chosen)
        self.split_label = label("Mirror line", "muted", wrap=False)
        top.addWidget(self.split_label)
        self.split_slider = QSlider(Qt.Orientation.Horizontal)
        self.split_slider.setRange(25, 75)
        self.split_slider.setValue(50)
        self.split_slider.setAccessibleName("Mirror line")
        self.split_slider.setToolTip("Move the mirror line")
        self.split_slider.valueChanged.connect(lambda value: self.session.set_split(value / 100))
        top.addWidget(self.split_slider, 1)
        self.time_label = label(self.session.time_left_text, "subtitle", wrap=False)
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
        self.prompt_label = label(self.session.prompt_text, "subtitle")
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
        self.hint_label = label(self.session.hint, "muted")
        prompt_box.addWidget(self.hint_label)
        box.addWidget(prompt_card)
        self._update_split_controls()
        return page

    # -- flow -----------------------------------------------------------------------
    def _pain_before_rated(self, value: int | None) -> None:
        self.session.rate_pain_before(value)
        self._practice()

    def _practice(self) -> None:
        self.pages.setCurrentWidget(self.practice_page)
        self.setFocus()
        self._tick.start()
        self.cues.chime()

    def _on_tick(self) -> None:
        tick = self.session.tick(self.camera.state)
        self.time_label.setText(self.session.time_left_text)
        if tick.time_up:
            self.cues.chime()
            self._to_pain_after()

    def next_prompt(self) -> None:
        if self.session.next_prompt():
            self.prompt_label.setText(self.session.prompt_text)
            self.cues.chime()

    def toggle_pause(self) -> None:
        self.session.toggle_pause()
        paused = self.session.paused
        self.pause_button.setText("Continue (Space)" if paused else "Pause (Space)")
        self.prompt_label.setText(self.session.prompt_text)

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
        self.session.set_mode("split" if button_id == 0 else "flip")
        self._update_split_controls()

    def _update_split_controls(self) -> None:
        """The toolbar keeps its place in both modes: the mirror line is only greyed
        out when the whole picture is mirrored, and the words follow the mode."""
        split = self.session.kernel.mode == "split"
        self.split_slider.setEnabled(split)
        self.split_label.setEnabled(split)
        self.hint_label.setText(self.session.hint)

    def stop(self) -> None:
        if self.session.practising:
            self.session.stop()
            self._to_pain_after()

    def _to_pain_after(self) -> None:
        """Practice is over: the rating after if the protocol asks, else the summary."""
        self._tick.stop()
        if not self.session.asks_pain:
            self.session.finish()
            self._show_summary()
            return
        self.pages.setCurrentWidget(self.pain_after)
        self.pain_after.setFocus()

    def _pain_after_rated(self, value: int | None) -> None:
        self.session.rate_pain_after(value)
        self._show_summary()

    def _show_summary(self) -> None:
        self._stop_camera()
        self.summary_page, self.home_button = show_summary(
            self.pages, self.summary_page, self.session.summary_title,
            self.session.summary_lines(), self.session.problem, self._leave,
            acknowledgement=self.session.acknowledgement())

    def _stop_camera(self) -> None:
        self.camera.stop()  # joins the capture thread first: then nothing notifies the view
        self.video.detach()

    def _leave(self) -> None:
        self.shutdown()
        self.finished.emit()

    def shutdown(self) -> None:
        self._tick.stop()
        self._stop_camera()
        self.session.close()  # completed steps are already on disk

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
