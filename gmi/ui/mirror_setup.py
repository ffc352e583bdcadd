"""The mirror's set-up picture: where the camera and each hand go.

Drawn, not photographed, so it follows the person's affected side and the
mode: the comfortable hand on its half of the picture, its reflection on the
painful side's half (mirror box) or the whole picture mirrored, and the
painful hand out of sight below the table.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gmi.ui.theme import ACCENT, INK, LINE, MUTED

SKIN = QColor("#E2B48F")
SKIN_EDGE = QColor("#B9875F")


def _hand(painter: QPainter, centre: QPointF, size: float, left: bool, faded: bool) -> None:
    """A simple open hand seen from above: palm, four fingers and a thumb."""
    painter.save()
    painter.translate(centre)
    if left:
        painter.scale(-1, 1)
    painter.setOpacity(0.45 if faded else 1.0)
    painter.setPen(QPen(SKIN_EDGE, max(1.0, size * 0.03)))
    painter.setBrush(SKIN)
    palm = QRectF(-size * 0.32, -size * 0.05, size * 0.64, size * 0.6)
    painter.drawRoundedRect(palm, size * 0.18, size * 0.18)
    for n, height in enumerate((0.42, 0.5, 0.47, 0.36)):
        x = -size * 0.29 + n * size * 0.165
        painter.drawRoundedRect(QRectF(x, -size * (0.05 + height), size * 0.13,
                                       size * (height + 0.1)), size * 0.065, size * 0.065)
    thumb = QPainterPath()
    thumb.addRoundedRect(QRectF(0, 0, size * 0.14, size * 0.4), size * 0.07, size * 0.07)
    painter.translate(size * 0.3, size * 0.12)
    painter.rotate(-40)
    painter.drawPath(thumb)
    painter.restore()


class HandPlacement(QWidget):
    """Top: the picture on screen; bottom: the painful hand hidden below the table."""

    def __init__(self, affected_side: str, mode: str, body: str = "hand",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.affected_side, self.mode, self.body = affected_side, mode, body
        self.setMinimumSize(320, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        healthy = "left" if affected_side == "right" else "right"
        self.setAccessibleName(
            f"Picture: your {healthy} {body} on the {healthy} half of the camera picture, "
            f"its mirror image on the {affected_side} half; your {affected_side} {body} "
            "hidden below the table.")

    def heightForWidth(self, width: int) -> int:
        return round(width * 0.5)

    def hasHeightForWidth(self) -> bool:
        return True

    def sizeHint(self):
        from PySide6.QtCore import QSize

        return QSize(480, 240)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        healthy_left = self.affected_side == "right"
        screen = QRectF(w * 0.1, h * 0.04, w * 0.8, h * 0.62)
        painter.setPen(QPen(QColor(LINE), 2))
        painter.setBrush(QColor("#FBF9F6"))
        painter.drawRoundedRect(screen, 10, 10)
        size = min(screen.height() * 0.55, screen.width() * 0.25)
        left_c = QPointF(screen.left() + screen.width() * 0.27,
                         screen.top() + screen.height() * 0.42)
        right_c = QPointF(screen.left() + screen.width() * 0.73, left_c.y())
        real, mirrored = (left_c, right_c) if healthy_left else (right_c, left_c)
        if self.mode == "split":
            pen = QPen(QColor(ACCENT), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(screen.center().x(), screen.top() + 6),
                             QPointF(screen.center().x(), screen.bottom() - 6))
            _hand(painter, real, size, left=not healthy_left, faded=False)
            _hand(painter, mirrored, size, left=healthy_left, faded=True)
        else:
            _hand(painter, screen.center(), size, left=healthy_left, faded=False)
        font = QFont(self.font())
        font.setPointSizeF(max(8.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        painter.setPen(QColor(INK))
        healthy = "left" if healthy_left else "right"
        if self.mode == "split":
            painter.drawText(QRectF(real.x() - w * 0.2, screen.bottom() - h * 0.13, w * 0.4,
                                    h * 0.12), Qt.AlignmentFlag.AlignCenter,
                             f"your {healthy} {self.body}")
            painter.drawText(QRectF(mirrored.x() - w * 0.2, screen.bottom() - h * 0.13,
                                    w * 0.4, h * 0.12), Qt.AlignmentFlag.AlignCenter,
                             "its mirror image")
        table_y = h * 0.74
        painter.setPen(QPen(QColor(MUTED), 3))
        painter.drawLine(QPointF(w * 0.05, table_y), QPointF(w * 0.95, table_y))
        painter.setPen(QColor(MUTED))
        painter.drawText(QRectF(0, table_y + 4, w, h - table_y - 4),
                         Qt.AlignmentFlag.AlignCenter,
                         f"your {self.affected_side} {self.body}: still, out of sight "
                         "(lap or under a cloth)")
        painter.end()
