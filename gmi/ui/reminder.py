"""The reminder while the app runs: a tray icon and a notification at the chosen time.

A check every 30 seconds, rather than one long timer, keeps the reminder
right after the laptop sleeps or the clock jumps (daylight saving, travel).
Where the desktop has no system tray, `due` still fires and the window shows
the reminder itself; at start-up it does so if the time has already passed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from gmi.model.reminder import next_reminder, reminder_text
from gmi.resources import asset

CHECK_MS = 30_000


class ReminderService(QObject):
    """Emits `due(text)` once at the chosen time, if there was no practice yet that day."""

    due = Signal(str)

    def __init__(self, window: QWidget, day_done: Callable[[], bool],
                 now: Callable[[], datetime] = datetime.now,
                 tray_available: bool | None = None,
                 busy: Callable[[], bool] = lambda: False,
                 next_time: Callable[[datetime, bool], datetime | None] | None = None) -> None:
        """`busy`: practice is under way; the reminder waits until it ends.
        `next_time(now, fired)`: when to speak next (default: the one daily time);
        with several sessions a day, `gmi.app.day.Day.next_reminder_at`."""
        super().__init__(window)
        self._next_time = next_time
        self._window = window
        self._day_done = day_done
        self._busy = busy
        self._now = now
        self.at: time | None = None
        self.cue = ""
        self.next_at: datetime | None = None
        available = (QSystemTrayIcon.isSystemTrayAvailable() if tray_available is None
                     else tray_available)
        self.tray: QSystemTrayIcon | None = self._make_tray() if available else None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)

    @property
    def has_tray(self) -> bool:
        return self.tray is not None

    def _make_tray(self) -> QSystemTrayIcon:
        icon = QIcon()
        for size in (16, 24, 32, 48, 64):
            icon.addFile(str(asset("icons", f"gmi-trainer-{size}.png")))
        tray = QSystemTrayIcon(icon, self)
        tray.setToolTip("GMI Trainer")
        menu = QMenu(self._window)
        menu.addAction("Open GMI Trainer", self._raise_window)
        menu.addAction("Quit", self._window.close)
        tray.setContextMenu(menu)
        tray.activated.connect(lambda _reason: self._raise_window())
        tray.show()
        return tray

    def _raise_window(self) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

    def configure(self, at: time | None, cue: str) -> None:
        """Set (or with None switch off) the daily time; a time past today waits a day."""
        self.at, self.cue = at, cue
        self.reschedule()

    def reschedule(self) -> None:
        if self.at is None:
            self.next_at = None
            self._timer.stop()
            return
        # Whether the day is done is asked when the time comes, not now: who is
        # practising may not be chosen yet, or may change before then.
        self.next_at = self._next(False)
        self._timer.start()

    def _next(self, fired: bool) -> datetime | None:
        if self._next_time is not None:
            return self._next_time(self._now(), fired)
        return next_reminder(self._now(), self.at, fired)  # type: ignore[arg-type]

    def check(self) -> None:
        """Remind if the time has come (and the day is still open), then plan the next."""
        if self.next_at is None or self._now() < self.next_at or self._busy():
            return  # during practice a note would distract (and skew response times)
        if not self._day_done():
            text = reminder_text(self.cue)
            if self.tray is not None:
                self.tray.showMessage("GMI Trainer", text,
                                      QSystemTrayIcon.MessageIcon.Information, 15_000)
            self.due.emit(text)
        self.next_at = self._next(True)

    def stop(self) -> None:
        self._timer.stop()
        if self.tray is not None:
            self.tray.hide()
