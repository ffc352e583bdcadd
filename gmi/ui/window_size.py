"""The window's size on the screen it opens on.

A budget laptop (1366x768, or 1280x720) with a taskbar leaves about 720
pixels of height, and the title bar takes some more: a window asking for
more than that puts its own buttons below the screen's edge. The window
therefore opens at the comfortable size only where the screen has room,
and never asks for more than the screen's available area.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

COMFORTABLE = QSize(1100, 780)
SMALLEST = QSize(640, 480)
TITLE_BAR = 40  # the window manager's frame is not in the client size we set


def window_sizes(available: QSize) -> tuple[QSize, QSize]:
    """(default, minimum) client sizes that fit inside `available`."""
    room = QSize(max(320, available.width() - 16), max(240, available.height() - TITLE_BAR))
    default = COMFORTABLE.boundedTo(room)
    return default, SMALLEST.boundedTo(room)


def available_size() -> QSize:
    """The primary screen's room for windows (taskbar and panels taken off).

    Asked of the application, not of the window: `QWidget.screen()` on a window
    not shown yet tied it to a screen object in a way that crashed Qt when the
    window was later deleted by Python's garbage collector (offscreen platform).
    """
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry().size() if screen is not None else COMFORTABLE


def fit_to_screen(window: QWidget, available: QSize) -> None:
    default, smallest = window_sizes(available)
    window.setMinimumSize(smallest)
    window.resize(default)
