"""The daily check-in: four quick answers before the first session of a day.

Pain now, last night's sleep, pain on waking against last evening, woken by
pain. Every answer is optional and kept as soon as it is given, so a
check-in closed halfway still counts what was answered. The summary reports
patterns in plain counts; it never interprets or diagnoses.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gmi.model.limits import Day, Moment
from gmi.model.words import counted

CHECKIN_SCHEMA_VERSION = 1
Sleep = Literal["poor", "fair", "good"]
Waking = Literal["lower", "same", "higher"]
QUESTIONS = ("pain_now", "sleep", "waking", "woken_by_pain")


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = Field(default=CHECKIN_SCHEMA_VERSION, ge=1)
    checkin_id: str = Field(min_length=8, max_length=64, pattern=r"^[0-9a-f]+$")
    profile_id: str = Field(min_length=1, max_length=64)
    day: Day  # the person's own calendar day
    at: Moment  # wall clock with its UTC offset, like session journals
    pain_now: int | None = Field(default=None, ge=0, le=10)
    sleep: Sleep | None = None
    waking: Waking | None = None  # pain on waking compared with last evening
    woken_by_pain: bool | None = None
    skipped: bool = False  # "not today" was chosen
    # The pain-education card offered before the day's first session, and whether
    # the person said they read it (None: offered, no answer; False: skipped).
    card_id: str | None = Field(default=None, max_length=60)
    card_read: bool | None = None

    @property
    def answered(self) -> int:
        return sum(getattr(self, q) is not None for q in QUESTIONS)


def checkin_counts(checkins: Iterable[CheckIn]) -> list[str]:
    """Plain counts over the given check-ins (one per day: the day's latest answers).

    "pain lower on waking than the evening before: 9 of 14 days"; each count
    is over the days that question was answered, so skipped answers never
    count as a 'no'.
    """
    by_day: dict[date, CheckIn] = {}
    for c in sorted(checkins, key=lambda c: c.at):  # the day's latest answers win
        by_day[c.day] = c
    days = list(by_day.values())
    lines: list[str] = []
    waking = [c.waking for c in days if c.waking is not None]
    if waking:
        lower = waking.count("lower")
        lines.append(f"pain lower on waking than the evening before: {lower} of "
                     f"{counted(len(waking), 'day')}")
    woken = [c.woken_by_pain for c in days if c.woken_by_pain is not None]
    if woken:
        lines.append(f"woken by pain: {sum(woken)} of {counted(len(woken), 'night')}")
    sleep = [c.sleep for c in days if c.sleep is not None]
    if sleep:
        lines.append(f"slept poorly: {sleep.count('poor')} of {counted(len(sleep), 'night')}")
    offered = [c for c in days if c.card_id is not None]
    if offered:
        read = sum(bool(c.card_read) for c in offered)
        lines.append(f"pain-education card read before practice: {read} of "
                     f"{counted(len(offered), 'day')} it was offered")
    pain = [c.pain_now for c in days if c.pain_now is not None]
    if pain:
        mean = sum(pain) / len(pain)
        lines.append(f"pain at check-in: average {mean:.1f} of 10 "
                     f"(range {min(pain)}-{max(pain)}, {counted(len(pain), 'day')})")
    return lines
