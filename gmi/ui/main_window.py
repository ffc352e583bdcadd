"""The main window: a top bar (who, Home, Settings) over a stack of screens.

It wires screens together and nothing more: who practises, what comes first,
what may start and when the reminder speaks are decided by `gmi.app.day.Day`;
each stage's rules live in its session in `gmi.app`. It can be drawn before
the data is read (the frame and the Home kept from the last start), so the app
and the store are imported in `attach`, which reads the data and brings the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton, QWidget

from gmi.model.stages import Stage
from gmi.ui import places
from gmi.ui.home import HomeScreen
from gmi.ui.keyboard import KeyGuard
from gmi.ui.shell import Shell
from gmi.ui.theme import apply_text_size
from gmi.ui.window_size import available_size, fit_to_screen

if TYPE_CHECKING:
    from gmi.app.day import Day
    from gmi.store import DataStore
    from gmi.store.home_snapshot import Snapshot
    from gmi.store.profiles import Profile
    from gmi.store.settings import AppSettings
    from gmi.ui.checkin import CheckInScreen
    from gmi.ui.practice import Practice
    from gmi.ui.profiles import ProfilesScreen
    from gmi.ui.reminder import ReminderService
    from gmi.ui.settings_screen import SettingsScreen
    from gmi.ui.stage_host import StageFactory
    from gmi.ui.therapist import TherapistScreen
    from gmi.ui.welcome_host import WelcomeHost


class MainWindow(QMainWindow):
    def __init__(self, store: DataStore | None = None,
                 stage_screens: Mapping[Stage, StageFactory] | None = None,
                 welcome: bool | None = None, tray: bool | None = None,
                 kept: Snapshot | None = None, **day_options: Any) -> None:
        """`welcome`: show the first-run welcome (None: only on a new data folder);
        `tray`: whether this desktop has a tray (None: ask it); `day_options` go to
        `Day` (`today`, `now`, `daily_checkin`, `offer_cards`). `kept`: Home as it was
        last shown, drawn at once; without a `store`, `attach` follows."""
        super().__init__()
        self.setWindowTitle("GMI Trainer")
        fit_to_screen(self, available_size())
        self.shell = Shell(self)
        self.top_bar, self.stack = self.shell.top_bar, self.shell.stack
        self.person_button = self.top_bar.person_button
        self.setCentralWidget(self.shell)
        self.home_screen: HomeScreen | None = None
        if kept is not None:
            self.home_screen = HomeScreen(kept.view, kept=True, pictures=kept.pictures)
            self.stack.addWidget(self.home_screen)
            self.person_button.setText(f"&Person: {kept.view.name}")
            self.shell.show_place(self.home_screen, self.top_bar.home_button)
            self.home_screen.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if store is not None:
            self.attach(store, stage_screens, welcome, tray, **day_options)

    def attach(self, store: DataStore,
               stage_screens: Mapping[Stage, StageFactory] | None = None,
               welcome: bool | None = None, tray: bool | None = None,
               **day_options: Any) -> None:
        """Read the data and bring the day, the welcome, practice and the reminder."""
        from gmi.app.day import Day
        from gmi.ui.practice import Practice
        from gmi.ui.reminder import ReminderService
        from gmi.ui.stage_host import STAGE_SCREENS
        from gmi.ui.welcome_host import WelcomeHost

        self.store = store
        # Enter on buttons, no repeats or carried-over presses; not with the frame: its
        # app-wide filter slows a first paint, and a kept Home takes no keys till now
        self.keys = KeyGuard(self)
        self.stage_screens = STAGE_SCREENS if stage_screens is None else stage_screens
        self.day: Day = Day(store, available=self.stage_screens.keys(), **day_options)
        self.welcome: WelcomeHost = WelcomeHost(
            self.shell, store, lambda: self.settings, self.settings_changed,
            self._welcome_done, self._welcome_put_off, self._rebuild_settings)
        self.top_bar.connect_places(*(self.welcome.guard(go) for go in (
            self.show_home, self.show_profiles, self.show_settings, self.show_therapist)))
        self.practice: Practice = Practice(self.day, self.shell, self.stage_screens,
                                           before=self.welcome.close, finished=self.show_home)
        if self.home_screen is not None:
            self._connect_home()
        # busy: a check-in, a stage or the welcome is up
        self.reminders: ReminderService = ReminderService(
            self, lambda: not self.day.reminder_due(), self.day.now, tray,
            busy=lambda: self.shell.cover is not None, next_time=self.day.next_reminder_at)
        self.reminders.due.connect(self._reminder_due)

        profile = self.day.remembered_profile()
        welcome = self.day.welcome_first() if welcome is None else welcome
        if profile is not None:
            self.choose_profile(profile, remember=False)
        self.reminders.configure(self.settings.reminder_at, self.settings.cue)
        if not self.reminders.has_tray and self.day.remind_at_start():
            self._reminder_due(self.day.reminder_words())
        if welcome:
            self.show_welcome()
        elif profile is None:
            self.show_profiles()

    @property
    def settings(self) -> AppSettings:
        return self.day.settings

    @property
    def profile(self) -> Profile | None:
        return self.day.profile

    @property
    def stage_screen(self) -> QWidget | None:
        return self.practice.cover("stage-")

    @property
    def checkin_screen(self) -> CheckInScreen | None:
        return self.practice.cover("checkin")  # type: ignore[return-value]

    @property
    def first_run_screen(self) -> QWidget | None:
        return self.welcome.screen

    # Person, Settings and Therapist are built when first opened (gmi.ui.places)
    @property
    def profiles_screen(self) -> ProfilesScreen:
        return self.shell.place("profiles", lambda: places.profiles_screen(self))

    @property
    def settings_screen(self) -> SettingsScreen:
        return self.shell.place("settings", lambda: places.settings_screen(self))

    @property
    def therapist_screen(self) -> TherapistScreen:
        return self.shell.place("therapist", lambda: places.therapist_screen(self))

    # -- navigation -------------------------------------------------------------
    def _welcome_put_off(self, profile: Profile | None) -> None:
        """"Set up later": the person added in the welcome practises."""
        if profile is not None and (self.profile is None or self.profile.id != profile.id):
            self.choose_profile(profile, go_home=False)
        self.show_home()  # where Home offers to finish setting up

    def show_home(self) -> None:
        if self.profile is None:
            self.show_profiles()
            return
        self.refresh_home()
        self._show_place(self.home_screen, self.top_bar.home_button)
        self.home_screen.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_profiles(self) -> None:
        self.profiles_screen.refresh()
        self._show_place(self.profiles_screen, self.top_bar.person_button)

    def show_settings(self) -> None:
        self.settings_screen.refresh_status()
        self.settings_screen.show_session_times()  # the programme may have changed meanwhile
        self._show_place(self.settings_screen, self.top_bar.settings_button)

    def show_therapist(self) -> None:
        self.therapist_screen.set_profile(self.profile)
        self._show_place(self.therapist_screen, self.top_bar.therapist_button)

    def _show_place(self, screen: QWidget, button: QPushButton) -> None:
        self.welcome.close()
        self.shell.show_place(screen, button)

    def show_welcome(self) -> None:
        self.welcome.show(self.profile)

    def _welcome_done(self, profile: Profile | None, start_now: bool) -> None:
        if profile is None:
            self.show_profiles()
            return
        self.choose_profile(profile)
        if start_now and self.home_screen is not None and self.home_screen.next_stage:
            self.practice.begin(self.home_screen.next_stage)

    def _rebuild_settings(self) -> None:
        """After the welcome, Settings is built again to show what it chose."""
        self.shell.rebuild("settings", lambda: places.settings_screen(self))

    def programme_changed(self, profile: Profile | None) -> None:
        """A programme changed in the Therapist area or applied from a file in
        Settings: Home shows it at once."""
        if profile is not None:
            self.day.choose(profile, remember=False)
            self.refresh_home()

    def choose_profile(self, profile: Profile, remember: bool = True,
                       go_home: bool = True) -> None:
        self.day.choose(profile, remember)
        self.person_button.setText(f"&Person: {profile.display_name}")
        settings = self.shell.built("settings")
        if settings is not None:
            settings.settings = self.settings  # type: ignore[attr-defined]
            settings.set_profile(profile)  # type: ignore[attr-defined]
        if go_home:
            self.show_home()

    def _reminder_due(self, text: str) -> None:
        """The reminder inside the window (always; the tray shows its own note too)."""
        self.day.reminder_note = text
        if self.home_screen is not None and self.stack.currentWidget() is self.home_screen:
            self.refresh_home()
        QApplication.alert(self)  # the taskbar entry asks for attention, quietly

    def refresh_home(self) -> None:
        view = self.day.home()
        QTimer.singleShot(0, self.day.keep_home)  # once Home is up: for the next start
        if self.home_screen is None:  # built with its page: drawn once, not twice
            self.home_screen = HomeScreen(view, self.day.now, pictures=self.store.layout.cache_dir)
            self._connect_home()
            self.stack.addWidget(self.home_screen)
        else:
            self.home_screen.show_view(view)

    def _connect_home(self) -> None:
        for signal in (self.home_screen.start_requested, self.home_screen.gentle_requested):
            signal.connect(self.practice.begin)
        self.home_screen.setup_requested.connect(self.show_welcome)

    def closeEvent(self, event) -> None:
        if not hasattr(self, "day"):  # closed before its data was read: nothing runs yet
            return super().closeEvent(event)
        self.shell.uncover()  # a stage closes its journal and threads; the welcome its camera
        self.reminders.stop()
        self.keys.remove()
        therapist = self.shell.built("therapist")
        if therapist is not None:  # no report, history or overview after closing
            therapist.shutdown()  # type: ignore[attr-defined]
        super().closeEvent(event)

    def settings_changed(self, settings: AppSettings) -> None:
        self.day.settings_changed(settings)
        apply_text_size(settings.text_size)
        self.reminders.configure(settings.reminder_at, settings.cue)

