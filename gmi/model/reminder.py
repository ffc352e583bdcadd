"""The daily cue and reminder: when to remind, and the same as a calendar file.

A habit hangs on a cue the person already has ("after morning coffee"), so
the cue is in their own words and the time is theirs. Everything is local:
the app reminds while it runs, and the calendar file lets the phone or the
desktop calendar remind when it does not. Nothing is sent anywhere.

Times are wall-clock times ("floating" in iCalendar): 9:00 stays 9:00 after a
daylight-saving switch or a flight, which is what a daily habit wants.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from gmi import __version__

EVENT_MINUTES = 10


def next_reminder(now: datetime, at: time, done_today: bool) -> datetime:
    """When to remind next, on the clock of `now`.

    Today at `at` while that is still ahead and today's practice is not done;
    otherwise tomorrow: a time already past today waits for tomorrow instead
    of firing the moment it is set.
    """
    today = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if now < today and not done_today:
        return today
    tomorrow = now.date() + timedelta(days=1)
    return today.replace(year=tomorrow.year, month=tomorrow.month, day=tomorrow.day)


EVENING = time(19, 0)  # one gentle repeat, if nothing was practised by then
LAST_START = time(21, 0)  # no session is suggested later than this
SPACING = timedelta(hours=3)


def session_times(first: time, sessions_per_day: int,
                  chosen: Sequence[time] = ()) -> list[time]:
    """The day's practice times for "little and often": the person's own choices
    (picked once), else `sessions_per_day` times from `first`, three hours apart
    and none after 21:00 (then closer together)."""
    if len(chosen) >= sessions_per_day:
        return sorted(chosen)[:sessions_per_day]
    start = datetime.combine(date(2000, 1, 1), first)
    last = datetime.combine(date(2000, 1, 1), max(LAST_START, first))
    gap = SPACING
    if sessions_per_day > 1 and start + gap * (sessions_per_day - 1) > last:
        gap = (last - start) / (sessions_per_day - 1)
    times = [(start + gap * n).time().replace(second=0, microsecond=0)
             for n in range(sessions_per_day)]
    return sorted({*chosen, *times})[:sessions_per_day]


MIN_GAP = timedelta(hours=1)  # sessions closer than this are one sitting, not "often"


@dataclass(frozen=True)
class TimesProblem:
    """What is wrong with the chosen session times, in words for the person."""

    index: int  # the field to mend (0-based): the later of the two that clash
    words: str


def times_problem(times: Sequence[time]) -> TimesProblem | None:
    """Whether the day's session times make sense: in the order of the day, no time
    twice, and at least an hour apart, so each session is a fresh start (None: fine)."""
    for n in range(1, len(times)):
        before, at = times[n - 1], times[n]
        this, that = f"Session {n + 1}", f"session {n}"
        if at == before:
            return TimesProblem(n, f"{this} is at the same time as {that}. "
                                   "Please choose another time.")
        if at < before:
            return TimesProblem(n, f"{this} is earlier than {that}. Please put the times "
                                   "in the order of your day.")
        gap = (datetime.combine(date(2000, 1, 1), at)
               - datetime.combine(date(2000, 1, 1), before))
        if gap < MIN_GAP:
            minutes = int(gap.total_seconds() // 60)
            return TimesProblem(n, f"{this} is only {minutes} minutes after {that}. Please "
                                   "leave at least an hour between sessions.")
    return None


def next_session_reminder(now: datetime, times: Sequence[time], sessions_done: int,
                          evening: time = EVENING) -> datetime:
    """When to remind next on a day of several sessions.

    Each session not yet done is reminded at its own time (a time already past
    is not fired late); if nothing at all was done today, one gentle repeat
    comes at `evening`; otherwise the next reminder is tomorrow's first time.
    """
    ordered = sorted(times)
    today = now.date()

    def at(day: date, t: time) -> datetime:
        return now.replace(year=day.year, month=day.month, day=day.day, hour=t.hour,
                           minute=t.minute, second=0, microsecond=0)

    ahead = [at(today, t) for t in ordered[sessions_done:] if at(today, t) > now]
    if sessions_done == 0 and at(today, evening) > now and evening not in ordered:
        ahead.append(at(today, evening))
    if ahead:
        return min(ahead)
    return at(today + timedelta(days=1), ordered[0])


def sessions_words(times: Sequence[time], planned: int, done: int) -> str:
    """Home's line for a day of several sessions: '9:00 ✓ · 13:00 next · 17:00'
    (without chosen times: 'Session 1 ✓ · Session 2 next')."""
    names = [f"{t.hour}:{t.minute:02d}" for t in sorted(times)][:planned]
    names += [f"Session {n + 1}" for n in range(len(names), planned)]
    marks = ["✓" if n < done else ("next" if n == done else "") for n in range(planned)]
    return " · ".join(f"{name} {mark}".strip() for name, mark in zip(names, marks, strict=True))


def remind_on_start(now: datetime, at: time | None, done_today: bool) -> bool:
    """At start-up without a tray: is today's reminder time past and practice still open?"""
    return at is not None and not done_today and now.time() >= at


def reminder_text(cue: str) -> str:
    """The words of the reminder, calm and without pressure."""
    cue = cue.strip()
    if cue:
        return f"{cue[0].upper() + cue[1:]}: a few minutes of GMI practice, when you are ready."
    return "A few minutes of GMI practice, when you are ready."


def reminder_ics(cue: str, at: time, first_day: date, uid: str,
                 more: Sequence[time] = ()) -> bytes:
    """A daily recurring event with the cue as its text, and a reminder at its start;
    one such event for each further daily session time in `more`.

    `uid` should stay the same for one person, so importing a changed file
    again updates the event instead of adding a second one.
    """
    from icalendar import Calendar  # 80 ms: only when a file is made
    calendar = Calendar()
    calendar.add("prodid", f"-//GMI Trainer {__version__}//daily practice//EN")
    calendar.add("version", "2.0")
    times = sorted({at, *more})
    for n, when in enumerate(times):
        calendar.add_component(_daily_event(cue, when, first_day,
                                            uid if n == 0 else f"{n + 1}-{uid}"))
    return calendar.to_ical()


def _daily_event(cue: str, at: time, first_day: date, uid: str):
    from icalendar import Alarm, Event, vRecur

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.now().astimezone())
    start = datetime.combine(first_day, at.replace(second=0, microsecond=0))
    event.add("dtstart", start)  # naive: a floating, wall-clock time
    event.add("duration", timedelta(minutes=EVENT_MINUTES))
    event.add("rrule", vRecur(freq="daily"))
    cue = cue.strip()
    event.add("summary", f"GMI practice: {cue}" if cue else "GMI practice")
    event.add("description", reminder_text(cue) + " Ten minutes every day helps more than a "
                                                  "long session now and then.")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", reminder_text(cue))
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event
