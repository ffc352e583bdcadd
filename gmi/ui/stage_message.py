"""A stage that cannot start, said in words instead of a crash.

Shown by the stage host when a stage's session refuses to begin (for
'Left or right?': no drawn pictures and no photos either); the message comes
from `gmi.app` and already says what happened, the file, and whom to tell.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from gmi.ui.widgets import label, scroll_page


class StageMessage(QWidget):
    """Title, message, and the way back to Home (emits `finished`, as stage screens do)."""

    finished = Signal()

    def __init__(self, title: str, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 32, 40, 32)
        box.setSpacing(14)
        box.addWidget(label(title, "title"))
        self.message_label = label(message)
        box.addWidget(self.message_label)
        self.home_button = QPushButton("Back to Home")
        self.home_button.setObjectName("primary")
        self.home_button.clicked.connect(self.finished.emit)
        box.addWidget(self.home_button)
        box.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))
