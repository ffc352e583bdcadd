"""Helpers shared by the screen tests."""

from __future__ import annotations

from gmi.store import DataStore


def only_journal(store: DataStore):
    """The one session journal of the one profile in `store`, loaded."""
    profile = store.profiles.list()[0][0]
    sessions = store.sessions(profile.id)
    [info] = sessions.list()
    return sessions.load(info)


def rate(qtbot, scale, value: int) -> None:
    """Answer a RatingScale with the keyboard: the digit, then Enter."""
    from PySide6.QtCore import Qt

    qtbot.keyClick(scale, getattr(Qt.Key, f"Key_{value}"))
    qtbot.keyClick(scale, Qt.Key.Key_Return)
