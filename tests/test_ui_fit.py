"""Every screen fits a 1366x768 (and 1280x720) laptop, at normal and largest text.

The walk goes through the whole app as a person would (the welcome's steps,
Home, the check-in and its card, each stage's pages, Settings, the
therapist's pages and the dialogs) and asks `layout_problems` at each stop:
nothing interactive off the window or cut, no label cut mid-line, no two
labels or buttons drawn over each other.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QWidget
from screen_walk import prepare_day, walk_day, walk_welcome

from gmi.store import DataStore
from gmi.store.paths import DataRoot
from gmi.store.settings import AppSettings
from gmi.ui.layout_check import layout_problems
from gmi.ui.main_window import MainWindow
from gmi.ui.theme import apply_theme
from gmi.ui.window_size import window_sizes

SCREENS = {"1366x768": QSize(1366, 768), "1280x720": QSize(1280, 720)}
TASKBAR = 40


def walk_size(screen: QSize) -> QSize:
    default, _ = window_sizes(QSize(screen.width(), screen.height() - TASKBAR))
    return default


def test_the_window_fits_the_screen_it_opens_on() -> None:
    for screen in SCREENS.values():
        default, smallest = window_sizes(QSize(screen.width(), screen.height() - TASKBAR))
        assert default.height() + 40 <= screen.height() - TASKBAR
        assert smallest.width() <= default.width() and smallest.height() <= default.height()
    assert window_sizes(QSize(2560, 1400))[0] == QSize(1100, 780)


_INTERNAL = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # open_close, per_block, pain_now


def internal_names(widget: QWidget) -> list[str]:
    """Code names shown as words (`open_close`) on the visible labels and buttons;
    a folder path (which may hold an underscore) is not a word."""
    from PySide6.QtWidgets import QAbstractButton, QLabel

    found = []
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        if not child.isVisibleTo(widget):
            continue
        words = [w for w in child.text().split() if "/" not in w and "\\" not in w]
        found += [f"{type(child).__name__}({child.text()[:40]}) shows the code name {name}"
                  for name in _INTERNAL.findall(" ".join(words))]
    return found


class Walk:
    """Checks each stop of the walk and collects what does not fit, by stop."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot, self.window = qtbot, window
        self.problems: list[str] = []
        self.stops: list[str] = []

    def check(self, stop: str, widget: QWidget | None = None) -> None:
        widget = widget or self.window
        self.stops.append(stop)
        # A label whose words just changed (a camera frame, a finished job) is laid
        # out on the next turn of the event loop: only what stays wrong counts.
        found = layout_problems(widget)
        for _ in range(40):
            if not found:
                break
            self.qtbot.wait(50)
            found = layout_problems(widget)
        self.problems += [f"{stop}: {p}" for p in found + internal_names(widget)]
        too_big = widget.height() > self.window.height() or widget.width() > self.window.width()
        if widget is not self.window and too_big:  # a dialog must fit inside the window
            self.problems.append(f"{stop}: the dialog is larger than the window "
                                 f"({widget.width()}x{widget.height()})")


def open_window(qtbot, store: DataStore, size: QSize, text: str, **kwargs) -> MainWindow:
    apply_theme(QApplication.instance(), text)
    window = MainWindow(store, tray=False, **kwargs)
    qtbot.addWidget(window)
    window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.slow
@pytest.mark.parametrize("text", ["normal", "largest"])
@pytest.mark.parametrize("screen_name", list(SCREENS))
def test_every_screen_fits(qtbot, tmp_path, monkeypatch, text: str, screen_name: str) -> None:
    monkeypatch.setenv("GMI_CAMERA", "synthetic:640x480@30")
    size = walk_size(SCREENS[screen_name])

    def until(condition) -> None:
        qtbot.waitUntil(condition, timeout=10000)

    new = DataStore(DataRoot(tmp_path / "new", "command line"))
    new.save_settings(AppSettings(text_size=text))
    window = open_window(qtbot, new, size, text, welcome=True)
    welcome = Walk(qtbot, window)
    walk_welcome(window, welcome.check, until)
    window.close()

    store = DataStore(DataRoot(tmp_path / "day", "command line"))
    prepare_day(store, text)
    window = open_window(qtbot, store, size, text, welcome=False)
    day = Walk(qtbot, window)
    walk_day(window, day.check, until)
    window.close()
    problems = welcome.problems + day.problems
    assert len(day.stops) > 25
    assert not problems, "\n".join(problems)


def test_the_check_names_a_cut_label_an_overlap_and_a_button_off_the_window(qtbot) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 200)
    cut = QLabel("A sentence long enough to need three or four lines here", window)
    cut.setWordWrap(True)
    cut.setGeometry(0, 0, 120, 20)
    QPushButton("Over", window).setGeometry(10, 5, 80, 30)
    QPushButton("Below the edge", window).setGeometry(10, 190, 120, 30)
    window.show()
    qtbot.waitExposed(window)
    problems = "\n".join(layout_problems(window))
    assert "QLabel(: A sentence long" in problems and "is cut" in problems
    assert "overlap" in problems
    assert "QPushButton(: Below the edge) is cut or outside the window" in problems

    code = QLabel("Your exercise: open_close", window)
    code.setGeometry(0, 120, 280, 30)
    path = QLabel("Saved in /home/ann/gmi_data", window)
    path.setGeometry(0, 150, 280, 30)
    code.show()
    path.show()
    assert [p.split(" shows ")[1] for p in internal_names(window)] == ["the code name open_close"]

    for child in window.findChildren(QWidget):
        child.hide()
    fine = QLabel("Short", window)
    fine.setGeometry(0, 0, 200, 40)
    fine.show()
    assert layout_problems(window) == []
