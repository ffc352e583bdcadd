"""The last four weeks as a calm grid: practised days filled, nothing marked as failed.

Missed days are simply left plain (no red, no crosses): the strip shows what
was done, never what was not. Drawn once into a picture held by a QLabel, so
Home (rebuilt often) holds no Python paint code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from gmi.ui.theme import ACCENT, FOCUS, INK, LINE, MUTED

COLUMNS = 7


def render_calendar(strip: Sequence[tuple[date, bool]], font: QFont,
                    dpr: float = 1.0) -> QPixmap:
    """(day, practised) pairs, oldest first, a week to a row; today (the last) outlined."""
    cell = max(22.0, QFontMetricsF(font).height() * 1.7)
    gap = cell * 0.15
    rows = max(1, -(-len(strip) // COLUMNS))
    size = QSize(round(COLUMNS * (cell + gap)), round(rows * (cell + gap)))
    pixmap = QPixmap(size * dpr)
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        today = strip[-1][0] if strip else None
        for n, (day, practised) in enumerate(strip):
            row, col = divmod(n, COLUMNS)
            rect = QRectF(col * (cell + gap), row * (cell + gap), cell, cell)
            is_today = day == today
            painter.setPen(QPen(QColor(FOCUS if is_today else LINE), 2 if is_today else 1))
            painter.setBrush(QColor(ACCENT if practised else "#FFFFFF"))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
            painter.setPen(QColor("#FFFFFF" if practised else (INK if is_today else MUTED)))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(day.day))
    finally:
        painter.end()
    return pixmap


def calendar_strip(strip: Sequence[tuple[date, bool]], font: QFont,
                   parent: QWidget | None = None) -> QLabel:
    picture = QLabel(parent)
    picture.setPixmap(render_calendar(strip, font, picture.devicePixelRatioF()))
    practised = sum(1 for _, done in strip if done)
    picture.setAccessibleName(f"Calendar: {practised} of the last {len(strip)} days practised")
    picture.setToolTip(picture.accessibleName())
    return picture
