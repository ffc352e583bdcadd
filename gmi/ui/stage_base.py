"""What every stage screen shares: its summary page.

The session's journal and timing live in `gmi.app` (one session object per
stage); a screen shows the summary those give it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QStackedWidget, QVBoxLayout, QWidget

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
    home = QPushButton("Back to Home")
    home.setObjectName("primary")
    home.clicked.connect(on_home)
    box.addWidget(home)
    box.addStretch(1)
    page = scroll_page(content)
    pages.removeWidget(old)
    old.deleteLater()
    pages.addWidget(page)
    pages.setCurrentWidget(page)
    home.setFocus()
    return page, home
