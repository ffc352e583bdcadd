"""Taking pictures of one's own comfortable hand, for left/right practice.

Only when the person asks: opened from Settings. The preview is mirrored,
like a mirror; the picture is saved as the camera sees it, with its mirror
image as the other hand. A short countdown leaves time to hold the pose.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gmi.app.camera import CameraSession
from gmi.app.own_photos import OwnPhotos
from gmi.model.posture import postures_for
from gmi.model.stages import other_side
from gmi.store.errors import StoreError
from gmi.store.profiles import Profile
from gmi.ui.video_view import VideoView
from gmi.ui.widgets import label
from gmi.vision.camera import FrameSource

POSTURES = {"hand": ("open", "fist", "point", "thumbs_up", "spread"),
            "foot": ("neutral", "toes_up", "point", "ankle_in")}
COUNTDOWN_S = 3


class OwnPhotosDialog(QDialog):
    def __init__(self, profile: Profile, photos: OwnPhotos, camera_index: int | None,
                 source: FrameSource | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pictures of your own hand")
        self.photos = photos
        self.body = profile.body_part
        self.side = other_side(profile.affected_side)  # the comfortable one
        library = postures_for(self.body)
        self.postures = [p for p in POSTURES[self.body] if p in library]
        self.position = 0
        self.saved: list[str] = []
        self.countdown = 0
        self.camera = (CameraSession(source) if source is not None
                       else CameraSession.from_settings(camera_index))
        self.problem = self.camera.problem

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(10)
        self.title = label("", "subtitle")
        box.addWidget(self.title)
        self.instruction = label("")
        box.addWidget(self.instruction)
        views = QHBoxLayout()
        views.addWidget(label("Show the camera:", "muted", wrap=False))
        self.view_group = QButtonGroup(self)
        first, second = ("back", "palm") if self.body == "hand" else ("top", "sole")
        for n, (text, value) in enumerate(((f"the {first} of the {self.body}", first),
                                           (f"the {second}", second))):
            radio = QRadioButton(text)
            radio.setProperty("value", value)
            radio.setChecked(n == 0)
            self.view_group.addButton(radio, n)
            views.addWidget(radio)
        views.addStretch(1)
        box.addLayout(views)
        self.video = VideoView(mirrored=True)
        self.video.setMinimumSize(480, 360)
        self.video.draw_hook = self._draw_guide
        box.addWidget(self.video, 1)
        self.status = label("", "muted")
        box.addWidget(self.status)
        row = QHBoxLayout()
        self.take_button = QPushButton("Take picture (Space)")
        self.take_button.setObjectName("primary")
        self.take_button.clicked.connect(self.start_countdown)
        self.skip_button = QPushButton("Skip this one")
        self.skip_button.clicked.connect(self._next)
        self.close_button = QPushButton("Done")
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.take_button, 1)
        row.addWidget(self.skip_button)
        row.addWidget(self.close_button)
        box.addLayout(row)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count)
        self.video.attach(self.camera if self.camera.has_camera else None)
        self.camera.start()
        self.resize(760, 700)
        self._show_posture()

    @property
    def view_choice(self) -> str:
        return self.view_group.checkedButton().property("value")

    def _show_posture(self) -> None:
        if self.position >= len(self.postures):
            self.title.setText("All done: thank you")
            self.instruction.setText(
                f"{len(self.saved)} pictures were saved, each also as a {other_side(self.side)} "
                f"{self.body}. Your therapist can choose to use them in left/right practice.")
            self.take_button.setEnabled(False)
            self.skip_button.setEnabled(False)
            return
        posture = postures_for(self.body)[self.postures[self.position]]
        self.title.setText(f"Picture {self.position + 1} of {len(self.postures)}: "
                           f"{posture.title}")
        self.instruction.setText(
            f"Hold up your {self.side} {self.body} inside the frame. {posture.instruction} "
            "Only as far as is comfortable.")

    def _draw_guide(self, painter: QPainter, target: QRectF, info) -> None:
        side = min(target.width(), target.height()) * 0.8
        guide = QRectF(target.center().x() - side / 2, target.center().y() - side / 2,
                       side, side)
        pen = QPen(QColor(255, 255, 255, 200))
        pen.setWidth(3)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRect(guide)
        if self.countdown:
            font = painter.font()
            font.setPointSize(48)
            painter.setFont(font)
            painter.drawText(guide, Qt.AlignmentFlag.AlignCenter, str(self.countdown))

    def start_countdown(self) -> None:
        if not self.camera.has_camera or self.countdown or self.position >= len(self.postures):
            if not self.camera.has_camera:
                self.status.setText(self.problem or "No camera was found, so no picture can "
                                    "be taken. Everything else works without one.")
            return
        self.countdown = COUNTDOWN_S
        self.status.setText("Hold still…")
        self._tick.start()
        self.video.update()

    def _count(self) -> None:
        self.countdown -= 1
        self.video.update()
        if self.countdown > 0:
            return
        self._tick.stop()
        self.take_now()

    def take_now(self) -> bool:
        """Save the newest camera frame for the current posture."""
        taken = self.camera.take()
        if taken is None:
            self.status.setText("The camera gave no picture; please try again.")
            return False
        frame, _ = taken
        try:
            names = self.photos.add(frame.copy(), self.side, self.view_choice,
                                    self.postures[self.position])
        except StoreError as exc:
            self.status.setText(f"The picture could not be saved: {exc.message}")
            return False
        self.saved.append(names[0])
        self.status.setText("Saved.")
        self._next()
        return True

    def _next(self) -> None:
        self.position += 1
        self._show_posture()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            self.start_countdown()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        self._tick.stop()
        self.camera.stop()
        self.video.detach()
        super().done(result)
