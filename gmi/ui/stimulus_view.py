"""Shows one stimulus (or the fixation cross) and reports when it was painted.

Response times count from the moment the picture is on screen, not from when
it was asked for (DESIGN.md section 4): `painted` carries the
perf_counter_ns taken at the end of the first paint of each new picture,
after which Qt's raster backing store is flushed to the window in the same
pass.
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gmi.ui.images import bgr_to_qimage
from gmi.ui.theme import PAPER


class StimulusView(QWidget):
    painted = Signal("qlonglong")  # perf_counter_ns of the first paint of a new picture

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frame: np.ndarray | None = None
        self._image: QImage | None = None
        self._fresh = False
        self.caption = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(240, 240)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def show_image(self, frame: np.ndarray) -> None:
        self._frame = np.ascontiguousarray(frame)
        self._image = bgr_to_qimage(self._frame)
        self._fresh = True
        self.update()

    def show_fixation(self) -> None:
        self._frame = self._image = None
        self._fresh = False
        self.update()

    @property
    def showing_image(self) -> bool:
        return self._image is not None

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(PAPER))
        side = min(self.width(), self.height())
        square = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(square, self._image)
        else:
            pen = QPen(QColor(60, 70, 75))
            pen.setWidth(max(3, side // 120))
            painter.setPen(pen)
            c = square.center()
            arm = side * 0.05
            painter.drawLine(int(c.x() - arm), int(c.y()), int(c.x() + arm), int(c.y()))
            painter.drawLine(int(c.x()), int(c.y() - arm), int(c.x()), int(c.y() + arm))
        painter.end()
        if self._fresh:
            self._fresh = False
            self.painted.emit(time.perf_counter_ns())
