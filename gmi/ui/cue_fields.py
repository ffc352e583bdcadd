"""The daily cue and reminder time: one set of fields for Settings and the welcome.

A habit hangs on something the person already does every day, in their own
words; the time is optional. Emits `changed(cue, time or None)` after each
edit, so each screen saves the way it saves everything else.

When the programme asks for several sessions a day ("little and often"),
there is one time field per session instead of the single time; the times
are emitted with `times_changed` only when they make sense
(`gmi.model.reminder.times_problem`); otherwise the problem is said in words
under the fields and nothing is emitted, so nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from gmi.model.reminder import times_problem
from gmi.ui.widgets import clear_layout, label

DEFAULT_TIME = QTime(9, 0)


class CueFields(QWidget):
    """The cue in the person's words, and "Remind me each day at" a time."""

    changed = Signal(str, object)  # cue, datetime.time or None
    times_changed = Signal(list)  # the day's session times, in order, once they make sense

    def __init__(self, cue: str, at: time | None, parent: QWidget | None = None,
                 times: Sequence[time] = ()) -> None:
        """`times`: one per prescribed session when there are several a day."""
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
        self.times_intro = label("", "muted")  # several sessions: a time for each
        box.addWidget(self.times_intro)
        self.times_box = QWidget()
        self.times_grid = QGridLayout(self.times_box)
        self.times_grid.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.times_box)
        self.time_edits: list[QTimeEdit] = []
        self.times_problem = label("", "error")  # right under the fields it is about
        self.times_problem.setAccessibleName("Session times problem")
        box.addWidget(self.times_problem)
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
        self.set_times(times)
        self._last: tuple[str, time | None] = (self.cue, self.at)
        self._last_times = self.chosen_times

    def set_times(self, times: Sequence[time]) -> None:
        """One field per session (two or more), or the single reminder time (fewer)."""
        several = len(times) > 1
        grid = self.times_grid
        clear_layout(grid)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        self.time_edits = []
        self.times_intro.setText(f"Your programme asks for {len(times)} short sessions a "
                                 "day. When will you do each?")
        self.times_intro.setVisible(several)
        for n, at in enumerate(times if several else ()):
            edit = QTimeEdit(QTime(at.hour, at.minute))
            edit.setDisplayFormat("HH:mm")
            edit.setAccessibleName(f"Time of session {n + 1}")
            edit.timeChanged.connect(self._emit)
            row, column = n // 4, (n % 4) * 2  # four to a row: fits at the largest text
            grid.addWidget(label(f"Session {n + 1}", wrap=False), row, column)
            grid.addWidget(edit, row, column + 1)
            self.time_edits.append(edit)
        if several:
            grid.setColumnStretch(8, 1)
        before: QWidget = self.cue_edit  # Tab goes through the fields as they read
        for edit in self.time_edits:
            QWidget.setTabOrder(before, edit)
            before = edit
        QWidget.setTabOrder(before, self.reminder_box)
        self.reminder_box.setText("Remind me at each session's time" if several
                                  else "Remind me each day at")
        self.reminder_time.setVisible(not several)
        self.times_box.setVisible(several)
        self.times_problem.hide()
        self._last_times = self.chosen_times

    @property
    def cue(self) -> str:
        """The cue with runs of spaces made one, as it is saved."""
        return " ".join(self.cue_edit.text().split())

    @property
    def at(self) -> time | None:
        """The daily reminder time (with several sessions: the first session's)."""
        if not self.reminder_box.isChecked():
            return None
        return self.chosen_time

    @property
    def chosen_time(self) -> time:
        """The time in the field, even while the reminder is off (for the calendar file)."""
        return self.chosen_times[0] if self.time_edits else _plain(self.reminder_time)

    @property
    def chosen_times(self) -> list[time]:
        """Every session's time as shown (one, or one per session), checked or not."""
        if not self.time_edits:
            return [_plain(self.reminder_time)]
        return [_plain(edit) for edit in self.time_edits]

    @property
    def problem(self) -> str:
        """What is wrong with the session times, in words ("" when they make sense)."""
        found = times_problem(self.chosen_times)
        return found.words if found is not None else ""

    def _emit(self) -> None:
        self.reminder_time.setEnabled(self.reminder_box.isChecked())
        found = times_problem(self.chosen_times)
        self.times_problem.setText(found.words if found is not None else "")
        self.times_problem.setVisible(found is not None)
        for n, edit in enumerate(self.time_edits):
            edit.setAccessibleDescription(found.words if found is not None
                                          and found.index == n else "")
        if found is not None:
            return  # nothing is saved until the times make sense
        times = self.chosen_times
        if self.time_edits and times != self._last_times:
            self._last_times = times
            self.times_changed.emit(times)
        now = (self.cue, self.at)
        if now != self._last:
            self._last = now
            self.changed.emit(*now)


def _plain(edit: QTimeEdit) -> time:
    chosen = edit.time()
    return time(chosen.hour(), chosen.minute())
