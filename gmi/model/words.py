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
