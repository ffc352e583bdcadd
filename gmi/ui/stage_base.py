"""What every stage screen shares: its summary page.

The session's journal and timing live in `gmi.app` (one session object per
stage); a screen shows the summary those give it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from gmi.ui.widgets import label, scroll_page


def show_summary(pages: QStackedWidget, old: QWidget, title: str, lines: list[str],
                 problem: str, on_home, extra: QWidget | None = None,
                 acknowledgement: str = "") -> tuple[QWidget, QPushButton]:
    """Replace the `old` summary page with a new one; returns (page, home button).

    `acknowledgement` (one concrete win, from `StageJournal.acknowledgement`)
    comes first, under the title, where the eye lands.
    """
    content = QWidget()
    box = QVBoxLayout(content)
    box.setContentsMargins(40, 32, 40, 32)
    box.setSpacing(12)
    box.addWidget(label(title, "title"))
    if acknowledgement:
        box.addWidget(label(acknowledgement, "win"))
    for line in lines:
        box.addWidget(label(line))
    if problem:
        box.addWidget(label(f"Some steps could not be saved: {problem}", "error"))
    if extra is not None:
        box.addWidget(extra)
    box.addStretch(1)
    home = QPushButton("Back to Home")
    home.setObjectName("primary")
    home.setDefault(True)
    home.clicked.connect(on_home)
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(scroll_page(content), 1)
    row = QHBoxLayout()  # outside the scrolling words: always in view
    row.setContentsMargins(40, 8, 40, 16)
    row.addWidget(home)
    row.addStretch(1)
    column.addLayout(row)
    pages.removeWidget(old)
    old.deleteLater()
    pages.addWidget(page)
    pages.setCurrentWidget(page)
    home.setFocus()
    return page, home
