"""Days practised, the calendar strip and the trail: small wins counted honestly.

A day is the patient's own calendar day *where they were*: the wall-clock
date of each session's start, in the UTC offset it was recorded with. So a
daylight-saving switch or a flight across time zones never makes one day
count twice or swallows one (converting every time to today's zone would).

The trail grows clearer with each day practised and fades a little with
each day missed, but never below a floor: a break is welcomed back, not
punished, and there is no streak to lose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

TRAIL_FLOOR = 0.15  # the faintest the trail ever gets: never to nothing
TRAIL_GAIN = 0.12  # each day practised adds this much of what is left to clear
TRAIL_FADE = 0.94  # each day missed keeps this share of the clarity above the floor
STRIP_DAYS = 28
WELCOME_BACK_AFTER = 3  # days without practice before Home says welcome back


def practice_day(started_at: datetime) -> date:
    """The calendar day a session belongs to: its own recorded wall-clock date."""
    return started_at.date()


def practice_days(starts: Iterable[datetime]) -> set[date]:
    return {practice_day(s) for s in starts}


def trail_clarity(days: Iterable[date], today: date) -> float:
    """Clarity in [TRAIL_FLOOR, 1] after walking through every day up to today.

    Today counts only once practised: an unpractised today is not a missed day yet.
    """
    done = sorted(d for d in set(days) if d <= today)
    if not done:
        return TRAIL_FLOOR
    clarity = TRAIL_FLOOR
    day = done[0]
    practised = set(done)
    while day <= today:
        if day in practised:
            clarity += (1.0 - clarity) * TRAIL_GAIN
        elif day < today:
            clarity = TRAIL_FLOOR + (clarity - TRAIL_FLOOR) * TRAIL_FADE
        day += timedelta(days=1)
    return min(1.0, max(TRAIL_FLOOR, clarity))


def days_in_a_row(days: Iterable[date], today: date) -> int:
    """Practised days ending today (or yesterday, while today is still open)."""
    practised = set(days)
    day = today if today in practised else today - timedelta(days=1)
    count = 0
    while day in practised:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Adherence:
    today: date
    strip: tuple[tuple[date, bool], ...]  # the last STRIP_DAYS days, oldest first
    this_week: int  # days practised Monday..today
    last_4_weeks: int
    in_a_row: int
    total: int
    days_away: int  # whole days since the last practice (0: today or never)
    clarity: float

    @property
    def welcome_back(self) -> bool:
        return self.days_away >= WELCOME_BACK_AFTER

    @property
    def trail_sentence(self) -> str:
        if self.total == 0:
            return "Your trail starts with the first day of practice."
        days = "day" if self.last_4_weeks == 1 else "days"
        return f"Your trail: {self.last_4_weeks} {days} practised in the last 4 weeks."


def adherence(days: Iterable[date], today: date) -> Adherence:
    practised = {d for d in days if d <= today}
    strip = tuple((today - timedelta(days=n), today - timedelta(days=n) in practised)
                  for n in range(STRIP_DAYS - 1, -1, -1))
    monday = today - timedelta(days=today.weekday())
    last = max(practised, default=None)
    return Adherence(
        today=today,
        strip=strip,
        this_week=sum(1 for d in practised if d >= monday),
        last_4_weeks=sum(1 for _, done in strip if done),
        in_a_row=days_in_a_row(practised, today),
        total=len(practised),
        days_away=(today - last).days if last is not None else 0,
        clarity=trail_clarity(practised, today),
    )


WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
               "Dec")


@dataclass(frozen=True)
class StripLabels:
    """Words around the calendar strip so a day can be found without counting.

    `weekdays`: one name per column (the strip runs on from its first day, so a
    column is always the same weekday and the last column is today's). `months`:
    one per day, the month's name on the first day shown and on each first of a
    month, '' elsewhere (as a wall calendar does). `span`: the whole range in
    words, for a screen reader ('6 Nov to 3 Dec')."""

    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    span: str


def strip_labels(days: list[date], columns: int = 7) -> StripLabels:
    """The weekday of each column and where a month's name goes in `days` (oldest first)."""
    if not days:
        return StripLabels((), (), "")
    weekdays = tuple(WEEKDAY_NAMES[d.weekday()] for d in days[:columns])
    months = tuple(MONTH_NAMES[d.month - 1] if n == 0 or d.day == 1 else ""
                   for n, d in enumerate(days))
    first, last = days[0], days[-1]
    span = (f"{first.day} {MONTH_NAMES[first.month - 1]} to "
            f"{last.day} {MONTH_NAMES[last.month - 1]}")
    return StripLabels(weekdays, months, span)
