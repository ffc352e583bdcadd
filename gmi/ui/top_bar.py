"""The window's top bar: the app's name and the four places (Home, Person,
Settings, Therapist), each with a Ctrl+number shortcut."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QWidget

from gmi.ui.widgets import label


class TopBar(QFrame):
    def __init__(self, shortcuts_on: QWidget) -> None:
        """`shortcuts_on`: the window whose Ctrl+1..4 open the places."""
        super().__init__()
        self.setObjectName("topbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(20, 8, 20, 8)
        row.addWidget(label("GMI Trainer", "brand", wrap=False))
        row.addStretch(1)
        self.nav = QButtonGroup(self)
        self.nav.setExclusive(True)
        self._window = shortcuts_on
        self.home_button = self._button("&Home")
        self.person_button = self._button("&Person")
        self.settings_button = self._button("&Settings")
        self.therapist_button = self._button("&Therapist")
        for button in self.nav.buttons():
            row.addWidget(button)

    def _button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("nav")
        button.setCheckable(True)
        self.nav.addButton(button)
        return button

    def connect_places(self, home: Callable[[], None], person: Callable[[], None],
                       settings: Callable[[], None], therapist: Callable[[], None]) -> None:
        """What each place's button and its Ctrl+1..4 shortcut open."""
        buttons = (self.home_button, self.person_button, self.settings_button,
                   self.therapist_button)
        for n, (button, go) in enumerate(zip(buttons, (home, person, settings, therapist),
                                             strict=True), start=1):
            button.clicked.connect(go)
            QShortcut(QKeySequence(f"Ctrl+{n}"), self._window, activated=go)

    def uncheck(self) -> None:
        """None of the places is current (a welcome, check-in or stage is on screen)."""
        self.nav.setExclusive(False)
        for button in self.nav.buttons():
            button.setChecked(False)
        self.nav.setExclusive(True)
