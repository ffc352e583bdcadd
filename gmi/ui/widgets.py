"""Small building blocks shared by the screens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


def label(text: str = "", role: str = "", wrap: bool = True) -> QLabel:
    """A QLabel styled by role ('title', 'subtitle', 'muted', 'small', 'error')."""
    widget = QLabel(text)
    if role:
        widget.setObjectName(role)
    widget.setWordWrap(wrap)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


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
