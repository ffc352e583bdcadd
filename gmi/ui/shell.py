"""The window's frame: the top bar over a stack of screens.

Two kinds of screen share the stack. The four *places* of the top bar (Home,
Person, Settings, Therapist) stay for the whole run. A *cover* (the welcome,
the check-in or a stage) takes the window until it is left; leaving it
closes it, so a stage closes its journal and threads and the welcome its
camera.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QPushButton, QStackedWidget, QVBoxLayout, QWidget

from gmi.ui.keyboard import focus_first_action
from gmi.ui.top_bar import TopBar

Screen = TypeVar("Screen", bound=QWidget)


class Shell(QWidget):
    def __init__(self, window: QWidget) -> None:
        """`window`: where the top bar's Ctrl+1..4 shortcuts live."""
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.top_bar = TopBar(window)
        column.addWidget(self.top_bar)
        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self.cover: QWidget | None = None
        self._places: dict[str, QWidget] = {}

    def add_place(self, screen: QWidget) -> None:
        self.stack.addWidget(screen)

    def place(self, key: str, build: Callable[[], Screen]) -> Screen:
        """The place `key`, built by `build` the first time it is asked for (the
        window starts with Home alone; Person, Settings and Therapist wait)."""
        screen = self._places.get(key)
        if screen is None:
            screen = self._places[key] = build()
            self.add_place(screen)
        return screen  # type: ignore[return-value]

    def built(self, key: str) -> QWidget | None:
        """The place `key` if it was built already."""
        return self._places.get(key)

    def rebuild(self, key: str, build: Callable[[], QWidget]) -> None:
        """Build the place `key` again in the same spot, if it was built already."""
        old = self._places.get(key)
        if old is not None:
            self._places[key] = build()
            self.replace_place(old, self._places[key])

    def replace_place(self, old: QWidget, new: QWidget) -> None:
        self.stack.insertWidget(self.stack.indexOf(old), new)
        self.stack.removeWidget(old)
        old.deleteLater()

    def show_place(self, screen: QWidget, button: QPushButton) -> None:
        """One of the four places; whatever covered them is left."""
        self.uncover()
        self.stack.setCurrentWidget(screen)
        button.setChecked(True)
        self._focus(screen)

    def show_cover(self, screen: QWidget) -> None:
        """A welcome, check-in or stage screen takes the window until it is left."""
        self.uncover()
        self.cover = screen
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.top_bar.uncheck()
        self._focus(screen)

    @staticmethod
    def _focus(screen: QWidget) -> None:
        """The new screen's way on takes the focus (what Qt picks first would be the
        top bar, or whatever the screen focused while it was still hidden)."""
        focus_first_action(screen)

    def uncover(self) -> QWidget | None:
        """Leave the cover, if any (it is closed and deleted); returns it."""
        screen, self.cover = self.cover, None
        if screen is not None:
            self.stack.removeWidget(screen)
            screen.close()
            screen.deleteLater()
        return screen
