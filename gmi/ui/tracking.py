"""Stage 4 screen: gentle movements that the camera follows.

Live selfie video with the hand's skeleton drawn on it, the current exercise
with a repetition counter and a live trace, then "copy this posture" rounds
with a match score. Tracking runs on its own thread on the camera's own
(unmirrored) frame; the skeleton is drawn on the mirrored view. Angles from
a camera are estimates (about 5-10 degrees at best), and the screen says so.
"""

from __future__ import annotations

import itertools
import os
import time

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

from gmi.app.records import (
    ExerciseResult,
    PostureMatchResult,
    RepetitionCounted,
    TrackingBlockSummary,
)
from gmi.app.stage import StageContext, StageJournal
from gmi.model.posture import HAND_BONES, hand_landmarks, postures_for
from gmi.stimuli.render import render_cached
from gmi.ui.cues import Cues
from gmi.ui.stage_base import show_summary
from gmi.ui.stimulus_view import StimulusView
from gmi.ui.video_view import FrameNotifier, VideoView
from gmi.ui.widgets import card, label
from gmi.vision.camera import CameraError, CaptureThread, FrameSource, open_source
from gmi.vision.kinematics import EXERCISES, hand_angles
from gmi.vision.mirror import MirrorKernel
from gmi.vision.tracker import HandTracker, TrackerThread
from gmi.vision.tracking_session import (
    EXERCISE_TEXT,
    SIGNAL_UNITS,
    ExerciseState,
    best_and_mean,
    feed,
    guidance,
    match_score,
    new_exercise,
)

ROUND_SECONDS = 6.0
POSTURE_ROUNDS = 3
HONEST = ("Angles from a camera are estimates, about 5-10 degrees at best: "
          "watch the trend over days rather than one number.")


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
                 use_camera_setting: bool = True, tracker_size: tuple[int, int] = (320, 240),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.body = context.profile.body_part
        self.side = context.protocol.affected_side or context.profile.affected_side
        self.exercises = [new_exercise(e.kind, e.target_reps)
                          for e in context.protocol.tracking.exercises]
        self.index = 0
        library = postures_for(self.body)
        self.rounds = [p for p in context.protocol.imagery.postures if p in library][
            :POSTURE_ROUNDS]
        self.round_index = -1
        self.round_scores: list[float] = []
        self.round_started = 0.0
        self.results: list[dict] = []
        self.journal = StageJournal(context, "tracking")
        self.advice = ""
        self.last_frame = -1
        self.cues = Cues(chime=context.settings.chime, parent=self)
        camera_problem = ""
        if source is None and use_camera_setting:
            try:
                source = open_source(context.settings.camera_index, os.environ.get("GMI_CAMERA"))
            except CameraError as exc:
                camera_problem = str(exc)

        self.notifier = FrameNotifier()
        self.notifier.ready.connect(self._on_tracking)
        settings = context.settings
        self.tracker = TrackerThread(
            lambda: HandTracker(settings.tracking_model, max_hands=settings.tracking_hands),
            size=tracker_size, on_result=self.notifier.ready.emit)
        self.kernel = MirrorKernel("flip")
        self.capture = CaptureThread(source, kernel=self.kernel.apply,
                                     tap=self.tracker.submit) if source is not None else None

        self.pages = QStackedWidget()
        self.practice_page = self._build_practice()
        self.summary_page = QWidget()
        self.pages.addWidget(self.practice_page)
        self.pages.addWidget(self.summary_page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        self.video.attach(self.capture)
        if camera_problem:
            self.video.status_message = camera_problem
        if self.capture is not None:
            self.tracker.start()
            self.capture.start()
        self._round_timer = QTimer(self)
        self._round_timer.setInterval(100)
        self._round_timer.timeout.connect(self._round_tick)
        self.journal.start()
        self._show_exercise()

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
        self.next_button = QPushButton("Next")
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(self.next_step)
        box.addWidget(self.next_button)
        self.stop_button = QPushButton("Stop for today")
        self.stop_button.clicked.connect(self.finish)
        box.addWidget(self.stop_button)
        box.addWidget(label(HONEST, "small"))
        box.addStretch(1)
        side.addWidget(panel)
        holder = QWidget()
        holder.setLayout(side)
        holder.setMaximumWidth(420)
        row.addWidget(holder, 2)
        return page

    # -- exercises ------------------------------------------------------------------
    @property
    def exercise(self) -> ExerciseState | None:
        return self.exercises[self.index] if self.index < len(self.exercises) else None

    def _show_exercise(self) -> None:
        ex = self.exercise
        if ex is None:
            self._start_round(0)
            return
        title, text = EXERCISE_TEXT[ex.kind]
        self.title_label.setText(f"{title} ({self.index + 1} of {len(self.exercises)})")
        self.instruction_label.setText(f"{text} Only as far as is comfortable.")
        self._update_exercise_labels()
        self.next_button.setText("Next exercise")

    def _update_exercise_labels(self) -> None:
        ex = self.exercise
        if ex is None:
            return
        self.count_label.setText(f"{ex.reps} of {ex.target}")
        if ex.rom.span is not None:
            unit = SIGNAL_UNITS[EXERCISES[ex.kind][0]]
            self.rom_label.setText(f"Range so far: {ex.rom.minimum:.0f} to {ex.rom.maximum:.0f}"
                                   f"{unit} (estimate)")
        self.trace.show_trace(ex.trace, ex.counter.low, ex.counter.high)

    def _on_tracking(self) -> None:
        result = self.tracker.latest()
        if result is None or result.frame_index == self.last_frame:
            return
        self.last_frame = result.frame_index
        self.video.update()
        t = result.captured_ns / 1e9
        if self.round_index >= 0:
            score = match_score(result.hands, self._target_angles)
            self.advice = "" if score is not None else guidance(result.hands)
            if score is not None:
                self.round_scores.append(score)
                self.count_label.setText(f"{score:.0f} / 100")
            self.advice_label.setText(self.advice)
            return
        ex = self.exercise
        if ex is None:
            return
        self.advice, counted = feed(ex, result.hands, t)
        self.advice_label.setText(self.advice)
        if counted:
            self.journal.write(RepetitionCounted(kind=ex.kind, n=ex.reps))
            self.cues.chime()
            if ex.done:
                self.advice_label.setText("That's all of them. Well done.")
        self._update_exercise_labels()

    def next_step(self) -> None:
        if self.round_index >= 0:
            self._end_round()
            return
        ex = self.exercise
        if ex is not None:
            self.journal.write(ExerciseResult.model_validate(ex.summary()))
            self.results.append(ex.summary())
            self.index += 1
            self._show_exercise()

    # -- posture rounds ------------------------------------------------------------
    def _start_round(self, n: int) -> None:
        if n >= len(self.rounds) or self.body != "hand":
            self.finish()
            return
        self.round_index = n
        posture = postures_for("hand")[self.rounds[n]]
        self._target_angles = hand_angles(hand_landmarks(posture, self.side), self.side)
        self.round_scores = []
        self.round_started = time.monotonic()
        self.title_label.setText(f"Copy this position ({n + 1} of {len(self.rounds)})")
        self.instruction_label.setText(f"{posture.title}: {posture.instruction}")
        self.count_label.setText("–")
        self.rom_label.setText("")
        self.trace.hide()
        self.target_view.show()
        self.target_view.show_image(render_cached("hand", posture.name, self.side, "back", 0.0,
                                                  "medium", 320))
        self.next_button.setText("Next position")
        self._round_timer.start()

    def _round_tick(self) -> None:
        if time.monotonic() - self.round_started >= ROUND_SECONDS:
            self._end_round()

    def _end_round(self) -> None:
        self._round_timer.stop()
        best, mean = best_and_mean(self.round_scores)
        data = {"posture": self.rounds[self.round_index], "best_score": best,
                "mean_score": mean, "frames": len(self.round_scores)}
        self.journal.write(PostureMatchResult.model_validate(data))
        self.results.append(data)
        self._start_round(self.round_index + 1)

    # -- drawing -----------------------------------------------------------------------
    def _draw_skeleton(self, painter: QPainter, target: QRectF, info) -> None:
        result = self.tracker.latest()
        if result is None or len(result.hands) != 1:
            return
        pts = result.hands[0].image_points
        # tracked on the camera's frame; shown mirrored: x -> 1 - x
        mapped = [QPointF(target.left() + (1 - x) * target.width(),
                          target.top() + y * target.height()) for x, y, _ in pts]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(255, 255, 255, 220), 3))
        for a, b in HAND_BONES:
            painter.drawLine(mapped[a], mapped[b])
        painter.setBrush(QColor("#2F6F62"))
        for p in mapped:
            painter.drawEllipse(p, 4, 4)

    # -- the end -------------------------------------------------------------------------
    def finish(self) -> None:
        self._round_timer.stop()
        ex = self.exercise
        if self.round_index < 0 and ex is not None and (ex.reps or ex.rom.span):
            self.journal.write(ExerciseResult.model_validate(ex.summary()))
            self.results.append(ex.summary())
        exercises = [r for r in self.results if "kind" in r]
        matches = [r for r in self.results if "posture" in r]
        reps = sum(r["reps"] for r in exercises)
        headline = f"{reps} repetitions in {len(exercises)} exercise" + (
            "s" if len(exercises) != 1 else "")
        scored = [r["best_score"] for r in matches if r["best_score"] is not None]
        if scored:
            headline += f" · best posture match {max(scored):.0f}"
        complete = self.index >= len(self.exercises)
        self.journal.finish("completed" if complete else "stopped", headline,  # type: ignore[arg-type]
                            self._summary(exercises, matches))
        self._stop_threads()
        self._show_summary(exercises, matches)

    def _show_summary(self, exercises: list[dict], matches: list[dict]) -> None:
        lines = []
        for r in exercises:
            span = "" if r["rom_span"] is None else (
                f"; range {r['rom_min']:.0f} to {r['rom_max']:.0f} (estimate)")
            lines.append(f"{EXERCISE_TEXT[r['kind']][0]}: {r['reps']} of {r['target']}{span}.")
        for r in matches:
            score = "not seen" if r["best_score"] is None else f"best match {r['best_score']:.0f}"
            lines.append(f"Copied '{r['posture']}': {score}.")
        if not exercises and not matches:
            lines.append("Nothing was measured this time; that is fine.")
        lines.append(HONEST)
        self.summary_page, self.home_button = show_summary(
            self.pages, self.summary_page, "Well done", lines, self.journal.problem, self._leave,
            acknowledgement=self.journal.acknowledgement(self._summary(exercises, matches)))

    @staticmethod
    def _summary(exercises: list[dict], matches: list[dict]) -> TrackingBlockSummary:
        return TrackingBlockSummary(
            exercises=[ExerciseResult.model_validate(e) for e in exercises],
            postures=[PostureMatchResult.model_validate(m) for m in matches])

    def _stop_threads(self) -> None:
        if self.capture is not None:
            self.capture.stop()
        self.tracker.stop()
        self.tracker.on_result = None
        self.video.detach()

    def _leave(self) -> None:
        self.shutdown()
        self.finished.emit()

    def shutdown(self) -> None:
        self._round_timer.stop()
        self._stop_threads()
        self.journal.close()  # completed steps are already on disk

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
