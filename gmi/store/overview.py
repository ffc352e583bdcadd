"""What one person's data says today: the input for the Home screen.

Kept out of the Qt layer so it is tested without a QApplication. It reads
file names for the whole history and opens only today's journals and the
newest one per stage, so Home stays fast with years of sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from gmi.model.plan import DayPlan, todays_plan
from gmi.model.presets import protocol_for
from gmi.model.protocol import Protocol
from gmi.model.stages import STAGE_ORDER, STAGE_PURPOSE, STAGE_TITLES, Stage
from gmi.store.journal import JournalContents
from gmi.store.profiles import Profile
from gmi.store.sessions import SessionStore


@dataclass(frozen=True)
class StageCard:
    stage: Stage
    number: int
    title: str
    purpose: str
    in_plan: bool
    done_today: int
    last_result: str


@dataclass(frozen=True)
class Overview:
    profile: Profile
    protocol: Protocol
    plan: DayPlan
    cards: tuple[StageCard, ...]
    interrupted_today: str  # plain sentence, or "" when nothing was interrupted
    sessions_total: int


def greeting(name: str, now: datetime) -> str:
    hour = now.hour
    part = "morning" if 5 <= hour < 12 else "afternoon" if 12 <= hour < 18 else "evening"
    return f"Good {part}, {name}"


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


def build_overview(profile: Profile, sessions: SessionStore, today: date) -> Overview:
    protocol = protocol_for(profile.protocol, profile.body_part)
    infos = sessions.list()
    todays = sessions.load_all(i for i in infos if i.local_day == today)
    completed_today = [c.header.stage for c in todays if not c.interrupted]
    plan = todays_plan(protocol, completed_today)

    latest = sessions.latest_by_stage()
    cards = tuple(
        StageCard(
            stage=stage,
            number=n,
            title=STAGE_TITLES[stage],
            purpose=STAGE_PURPOSE[stage],
            in_plan=stage in protocol.stages,
            done_today=completed_today.count(stage),
            last_result=describe_result(latest[stage], today) if stage in latest else "",
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
    return Overview(profile, protocol, plan, cards, interrupted, len(infos))
