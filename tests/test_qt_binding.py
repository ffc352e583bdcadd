"""Guards against a Qt binding that corrupts Python's reference counts.

PySide6 6.12.0 drops a reference to None on every call of a method that
returns nothing; under Python 3.11 (where None is an ordinary object) the
app then aborts with "deallocating None" after some thousands of calls,
i.e. within minutes of mirror therapy. pyproject.toml excludes it; this test
fails if such a version comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel


def test_void_methods_keep_none_alive(qtbot) -> None:
    widget = QLabel("x")
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(500):
        widget.update()
        widget.setText("y")
        QCoreApplication.processEvents()
    assert sys.getrefcount(None) - before > -50
