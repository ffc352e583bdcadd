"""The day's session times for "little and often": which fields the person fills in.

When the programme asks for more than one session a day, the person picks a
time for each once (Settings, or the welcome's reminder step); until then the
fields offer times spread over the day from the daily reminder time. Whether
the chosen times make sense is `gmi.model.reminder.times_problem`.
"""

from __future__ import annotations

from datetime import time

from gmi.model.reminder import session_times
from gmi.store import DataStore, StoreError
from gmi.store.profiles import Profile
from gmi.store.protocols import active_protocol
from gmi.store.settings import AppSettings

FIRST_SESSION = time(9, 0)  # the first field's time when no reminder time is set yet


def sessions_per_day(store: DataStore, profile: Profile | None) -> int:
    """How many sessions a day the person's programme asks for (1 when unknown)."""
    if profile is None:
        return 1
    try:
        return active_protocol(store.layout, profile, store.notices).sessions_per_day
    except StoreError:
        return 1


def time_fields(settings: AppSettings, per_day: int) -> list[time]:
    """One time per prescribed session: the person's own (picked once), else spread
    from the reminder time (three hours apart, none after 21:00). Empty for one a day:
    the single reminder time is then the only field."""
    if per_day <= 1:
        return []
    return session_times(settings.reminder_at or FIRST_SESSION, per_day,
                         settings.session_times)
