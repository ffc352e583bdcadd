"""Stage 4 screen: gentle movements that the camera follows.

Live selfie video with the hand's skeleton drawn on it, the current exercise
with a repetition counter and a live trace, then "copy this posture" rounds
with a match score. Tracking runs on its own thread on the camera's own
(unmirrored) frame; the skeleton is drawn on the mirrored view. Angles from
a camera are estimates (about 5-10 degrees at best), and the screen says so.

What counts, the rounds' timing and the journal live in
`gmi.app.tracking.TrackingSession`; the camera and tracker threads in
`gmi.app.camera.CameraSession`. This screen shows their state.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.camera import CameraSession, TrackingOptions
from gmi.app.stage import StageContext
from gmi.app.tracking import HONEST, TrackingSession
from gmi.model.posture import HAND_BONES
from gmi.stimuli.render import render_cached
from gmi.ui.cues import Cues
from gmi.ui.stage_base import show_summary
from gmi.ui.stimulus_view import StimulusView
from gmi.ui.video_view import FrameNotifier, VideoView
from gmi.ui.widgets import card, label, scroll_page
from gmi.vision.camera import FrameSource
from gmi.vision.mirror import MirrorKernel
from gmi.vision.pose import BODY_BONES
from gmi.vision.tracker import DEFAULT_LONG_SIDE

ROUND_TICK_MS = 100


class Trace(QWidget):
    """The last seconds of the exercise signal, as a calm line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[float, float]] = []
        self.low = self.high = 0.0
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_trace(self, points: list[tuple[float, float]], low: float, high: float) -> None:
        self.points, self.low, self.high = points[-300:], low, high
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#FBF9F6"))
        if len(self.points) < 2:
            painter.end()
            return
        t_end = self.points[-1][0]
        values = [v for _, v in self.points]
        lo = min(min(values), self.low) - 5
        hi = max(max(values), self.high) + 5

        def xy(t: float, v: float) -> QPointF:
            x = self.width() * (1 - (t_end - t) / 10.0)
            return QPointF(x, self.height() * (1 - (v - lo) / (hi - lo)))

        painter.setPen(QPen(QColor("#D9CFC0"), 1, Qt.PenStyle.DashLine))
        for level in (self.low, self.high):
            painter.drawLine(xy(t_end - 10, level), xy(t_end, level))
        painter.setPen(QPen(QColor("#2F6F62"), 2))
        path = [xy(t, v) for t, v in self.points if t_end - t <= 10]
        for a, b in itertools.pairwise(path):
            painter.drawLine(a, b)
        painter.end()


class TrackingScreen(QWidget):
    finished = Signal()

    def __init__(self, context: StageContext, source: FrameSource | None = None,
                 use_camera_setting: bool = True, tracker_long_side: int | None = None,
                 parent: QWidget | None = None, *, session: TrackingSession | None = None,
                 camera: CameraSession | None = None) -> None:
        """`camera` (or a bare `source`) replaces the camera the settings chose."""
        super().__init__(parent)
        self.context = context
        self.session = session or TrackingSession(context)
        if camera is None:  # hands with MediaPipe Hands, any other body part with Pose
            target = "body" if self.session.follows_body else "hand"
            tracking = TrackingOptions.from_settings(
                context.settings, tracker_long_side or DEFAULT_LONG_SIDE, target)
            if source is None and use_camera_setting:
                camera = CameraSession.from_settings(
                    context.settings.camera_index, mirror=MirrorKernel("flip"),
                    tracking=tracking)
            else:
                camera = CameraSession(source, mirror=MirrorKernel("flip"), tracking=tracking)
        self.camera = camera
        self.cues = Cues(chime=context.settings.chime, parent=self)
        self.notifier = FrameNotifier()
        self.notifier.ready.connect(self._on_tracking)
        self.camera.on_tracking = self.notifier.ready.emit

        self.pages = QStackedWidget()
        self.practice_page = self._build_practice()
        self.summary_page = QWidget()
        self.pages.addWidget(self.practice_page)
        self.pages.addWidget(self.summary_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        self.video.attach(self.camera)
        self.camera.start()
        self._round_timer = QTimer(self)
        self._round_timer.setInterval(ROUND_TICK_MS)
        self._round_timer.timeout.connect(self._round_tick)
        self.session.start()
        self._show_step()

    # -- building -------------------------------------------------------------------
    def _build_practice(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(20, 12, 20, 12)
        self.video = VideoView(overlay=self.context.settings.camera_info)
        self.video.draw_hook = self._draw_skeleton
        row.addWidget(self.video, 3)
        side = QVBoxLayout()
        panel, box = card()
        self.title_label = label("", "subtitle")
        box.addWidget(self.title_label)
        self.instruction_label = label("")
        box.addWidget(self.instruction_label)
        self.round_label = label("", "subtitle")  # "I'm ready", the countdown, the rest
        self.round_label.hide()
        box.addWidget(self.round_label)
        self.count_label = label("", "title")
        box.addWidget(self.count_label)
        self.trace = Trace()
        box.addWidget(self.trace)
        self.rom_label = label("", "muted")
        box.addWidget(self.rom_label)
        self.target_view = StimulusView()
        self.target_view.setMinimumSize(160, 160)
        self.target_view.hide()
        box.addWidget(self.target_view)
        self.advice_label = label("", "subtitle")
        box.addWidget(self.advice_label)
        box.addWidget(label(HONEST, "small"))
        box.addStretch(1)
        side.addWidget(panel)
        holder = QWidget()
        holder.setLayout(side)
        side_area = scroll_page(holder)  # large text scrolls instead of cutting the words
        side_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        column = QVBoxLayout()
        column.addWidget(side_area, 1)
        self.next_button = QPushButton("Next")
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(self.next_step)
        column.addWidget(self.next_button)  # below the words: always in view
        self.stop_button = QPushButton("Stop for today")
        self.stop_button.clicked.connect(self.finish)
        column.addWidget(self.stop_button)
        right = QWidget()
        right.setLayout(column)
        right.setMaximumWidth(440)
        row.addWidget(right, 2)
        return page

    # -- showing the session ----------------------------------------------------------
    def _show_step(self) -> None:
        """Show the exercise or the round the session is at (or the summary at the end)."""
        session = self.session
        if session.finished:
            self._show_end()
            return
        # "(1 of 2)" stays on one line with the word before it (it once wrapped "(1 / of 2)")
        nbsp = "\u00a0"
        self.title_label.setText(
            session.title.replace(" (", f"{nbsp}(").replace(" of ", f"{nbsp}of{nbsp}"))
        self.instruction_label.setText(session.instruction)
        self.count_label.setText(session.count_text)
        self.next_button.setText(session.next_text)
        self.advice_label.setText(session.advice)
        posture = session.posture
        if posture is None:
            self.round_label.hide()
            self._update_exercise()
            return
        self.rom_label.setText("")
        self.trace.hide()
        self.target_view.show()
        self.target_view.show_image(render_cached("hand", posture.name, session.side, "back",
                                                  0.0, "medium", 320))
        self.round_label.show()
        self._show_round()
        self._round_timer.start()

    def _show_round(self) -> None:
        """The round's step: waiting for "I'm ready", the countdown, the hold, the rest."""
        self.round_label.setText(self.session.round_text)
        self.count_label.setText(self.session.count_text)
        self.next_button.setText(self.session.next_text)

    def _update_exercise(self) -> None:
        ex = self.session.exercise
        if ex is None:
            return
        self.count_label.setText(self.session.count_text)
        if self.session.range_text:
            self.rom_label.setText(self.session.range_text)
        self.trace.show_trace(ex.trace, ex.counter.low, ex.counter.high)

    def _on_tracking(self) -> None:
        update = self.session.feed(self.camera.latest_tracking())
        if update is None:
            return
        self.video.update()
        self.advice_label.setText(update.advice)
        if self.session.phase == "posture":
            self.count_label.setText(self.session.count_text)
            return
        if update.counted:
            self.cues.chime()
        self._update_exercise()

    def next_step(self) -> None:
        self._round_timer.stop()
        self.session.next_step()
        self._show_step()

    def _round_tick(self) -> None:
        """Every ROUND_TICK_MS in a round: move it on when its time is up, show the seconds."""
        round_before = self.session.round_index
        moved = self.session.tick()
        if self.session.finished or (moved and self.session.round_index != round_before):
            self._round_timer.stop()
            self._show_step()
        elif self.session.phase == "posture":
            self._show_round()

    # -- drawing -----------------------------------------------------------------------
    def skeleton_points(self, target: QRectF) -> list[QPointF]:
        """Where the one tracked hand's (or body's) landmarks fall on the shown
        (mirrored) picture."""
        result = self.camera.latest_tracking()
        if result is None:
            return []
        found = result.bodies if self.session.follows_body else result.hands
        if len(found) != 1:
            return []
        # tracked on the camera's own frame; shown mirrored
        return [QPointF(target.left() + x * target.width(), target.top() + y * target.height())
                for x, y in found[0].shown_points(mirrored=True)]

    def _draw_skeleton(self, painter: QPainter, target: QRectF, info) -> None:
        mapped = self.skeleton_points(target)
        if not mapped:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(255, 255, 255, 220), 3))
        bones = BODY_BONES if self.session.follows_body else HAND_BONES
        for a, b in bones:
            painter.drawLine(mapped[a], mapped[b])
        painter.setBrush(QColor("#2F6F62"))
        for p in mapped:
            painter.drawEllipse(p, 4, 4)

    # -- the end -------------------------------------------------------------------------
    def finish(self) -> None:
        """Stop for today (or the end of the rounds): journal and show the summary."""
        self.session.finish()
        self._show_end()

    def _show_end(self) -> None:
        self._round_timer.stop()
        self._stop_threads()
        if self.pages.currentWidget() is self.summary_page:
            return
        self.summary_page, self.home_button = show_summary(
            self.pages, self.summary_page, "Well done", self.session.summary_lines(),
            self.session.problem, self._leave, acknowledgement=self.session.acknowledgement())

    def _stop_threads(self) -> None:
        self.camera.stop()
        self.video.detach()

    def _leave(self) -> None:
        self.shutdown()
        self.finished.emit()

    def shutdown(self) -> None:
        self._round_timer.stop()
        self._stop_threads()
        self.session.close()  # completed steps are already on disk

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
