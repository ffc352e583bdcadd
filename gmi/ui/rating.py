"""A rating scale of large buttons (pain 0-10, vividness 1-5), keyboard-first.

Digits pick a value directly, the arrow keys move, Enter saves; "Skip this question" is
always there, because nobody has to rate anything.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QWidget,
)

from gmi.ui.widgets import label, question_page


class RatingScale(QWidget):
    """Emits `rated(value)` or `rated(None)` when skipped."""

    rated = Signal(object)

    def __init__(self, question: str, low: int, high: int, low_label: str, high_label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.low, self.high = low, high
        box, self.question = question_page(self, question)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for value in range(low, high + 1):
            button = QPushButton(str(value))
            button.setCheckable(True)
            button.setMinimumSize(52, 52)
            button.setAccessibleName(f"{value}")
            self.group.addButton(button, value)
            row.addWidget(button)
        self.group.idClicked.connect(lambda _: self.save_button.setEnabled(True))
        box.addLayout(row)
        ends = QHBoxLayout()
        ends.addWidget(label(f"{low} = {low_label}", "muted"))
        ends.addStretch(1)
        ends.addWidget(label(f"{high} = {high_label}", "muted"))
        box.addLayout(ends)
        # the check-in's other questions say how to answer; the scales say it too
        self.hint = label(f"Press a number or ← →, then Enter; or click. "
                          f"{'Any answer is fine.' if low == 0 else ''}".strip(), "muted")
        box.addWidget(self.hint)
        actions = QHBoxLayout()
        self.save_button = QPushButton("Save and continue")
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._save)
        self.skip_button = QPushButton("Skip this question")
        self.skip_button.clicked.connect(lambda: self.rated.emit(None))
        actions.addWidget(self.save_button, 1)
        actions.addWidget(self.skip_button)
        box.addLayout(actions)
        box.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    @property
    def value(self) -> int | None:
        chosen = self.group.checkedId()
        return None if chosen == -1 else chosen

    def choose(self, value: int) -> None:
        button = self.group.button(value)
        if button is not None:
            button.setChecked(True)
            self.save_button.setEnabled(True)

    def reset(self) -> None:
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(False)
        self.group.setExclusive(True)
        self.save_button.setEnabled(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.choose(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            current = self.value
            step = -1 if key == Qt.Key.Key_Left else 1
            start = (self.low if step > 0 else self.high) if current is None else current + step
            self.choose(min(self.high, max(self.low, start)))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.value is not None:
            self._save()
        else:
            super().keyPressEvent(event)

    def _save(self) -> None:
        if self.value is not None:
            self.rated.emit(self.value)
