"""Person, Settings and Therapist: each built the first time it is opened.

The window starts with Home alone: Settings reads the programme and the
cameras, Therapist brings charts, the clinic overview's index and the report
code. So each of these screens (and its module) is built on first use, here,
and wired to the window it serves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gmi.ui.main_window import MainWindow
    from gmi.ui.profiles import ProfilesScreen
    from gmi.ui.settings_screen import SettingsScreen
    from gmi.ui.therapist import TherapistScreen


def profiles_screen(window: MainWindow) -> ProfilesScreen:
    from gmi.ui.profiles import ProfilesScreen

    screen = ProfilesScreen(window.store.profiles)
    screen.chosen.connect(window.choose_profile)
    return screen


def settings_screen(window: MainWindow) -> SettingsScreen:
    from gmi.ui.settings_screen import SettingsScreen

    screen = SettingsScreen(window.store, window.settings)
    screen.changed.connect(window.settings_changed)
    screen.welcome_requested.connect(window.show_welcome)
    screen.programme_applied.connect(window.programme_changed)
    if window.profile is not None:
        screen.set_profile(window.profile)
    return screen


def therapist_screen(window: MainWindow) -> TherapistScreen:
    from gmi.ui.therapist import TherapistScreen

    screen = TherapistScreen(window.store)
    screen.changed.connect(lambda: window.programme_changed(screen.profile))
    # a patient opened from the overview: the window follows (remembered, as if
    # chosen under Person), staying on the therapist screen
    screen.patient_chosen.connect(lambda p: window.choose_profile(p, go_home=False))
    return screen
