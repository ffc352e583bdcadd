"""The first-run welcome as a cover over the window.

The window needs three things of it: show the welcome, know whether it is on
screen, and let the top bar leave it only after asking (a person half-way
through setting up should not lose the camera check, text size and reminder
by a stray click on Home). What the welcome decides (who practises, whether it
is offered again) belongs to `gmi.app.day.Day`; this only hosts the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from gmi.store import DataStore
from gmi.store.profiles import Profile
from gmi.store.settings import AppSettings
from gmi.ui.shell import Shell
from gmi.ui.theme import apply_text_size

COVER_NAME = "welcome"


class WelcomeHost:
    def __init__(self, shell: Shell, store: DataStore, settings: Callable[[], AppSettings],
                 settings_changed: Callable[[AppSettings], None],
                 done: Callable[[Profile | None, bool], None],
                 put_off: Callable[[Profile | None], None],
                 closed: Callable[[], None]) -> None:
        """`done(profile, start_now)` when finished, `put_off(profile)` on "Set up
        later" (both after the welcome has gone); `closed()` whenever it goes."""
        self._shell, self._store, self._settings = shell, store, settings
        self._settings_changed, self._done, self._put_off = settings_changed, done, put_off
        self._closed = closed

    @property
    def screen(self) -> QWidget | None:
        cover = self._shell.cover
        return cover if cover is not None and cover.objectName() == COVER_NAME else None

    def show(self, profile: Profile | None) -> None:
        """The first-run steps; kept for the person already chosen, if any."""
        self.close()
        from gmi.ui.first_run import FirstRunScreen  # with its camera, only when shown

        screen = FirstRunScreen(self._store, self._settings(), profile)
        screen.text_size_changed.connect(apply_text_size)
        screen.settings_changed.connect(self._settings_changed)
        screen.done.connect(self._finished)
        screen.put_off.connect(self._later)
        screen.setObjectName(COVER_NAME)
        self._shell.show_cover(screen)

    def guard(self, go: Callable[[], None]) -> Callable[[], None]:
        """`go` as the top bar should run it: during the welcome it asks first, and
        goes only if the person chooses "Set up later"."""
        def guarded() -> None:
            welcome = self.screen
            if welcome is None:
                go()
                return
            welcome.ask_to_leave(go)  # type: ignore[attr-defined]
            self._shell.top_bar.uncheck()
        return guarded

    def close(self) -> None:
        """Finished, put off or left: the screen goes (and its camera with it)."""
        if self.screen is None:
            return
        self._shell.uncover()
        self._closed()

    def _finished(self, profile: Profile | None, start_now: bool) -> None:
        self.close()
        self._done(profile, start_now)

    def _later(self, profile: Profile | None) -> None:
        self.close()
        self._put_off(profile)
