"""The daily cue and reminder time: one set of fields for Settings and the welcome.

A habit hangs on something the person already does every day, in their own
words; the time is optional. Emits `changed(cue, time or None)` after each
edit, so each screen saves the way it saves everything else.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from gmi.ui.widgets import label

DEFAULT_TIME = QTime(9, 0)


class CueFields(QWidget):
    """The cue in the person's words, and "Remind me each day at" a time."""

    changed = Signal(str, object)  # cue, datetime.time or None

    def __init__(self, cue: str, at: time | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label("A habit is easiest to keep when it follows something you already "
                            "do every day. Your cue, in your own words:", "muted"))
        self.cue_edit = QLineEdit(cue)
        self.cue_edit.setMaxLength(80)
        self.cue_edit.setPlaceholderText("for example: after morning coffee")
        self.cue_edit.setAccessibleName("Daily cue")
        self.cue_edit.editingFinished.connect(self._emit)
        box.addWidget(self.cue_edit)
        row = QHBoxLayout()
        self.reminder_box = QCheckBox("Remind me each day at")
        self.reminder_box.setChecked(at is not None)
        self.reminder_time = QTimeEdit(DEFAULT_TIME if at is None else QTime(at.hour, at.minute))
        self.reminder_time.setDisplayFormat("HH:mm")
        # (Without spin arrows Qt's style sheets squeeze the text to nothing: kept.)
        self.reminder_time.setAccessibleName("Reminder time")
        self.reminder_time.setEnabled(at is not None)
        self.reminder_box.toggled.connect(self._emit)
        self.reminder_time.timeChanged.connect(self._emit)
        row.addWidget(self.reminder_box)
        row.addWidget(self.reminder_time)
        row.addStretch(1)
        box.addLayout(row)
        self._last: tuple[str, time | None] = (self.cue, self.at)

    @property
    def cue(self) -> str:
        """The cue with runs of spaces made one, as it is saved."""
        return " ".join(self.cue_edit.text().split())

    @property
    def at(self) -> time | None:
        if not self.reminder_box.isChecked():
            return None
        chosen = self.reminder_time.time()
        return time(chosen.hour(), chosen.minute())

    @property
    def chosen_time(self) -> time:
        """The time in the field, even while the reminder is off (for the calendar file)."""
        chosen = self.reminder_time.time()
        return time(chosen.hour(), chosen.minute())

    def _emit(self) -> None:
        self.reminder_time.setEnabled(self.reminder_box.isChecked())
        now = (self.cue, self.at)
        if now != self._last:
            self._last = now
            self.changed.emit(*now)
