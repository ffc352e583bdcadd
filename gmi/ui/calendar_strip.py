"""The last four weeks as a calm grid: practised days filled, nothing marked as failed.

Missed days are simply left plain (no red, no crosses): the strip shows what
was done, never what was not. Weekday names head the columns and the month's
name sits in the first day shown and in each first of a month (the words come
from `gmi.model.practice_days.strip_labels`); every size follows the text size,
so the cells grow with the largest text. Drawn once into a picture held by a QLabel, so
Home (rebuilt often) holds no Python paint code.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from gmi.model.practice_days import strip_labels
from gmi.ui.theme import ACCENT, FOCUS, INK, LINE, MUTED

COLUMNS = 7


def render_calendar(strip: Sequence[tuple[date, bool]], font: QFont,
                    dpr: float = 1.0) -> QPixmap:
    """(day, practised) pairs, oldest first, a week to a row under the weekday names;
    today (the last) outlined; a month's name above the day on which it is given."""
    labels = strip_labels([day for day, _ in strip], COLUMNS)
    small = QFont(font)  # weekday and month names: smaller, still the same family
    if font.pointSizeF() > 0:
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.72))
    else:  # a font sized in pixels
        small.setPixelSize(max(8, round(font.pixelSize() * 0.72)))
    line, small_line = QFontMetricsF(font).height(), QFontMetricsF(small).height()
    cell = max(22.0, line * 1.7, QFontMetricsF(small).horizontalAdvance("Wed") * 1.25)
    tall = max(cell, line + small_line + 8)  # room for a month's name above the number
    gap = cell * 0.15
    head = small_line + gap
    rows = max(1, -(-len(strip) // COLUMNS))
    size = QSize(round(COLUMNS * (cell + gap)), round(head + rows * (tall + gap)))
    pixmap = QPixmap(size * dpr)
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(small)
        painter.setPen(QColor(MUTED))
        for col, name in enumerate(labels.weekdays):
            painter.drawText(QRectF(col * (cell + gap), 0, cell, small_line),
                             Qt.AlignmentFlag.AlignCenter, name)
        today = strip[-1][0] if strip else None
        for n, (day, practised) in enumerate(strip):
            row, col = divmod(n, COLUMNS)
            rect = QRectF(col * (cell + gap), head + row * (tall + gap), cell, tall)
            is_today = day == today
            painter.setPen(QPen(QColor(FOCUS if is_today else LINE), 2 if is_today else 1))
            painter.setBrush(QColor(ACCENT if practised else "#FFFFFF"))
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
            ink = QColor("#FFFFFF" if practised else (INK if is_today else MUTED))
            month = labels.months[n]
            number = rect
            if month:  # the month's name above the number, in the smaller letters
                painter.setFont(small)
                painter.setPen(ink)
                painter.drawText(rect.adjusted(0, 4, 0, 0),
                                 Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, month)
                number = rect.adjusted(0, small_line + 2, 0, 0)
            painter.setFont(font)
            painter.setPen(ink)
            painter.drawText(number, Qt.AlignmentFlag.AlignCenter, str(day.day))
    finally:
        painter.end()
    return pixmap


def calendar_strip(strip: Sequence[tuple[date, bool]], font: QFont,
                   parent: QWidget | None = None) -> QLabel:
    picture = QLabel(parent)
    picture.setPixmap(render_calendar(strip, font, picture.devicePixelRatioF()))
    practised = sum(1 for _, done in strip if done)
    span = strip_labels([day for day, _ in strip], COLUMNS).span
    picture.setAccessibleName(f"Calendar, {span}: {practised} of the last {len(strip)} "
                              "days practised")
    picture.setToolTip(picture.accessibleName())
    return picture
