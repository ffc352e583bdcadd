"""The keyboard, for a person who uses only the keyboard (or presses a key too long).

Three rules for the whole window, in one event filter:

- Enter or Return activates the focused button (Qt alone answers only Space).
- A key held down does not act again and again: auto-repeated presses are
  dropped (text fields keep them).
- A press that belongs to the screen before does not act on the next one:
  for a moment after a new page appears (shorter than anyone reads a new
  page in), Space, Enter and the digits are dropped. Without this a Space
  at the end of imagery skipped its summary, went Home and started the mirror.

`focus_first_action` puts the focus on a new screen's way on, so that the
top bar (first in the window's focus chain) never takes the first focus.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTextEdit,
    QWidget,
)

ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
ACTING = frozenset({Qt.Key.Key_Space, *ENTER, *(Qt.Key(Qt.Key.Key_0 + n) for n in range(10))})
TYPING = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox)
PERSON_SETTLE_S = 0.35  # quicker than anyone reads a new page
SETTLE_S = PERSON_SETTLE_S  # a new page ignores Space, Enter and digits this long


class KeyGuard(QObject):
    """Installed on the application for one window; see the module's docstring."""

    def __init__(self, window: QWidget, settle_s: float | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settle_s = SETTLE_S if settle_s is None else settle_s
        self.page_shown_at = -1e9
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def settled(self) -> bool:
        """The page on screen has been there long enough for a press to be meant for it."""
        return time.monotonic() - self.page_shown_at >= self.settle_s

    def _ours(self, widget: QObject) -> bool:
        return isinstance(widget, QWidget) and widget.window() is self.window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QWidget) \
                and isinstance(watched.parentWidget(), QStackedWidget) and self._ours(watched):
            self.page_shown_at = time.monotonic()
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and self._ours(watched) and watched is self.window.focusWidget():
            return self._key(watched, event)
        return False

    def _key(self, focused: QWidget, event: QKeyEvent) -> bool:
        """True: the press is used up here."""
        typing = isinstance(focused, TYPING)
        if event.isAutoRepeat() and not typing:
            return True
        key = Qt.Key(event.key())
        if key in ACTING and not typing and not self.settled:
            return True
        if key in ENTER and isinstance(focused, QAbstractButton) and focused.isEnabled() \
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier):
            focused.click()
            return True
        return False


def first_action(screen: QWidget) -> QWidget:
    """The widget a new screen's focus belongs on: what it names itself
    (`focus_target()`), else the question on its current page (a page that
    takes keys), else its visible primary or default button, else itself."""
    target = getattr(screen, "focus_target", None)
    if callable(target):
        chosen = target()
        if chosen is not None:
            return chosen
    for pages in screen.findChildren(QStackedWidget):
        page = pages.currentWidget()
        if pages.isVisibleTo(screen) and page is not None and not isinstance(
                page, QAbstractScrollArea) and page.focusPolicy() == Qt.FocusPolicy.StrongFocus:
            return page  # a question answered by keys (a rating, a choice)
    buttons = [b for b in screen.findChildren(QPushButton)
               if b.isVisibleTo(screen) and b.isEnabled()]
    for wanted in (lambda b: b.objectName() == "primary", QPushButton.isDefault):
        for button in buttons:
            if wanted(button):
                return button
    return screen


def focus_first_action(screen: QWidget) -> None:
    first_action(screen).setFocus(Qt.FocusReason.OtherFocusReason)
