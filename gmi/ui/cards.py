"""Reading the pain-education cards: one short card at a time, at the reader's pace.

A dialog rather than a screen, so a card can be read from Home and closed
without losing one's place in the day. Cards with mistakes are named at the
bottom, for the therapist who wrote them; the rest still show.
"""

from __future__ import annotations

from importlib.resources.abc import Traversable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from gmi.model.education import Card, CardProblem, load_cards
from gmi.resources import asset
from gmi.ui.widgets import card, clear_layout, label, scroll_page


class CardsDialog(QDialog):
    """Browse every card; opens at `start_id` when given."""

    def __init__(self, folder: Traversable | None = None, start_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About pain")
        self.cards: list[Card]
        self.problems: list[CardProblem]
        self.cards, self.problems = load_cards(asset("cards") if folder is None else folder)
        ids = [c.id for c in self.cards]
        self.position = ids.index(start_id) if start_id in ids else 0

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(12)
        self.counter = label("", "small")
        box.addWidget(self.counter)
        frame, self.card_box = card()
        box.addWidget(scroll_page(frame), 1)  # large text scrolls instead of clipping
        row = QHBoxLayout()
        self.previous_button = QPushButton("← Previous")
        self.previous_button.clicked.connect(lambda: self.show_card(self.position - 1))
        self.next_button = QPushButton("Next →")
        self.next_button.clicked.connect(lambda: self.show_card(self.position + 1))
        self.close_button = QPushButton("Close")
        self.close_button.setObjectName("primary")
        self.close_button.clicked.connect(self.accept)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        box.addLayout(row)
        self.problem_label = label("\n".join(p.text for p in self.problems), "small")
        self.problem_label.setVisible(bool(self.problems))
        box.addWidget(self.problem_label)
        # Room for a whole card at the largest text size, within the window.
        window = parent.window() if parent is not None else None
        height = round(window.height() * 0.85) if window is not None else 620
        self.resize(min(760, max(560, round(self.fontMetrics().averageCharWidth() * 62))),
                    max(420, height))
        self.show_card(self.position)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def current(self) -> Card | None:
        return self.cards[self.position] if self.cards else None

    def show_card(self, position: int) -> None:
        clear_layout(self.card_box)
        if not self.cards:
            self.counter.setText("")
            self.card_box.addWidget(label("No cards could be read.", "subtitle"))
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        self.position = max(0, min(position, len(self.cards) - 1))
        shown = self.cards[self.position]
        self.counter.setText(f"Card {self.position + 1} of {len(self.cards)} · {shown.topic}")
        self.card_box.addWidget(label(shown.title, "subtitle"))
        for paragraph in shown.paragraphs:
            self.card_box.addWidget(label(paragraph))
        self.card_box.addStretch(1)
        self.previous_button.setEnabled(self.position > 0)
        self.next_button.setEnabled(self.position < len(self.cards) - 1)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Right:
            self.show_card(self.position + 1)
        elif event.key() == Qt.Key.Key_Left:
            self.show_card(self.position - 1)
        else:
            super().keyPressEvent(event)
