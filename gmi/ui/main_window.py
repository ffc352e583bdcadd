"""The main window: a top bar (who, Home, Settings) over a stack of screens.

It wires screens together and nothing more: who practises, what comes
first, what may start and when the reminder speaks are decided by
`gmi.app.day.Day`; each stage's rules live in its session in `gmi.app`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.day import AskCheckIn, Day, StartStage
from gmi.model.gentle import SessionMode
from gmi.model.stages import Stage
from gmi.store import DataStore
from gmi.store.profiles import Profile
from gmi.store.settings import AppSettings, TextSize
from gmi.ui.checkin import CheckInScreen
from gmi.ui.home import HomeScreen
from gmi.ui.profiles import ProfilesScreen
from gmi.ui.reminder import ReminderService
from gmi.ui.settings_screen import SettingsScreen
from gmi.ui.stage_host import STAGE_SCREENS, StageFactory
from gmi.ui.theme import apply_theme
from gmi.ui.top_bar import TopBar

if TYPE_CHECKING:
    from gmi.ui.therapist import TherapistScreen


class MainWindow(QMainWindow):
    def __init__(self, store: DataStore,
                 stage_screens: Mapping[Stage, StageFactory] | None = None,
                 welcome: bool | None = None, tray: bool | None = None,
                 **day_options: Any) -> None:
        """`welcome`: show the first-run welcome (None: only on a new data folder);
        `tray`: whether this desktop has a tray (None: ask it); `day_options` go to
        `Day` (`today`, `now`, `daily_checkin`, `offer_cards`)."""
        super().__init__()
        self.store = store
        self.stage_screens = STAGE_SCREENS if stage_screens is None else stage_screens
        self.day = Day(store, available=self.stage_screens.keys(), **day_options)
        self.checkin_screen: CheckInScreen | None = None
        self.stage_screen: QWidget | None = None
        self.setWindowTitle("GMI Trainer")
        self.resize(1100, 780)
        self.setMinimumSize(640, 480)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.top_bar = TopBar(self, self.show_home, self.show_profiles, self.show_settings,
                              self.show_therapist)
        self.person_button = self.top_bar.person_button
        column.addWidget(self.top_bar)
        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.profiles_screen = ProfilesScreen(store.profiles)
        self.profiles_screen.chosen.connect(self.choose_profile)
        self.settings_screen = self._make_settings_screen()
        self.first_run_screen: QWidget | None = None  # the welcome, while shown
        self._therapist_screen: TherapistScreen | None = None  # built when first opened
        self.home_screen: HomeScreen | None = None
        self.stack.addWidget(self.profiles_screen)
        self.stack.addWidget(self.settings_screen)
        self.reminder_note = ""  # the in-app reminder, shown on Home until the day is done
        self.reminders = ReminderService(self, self.day.day_done, self.day.now, tray,
                                         busy=self.practising)
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
    def therapist_screen(self) -> TherapistScreen:
        """The therapist's area, built on first use: Home starts without its charts,
        overview index and report code."""
        if self._therapist_screen is None:
            from gmi.ui.therapist import TherapistScreen

            screen = self._therapist_screen = TherapistScreen(self.store)
            screen.changed.connect(self._programme_changed)
            screen.patient_chosen.connect(self._patient_from_overview)
            self.stack.addWidget(screen)
        return self._therapist_screen

    # -- navigation -------------------------------------------------------------
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
        self._show_place(self.settings_screen, self.top_bar.settings_button)

    def show_therapist(self) -> None:
        self.therapist_screen.set_profile(self.profile)
        self._show_place(self.therapist_screen, self.top_bar.therapist_button)

    def _show_place(self, screen: QWidget, button: QPushButton) -> None:
        """One of the four places of the top bar; whatever was over them is left."""
        self._leave_stage()
        self.stack.setCurrentWidget(screen)
        button.setChecked(True)

    def show_welcome(self) -> None:
        """The first-run steps; kept for the person already chosen, if any."""
        self._leave_stage()
        from gmi.ui.first_run import FirstRunScreen  # with its camera, only when shown

        screen = FirstRunScreen(self.store, self.settings, self.profile)
        screen.text_size_changed.connect(self._apply_text_size)
        screen.settings_changed.connect(self._settings_changed)
        screen.done.connect(self._welcome_done)
        self.first_run_screen = screen
        self._show_over(screen)

    def _welcome_done(self, profile: Profile | None, start_now: bool) -> None:
        self._close_welcome()
        if profile is None:
            self.show_profiles()
            return
        self.choose_profile(profile)
        if start_now and self.home_screen is not None and self.home_screen.next_stage:
            self.begin_practice(self.home_screen.next_stage)

    def _close_welcome(self) -> None:
        """Finished or left through the top bar: stop its camera, drop the screen."""
        if self.first_run_screen is None:
            return
        screen, self.first_run_screen = self.first_run_screen, None
        screen.stop_camera()
        self.stack.removeWidget(screen)
        screen.deleteLater()
        # Settings must show (and keep) what the welcome chose: camera, text size.
        old = self.settings_screen
        self.settings_screen = self._make_settings_screen()
        self.stack.insertWidget(self.stack.indexOf(old), self.settings_screen)
        self.stack.removeWidget(old)
        old.deleteLater()

    def _make_settings_screen(self) -> SettingsScreen:
        screen = SettingsScreen(self.store, self.settings)
        screen.changed.connect(self._settings_changed)
        screen.welcome_requested.connect(self.show_welcome)
        screen.programme_applied.connect(self._programme_applied)
        if self.profile is not None:
            screen.set_profile(self.profile)
        return screen

    def _programme_applied(self, profile: Profile) -> None:
        """A programme file was applied from Settings: Home shows it at once."""
        self.day.choose(profile, remember=False)
        self.refresh_home()

    def _patient_from_overview(self, profile: Profile) -> None:
        """The therapist opened a patient from the overview: the window follows
        (remembered, as if chosen under Person), staying on the therapist screen."""
        self.reminder_note = ""
        self.choose_profile(profile, go_home=False)

    def _programme_changed(self) -> None:
        if self.therapist_screen.profile is not None:
            self.day.choose(self.therapist_screen.profile, remember=False)
            self.refresh_home()

    def choose_profile(self, profile: Profile, remember: bool = True,
                       go_home: bool = True) -> None:
        self.day.choose(profile, remember)
        self.person_button.setText(f"&Person: {profile.display_name}")
        self.settings_screen.set_profile(profile)
        self.settings_screen.settings = self.settings
        if go_home:
            self.show_home()

    def practising(self) -> bool:
        """A check-in, a stage or the welcome is on screen."""
        return (self.stage_screen is not None or self.checkin_screen is not None
                or self.first_run_screen is not None)

    def _reminder_due(self, text: str) -> None:
        """The reminder inside the window (always; the tray shows its own note too)."""
        self.reminder_note = text
        if self.home_screen is not None and self.stack.currentWidget() is self.home_screen:
            self.refresh_home()
        QApplication.alert(self)  # the taskbar entry asks for attention, quietly

    def refresh_home(self) -> None:
        overview = self.day.refresh()
        if self.day.day_done():
            self.reminder_note = ""
        notices = self.day.notices(self.reminder_note)
        if self.home_screen is None:
            self.home_screen = HomeScreen(overview, notices, self.day.stage_problem)
            self.home_screen.start_requested.connect(self.begin_practice)
            self.home_screen.gentle_requested.connect(self.begin_practice)
            self.stack.addWidget(self.home_screen)
        else:
            self.home_screen.show_overview(overview, notices)

    def begin_practice(self, stage: Stage, mode: SessionMode = "normal") -> None:
        """Start `stage`, after the daily check-in if today has none yet.

        `mode`: "flare" or "short" run a gentler copy of the protocol.
        """
        step = self.day.begin(stage, mode)
        if isinstance(step, AskCheckIn):
            self._leave_stage()
            screen = CheckInScreen(step.checkins, step.card)
            # starting the stage leaves (and deletes) the check-in screen
            screen.finished.connect(lambda: self.start_stage(stage, mode))
            self.checkin_screen = screen
            self._show_over(screen)
        elif isinstance(step, StartStage):
            self._show_stage(step)

    def start_stage(self, stage: Stage, mode: SessionMode = "normal") -> None:
        step = self.day.start(stage, mode)
        if step is not None:
            self._show_stage(step)

    def _show_stage(self, step: StartStage) -> None:
        self._leave_stage()
        screen = self.stage_screens[step.stage](step.context)
        screen.finished.connect(self.show_home)  # type: ignore[attr-defined]
        screen.setObjectName(f"stage-{step.stage}")
        self.stage_screen = screen
        self._show_over(screen)

    def _show_over(self, screen: QWidget) -> None:
        """A welcome, check-in or stage screen takes the window until it is left."""
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.top_bar.uncheck()

    def _leave_stage(self) -> None:
        self._close_welcome()
        for screen in (self.checkin_screen, self.stage_screen):
            if screen is not None:
                self.stack.removeWidget(screen)
                screen.close()  # a stage closes its journal and threads
                screen.deleteLater()
        self.checkin_screen = self.stage_screen = None

    def closeEvent(self, event) -> None:
        self._leave_stage()  # a stage closes its journal and threads; the welcome its camera
        self.reminders.stop()
        if self._therapist_screen is not None:  # no report, history or overview after closing
            self._therapist_screen.shutdown()
        super().closeEvent(event)

    def _settings_changed(self, settings: AppSettings) -> None:
        self.day.settings_changed(settings)
        self._apply_text_size(settings.text_size)
        self.reminders.configure(settings.reminder_at, settings.cue)

    def _apply_text_size(self, size: TextSize) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, size)
