"""The daily cue and reminder: when to remind, and the same as a calendar file.

A habit hangs on a cue the person already has ("after morning coffee"), so
the cue is in their own words and the time is theirs. Everything is local:
the app reminds while it runs, and the calendar file lets the phone or the
desktop calendar remind when it does not. Nothing is sent anywhere.

Times are wall-clock times ("floating" in iCalendar): 9:00 stays 9:00 after a
daylight-saving switch or a flight, which is what a daily habit wants.
"""

from __future__ import annotations

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


def remind_on_start(now: datetime, at: time | None, done_today: bool) -> bool:
    """At start-up without a tray: is today's reminder time past and practice still open?"""
    return at is not None and not done_today and now.time() >= at


def reminder_text(cue: str) -> str:
    """The words of the reminder, calm and without pressure."""
    cue = cue.strip()
    if cue:
        return f"{cue[0].upper() + cue[1:]}: a few minutes of GMI practice, when you are ready."
    return "A few minutes of GMI practice, when you are ready."


def reminder_ics(cue: str, at: time, first_day: date, uid: str) -> bytes:
    """A daily recurring event with the cue as its text, and a reminder at its start.

    `uid` should stay the same for one person, so importing a changed file
    again updates the event instead of adding a second one.
    """
    from icalendar import Alarm, Calendar, Event, vRecur  # 80 ms: only when a file is made
    calendar = Calendar()
    calendar.add("prodid", f"-//GMI Trainer {__version__}//daily practice//EN")
    calendar.add("version", "2.0")
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
    calendar.add_component(event)
    return calendar.to_ical()
