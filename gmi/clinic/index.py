"""The clinic overview's index: a SQLite cache of what each journal and check-in says.

Why: the overview of every patient on a clinic machine (200 patients with a
year of daily sessions is 73,000 journals) must open in under 2 s, and
opening every journal each time takes far longer. So one row per journal
and per check-in is kept in ``<data root>/cache/index.sqlite3``.

It is a derived cache, never the only copy of anything: every value comes
from a file in ``profiles/``, and deleting the index loses nothing (the next
overview rebuilds it). On each refresh every profile's ``sessions/`` and
``checkins/`` folders are listed (cheap: names, sizes and modification
times) and compared with the index; only new or changed files are read, and
rows of files that are gone are dropped. A journal is read whole but only
its first line (the header) and last line (the end record) are parsed; any
other shape (interrupted, torn, hand-edited) falls back to the full reader,
so the answer is always the one ``read_journal`` would give.

A missing, damaged or outdated index file is rebuilt. When it cannot be
written (read-only data folder, locked, disk full) the overview works from a
copy in memory instead; nothing in the data folder is ever moved or changed
from here (unreadable files are counted; the patient's history sets them
aside when opened).
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from gmi.model.checkin import CHECKIN_SCHEMA_VERSION, CheckIn
from gmi.model.clinic_flags import PatientHistory, SessionFacts, needed_since
from gmi.model.practice_days import practice_day
from gmi.model.stages import Stage
from gmi.store.errors import StoreError
from gmi.store.files import FILE_MODE, ensure_dir
from gmi.store.journal import parse_journal
from gmi.store.jsonfile import read_model
from gmi.store.paths import Layout
from gmi.store.records import JOURNAL_SCHEMA_VERSION, JournalEnd, JournalHeader

SCHEMA_VERSION = 1  # PRAGMA user_version; any other value means: rebuild

_SCHEMA = """
CREATE TABLE journals (
    profile_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    readable INTEGER NOT NULL,
    problem TEXT,
    session_id TEXT,
    stage TEXT,
    mode TEXT,
    started_at TEXT,
    day TEXT,
    ended INTEGER,
    completed INTEGER,
    practised INTEGER,
    answers INTEGER,
    correct INTEGER,
    left_n INTEGER,
    left_correct INTEGER,
    left_rt_ms REAL,
    right_n INTEGER,
    right_correct INTEGER,
    right_rt_ms REAL,
    rt_ms REAL,
    pain_before REAL,
    pain_after REAL,
    PRIMARY KEY (profile_id, name)
) WITHOUT ROWID;
CREATE INDEX journals_by_day ON journals (profile_id, day);
CREATE TABLE checkins (
    profile_id TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    readable INTEGER NOT NULL,
    problem TEXT,
    checkin_id TEXT,
    day TEXT,
    at TEXT,
    pain_now INTEGER,
    PRIMARY KEY (profile_id, name)
) WITHOUT ROWID;
"""


# --- What one file says ------------------------------------------------------------------

@dataclass(frozen=True)
class Laterality:
    """Answer counts from a laterality session's end summary (score_summary)."""

    answers: int
    correct: int
    left_n: int | None = None
    left_correct: int | None = None
    left_rt_ms: float | None = None
    right_n: int | None = None
    right_correct: int | None = None
    right_rt_ms: float | None = None
    rt_ms: float | None = None


@dataclass(frozen=True)
class JournalFacts:
    """What the overview needs from one journal."""

    session_id: str
    stage: Stage
    mode: str
    started_at: datetime
    ended: bool  # has an end record
    completed: bool  # ... with outcome "completed"
    practised: bool  # at least one saved step (the day counts as practised)
    laterality: Laterality | None = None
    pain_before: float | None = None
    pain_after: float | None = None

    @property
    def day(self) -> date:
        return practice_day(self.started_at)


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 \
        else None


def _number(value: Any, low: float, high: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) and low <= value <= high else None


def _group(summary: Mapping[str, Any], *keys: str) -> Mapping[str, Any]:
    node: Any = summary
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node if isinstance(node, Mapping) else {}


def laterality_counts(summary: Mapping[str, Any]) -> Laterality | None:
    """Counts from score_summary's shape; None when the summary has no usable counts."""
    overall = _group(summary, "overall")
    n, correct = _count(overall.get("n")), _count(overall.get("correct"))
    if n is None or correct is None or correct > n:
        return None
    left, right = _group(summary, "by_side", "left"), _group(summary, "by_side", "right")
    return Laterality(
        answers=n, correct=correct,
        left_n=_count(left.get("n")), left_correct=_count(left.get("correct")),
        left_rt_ms=_number(left.get("rt_median_ms"), 0, 1e7),
        right_n=_count(right.get("n")), right_correct=_count(right.get("correct")),
        right_rt_ms=_number(right.get("rt_median_ms"), 0, 1e7),
        rt_ms=_number(overall.get("rt_median_ms"), 0, 1e7),
    )


def journal_facts(header: JournalHeader, end: JournalEnd | None, practised: bool
                  ) -> JournalFacts:
    """The facts of one journal from its header and end record (the only lines needed)."""
    summary = end.summary if end is not None else {}
    laterality = (laterality_counts(summary)
                  if header.stage == "laterality" and end is not None else None)
    return JournalFacts(
        session_id=header.session_id, stage=header.stage, mode=header.mode,
        started_at=header.started_at, ended=end is not None,
        completed=end is not None and end.outcome == "completed", practised=practised,
        laterality=laterality,
        pain_before=_number(summary.get("pain_before"), 0, 10),
        pain_after=_number(summary.get("pain_after"), 0, 10),
    )


def _explicit(model: BaseModel) -> bool:
    """The line named its own type (the reader insists; the models have a default)."""
    return "type" in model.model_fields_set


def _fast_facts(raw: bytes) -> JournalFacts | None:
    """Header and end record only, for the usual complete journal; else None."""
    if not raw.endswith(b"\n"):
        return None
    first_end = raw.find(b"\n")
    last_start = raw.rfind(b"\n", 0, len(raw) - 1) + 1
    if last_start <= first_end:
        return None
    try:
        header = JournalHeader.model_validate_json(raw[:first_end])
        end = JournalEnd.model_validate_json(raw[last_start:-1])
    except ValidationError:
        return None
    if header.schema_version > JOURNAL_SCHEMA_VERSION or not _explicit(header) \
            or not _explicit(end):
        return None
    return journal_facts(header, end, practised=True)


def read_bytes(path: str | Path, size: int | None = None) -> bytes:
    """The whole file; with the size from a listing this is one read, about twice as fast
    as Path.read_bytes (it matters for 100,000 files). Raises OSError."""
    with open(path, "rb", buffering=0) as f:
        if size is None:
            return f.readall()
        data = f.read(size + 1)
        return data + f.readall() if len(data) > size else data


def read_journal_facts(path: str | Path, size: int | None = None) -> JournalFacts:
    """Facts of one journal file; StoreError (plain words) when it cannot be used."""
    try:
        raw = read_bytes(path, size)
    except OSError as exc:
        raise StoreError.from_os_error(path, "could not be read", exc) from exc
    facts = _fast_facts(raw)
    if facts is not None:
        return facts
    contents = parse_journal(Path(path), raw)
    return journal_facts(contents.header, contents.end,
                         contents.end is not None or bool(contents.events))


def read_checkin(path: str | Path, size: int | None = None) -> CheckIn:
    """One check-in file; StoreError when it cannot be used (nothing is moved).

    The usual file is validated straight from its bytes; anything else goes
    through read_model, so errors and versions are judged as everywhere else.
    """
    try:
        checkin = CheckIn.model_validate_json(read_bytes(path, size))
        if checkin.schema_version <= CHECKIN_SCHEMA_VERSION:
            return checkin
    except (OSError, ValidationError):
        pass
    return read_model(Path(path), CheckIn, CHECKIN_SCHEMA_VERSION)


def checkins_dir(layout: Layout, profile_id: str) -> Path:
    """Where CheckInStore keeps a profile's check-ins."""
    return layout.profile_dir(profile_id) / "checkins"


def is_journal_name(name: str) -> bool:
    """The files SessionStore.list treats as journals."""
    return name.endswith(".jsonl") and not name.startswith(".")


def is_checkin_name(name: str) -> bool:
    return name.endswith(".json") and not name.startswith(".")


# --- What the overview reads back ---------------------------------------------------------

@dataclass(frozen=True)
class PatientData:
    """One patient's history for the overview, and how many files could not be read."""

    history: PatientHistory
    unreadable: int = 0


def history_from(facts: Iterable[JournalFacts], checkins: Iterable[CheckIn], today: date,
                 unreadable: int = 0) -> PatientData:
    """Build a patient's history from facts read directly (the reference path)."""
    facts = [f for f in facts if f.day <= today]
    last_practised = max((f.day for f in facts if f.practised), default=None)
    last_completed = max((f.day for f in facts if f.completed), default=None)
    first = needed_since(today, last_completed)
    recent = [f for f in facts if f.day >= first]

    def side(lat: Laterality | None, n: str, ok: str) -> tuple[int, int]:
        return (0, 0) if lat is None else (getattr(lat, n) or 0, getattr(lat, ok) or 0)

    sessions = tuple(SessionFacts(
        f.day, f.stage, f.completed, f.practised,
        f.laterality.answers if f.laterality else 0,
        f.laterality.correct if f.laterality else 0,
        side(f.laterality, "left_n", "left_correct"),
        side(f.laterality, "right_n", "right_correct")) for f in recent)
    pain = [(f.day, f.pain_before) for f in recent if f.pain_before is not None]
    pain += [(day, value) for day, value in checkin_pain(checkins).items()
             if first <= day <= today]
    return PatientData(PatientHistory(last_practised, last_completed, sessions,
                                      tuple(sorted(pain))), unreadable)


def checkin_pain(checkins: Iterable[CheckIn]) -> dict[date, float]:
    """Each day's pain at check-in: the latest answered rating of the day."""
    by_day: dict[date, float] = {}
    for c in sorted(checkins, key=lambda c: c.at):  # stable: equal times keep file order
        if c.pain_now is not None:
            by_day[c.day] = float(c.pain_now)
    return by_day


@dataclass(frozen=True)
class RefreshStats:
    read: int = 0  # files read because they were new or changed
    removed: int = 0  # rows dropped because their file is gone
    listed: int = 0  # files seen in the folders


# --- The index ----------------------------------------------------------------------------

class ClinicIndex:
    """The SQLite cache; use as a context manager or call `close`.

    `where` says "file" or "memory"; `problem` is a plain sentence when the
    index had to be rebuilt or could not be kept on disk ("" otherwise).
    """

    def __init__(self, layout: Layout, path: Path | None = None) -> None:
        self.layout = layout
        self.path = layout.clinic_index_file if path is None else path
        self.problem = ""
        self.where = "file"
        self._con = self._open()

    def __enter__(self) -> ClinicIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._con.close()

    # Opening, rebuilding, falling back ---------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            return self._open_file()
        except (OSError, StoreError, sqlite3.Error) as exc:
            return self._memory(f"The overview's index could not be kept in {self.path} "
                                f"({_why(exc)}); it is built in memory each time instead.")

    def _open_file(self) -> sqlite3.Connection:
        ensure_dir(self.path.parent)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, FILE_MODE))  # owner-only
        con = _connect(self.path)
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                return con
            if version == 0 and not _tables(con):
                _create(con)
                return con
            self.problem = ("The overview's index was made by another version; it was "
                            "rebuilt from the session files.")
        except sqlite3.OperationalError:
            con.close()
            raise
        except sqlite3.DatabaseError:
            self.problem = ("The overview's index was damaged; it was rebuilt from the session "
                            "files (nothing was lost: it only repeats what they hold).")
        con.close()
        return self._fresh_file()

    def _fresh_file(self) -> sqlite3.Connection:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        con = _connect(self.path)
        _create(con)
        return con

    def _memory(self, why: str, copy_from: sqlite3.Connection | None = None
                ) -> sqlite3.Connection:
        self.where = "memory"
        self.problem = why
        con = sqlite3.connect(":memory:", isolation_level=None)
        if copy_from is not None:
            try:
                copy_from.backup(con)
                if con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
                    return con
            except sqlite3.Error:
                pass
            con.close()
            con = sqlite3.connect(":memory:", isolation_level=None)
        _create(con)
        return con

    def _recover(self, exc: sqlite3.Error) -> None:
        """After a failed refresh: rebuild a damaged file, or go on in memory."""
        if self.where == "memory":
            raise exc
        old = self._con
        with contextlib.suppress(sqlite3.Error):
            if old.in_transaction:
                old.execute("ROLLBACK")
        if type(exc) is sqlite3.DatabaseError:  # the file is damaged: start it again
            old.close()
            self.problem = ("The overview's index was damaged; it was rebuilt from the session "
                            "files (nothing was lost: it only repeats what they hold).")
            try:
                self._con = self._fresh_file()
            except (OSError, sqlite3.Error) as again:
                self._con = self._memory(f"The overview's index could not be rebuilt in "
                                         f"{self.path} ({_why(again)}); it is built in memory "
                                         "each time instead.")
            return
        if not isinstance(exc, sqlite3.OperationalError):
            raise exc
        self._con = self._memory(
            f"The overview's index could not be updated in {self.path} ({_why(exc)}); "
            "it is updated in memory instead.", copy_from=old)
        old.close()

    # Refreshing --------------------------------------------------------------------------

    def refresh(self, profile_ids: Iterable[str],
                progress: Callable[[int, int], None] | None = None) -> RefreshStats:
        """Bring the index up to date with the files of these profiles (drop all others).

        `progress(done, total)` after each profile: a first build on a clinic
        machine reads every journal and can take a while from a cold disk.
        """
        ids = list(dict.fromkeys(profile_ids))
        for _ in range(3):
            try:
                return self._refresh(ids, progress)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                    raise
                self._recover(exc)
        return self._refresh(ids, progress)

    def _refresh(self, ids: list[str],
                 progress: Callable[[int, int], None] | None = None) -> RefreshStats:
        con = self._con
        con.execute("BEGIN IMMEDIATE")
        try:
            removed = self._drop_profiles(set(ids))
            totals = [0, removed, 0]
            for done, profile_id in enumerate(ids, start=1):
                for stats in (
                    self._sync(profile_id, "journals", self.layout.sessions_dir(profile_id),
                               is_journal_name, _journal_row),
                    self._sync(profile_id, "checkins", checkins_dir(self.layout, profile_id),
                               is_checkin_name, _checkin_row),
                ):
                    totals = [a + b for a, b in zip(totals, stats, strict=True)]
                if progress is not None:
                    progress(done, len(ids))
            con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            raise
        return RefreshStats(*totals)

    def _drop_profiles(self, keep: set[str]) -> int:
        con = self._con
        removed = 0
        for table in ("journals", "checkins"):
            known = {r[0] for r in con.execute(f"SELECT DISTINCT profile_id FROM {table}")}
            for gone in known - keep:
                removed += con.execute(f"DELETE FROM {table} WHERE profile_id = ?",
                                       (gone,)).rowcount
        return removed

    def _sync(self, profile_id: str, table: str, folder: Path, wanted: Callable[[str], bool],
              make_row: Callable[[str, str, str, tuple[int, int]], tuple | None]
              ) -> tuple[int, int, int]:
        where = os.fspath(folder)
        on_disk = _listing(where, wanted)
        stored = {name: (size, mtime) for name, size, mtime in self._con.execute(
            f"SELECT name, size, mtime_ns FROM {table} WHERE profile_id = ?", (profile_id,))}
        gone = [(profile_id, name) for name in stored.keys() - on_disk.keys()]
        self._con.executemany(f"DELETE FROM {table} WHERE profile_id = ? AND name = ?", gone)
        rows = []
        for name, key in on_disk.items():
            if stored.get(name) != key:
                row = make_row(profile_id, where, name, key)
                if row is not None:
                    rows.append(row)
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            self._con.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
        return len(rows), len(gone), len(on_disk)

    # Reading back ------------------------------------------------------------------------

    def patients(self, profile_ids: Iterable[str], today: date) -> dict[str, PatientData]:
        """Each profile's history as the overview needs it (call `refresh` first)."""
        ids = list(profile_ids)
        for _ in range(3):
            try:
                return self._patients(ids, today)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
                    raise
                self._recover(exc)
                self.refresh(ids)
        return self._patients(ids, today)

    def _patients(self, ids: list[str], today: date) -> dict[str, PatientData]:
        con = self._con
        iso = today.isoformat()
        lasts = {pid: (practised, completed) for pid, practised, completed in con.execute(
            "SELECT profile_id,"
            " MAX(CASE WHEN practised AND day <= :d THEN day END),"
            " MAX(CASE WHEN completed AND day <= :d THEN day END)"
            " FROM journals WHERE readable GROUP BY profile_id", {"d": iso})}
        broken = dict(con.execute(
            "SELECT profile_id, SUM(n) FROM (SELECT profile_id, COUNT(*) AS n FROM journals"
            " WHERE NOT readable GROUP BY profile_id UNION ALL SELECT profile_id, COUNT(*)"
            " FROM checkins WHERE NOT readable GROUP BY profile_id) GROUP BY profile_id"))
        out = {}
        for pid in ids:
            practised, completed = (_day(v) for v in lasts.get(pid, (None, None)))
            first = needed_since(today, completed).isoformat()
            window = {"p": pid, "a": first, "b": iso}
            sessions = tuple(
                SessionFacts(date.fromisoformat(day), stage, bool(done), bool(steps), n, ok,
                             (ln, lok), (rn, rok))
                for day, stage, done, steps, n, ok, ln, lok, rn, rok in con.execute(
                    "SELECT day, stage, MAX(completed), MAX(practised), COALESCE(SUM(answers), 0),"
                    " COALESCE(SUM(correct), 0), COALESCE(SUM(left_n), 0),"
                    " COALESCE(SUM(left_correct), 0), COALESCE(SUM(right_n), 0),"
                    " COALESCE(SUM(right_correct), 0) FROM journals WHERE profile_id = :p"
                    " AND readable AND day BETWEEN :a AND :b GROUP BY day, stage"
                    " ORDER BY day, stage", window))
            pain = [(date.fromisoformat(day), value) for day, value in con.execute(
                "SELECT day, pain_before FROM journals WHERE profile_id = :p AND readable"
                " AND pain_before IS NOT NULL AND day BETWEEN :a AND :b", window)]
            pain += _checkin_pain_rows(con.execute(
                "SELECT day, at, pain_now FROM checkins WHERE profile_id = :p AND readable"
                " AND pain_now IS NOT NULL AND day BETWEEN :a AND :b ORDER BY name", window))
            out[pid] = PatientData(PatientHistory(practised, completed, sessions,
                                                  tuple(sorted(pain))), int(broken.get(pid, 0)))
        return out


def _checkin_pain_rows(rows: Iterable[tuple[str, str, int]]) -> list[tuple[date, float]]:
    """The latest answered rating of each day, as `checkin_pain` chooses it."""
    by_day: dict[date, float] = {}
    ordered = sorted(rows, key=lambda r: datetime.fromisoformat(r[1]))  # stable, like load_all
    for day, _, value in ordered:
        by_day[date.fromisoformat(day)] = float(value)
    return sorted(by_day.items())


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=5, isolation_level=None)


def _tables(con: sqlite3.Connection) -> list[str]:
    return [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def _create(con: sqlite3.Connection) -> None:
    con.executescript(f"BEGIN; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")


def _why(exc: BaseException) -> str:
    if isinstance(exc, StoreError):
        return exc.problem
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _listing(folder: str, wanted: Callable[[str], bool]) -> dict[str, tuple[int, int]]:
    """{file name: (size, mtime_ns)} of the wanted files in `folder` ({} if none)."""
    found: dict[str, tuple[int, int]] = {}
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return found
    with entries:
        for entry in entries:
            if not wanted(entry.name):
                continue
            try:
                if not entry.is_file():
                    continue
                st = entry.stat()
            except OSError:
                continue  # gone between listing and looking: the next refresh sees
            found[entry.name] = (st.st_size, st.st_mtime_ns)
    return found


def _journal_row(profile_id: str, folder: str, name: str, key: tuple[int, int]
                 ) -> tuple | None:
    path = os.path.join(folder, name)
    try:
        facts = read_journal_facts(path, key[0])
    except StoreError as exc:
        if not os.path.exists(path):
            return None
        return (profile_id, name, *key, 0, exc.message) + (None,) * 19
    lat = facts.laterality
    counts = (None,) * 9 if lat is None else (
        lat.answers, lat.correct, lat.left_n, lat.left_correct, lat.left_rt_ms,
        lat.right_n, lat.right_correct, lat.right_rt_ms, lat.rt_ms)
    return (profile_id, name, *key, 1, None, facts.session_id, facts.stage, facts.mode,
            facts.started_at.isoformat(), facts.day.isoformat(), int(facts.ended),
            int(facts.completed), int(facts.practised), *counts, facts.pain_before,
            facts.pain_after)


def _checkin_row(profile_id: str, folder: str, name: str, key: tuple[int, int]
                 ) -> tuple | None:
    path = os.path.join(folder, name)
    try:
        c = read_checkin(path, key[0])
    except StoreError as exc:
        if not os.path.exists(path):
            return None
        return (profile_id, name, *key, 0, exc.message, None, None, None, None)
    return (profile_id, name, *key, 1, None, c.checkin_id, c.day.isoformat(),
            c.at.isoformat(), c.pain_now)
