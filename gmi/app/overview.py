"""What one person's data says today: the input for the Home screen.

Kept out of the Qt layer so it is tested without a QApplication. It reads
file names for the whole history and opens only today's journals and the
newest one per stage, so Home stays fast with years of sessions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from gmi.model.gentle import GentleOffer, flare_stage, gentler
from gmi.model.laterality import records_from_events
from gmi.model.plan import DayPlan, DoneStage, stage_minutes, todays_plan
from gmi.model.practice_days import STRIP_DAYS, Adherence, adherence, practice_day
from gmi.model.progression import PastSession, flare_recheck, progression
from gmi.model.protocol import Protocol
from gmi.model.scoring import score
from gmi.model.stages import STAGE_ORDER, STAGE_PURPOSE, STAGE_TITLES, Stage
from gmi.model.words import part_of
from gmi.store.journal import JournalContents
from gmi.store.profiles import Profile
from gmi.store.protocols import active_protocol
from gmi.store.sessions import SessionInfo, SessionStore


@dataclass(frozen=True)
class StageCard:
    stage: Stage
    number: int
    title: str
    purpose: str
    in_plan: bool  # part of this person's programme
    done_today: int
    last_result: str
    unlocked: bool = True
    why: str = ""  # why it is open, or what is left to open it
    partial_today: str = ""  # a session stopped early today: "4 of 10 minutes"


@dataclass(frozen=True)
class Overview:
    profile: Profile
    protocol: Protocol
    plan: DayPlan
    cards: tuple[StageCard, ...]
    interrupted_today: str  # plain sentence, or "" when nothing was interrupted
    sessions_total: int
    flare_note: str = ""
    adherence: Adherence | None = None
    flare_offer: GentleOffer | None = None  # "I'm having a flare": always there when any stage is
    short_offer: GentleOffer | None = None  # after days away: a shorter first session


def describe_result(contents: JournalContents, today: date) -> str:
    started = contents.header.started_at.astimezone()
    day = started.date()
    when = (
        "Today" if day == today
        else "Yesterday" if (today - day).days == 1
        else started.strftime("%a %d %b").replace(" 0", " ")
    )
    if contents.end is not None:
        text = contents.end.headline or "Completed"
        return f"{when}: {text}"
    n = len(contents.events)
    return f"{when}: stopped early; {n} step{'s' if n != 1 else ''} saved"


def finished_whole(contents: JournalContents) -> bool:
    """Done as planned: ended and not stopped early (a session stopped after half a
    minute of ten is partial, not done)."""
    return contents.end is not None and contents.end.outcome != "stopped"


def partial_words(contents: JournalContents) -> str:
    """How much of a session stopped early was done, in Home's words."""
    summary = contents.end.summary if contents.end is not None else {}
    if "minutes_done" in summary and "minutes_planned" in summary:
        return part_of(summary["minutes_done"], summary["minutes_planned"])
    done, planned = summary.get("images_done"), summary.get("images_planned")
    if isinstance(done, int) and isinstance(planned, int) and done:
        return f"{done} of {planned} positions"
    return "stopped early"


def done_stage(contents: JournalContents) -> DoneStage:
    """A completed session with the stages of the programme it ran under and those
    open then (its journal header keeps both), so the day's rounds are counted from
    the files alone."""
    recorded = contents.header.protocol.get("stages")
    stages = (frozenset(s for s in recorded if s in STAGE_ORDER)
              if isinstance(recorded, list) and recorded else None)
    opened = contents.header.open_stages
    return DoneStage(contents.header.stage, stages or None,
                     None if opened is None else frozenset(opened))


def past_session(contents: JournalContents) -> PastSession:
    """What progression needs from one journal."""
    stage = contents.header.stage
    summary = contents.end.summary if contents.end else {}
    laterality = None
    if stage == "laterality":
        records = records_from_events(contents.events)
        if any(not r.practice for r in records):
            laterality = score(records)
    return PastSession(
        stage=stage, day=contents.header.started_at.astimezone().date(),
        completed=contents.end is not None and contents.end.outcome == "completed",
        laterality=laterality, pain_before=summary.get("pain_before"),
        pain_after=summary.get("pain_after"),
        stopped_for_pain=bool(summary.get("stopped_for_pain")),
    )


def days_practised(infos: Iterable[SessionInfo], opened: Iterable[JournalContents],
                   exact_from: date) -> set[date]:
    """Practised days: exact (recorded offsets) from `exact_from` on, file names before.

    `opened` must hold every journal from `exact_from` on; a session counts
    once it has a saved step.
    """
    days = {i.local_day for i in infos if i.local_day < exact_from}
    practised = (practice_day(c.header.started_at) for c in opened if c.end is not None or c.events)
    return days | {day for day in practised if day >= exact_from}


class SessionsReadOnce:
    """One person's sessions with each journal read at most once, for Home as it will
    be on several days (the Homes kept for the next start: `Day.keep_home`)."""

    def __init__(self, sessions: SessionStore) -> None:
        self.layout, self.notices = sessions.layout, sessions.notices
        self._sessions = sessions
        self._infos: list[SessionInfo] | None = None
        self._read: dict[Path, JournalContents | None] = {}

    def list(self) -> list[SessionInfo]:
        if self._infos is None:
            self._infos = self._sessions.list()
        return self._infos

    def load_all(self, infos: Iterable[SessionInfo]) -> list[JournalContents]:
        wanted = list(infos)
        fresh = [i for i in wanted if i.path not in self._read]
        loaded = {c.path: c for c in self._sessions.load_all(fresh)}
        self._read.update({i.path: loaded.get(i.path) for i in fresh})
        return [c for c in (self._read[i.path] for i in wanted) if c is not None]

    def latest_by_stage(self, infos: list[SessionInfo]) -> dict[Stage, JournalContents]:
        return self._sessions.latest_by_stage(infos)


def build_overview(profile: Profile, sessions: SessionStore | SessionsReadOnce,
                   today: date) -> Overview:
    protocol = active_protocol(sessions.layout, profile, sessions.notices)
    infos = sessions.list()
    window = max(protocol.progression.window_days, protocol.progression.stable_days)
    # Recent journals are opened, so their days are exact (recorded offsets: DST and
    # travel safe); older days come from file names, where a day either way is harmless.
    exact_from = today - timedelta(days=max(window, STRIP_DAYS + 7))
    opened = sessions.load_all(i for i in infos if i.local_day >= exact_from - timedelta(days=1))
    recent = [c for c in opened if (today - c.header.started_at.astimezone().date()).days < window]
    days = days_practised(infos, opened, exact_from)
    todays = [c for c in recent if c.header.started_at.astimezone().date() == today]
    completed_today = [c.header.stage for c in todays if finished_whole(c)]
    partial = {c.header.stage: partial_words(c) for c in todays
               if not c.interrupted and not finished_whole(c)}
    past = [past_session(c) for c in recent]
    status = progression(protocol.stages, past, protocol.progression, today, profile.unlocked)
    unlocked = [s for s, st in status.items() if st.unlocked]
    todays_done = sorted((c for c in todays if finished_whole(c)),
                         key=lambda c: c.header.started_at)
    plan = todays_plan(protocol, [done_stage(c) for c in todays_done], unlocked)

    latest = sessions.latest_by_stage(infos)
    cards = tuple(
        StageCard(
            stage=stage,
            number=n,
            title=STAGE_TITLES[stage],
            purpose=STAGE_PURPOSE[stage],
            in_plan=stage in protocol.stages,
            done_today=completed_today.count(stage),
            last_result=describe_result(latest[stage], today) if stage in latest else "",
            unlocked=stage in status and status[stage].unlocked,
            why=status[stage].why if stage in status else "",
            partial_today="" if completed_today.count(stage) else partial.get(stage, ""),
        )
        for n, stage in enumerate(STAGE_ORDER, start=1)
    )

    interrupted = ""
    if todays and todays[-1].interrupted:
        last = todays[-1]
        n = len(last.events)
        interrupted = (
            f"Your last session ({STAGE_TITLES[last.header.stage]}) stopped before the end. "
            f"{'All ' + str(n) + ' steps' if n != 1 else 'The 1 step'} you finished "
            "were saved. You can simply start again when you are ready."
            if n else
            f"Your last session ({STAGE_TITLES[last.header.stage]}) stopped before it "
            "really began. You can simply start again when you are ready."
        )
    flare = flare_recheck(past, protocol.progression, today)
    days_done = adherence(days, today)
    flare_offer, short_offer = gentle_offers(protocol, unlocked, plan, days_done)
    return Overview(profile, protocol, plan, cards, interrupted, len(infos), flare,
                    days_done, flare_offer, short_offer)


def gentle_offers(protocol: Protocol, unlocked: list[Stage], plan: DayPlan,
                  days_done: Adherence) -> tuple[GentleOffer | None, GentleOffer | None]:
    """The flare session (earliest open stage) and, after a break, a shorter next step."""
    gentle = gentler(protocol)
    first = flare_stage(protocol, unlocked)
    flare = None if first is None else GentleOffer(first, "flare", stage_minutes(gentle, first))
    short = None
    if days_done.welcome_back and plan.next_step is not None:
        stage = plan.next_step.stage
        short = GentleOffer(stage, "short", stage_minutes(gentle, stage))
    return flare, short


def practised_today(overview: Overview) -> bool:
    """Any session completed today, whatever its kind (gentle ones count)."""
    return any(card.done_today for card in overview.cards)
