"""The bounds every file the app reads is held to, in one place.

Each reader (journals, check-ins, profiles, settings, gmi-data.json,
protocols, bundle members) checks size and nesting *before* parsing and the
typed records check ranges after, so a damaged or hostile file is refused in
words naming the file instead of raising deep inside a screen or report.
Why each number is what it is:

- ``MAX_DEPTH`` 32: the deepest thing the app writes is a laterality summary
  (summary > by_side > left > accuracy_ci95, 4 levels inside a line). Python's
  json and tomllib recurse per level and ``json.dumps(indent=...)`` recurses
  in pure Python (about 3 frames a level), so a few hundred levels already
  raise RecursionError; 32 leaves room for growth and stays far from that.
- ``MAX_JSON_BYTES`` 1 MiB: settings, profiles, check-ins and gmi-data.json
  are under 4 KB each.
- ``MAX_LINE_BYTES`` 1 MiB: one journal line (an event is under 1 KB; a
  header with its protocol snapshot under 16 KB).
- ``MAX_PROTOCOL_BYTES`` 256 KiB and ``MAX_DESCRIPTION`` 4,000 characters: a
  protocol is about 2 KB; its description is copied into every journal
  header, so a huge one would slow every session list (50 MB took 7 s).
- Dates from 1970 to 2200 (``EARLIEST``, ``LATEST``): a computer whose clock
  battery died writes 1970, which is real practice and kept; anything beyond
  is damage, and dates near year 1 or 9999 overflow when turned into the
  local time zone or padded for a chart.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime

MAX_DEPTH = 32
MAX_JSON_BYTES = 1 << 20
MAX_LINE_BYTES = 1 << 20
MAX_PROTOCOL_BYTES = 256 << 10
MAX_DESCRIPTION = 4000
MAX_TEXT = 500  # one prompt, one posture name, one headline

EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2200, 1, 1, tzinfo=timezone.utc)
EARLIEST_DAY = EARLIEST.date()
LATEST_DAY = LATEST.date()

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_too_deep(raw: bytes, limit: int = MAX_DEPTH) -> bool:
    """True when JSON text `raw` nests arrays/objects more than `limit` deep.

    Checked on the bytes, before ``json.loads`` (which recurses per level and
    raises RecursionError on hostile input). Lines with few brackets, which is
    every line the app writes, are answered by counting alone.
    """
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub(b'""', raw)):
        if match[0] in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def value_depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deep lists and dicts nest in `value`, counting no further than limit + 1."""
    stack = [(value, 1)]
    deepest = 0
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth > limit:
                return depth
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


def in_range(moment: datetime) -> bool:
    """Is `moment` (timezone-aware) within the dates the app accepts?"""
    return EARLIEST <= moment <= LATEST


def check_moment(moment: datetime) -> datetime:
    """A pydantic after-validator: refuse dates outside EARLIEST..LATEST."""
    if moment.tzinfo is not None and not in_range(moment):
        raise ValueError(f"the date {moment.date().isoformat()} is outside "
                         f"{EARLIEST_DAY.year}-{LATEST_DAY.year}")
    return moment


def check_day(day: date) -> date:
    """A pydantic after-validator for calendar days."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"the day {day.isoformat()} is outside "
                         f"{EARLIEST_DAY.year}-{LATEST_DAY.year}")
    return day


Moment = Annotated[AwareDatetime, AfterValidator(check_moment)]
"""A timezone-aware date and time within EARLIEST..LATEST."""
Day = Annotated[date, AfterValidator(check_day)]
"""A calendar day within EARLIEST..LATEST."""
