"""The 20-second daily check-in, before the first session of a day.

Four questions, one at a time, each answered with one key or click; every
answer is saved at once (a check-in closed halfway keeps what was given).
"Not today" is always there and is never questioned.

After the questions, one short pain-education card may be offered (read or
skip; both are fine and both are recorded in the day's check-in).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.checkin import CheckInSession, Question, gentle_advised
from gmi.model.checkin import CheckIn
from gmi.model.education import Card
from gmi.model.plan import about_minutes
from gmi.store.checkins import CheckInStore
from gmi.ui.rating import RatingScale
from gmi.ui.widgets import card, label, question_page, scroll_page

CHOICES: dict[str, tuple[str, tuple[tuple[str, object], ...]]] = {
    "sleep": ("How did you sleep last night?",
              (("Poor", "poor"), ("Fair", "fair"), ("Good", "good"))),
    "waking": ("On waking, was your pain lower, the same or higher than last evening?",
               (("Lower", "lower"), ("About the same", "same"), ("Higher", "higher"))),
    "woken_by_pain": ("Did pain wake you in the night?", (("No", False), ("Yes", True))),
}


class ChoiceQuestion(QWidget):
    """A question answered by one button (or its number key); emits the value or None."""

    answered = Signal(object)

    def __init__(self, question: str, choices: tuple[tuple[str, object], ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box, self.question = question_page(self, question)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.values = [value for _, value in choices]
        for n, (text, _) in enumerate(choices):
            button = QPushButton(f"{n + 1}  {text}")
            button.setMinimumHeight(52)
            button.setAccessibleName(text)
            self.group.addButton(button, n)
            row.addWidget(button)
        self.group.idClicked.connect(lambda n: self.answered.emit(self.values[n]))
        box.addLayout(row)
        box.addWidget(label("Press a number, or click. Any answer is fine.", "muted"))
        skip = QPushButton("Skip this question")
        skip.clicked.connect(lambda: self.answered.emit(None))
        self.skip_button = skip
        box.addWidget(skip, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        n = event.key() - Qt.Key.Key_1
        if 0 <= n < len(self.values):
            self.group.button(n).click()
        else:
            super().keyPressEvent(event)


class CardPage(QWidget):
    """One education card before practice: "I've read it" or "Skip for today"."""

    answered = Signal(bool)

    def __init__(self, offer: Card, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 24, 40, 24)
        box.setSpacing(12)
        box.addWidget(label("Something to read before you start, if you like", "muted"))
        frame, inner = card()
        inner.addWidget(label(offer.title, "subtitle"))
        for paragraph in offer.paragraphs:
            inner.addWidget(label(paragraph))
        box.addWidget(frame)
        row = QHBoxLayout()
        self.read_button = QPushButton("I've read it · start practice")
        self.read_button.setObjectName("primary")
        self.read_button.clicked.connect(lambda: self.answered.emit(True))
        self.skip_button = QPushButton("Skip for today")
        self.skip_button.clicked.connect(lambda: self.answered.emit(False))
        row.addWidget(self.read_button)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(label("All the cards are under 'Read about pain' on Home.", "small"))
        box.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))
        self.setFocusProxy(self.read_button)


class GentlePage(QWidget):
    """After a hard check-in (pain 6 or more, or woken by pain): a gentler session."""

    chosen = Signal(str)  # "flare" (the gentle session) or "normal"

    def __init__(self, minutes: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        content = QWidget()
        box = QVBoxLayout(content)
        box.setContentsMargins(40, 24, 40, 24)
        box.setSpacing(12)
        box.addWidget(label("Today sounds hard", "title"))
        box.addWidget(label(
            "I'm sorry it is a painful day. A gentler session still counts: about half the "
            f"usual amount ({about_minutes(minutes)}). Stop whenever you need to; whatever "
            "you do is saved."))
        row = QHBoxLayout()
        self.gentle_button = QPushButton("Start the gentle session")
        self.gentle_button.setObjectName("primary")
        self.gentle_button.clicked.connect(lambda: self.chosen.emit("flare"))
        self.usual_button = QPushButton("The usual session")
        self.usual_button.clicked.connect(lambda: self.chosen.emit("normal"))
        row.addWidget(self.gentle_button)
        row.addWidget(self.usual_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_page(content))
        self.setFocusProxy(self.gentle_button)


class CheckInScreen(QWidget):
    """Emits `finished` when done or set aside; the record is already on disk.
    `mode` is then "flare" if the gentle session offered after a hard check-in
    was chosen (offered when `gentle_minutes` is given), else "normal"."""

    finished = Signal()

    def __init__(self, store: CheckInStore, offer: Card | None = None,
                 parent: QWidget | None = None, gentle_minutes: float | None = None) -> None:
        super().__init__(parent)
        self.session = CheckInSession(store, offer)
        self.offer = offer
        self.mode = "normal"
        self.card_page: CardPage | None = None
        self.gentle_page: GentlePage | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 16, 0, 16)
        top = QHBoxLayout()
        top.setContentsMargins(40, 0, 40, 0)
        self.step_label = label("", "small")
        top.addWidget(self.step_label, 1)
        self.not_today_button = QPushButton("Not today")
        self.not_today_button.setToolTip("Go straight to practice")
        self.not_today_button.clicked.connect(self.not_today)
        top.addWidget(self.not_today_button)
        box.addLayout(top)
        self.pages = QStackedWidget()
        self.pain = RatingScale("How much pain do you have right now?", 0, 10,
                                "no pain", "worst pain imaginable")
        self.pain.rated.connect(lambda v: self.answer("pain_now", v))
        self.pages.addWidget(self.pain)
        self.questions = {}
        for field, (question, choices) in CHOICES.items():
            page = ChoiceQuestion(question, choices)
            page.answered.connect(lambda v, f=field: self.answer(f, v))
            self.questions[field] = page
            self.pages.addWidget(page)
        if gentle_minutes is not None:
            self.gentle_page = GentlePage(gentle_minutes)
            self.gentle_page.chosen.connect(self.gentle_answered)
            self.pages.addWidget(self.gentle_page)
        if offer is not None:
            self.card_page = CardPage(offer)
            self.card_page.answered.connect(self.card_answered)
            self.pages.addWidget(self.card_page)
        box.addWidget(self.pages, 1)
        self.error_label = label("", "error")
        self.error_label.hide()
        box.addWidget(self.error_label)
        self._show(0)

    def _show(self, index: int) -> None:
        if self.pages.widget(index) is self.gentle_page and self.gentle_page is not None \
                and not gentle_advised(self.session.record):
            index += 1  # not a hard day: no gentle offer
            if index >= self.pages.count():
                self.finished.emit()
                return
        self.pages.setCurrentIndex(index)
        page = self.pages.currentWidget()
        if page is self.gentle_page:
            self.step_label.setText("Daily check-in · done, thank you")
            self.not_today_button.hide()
        elif page is self.card_page:
            self.step_label.setText("Daily check-in · done, thank you")
            self.not_today_button.hide()  # the card has its own skip
            self.session.card_shown()
            self._show_problem()
        else:
            self.step_label.setText(f"Daily check-in · question {index + 1} of 4 · "
                                    "about 20 seconds")
        page.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def record(self) -> CheckIn:
        return self.session.record

    @property
    def problem(self) -> str:
        return self.session.problem

    def gentle_answered(self, mode: str) -> None:
        self.mode = mode
        index = self.pages.currentIndex() + 1
        if index < self.pages.count():
            self._show(index)
        else:
            self.finished.emit()

    def card_answered(self, read: bool) -> None:
        self.session.card_answered(read)
        self._show_problem()
        self.finished.emit()

    def answer(self, field: Question, value: object) -> None:
        self.session.answer(field, value)
        self._show_problem()
        index = self.pages.currentIndex() + 1
        if index < self.pages.count():
            self._show(index)
        else:
            self.finished.emit()

    def not_today(self) -> None:
        self.session.not_today()
        self._show_problem()
        self.finished.emit()

    def _show_problem(self) -> None:
        if self.session.problem:  # practice still goes on; said once, plainly
            self.error_label.setText(self.session.problem)
            self.error_label.show()
