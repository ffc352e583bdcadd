"""Numbers in words a patient reads: counts ("1 session", "3 sessions"), durations
and partial sessions, never a bare zero (screens, reports and the command line).

A person who stopped after half a minute should read "30 seconds", not
"0.5 minutes"; one who did no guided movement should not be told "0 guided
movements" as if it were a result.
"""

from __future__ import annotations


def counted(n: int, word: str, many: str | None = None) -> str:
    """`n` and `word`, plural unless n is 1 (`many` for irregular plurals)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def times(n: int) -> str:
    """'once', 'twice', '3 times': how often something happened, never 'time(s)'."""
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def minutes_total(minutes: float) -> str:
    """A total of practice time for a clinician: '45 seconds', '7.5 minutes', '3650
    minutes'; 'no time recorded' rather than '0.0 minutes'."""
    if minutes * 60 < 0.5:
        return "no time recorded"
    if minutes < 1:
        return duration(minutes * 60)
    shown = f"{minutes:.1f}".rstrip("0").rstrip(".") if minutes < 10 else f"{minutes:.0f}"
    return f"{shown} minute{'' if shown == '1' else 's'}"


def duration(seconds: float) -> str:
    """'45 seconds', '1 minute', '4 minutes 30 seconds' (rounded to the second)."""
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return counted(rest, "second")
    if not rest:
        return counted(minutes, "minute")
    return f"{counted(minutes, 'minute')} {counted(rest, 'second')}"


def part_of(done_minutes: float, planned_minutes: float) -> str:
    """A partial session on Home: '4 of 10 minutes' (at least 1, never above the plan)."""
    planned = max(1, round(planned_minutes))
    done = min(planned, max(1, round(done_minutes)))
    return f"{done} of {planned} minutes"
