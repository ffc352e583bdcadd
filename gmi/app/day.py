"""The patient's day as plain Python: who practises, what comes first, what may start.

The window asks this object and shows the answer; `gmi demo` and the tests
walk the same path without a screen. The rules (DESIGN.md section 8):

- a new data folder opens on the welcome; one person on the computer is
  chosen without asking; the person chosen last time is remembered;
- the day's first session is preceded by the check-in (asked once a day, and
  at most once per run even if put off), which may offer one education card;
- a flare day or a first session after a break runs a gentler copy of the
  protocol (the journal header records the mode);
- a stage may start only if this version has it for the body part and the
  data folder takes files;
- the reminder says the person's own cue, and only if nothing was practised
  today; with several sessions a day, at each session's time while that
  session is not done, and once more in the evening if none was.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from gmi import __version__
from gmi.app.home import home_view
from gmi.app.overview import Overview, SessionsReadOnce, build_overview, practised_today
from gmi.app.session_times import time_fields
from gmi.app.stage import StageContext
from gmi.model.education import Card, card_for_day, load_cards
from gmi.model.gentle import SessionMode, gentler
from gmi.model.home_view import HomeView
from gmi.model.plan import stage_minutes
from gmi.model.reminder import (
    next_reminder,
    next_session_reminder,
    remind_on_start,
    reminder_text,
    session_times,
)
from gmi.model.stages import STAGE_ORDER, STAGE_TITLES, STAGES_FOR, Stage
from gmi.resources import asset
from gmi.store import DataStore, StoreError
from gmi.store.checkins import CheckInStore
from gmi.store.home_snapshot import fingerprint, write_home_snapshot
from gmi.store.profiles import Profile
from gmi.store.settings import AppSettings

# Homes kept for the next start: today's and the next six days' (the same data seen
# then), so a start within a week draws Home at once (gmi.store.home_snapshot)
HOME_KEPT_DAYS = 7


@dataclass(frozen=True)
class AskCheckIn:
    """Before the stage: today's check-in (and perhaps a card) comes first."""

    checkins: CheckInStore
    card: Card | None
    stage: Stage
    mode: SessionMode


@dataclass(frozen=True)
class StartStage:
    """The stage may start now, with this context."""

    stage: Stage
    context: StageContext


Begin = AskCheckIn | StartStage


class Day:
    """The day's flow for one data folder and whoever practises on it."""

    def __init__(self, store: DataStore, *, today: Callable[[], date] = date.today,
                 now: Callable[[], datetime] = datetime.now, daily_checkin: bool = True,
                 offer_cards: bool = True,
                 available: Collection[Stage] = STAGE_ORDER) -> None:
        """`available`: the stages this front end can run (the window's screens)."""
        self.store = store
        self.today = today
        self.now = now
        self.daily_checkin = daily_checkin
        self.offer_cards = offer_cards
        self.available = frozenset(available)
        self.settings: AppSettings = store.load_settings()
        self.profile: Profile | None = None
        self.overview: Overview | None = None  # Home's numbers, rebuilt by `refresh`
        self._read: SessionsReadOnce | None = None  # the sessions `refresh` read
        self._read_from: list[list[object]] = []  # their files before (`fingerprint`)
        self.reminder_note = ""  # the reminder in the window, shown until the day is done
        self._checkin_offered: set[tuple[str, date]] = set()  # in this run

    # -- who practises ------------------------------------------------------------
    def remembered_profile(self) -> Profile | None:
        """The person chosen last time, or the only person on this computer."""
        wanted = self.settings.active_profile_id
        profile = self.store.profiles.get(wanted) if wanted else None
        if profile is None and not wanted:
            profiles, damaged = self.store.profiles.list()
            if len(profiles) == 1 and not damaged:
                profile = profiles[0]  # one person: no need to ask
        return profile

    def welcome_first(self) -> bool:
        """The app opens on the welcome until it is finished or put off: on a new folder,
        and again after a start that left it halfway (a person added, no camera check
        yet). People set up before the welcome existed skip it."""
        s = self.settings
        if s.welcome_done or s.welcome_put_off:
            return False
        if s.welcome_started:
            return True
        profiles, damaged = self.store.profiles.list()
        return not profiles and not damaged

    def welcome_offered(self) -> bool:
        """Home offers to finish setting up: the welcome was put off (or left) unfinished."""
        s = self.settings
        return not s.welcome_done and (s.welcome_put_off or s.welcome_started)

    def choose(self, profile: Profile, remember: bool = True) -> None:
        """`profile` practises from now on (remembered for the next start)."""
        if self.profile is not None and self.profile.id != profile.id:
            self.reminder_note = ""  # the reminder was for the person before
        self.profile = profile
        self.overview = None
        if remember and self.settings.active_profile_id != profile.id:
            self.settings = self.settings.model_copy(update={"active_profile_id": profile.id})
            try:
                self.store.update_settings(active_profile_id=profile.id)
            except StoreError:  # Home shows the write problem found by this check
                self.store.check()

    def settings_changed(self, settings: AppSettings) -> None:
        self.settings = settings

    # -- Home ---------------------------------------------------------------------
    def refresh(self) -> Overview:
        """Home's overview for the person practising, read afresh (a reminder shown
        earlier goes once the day has seen practice)."""
        assert self.profile is not None
        # read once, and again by `keep_home` for the next days' Homes right after; what
        # the files were before reading, so a Home kept never claims a later change
        self._read_from = fingerprint(self.store.layout, self.profile.id)
        self._read = SessionsReadOnce(self.store.sessions(self.profile.id))
        self.overview = build_overview(self.profile, self._read, self.today())
        if practised_today(self.overview):
            self.reminder_note = ""
        return self.overview

    def home(self) -> HomeView:
        """Everything Home shows, from the data read afresh."""
        return home_view(self.refresh(), self.notices(), self.stage_problem,
                         self.session_times_shown(), self.welcome_offered())

    def keep_home(self) -> None:
        """Keep the Home just shown, with the next days' (the same data seen a day or a
        few on), for the next start, which draws its day's before reading anything: a
        week away still opens at once, on its welcome back. Only the remembered
        person's (the one the next start opens on), not while the welcome comes first,
        and without today's passing notices. A moment's work, done once Home is up."""
        if (self.overview is None or self.profile is None or self._read is None
                or self.settings.active_profile_id != self.profile.id or self.welcome_first()):
            return
        today = self.overview.adherence.today if self.overview.adherence else self.today()
        overviews = {today: self.overview} | {
            day: build_overview(self.profile, self._read, day)
            for day in (today + timedelta(days=n) for n in range(1, HOME_KEPT_DAYS))}
        kept = {day: home_view(overview, (), self.stage_problem, self.session_times_shown(),
                               self.welcome_offered())
                for day, overview in overviews.items()}
        write_home_snapshot(self.store.layout, self.profile.id, __version__,
                            self.settings.text_size, kept, self._read_from)

    def notices(self) -> list[str]:
        """What Home says above the plan: a write problem first, then the reminder and
        any file that had to be set aside."""
        notices = [self.reminder_note] if self.reminder_note else []
        notices += [n.text for n in self.store.notices.items()]
        if self.store.write_problem is not None:
            notices.insert(0, "Your practice cannot be saved right now. "
                              f"{self.store.write_problem.message}")
        return notices

    # -- starting a stage -----------------------------------------------------------
    def stage_problem(self, stage: Stage) -> str:
        """Why `stage` cannot start now, in words for the patient ("" if it can)."""
        if self.profile is None:
            return "Choose who is practising first."
        if stage not in self.available:
            return "This stage is not available in this version of GMI Trainer yet."
        if stage not in STAGES_FOR[self.profile.body_part]:  # one rule with the protocols
            return (f"{STAGE_TITLES[stage]} is not part of practice for the "
                    f"{self.profile.body_part}; the other stages are.")
        if not self.store.writable:
            return "Practice cannot start while nothing can be saved (see above)."
        return ""

    def begin(self, stage: Stage, mode: SessionMode = "normal") -> Begin | None:
        """Start `stage`, after the daily check-in if today has none yet (None: it may not
        start). The check-in is offered once per run, even if put off."""
        if self.profile is None or self.stage_problem(stage):
            return None
        day = self.today()
        key = (self.profile.id, day)
        checkins = self.checkins()
        if not self.daily_checkin or key in self._checkin_offered or checkins.done_on(day):
            return self.start(stage, mode)
        self._checkin_offered.add(key)
        return AskCheckIn(checkins, self.card_to_offer(checkins), stage, mode)

    def checkins(self) -> CheckInStore:
        assert self.profile is not None
        return CheckInStore(self.store.layout, self.profile.id, self.store.notices)

    def card_to_offer(self, checkins: CheckInStore) -> Card | None:
        """Today's education card: the first never offered, skipped ones waiting their
        turn (cards with mistakes are left out)."""
        if not self.offer_cards:
            return None
        cards, _problems = load_cards(asset("cards"))
        try:
            read, skipped = checkins.cards_seen()
        except StoreError:
            read, skipped = set(), set()
        return card_for_day(cards, self.today().toordinal(), read, skipped)

    def start(self, stage: Stage, mode: SessionMode = "normal") -> StartStage | None:
        """The context to run `stage` in now (None: it may not start)."""
        if self.profile is None or self.stage_problem(stage):
            return None
        overview = self.overview if self.overview is not None else self.refresh()
        protocol = overview.protocol
        if mode != "normal":
            protocol = gentler(protocol)
        context = StageContext(profile=self.profile, protocol=protocol,
                               sessions=self.store.sessions(self.profile.id),
                               settings=self.settings, mode=mode,
                               pain_today=self.pain_today(),
                               open_stages=tuple(s.stage for s in overview.plan.steps))
        return StartStage(stage, context)

    def pain_today(self) -> int | None:
        """Today's pain from the check-in (the newest answer), so a stage does not ask
        from nothing again minutes later: its rating starts at this answer."""
        if self.profile is None:
            return None
        try:
            today = [c for c in self.checkins().load_all() if c.day == self.today()]
        except StoreError:
            return None
        answers = [c.pain_now for c in today if c.pain_now is not None]
        return answers[-1] if answers else None

    def gentle_minutes(self, stage: Stage) -> float:
        """How long the gentler copy of `stage` takes (offered after a hard check-in)."""
        overview = self.overview if self.overview is not None else self.refresh()
        return stage_minutes(gentler(overview.protocol), stage)

    # -- the reminder -----------------------------------------------------------------
    def day_done(self) -> bool:
        """Has today seen practice? (Nobody chosen yet: nothing to remind of.)

        Any completed session counts, a gentle one on a flare day too: the
        reminder is a cue for the day, not a push to finish the plan.
        """
        if self.profile is None:
            return True
        shown = self.overview
        if (shown is not None and shown.profile.id == self.profile.id
                and shown.adherence is not None and shown.adherence.today == self.today()):
            return practised_today(shown)  # Home is rebuilt after every session
        try:
            overview = build_overview(self.profile, self.store.sessions(self.profile.id),
                                      self.today())
        except StoreError:
            return False
        return practised_today(overview)

    def sessions_per_day(self) -> int:
        if self.profile is None:
            return 1
        overview = self.overview if self.overview is not None else self.refresh()
        return overview.protocol.sessions_per_day

    def sessions_done_today(self) -> int:
        """Today's sessions, counted from today's journals (rounds of the plan done)."""
        if self.profile is None:
            return 0
        try:
            overview = build_overview(self.profile, self.store.sessions(self.profile.id),
                                      self.today())
        except StoreError:
            return 0
        return overview.plan.rounds_done

    def reminder_times(self) -> list[time]:
        """The day's session times: one a day, or "little and often" when the
        programme asks for more (the person's own times, picked once)."""
        at = self.settings.reminder_at
        if at is None:
            return []
        return session_times(at, self.sessions_per_day(), self.settings.session_times)

    def session_times_shown(self) -> list[time]:
        """Home's names for the day's sessions: the times picked once, whether or not
        the reminder is on (none picked and no reminder: "Session 1", "Session 2")."""
        s = self.settings
        if s.reminder_at is None and not s.session_times:
            return []
        return time_fields(s, self.sessions_per_day())

    def next_reminder_at(self, now: datetime, fired: bool) -> datetime | None:
        """When the reminder speaks next: the daily time, or each open session's time
        with one gentle evening repeat when several sessions a day are asked for."""
        times = self.reminder_times()
        if not times:
            return None
        if len(times) == 1:
            return next_reminder(now, times[0], fired)
        return next_session_reminder(now, times, self.sessions_done_today())

    def reminder_due(self) -> bool:
        """At a reminder time: is there still a session to do today?"""
        if self.profile is None:
            return False
        if self.sessions_per_day() == 1:
            return not self.day_done()
        return self.sessions_done_today() < self.sessions_per_day()

    def reminder_words(self) -> str:
        return reminder_text(self.settings.cue)

    def remind_at_start(self) -> bool:
        """Without a tray, a reminder time already past today shows on Home at start."""
        at = self.settings.reminder_at
        return at is not None and remind_on_start(self.now(), at, self.day_done())
