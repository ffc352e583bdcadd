"""The therapist's overview of every patient on this machine (issue #11).

One row per profile: last session, days practised in the last 14, current
stage, trend arrows and the flags worth a call (rules in
gmi/model/clinic_flags.py). Rows come from the SQLite index
(gmi/clinic/index.py), refreshed from the files first, so the numbers
are always those of the journals; `clinic_overview_direct` computes the same
rows by reading every file, as the reference the index is tested against.

A profile whose details are damaged or missing still gets a row (its
sessions are there), flagged so that someone restores the details.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from gmi.clinic.index import (
    ClinicIndex,
    JournalFacts,
    PatientData,
    checkins_dir,
    history_from,
    is_checkin_name,
    is_journal_name,
    journal_facts,
    read_checkin,
)
from gmi.model.checkin import CheckIn
from gmi.model.clinic_flags import PatientStatus, Trend, patient_status
from gmi.model.stages import STAGE_ORDER, STAGE_TITLES, Stage
from gmi.store.errors import StoreError
from gmi.store.journal import read_journal
from gmi.store.paths import Layout
from gmi.store.profiles import DamagedProfile, Profile, ProfileStore
from gmi.store.quarantine import NoticeBoard

FLAG_DAMAGED = "profile_damaged"


@dataclass(frozen=True)
class PatientRow:
    """One line of the overview; `profile_id` opens the patient's history."""

    profile_id: str
    code: str
    display_name: str
    body_part: str  # "" when the profile details are damaged
    affected_side: str
    last_session: date | None
    days_since: int | None  # whole days since the last session
    days_14: int  # days practised in the last 14
    current_stage: Stage | None
    accuracy_trend: Trend
    pain_trend: Trend
    flags: tuple[str, ...]  # plain sentences worth a call, with their numbers
    flag_kinds: tuple[str, ...]  # FLAG_* of each flag, same order
    problems: tuple[str, ...] = ()  # files that could not be read (not clinical)
    damaged: bool = False
    affected_trend: Trend | None = None  # accuracy of the affected side's pictures
    unaffected_trend: Trend | None = None

    @property
    def stage_title(self) -> str:
        return STAGE_TITLES[self.current_stage] if self.current_stage else ""

    @property
    def search_text(self) -> str:
        return " ".join((self.code, self.display_name, self.profile_id)).casefold()

    def matches(self, query: str) -> bool:
        """Every word of `query` appears in the code, the name or the id (any case)."""
        return all(word in self.search_text for word in query.casefold().split())


def _stage_rank(row: PatientRow) -> int | None:
    return None if row.current_stage is None else STAGE_ORDER.index(row.current_stage)


def _change(trend: Trend) -> float | None:
    return trend.change if trend.arrow else None


SORT_KEYS: dict[str, Callable[[PatientRow], Any]] = {
    "name": lambda r: r.display_name.casefold(),
    "code": lambda r: r.code.casefold(),
    "last_session": lambda r: r.last_session,
    "days_14": lambda r: r.days_14,
    "stage": _stage_rank,
    "accuracy": lambda r: _change(r.accuracy_trend),
    "affected": lambda r: None if r.affected_trend is None else _change(r.affected_trend),
    "unaffected": lambda r: None if r.unaffected_trend is None else _change(r.unaffected_trend),
    "pain": lambda r: _change(r.pain_trend),
    "flags": lambda r: len(r.flags),
}


def sort_rows(rows: Iterable[PatientRow], column: str = "flags",
              descending: bool | None = None) -> list[PatientRow]:
    """Rows ordered by one column; rows without a value go last either way.

    The default puts the patients worth a call first (most flags, then
    longest without a session), each column's natural direction otherwise.
    Ties keep name order, so the list never jumps about.
    """
    key = SORT_KEYS[column]
    if descending is None:
        descending = column == "flags"
    by_name = sorted(rows, key=lambda r: (r.display_name.casefold(), r.profile_id))
    if column == "flags":
        by_name.sort(key=lambda r: -1 if r.days_since is None else r.days_since, reverse=True)
    present = [r for r in by_name if key(r) is not None]
    missing = [r for r in by_name if key(r) is None]
    return sorted(present, key=key, reverse=descending) + missing


def search_rows(rows: Iterable[PatientRow], query: str) -> list[PatientRow]:
    return [r for r in rows if r.matches(query)]


def _row(who: Profile | DamagedProfile, data: PatientData, today: date) -> PatientRow:
    status: PatientStatus = patient_status(data.history, today)
    flags = [(f.kind, f.text) for f in status.flags]
    if isinstance(who, Profile):
        names = (who.id, who.code, who.display_name, who.body_part, who.affected_side)
        damaged = False
    else:
        names = (who.profile_id, "", f"Unknown ({who.profile_id[:8]})", "", "")
        flags.insert(0, (FLAG_DAMAGED, f"Profile details damaged ({who.reason}); restore them "
                                       "under 'Who is practising'. The sessions are kept."))
        damaged = True
    n = data.unreadable
    problems = () if not n else (
        f"{n} file could not be read; the patient's history names it." if n == 1 else
        f"{n} files could not be read; the patient's history names them.",)
    sides = {"left": status.left_accuracy, "right": status.right_accuracy}
    affected = names[4]
    other = {"left": "right", "right": "left"}.get(affected, "")
    return PatientRow(
        *names,
        affected_trend=sides.get(affected), unaffected_trend=sides.get(other),
        last_session=status.last_session, days_since=status.days_since,
        days_14=status.days_14, current_stage=status.current_stage,
        accuracy_trend=status.accuracy, pain_trend=status.pain,
        flags=tuple(text for _, text in flags), flag_kinds=tuple(kind for kind, _ in flags),
        problems=problems, damaged=damaged,
    )


def _people(source: Any) -> tuple[Layout, list[Profile | DamagedProfile]]:
    """The layout and every profile (damaged ones after the readable ones)."""
    if isinstance(source, Layout):
        layout, profiles = source, ProfileStore(source, NoticeBoard())
    else:  # a DataStore
        layout, profiles = source.layout, source.profiles
    found, damaged = profiles.list()
    return layout, [*found, *damaged]


def _id(who: Profile | DamagedProfile) -> str:
    return who.id if isinstance(who, Profile) else who.profile_id


def clinic_overview(source: Any, today: date, index: ClinicIndex | None = None,
                    progress: Callable[[int, int], None] | None = None) -> list[PatientRow]:
    """Every patient's row, in name order (`sort_rows` for the other orders).

    `source` is a DataStore or a Layout. Pass an open `index` to keep it
    between calls (it matters when it lives in memory on a read-only
    folder); otherwise one is opened and closed here.
    """
    layout, people = _people(source)
    ids = [_id(p) for p in people]
    owned = index is None
    idx = ClinicIndex(layout) if index is None else index
    try:
        idx.refresh(ids, progress)
        data = idx.patients(ids, today)
    finally:
        if owned:
            idx.close()
    return [_row(p, data[_id(p)], today) for p in people]


def _full_facts(path: Path) -> JournalFacts:
    """Facts through the full journal reader (every line validated), not the fast path."""
    contents = read_journal(path)
    return journal_facts(contents.header, contents.end,
                         contents.end is not None or bool(contents.events))


def read_patient_directly(layout: Layout, profile_id: str, today: date) -> PatientData:
    """One patient's data from every file, without the index (the reference path)."""
    facts: list[JournalFacts] = []
    checkins: list[CheckIn] = []
    unreadable = 0
    sessions, daily = layout.sessions_dir(profile_id), checkins_dir(layout, profile_id)
    for name in _names(sessions, is_journal_name):
        try:
            facts.append(_full_facts(sessions / name))
        except StoreError:
            unreadable += 1
    for name in _names(daily, is_checkin_name):
        try:
            checkins.append(read_checkin(daily / name))
        except StoreError:
            unreadable += 1
    return history_from(facts, checkins, today, unreadable)


def _names(folder: Path, wanted: Callable[[str], bool]) -> Sequence[str]:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError), os.scandir(folder) as it:
        return sorted(e.name for e in it if wanted(e.name) and e.is_file())
    return []


def clinic_overview_direct(source: Any, today: date) -> list[PatientRow]:
    """The same rows as `clinic_overview`, read from every file (slow; for tests)."""
    layout, people = _people(source)
    return [_row(p, read_patient_directly(layout, _id(p), today), today) for p in people]
