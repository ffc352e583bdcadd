"""Does a screen fit its window? Named problems, for the walk test and the screenshots.

A 1366x768 laptop at the largest text size is where screens break first:
a button pushed off the window, a label drawn over another, a sentence cut
mid-line. Looking at screenshots finds these once; this check finds them on
every run; the way on (a "primary" button) must be in view without
scrolling. It looks only at what a person can see: visible widgets, clipped
by every parent (a scroll area's content is judged by what the page could
scroll to, not by what is scrolled into view now).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSlider, QAbstractSpinBox,
               QTabBar, QAbstractScrollArea)


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel, QLineEdit)) else ""
    text = " ".join(str(text).split())[:40]
    return f"{type(widget).__name__}({widget.objectName() or ''}{': ' if text else ''}{text})"


def _in_scroll_content(widget: QWidget, window: QWidget) -> bool:
    """Inside a scroll area's page: it may lie below the fold; the page scrolls to it."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea) and parent.widget() is not None \
                and parent.widget().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def _visible_rect(widget: QWidget, window: QWidget, reachable: bool = True) -> QRect:
    """The widget's rectangle in window coordinates, clipped by every parent
    up to the window; `reachable`: scroll areas clip only sideways (their page
    scrolls to the rest), else: what is on the window now."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    scrolls = False
    while parent is not None and parent is not window:
        outer = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        scrolls = reachable and (scrolls or parent.objectName() == "qt_scrollarea_viewport")
        if scrolls:
            outer.setTop(-10**6)
            outer.setBottom(10**6)
        rect = rect.intersected(outer)
        parent = parent.parentWidget()
    return rect


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def layout_problems(window: QWidget) -> list[str]:
    """Everything on `window` a person would see as cut, hidden or overlapping."""
    problems: list[str] = []
    frame = QRect(QPoint(0, 0), window.size())
    widgets = [w for w in window.findChildren(QWidget) if _shown(w)]
    for widget in widgets:
        if isinstance(widget, QScrollBar) or widget.objectName().startswith("qt_"):
            continue
        full = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if isinstance(widget, INTERACTIVE) and not isinstance(widget, QAbstractScrollArea):
            seen = _visible_rect(widget, window)
            scrolls = _in_scroll_content(widget, window)
            if seen.width() < full.width() - 1 or (not scrolls and (
                    seen.height() < full.height() - 1 or not frame.contains(full))):
                problems.append(f"{_name(widget)} is cut or outside the window "
                                f"(at {full.x()},{full.y()} {full.width()}x{full.height()})")
        if isinstance(widget, QAbstractButton) and widget.objectName() == "primary" and \
                widget.isEnabled() and _visible_rect(widget, window, reachable=False) != full:
            problems.append(f"{_name(widget)}, the way on, is not in view without scrolling")
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            if widget.wordWrap():
                wanted = widget.heightForWidth(widget.width())  # with its margins
                if wanted > 0 and wanted > widget.height() + 2:
                    problems.append(f"{_name(widget)} is cut: needs {wanted} px of "
                                    f"height, has {widget.height()}")
            elif widget.sizeHint().width() > widget.width() + 2:
                problems.append(f"{_name(widget)} is cut: needs {widget.sizeHint().width()} px "
                                f"of width, has {widget.width()}")
        if isinstance(widget, QAbstractButton) and widget.text() and \
                widget.minimumSizeHint().width() > widget.width() + 2:
            problems.append(f"{_name(widget)} is too narrow for its words "
                            f"({widget.width()} < {widget.minimumSizeHint().width()} px)")
    things = [w for w in widgets if isinstance(w, (QLabel, *INTERACTIVE))
              and not isinstance(w, (QScrollBar, QScrollArea))
              and not w.objectName().startswith("qt_")]
    rects = [(w, _visible_rect(w, window, reachable=False)) for w in things]
    for n, (a, ra) in enumerate(rects):
        if ra.isEmpty():
            continue
        for b, rb in rects[n + 1:]:
            if rb.isEmpty() or a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if not isinstance(a, (QLabel, QAbstractButton)) \
                    and not isinstance(b, (QLabel, QAbstractButton)):
                continue  # fields beside fields: Qt's own compound widgets
            overlap = ra.intersected(rb)
            if overlap.width() > 2 and overlap.height() > 2:
                problems.append(f"{_name(a)} and {_name(b)} overlap")
    return problems
