"""Exports for the therapist: CSV (one row per trial, repetition or rating)
and JSON (everything), optionally pseudonymised (the code replaces the name).

Camera pictures are never part of an export: journals hold none.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from gmi import __version__
from gmi.model.names import NameFinder
from gmi.store.journal import JournalContents
from gmi.store.profiles import Profile
from gmi.store.records import local_now
from gmi.store.sessions import SessionStore

# Columns first in the CSV, in this order; any other data keys follow, sorted.
LEADING = ["patient", "session_id", "stage", "session_start", "day", "outcome", "mode", "seq",
           "kind",
           "practice", "side", "view", "angle", "rotation", "posture", "response", "rt_ms",
           "correct", "timed_out", "image", "repetition", "duration_ms", "when", "nrs",
           "score", "reps", "target", "rom_min", "rom_max"]


@dataclass(frozen=True)
class ExportRange:
    start: date | None = None
    end: date | None = None

    def __contains__(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


def sessions_in(sessions: SessionStore, span: ExportRange) -> list[JournalContents]:
    infos = [i for i in sessions.list() if i.local_day in span]
    return sessions.load_all(infos)


def patient_label(profile: Profile, pseudonymise: bool) -> str:
    return profile.code if pseudonymise or not profile.name else f"{profile.name} ({profile.code})"


def scrub(value: Any, profile: Profile, pseudonymise: bool) -> Any:
    """`value` with the person's name (any Unicode form, any case) replaced by the code.

    The name reaches journals through text the app does not write itself (a
    protocol description or title copied into each header, a note), so a
    pseudonymised export checks every string, keys included.
    """
    finder = NameFinder.of(profile.name) if pseudonymise else None
    if finder is None:
        return value
    return _scrubbed(value, finder, profile.code)


def _scrubbed(value: Any, finder: NameFinder, code: str) -> Any:
    if isinstance(value, str):
        return finder.replace(value, code)
    if isinstance(value, dict):
        return {_scrubbed(k, finder, code): _scrubbed(v, finder, code) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrubbed(v, finder, code) for v in value]
    return value


def rows(profile: Profile, journals: Iterable[JournalContents],
         pseudonymise: bool = False) -> list[dict[str, Any]]:
    """One row per event, with its session's context."""
    out = []
    who = patient_label(profile, pseudonymise)
    for contents in journals:
        h = contents.header
        start = h.started_at.astimezone()
        outcome = contents.end.outcome if contents.end else "interrupted"
        for event in contents.events:
            row = {"patient": who, "session_id": h.session_id, "stage": h.stage,
                   "session_start": start.isoformat(), "day": start.date().isoformat(),
                   "outcome": outcome, "mode": h.mode, "seq": event.seq, "kind": event.kind}
            for key, value in event.data.items():
                row[key] = json.dumps(value) if isinstance(value, dict | list) else value
            out.append(row)
    return scrub(out, profile, pseudonymise)


def to_csv(table: list[dict[str, Any]]) -> str:
    extra = sorted({k for r in table for k in r} - set(LEADING))
    columns = [c for c in LEADING if any(c in r for r in table)] + extra
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns or LEADING[:9], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(table)
    return buffer.getvalue()


def to_json(profile: Profile, journals: Iterable[JournalContents],
            pseudonymise: bool = False) -> str:
    person = profile.model_dump(mode="json")
    if pseudonymise:
        person["name"] = ""
    data = {
        "app_version": __version__,
        "exported_at": local_now().isoformat(),
        "pseudonymised": pseudonymise,
        "profile": person,
        "sessions": [{
            "header": c.header.model_dump(mode="json"),
            "events": [e.model_dump(mode="json") for e in c.events],
            "end": c.end.model_dump(mode="json") if c.end else None,
            "interrupted": c.interrupted,
            "problems": c.problems,
        } for c in journals],
    }
    return json.dumps(scrub(data, profile, pseudonymise), indent=1, ensure_ascii=False)
