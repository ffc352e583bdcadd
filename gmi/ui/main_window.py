"""The main window: a top bar (who, Home, Settings) over a stack of screens."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gmi.app.stage import StageContext
from gmi.model.education import Card, card_for_day, load_cards
from gmi.model.gentle import SessionMode, gentler
from gmi.model.reminder import remind_on_start, reminder_text
from gmi.model.stages import Stage
from gmi.resources import asset
from gmi.store import DataStore, StoreError
from gmi.store.checkins import CheckInStore
from gmi.store.overview import build_overview, practised_today
from gmi.store.profiles import Profile
from gmi.store.settings import AppSettings, TextSize
from gmi.ui.checkin import CheckInScreen
from gmi.ui.first_run import FirstRunScreen
from gmi.ui.home import HomeScreen
from gmi.ui.profiles import ProfilesScreen
from gmi.ui.reminder import ReminderService
from gmi.ui.settings_screen import SettingsScreen
from gmi.ui.stage_host import STAGE_SCREENS, StageFactory, stage_problem
from gmi.ui.theme import apply_theme
from gmi.ui.therapist import TherapistScreen
from gmi.ui.widgets import label


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: DataStore,
        stage_screens: Mapping[Stage, StageFactory] | None = None,
        today: Callable[[], date] = date.today,
        welcome: bool | None = None,
        daily_checkin: bool = True,
        offer_cards: bool = True,
        now: Callable[[], datetime] = datetime.now,
        tray: bool | None = None,
    ) -> None:
        """`welcome`: show the first-run welcome (None: only on a new data folder).

        `daily_checkin`: ask the check-in before the day's first session.
        `offer_cards`: offer one education card at the end of that check-in.
        `now`, `tray`: the clock and tray availability for the daily reminder
        (None: whatever this desktop has).
        """
        super().__init__()
        self.store = store
        self.stage_screens = STAGE_SCREENS if stage_screens is None else stage_screens
        self._today = today
        self.daily_checkin = daily_checkin
        self.offer_cards = offer_cards
        self.checkin_screen: CheckInScreen | None = None
        self._checked_in: set[tuple[str, date]] = set()  # offered in this run
        self.settings = store.load_settings()
        self.profile: Profile | None = None
        self.stage_screen: QWidget | None = None
        self.setWindowTitle("GMI Trainer")
        self.resize(1100, 780)
        self.setMinimumSize(640, 480)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._top_bar())
        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.profiles_screen = ProfilesScreen(store.profiles)
        self.profiles_screen.chosen.connect(self.choose_profile)
        self.settings_screen = self._make_settings_screen()
        self.first_run_screen: FirstRunScreen | None = None
        self.therapist_screen = TherapistScreen(store)
        self.therapist_screen.changed.connect(self._programme_changed)
        self.therapist_screen.patient_chosen.connect(self._patient_from_overview)
        self.home_screen: HomeScreen | None = None
        self.stack.addWidget(self.profiles_screen)
        self.stack.addWidget(self.settings_screen)
        self.stack.addWidget(self.therapist_screen)
        self.reminder_note = ""  # the in-app reminder, shown on Home until the day is done
        self.reminders = ReminderService(self, self.day_done, now, tray, busy=self.practising)
        self.reminders.due.connect(self._reminder_due)

        wanted = self.settings.active_profile_id
        profile = store.profiles.get(wanted) if wanted else None
        profiles, damaged = store.profiles.list()
        if profile is None and not wanted and len(profiles) == 1 and not damaged:
            profile = profiles[0]  # one person: no need to ask
        if welcome is None:  # a new folder; people set up before the welcome existed skip it
            welcome = not self.settings.welcome_done and not profiles and not damaged
        if profile is not None:
            self.choose_profile(profile, remember=False)
        self.reminders.configure(self.settings.reminder_at, self.settings.cue)
        at = self.settings.reminder_at
        if at is not None and not self.reminders.has_tray and remind_on_start(
                now(), at, self.day_done()):
            self._reminder_due(reminder_text(self.settings.cue))
        if welcome:
            self.show_welcome()
        elif profile is None:
            self.show_profiles()

    # -- building ---------------------------------------------------------------
    def _top_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("topbar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(20, 8, 20, 8)
        row.addWidget(label("GMI Trainer", "brand", wrap=False))
        row.addStretch(1)
        self.nav = QButtonGroup(self)
        self.nav.setExclusive(True)
        self.home_button = self._nav_button("&Home", "Ctrl+1", self.show_home)
        self.person_button = self._nav_button("&Person", "Ctrl+2", self.show_profiles)
        self.settings_button = self._nav_button("&Settings", "Ctrl+3", self.show_settings)
        self.therapist_button = self._nav_button("&Therapist", "Ctrl+4", self.show_therapist)
        for button in (self.home_button, self.person_button, self.settings_button,
                       self.therapist_button):
            row.addWidget(button)
        return bar

    def _nav_button(self, text: str, shortcut: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("nav")
        button.setCheckable(True)
        button.clicked.connect(slot)
        QShortcut(QKeySequence(shortcut), self, activated=slot)
        self.nav.addButton(button)
        return button

    # -- navigation -------------------------------------------------------------
    def show_home(self) -> None:
        if self.profile is None:
            self.show_profiles()
            return
        self._leave_stage()
        self.refresh_home()
        self.stack.setCurrentWidget(self.home_screen)
        self.home_button.setChecked(True)
        self.home_screen.start_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_profiles(self) -> None:
        self._leave_stage()
        self.profiles_screen.refresh()
        self.stack.setCurrentWidget(self.profiles_screen)
        self.person_button.setChecked(True)

    def show_settings(self) -> None:
        self._leave_stage()
        self.settings_screen.refresh_status()
        self.stack.setCurrentWidget(self.settings_screen)
        self.settings_button.setChecked(True)

    def show_therapist(self) -> None:
        self._leave_stage()
        self.therapist_screen.set_profile(self.profile)
        self.stack.setCurrentWidget(self.therapist_screen)
        self.therapist_button.setChecked(True)

    def show_welcome(self) -> None:
        """The first-run steps; kept for the person already chosen, if any."""
        self._leave_stage()
        screen = FirstRunScreen(self.store, self.settings, self.profile)
        screen.text_size_changed.connect(self._apply_text_size)
        screen.settings_changed.connect(self._welcome_settings)
        screen.done.connect(self._welcome_done)
        self.first_run_screen = screen
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self._uncheck_nav()

    def _welcome_settings(self, settings: AppSettings) -> None:
        self.settings = settings
        self.reminders.configure(settings.reminder_at, settings.cue)

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
        self.profile = profile
        self.refresh_home()

    def _patient_from_overview(self, profile: Profile) -> None:
        """The therapist opened a patient from the overview: the window follows
        (remembered, as if chosen under Person), staying on the therapist screen."""
        self.reminder_note = ""
        self.choose_profile(profile, go_home=False)

    def _programme_changed(self) -> None:
        if self.therapist_screen.profile is not None:
            self.profile = self.therapist_screen.profile
            self.refresh_home()

    def choose_profile(self, profile: Profile, remember: bool = True,
                       go_home: bool = True) -> None:
        self.profile = profile
        self.person_button.setText(f"&Person: {profile.display_name}")
        self.settings_screen.set_profile(profile)
        if remember and self.settings.active_profile_id != profile.id:
            self.settings = self.settings.model_copy(update={"active_profile_id": profile.id})
            self.settings_screen.settings = self.settings
            try:
                self.store.update_settings(active_profile_id=profile.id)
            except StoreError:  # Home shows the write problem found by this check
                self.store.check()
        if go_home:
            self.show_home()

    def day_done(self) -> bool:
        """Has today seen practice? (Nobody chosen yet: nothing to remind of.)

        Any completed session counts, a gentle one on a flare day too: the
        reminder is a cue for the day, not a push to finish the plan.
        """
        if self.profile is None:
            return True
        shown = self.home_screen.overview if self.home_screen is not None else None
        if (shown is not None and shown.profile.id == self.profile.id
                and shown.adherence is not None and shown.adherence.today == self._today()):
            return practised_today(shown)  # Home is rebuilt after every session
        try:
            sessions = self.store.sessions(self.profile.id)
            overview = build_overview(self.profile, sessions, self._today())
        except StoreError:
            return False
        return practised_today(overview)

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
        assert self.profile is not None
        overview = build_overview(self.profile, self.store.sessions(self.profile.id), self._today())
        if practised_today(overview):
            self.reminder_note = ""
        notices = [self.reminder_note] if self.reminder_note else []
        notices += [n.text for n in self.store.notices.items()]
        if self.store.write_problem is not None:
            notices.insert(0, "Your practice cannot be saved right now. "
                              f"{self.store.write_problem.message}")
        if self.home_screen is None:
            self.home_screen = HomeScreen(overview, notices, self.stage_problem)
            self.home_screen.start_requested.connect(self.begin_practice)
            self.home_screen.gentle_requested.connect(self.begin_practice)
            self.stack.addWidget(self.home_screen)
        else:
            self.home_screen.show_overview(overview, notices)

    def stage_problem(self, stage: Stage) -> str:
        """Why `stage` cannot start now, in words for the patient ("" if it can)."""
        if self.profile is None:
            return "Choose who is practising first."
        problem = stage_problem(stage, self.profile, dict(self.stage_screens))
        if not problem and not self.store.writable:
            problem = "Practice cannot start while nothing can be saved (see above)."
        return problem

    def can_start(self, stage: Stage) -> bool:
        return not self.stage_problem(stage)

    def begin_practice(self, stage: Stage, mode: SessionMode = "normal") -> None:
        """Start `stage`, after the daily check-in if today has none yet.

        `mode`: "flare" or "short" run a gentler copy of the protocol.
        """
        if self.profile is None or not self.can_start(stage):
            return
        key = (self.profile.id, self._today())
        checkins = CheckInStore(self.store.layout, self.profile.id, self.store.notices)
        if (not self.daily_checkin or key in self._checked_in
                or checkins.done_on(self._today())):
            self.start_stage(stage, mode)
            return
        self._checked_in.add(key)
        self._leave_stage()
        screen = CheckInScreen(checkins, self._card_to_offer(checkins))
        screen.finished.connect(lambda: self._checkin_finished(stage, mode))
        self.checkin_screen = screen
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self._uncheck_nav()

    def _card_to_offer(self, checkins: CheckInStore) -> Card | None:
        """Today's education card: the first never offered (cards with mistakes are left out)."""
        if not self.offer_cards:
            return None
        cards, _problems = load_cards(asset("cards"))
        try:
            read, skipped = checkins.cards_seen()
        except StoreError:
            read, skipped = set(), set()
        return card_for_day(cards, self._today().toordinal(), read, skipped)

    def _checkin_finished(self, stage: Stage, mode: SessionMode) -> None:
        self.start_stage(stage, mode)  # leaves (and deletes) the check-in screen

    def start_stage(self, stage: Stage, mode: SessionMode = "normal") -> None:
        if self.profile is None or not self.can_start(stage):
            return
        overview = self.home_screen.overview if self.home_screen else None
        protocol = overview.protocol if overview else None
        if protocol is not None and mode != "normal":
            protocol = gentler(protocol)
        context = StageContext(
            profile=self.profile,
            protocol=protocol,  # type: ignore[arg-type]
            sessions=self.store.sessions(self.profile.id),
            settings=self.settings,
            mode=mode,
        )
        self._leave_stage()
        screen = self.stage_screens[stage](context)
        screen.finished.connect(self.show_home)  # type: ignore[attr-defined]
        screen.setObjectName(f"stage-{stage}")
        self.stage_screen = screen
        self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self._uncheck_nav()

    def _uncheck_nav(self) -> None:
        self.nav.setExclusive(False)
        for button in self.nav.buttons():
            button.setChecked(False)
        self.nav.setExclusive(True)

    def _leave_stage(self) -> None:
        self._close_welcome()
        if self.checkin_screen is not None:
            checkin, self.checkin_screen = self.checkin_screen, None
            self.stack.removeWidget(checkin)
            checkin.deleteLater()
        if self.stage_screen is not None:
            screen, self.stage_screen = self.stage_screen, None
            self.stack.removeWidget(screen)
            screen.close()
            screen.deleteLater()

    def closeEvent(self, event) -> None:
        self._leave_stage()  # a stage closes its journal and threads; the welcome its camera
        self.reminders.stop()
        self.therapist_screen.shutdown()  # no report, history or overview after closing
        super().closeEvent(event)

    def _settings_changed(self, settings: AppSettings) -> None:
        self.settings = settings
        self._apply_text_size(settings.text_size)
        self.reminders.configure(settings.reminder_at, settings.cue)

    def _apply_text_size(self, size: TextSize) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, size)
