"""Paints the newest camera frame, scaled to fit, without copying it again.

The frame buffer is wrapped as a QImage (Format_BGR888) and drawn directly;
the capture thread never writes a buffer that is being shown. Each paint
records the latency from capture to screen; the overlay shows fps and
latency when asked. When the camera is missing or lost, the view says so
in plain words.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from gmi.ui.images import bgr_to_qimage
from gmi.vision.camera import CaptureStats, FrameInfo

MESSAGES = {
    "starting": "Starting the camera…",
    "no camera": "No camera was found. Mirror practice needs a camera; recognising left "
                 "and right and imagining movements work without one.",
    "lost": "The camera seems to be disconnected. Practice will carry on by itself as soon "
            "as it is back.",
    "stopped": "The camera is off.",
}


class FrameFeed(Protocol):
    """What the view shows: a `CameraSession` (or a bare `CaptureThread`, for benchmarks)."""

    on_frame: object

    def take(self) -> tuple[np.ndarray, FrameInfo] | None: ...

    def stats(self) -> CaptureStats: ...


class FrameNotifier(QObject):
    """Carries 'a new frame is ready' from the capture thread to the GUI thread."""

    ready = Signal()


class VideoView(QWidget):
    def __init__(self, overlay: bool = False, mirrored: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.capture: FrameFeed | None = None
        self.overlay = overlay
        self.mirrored = mirrored  # show raw frames as a selfie view (paint-time flip)
        self.notifier = FrameNotifier()
        self.notifier.ready.connect(self.update)
        self.latencies_ms: deque[float] = deque(maxlen=2000)
        self.painted_frames = 0
        self.last_index = -1
        self.status = "stopped"
        self.status_message = MESSAGES["stopped"]
        self.draw_hook = None  # optional callable(painter, target_rect, frame_info)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(250)
        self._status_timer.timeout.connect(self._poll_status)

    def attach(self, capture: FrameFeed | None) -> None:
        """Show frames from `capture` (None: no camera).

        A camera session without a source says why (its problem) instead of
        the general 'no camera' words, when there is a reason to give.
        """
        self.capture = capture
        if capture is not None:
            capture.on_frame = self.notifier.ready.emit
        self._status_timer.start()
        self._poll_status()

    def _poll_status(self) -> None:
        if self.capture is None:
            state, message = "no camera", MESSAGES["no camera"]
        else:
            stats = self.capture.stats()
            state = stats.state
            message = "" if state == "running" else MESSAGES.get(state, stats.message)
            if state == "no camera" and getattr(self.capture, "problem", ""):
                message = self.capture.problem  # e.g. a GMI_CAMERA value not understood
        if (state, message) != (self.status, self.status_message):
            self.status, self.status_message = state, message
            self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(30, 34, 36))
        running = self.capture is not None and self.capture.stats().state == "running"
        taken = self.capture.take() if running else None
        if taken is not None:
            frame, info = taken
            image = bgr_to_qimage(frame)
            h, w = frame.shape[:2]
            scale = min(self.width() / w, self.height() / h)
            target = QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2,
                            w * scale, h * scale)
            if self.mirrored:
                painter.save()
                painter.translate(target.center().x() * 2, 0)
                painter.scale(-1, 1)
                painter.drawImage(target, image)
                painter.restore()
            else:
                painter.drawImage(target, image)
            if self.draw_hook is not None:
                self.draw_hook(painter, target, info)
            if info.index != self.last_index:
                self.last_index = info.index
                self.painted_frames += 1
                self.latencies_ms.append((time.perf_counter_ns() - info.captured_ns) / 1e6)
            if self.overlay:
                self._draw_overlay(painter)
        else:
            painter.setPen(QColor(235, 235, 230))
            font = QFont(self.font())
            painter.setFont(font)
            painter.drawText(self.rect().adjusted(40, 40, -40, -40),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.status_message or MESSAGES["starting"])
        painter.end()

    def overlay_text(self) -> str:
        """'29.9 fps · 4.1 ms': the camera's rate and the last frame's delay to screen."""
        stats = self.capture.stats() if self.capture else None
        latency = self.latencies_ms[-1] if self.latencies_ms else 0.0
        return f"{stats.fps:4.1f} fps · {latency:4.1f} ms" if stats else ""

    def _draw_overlay(self, painter: QPainter) -> None:
        text = self.overlay_text()
        painter.setPen(QColor(255, 255, 255))
        painter.fillRect(QRectF(8, 8, 170, 26), QColor(0, 0, 0, 140))
        painter.drawText(QRectF(14, 8, 160, 26), Qt.AlignmentFlag.AlignVCenter, text)

    def detach(self) -> None:
        self._status_timer.stop()
        if self.capture is not None:
            self.capture.on_frame = None
        self.capture = None
