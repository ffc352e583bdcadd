"""Small building blocks shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gmi.model.text_size import TEXT_SIZES, TextSize
from gmi.ui.theme import TEXT_SIZE_LABELS


def label(text: str = "", role: str = "", wrap: bool = True) -> QLabel:
    """A QLabel styled by role ('title', 'subtitle', 'muted', 'small', 'error')."""
    widget = QLabel(text)
    if role:
        widget.setObjectName(role)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


class FieldError(QLabel):
    """An error under its field that takes no room until it has words."""

    def __init__(self) -> None:
        super().__init__("")
        self.setObjectName("error")
        self.setWordWrap(True)
        self.setVisible(False)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))


def card(state: str = "") -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    if state:
        frame.setProperty("state", state)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 16, 18, 16)
    layout.setSpacing(8)
    return frame, layout


def notice_banner(text: str) -> QFrame:
    """A soft, non-alarming banner for things the person should know."""
    frame = QFrame()
    frame.setObjectName("notice")
    row = QHBoxLayout(frame)
    row.setContentsMargins(14, 10, 14, 10)
    body = label(text)
    body.setAccessibleName("Notice")
    row.addWidget(body, 1)
    return frame


def scroll_page(content: QWidget) -> QScrollArea:
    """Wrap a page so large text sizes scroll instead of clipping."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area


def clear_layout(layout) -> None:
    """Remove and delete every widget and sub-layout in `layout`."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            widget = item.widget()
            widget.hide()  # deleteLater waits for the event loop; hide it now
            widget.setParent(None)
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


def radio_row(choices: tuple[tuple[str, str], ...], parent: QWidget | None = None,
              ) -> tuple[QWidget, QButtonGroup]:
    """Radio buttons in a row; each carries its value as the 'value' property."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(box)
    for n, (text, value) in enumerate(choices):
        button = QRadioButton(text)
        button.setProperty("value", value)
        group.addButton(button, n)
        row.addWidget(button)
    row.addStretch(1)
    return box, group


def chosen(group: QButtonGroup) -> str | None:
    button = group.checkedButton()
    return None if button is None else button.property("value")


def text_size_choice(current: TextSize) -> tuple[QWidget, QButtonGroup]:
    """The four text sizes as radio buttons, `current` checked (Settings and the welcome)."""
    box, group = radio_row(tuple((TEXT_SIZE_LABELS[s], s) for s in TEXT_SIZES))
    for button in group.buttons():
        button.setChecked(button.property("value") == current)
    return box, group


def fit_dialog(dialog: QWidget, chars: int = 62) -> None:
    """Size a dialog for its text at any text size: about `chars` characters wide,
    as tall as its content, never taller than most of its window (it then scrolls)."""
    width = max(480, round(dialog.fontMetrics().averageCharWidth() * chars))
    parent = dialog.parentWidget()
    window = parent.window() if parent is not None else None
    limit = round(window.height() * 0.9) if window is not None else 800
    dialog.resize(width, 200)
    layout = dialog.layout()
    wanted = layout.heightForWidth(width) if layout is not None and \
        layout.hasHeightForWidth() else dialog.sizeHint().height()
    dialog.resize(width, min(limit, max(wanted, dialog.sizeHint().height())))


def question_page(page: QWidget, question: str) -> tuple[QVBoxLayout, QLabel]:
    """The layout of a one-question page (a rating, a choice): the question large on top."""
    box = QVBoxLayout(page)
    box.setContentsMargins(40, 32, 40, 32)
    box.setSpacing(16)
    title = label(question, "title")
    box.addWidget(title)
    return box, title
