"""Append-only session journals: crash-safe writing and forgiving reading.

Writing: every line is written whole and fsync'd before `append` returns, so
a completed trial survives a power cut or SIGKILL. If a write fails part way
(disk full), the partial bytes are cut off again so the file stays a clean
run of complete lines and the next write cannot glue onto garbage.

Reading: a journal without an end record is an *interrupted* session and
still loads with every complete line; a torn or garbage line is skipped and
reported; a file without a readable header is not a journal at all and the
caller sets it aside (quarantine) instead of dropping it.
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from gmi.model.limits import MAX_LINE_BYTES, json_too_deep
from gmi.model.records import EVENT_TYPES, SUMMARY_TYPES
from gmi.model.stages import STAGE_ORDER
from gmi.model.validation import describe
from gmi.store.errors import StoreError, StoreWriteError, refuse_newer
from gmi.store.files import FILE_MODE, ensure_dir, fsync_dir, write_all
from gmi.store.records import (
    JOURNAL_SCHEMA_VERSION,
    JournalEnd,
    JournalEvent,
    JournalHeader,
    Outcome,
    local_now,
)

BOM = b"\xef\xbb\xbf"
_STAGES = "|".join(STAGE_ORDER)
JOURNAL_NAME = re.compile(
    rf"^(\d{{4}})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)\.(\d{{3}})Z_({_STAGES})_([0-9a-f]{{32}})\.jsonl$")
"""A journal's file name: its UTC start to the millisecond, its stage and session id."""


class UnreadableJournal(StoreError):
    """The file has no readable header: it cannot be trusted as a journal."""


class JournalWriter:
    """Writes one session's journal; one instance per session, any thread.

    `durable` False skips every fsync: only for generated histories (benchmarks,
    tests), which write thousands of journals through this same writer.
    """

    def __init__(self, path: Path, header: JournalHeader, durable: bool = True) -> None:
        self.path = path
        self.header = header
        self.durable = durable
        self._lock = threading.Lock()
        self._seq = 0
        self._ended = False
        ensure_dir(path.parent)
        try:
            self._fd: int | None = os.open(
                path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, FILE_MODE
            )
        except OSError as exc:
            raise StoreWriteError.from_os_error(
                path, "could not start a session file", exc) from exc
        self._good_size = 0
        self._lines: list[bytes] = []  # kept to rebuild the file if its folder vanishes
        self._write_line(header.model_dump_json())
        if durable:
            fsync_dir(path.parent)

    @property
    def session_id(self) -> str:
        return self.header.session_id

    @property
    def events_written(self) -> int:
        return self._seq

    @property
    def ended(self) -> bool:
        return self._ended

    def append(self, kind: str, data: dict[str, Any], at: datetime | None = None
               ) -> JournalEvent:
        """Write one event durably; returns only after fsync.

        `at` (default: now) is given only by generated histories.
        """
        with self._lock:
            if self._ended:
                raise StoreWriteError(self.path, "this session has already ended")
            event = JournalEvent(seq=self._seq + 1, at=at or local_now(), kind=kind, data=data)
            self._write_line(event.model_dump_json())
            self._seq += 1
            return event

    def finish(
        self,
        outcome: Outcome = "completed",
        headline: str = "",
        summary: dict[str, Any] | None = None,
        at: datetime | None = None,
    ) -> JournalEnd:
        """Write the end record; the session is then complete and closed."""
        with self._lock:
            if self._ended:
                raise StoreWriteError(self.path, "this session has already ended")
            end = JournalEnd(at=at or local_now(), outcome=outcome, headline=headline,
                             summary=summary or {})
            self._write_line(end.model_dump_json())
            self._ended = True
            self._close()
            return end

    def close(self) -> None:
        """Close without an end record: the session reads as interrupted."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _write_line(self, text: str) -> None:
        if self._fd is None:
            raise StoreWriteError(self.path, "the session file is already closed")
        data = text.encode("utf-8") + b"\n"
        try:
            write_all(self._fd, data)
            if self.durable:
                os.fsync(self._fd)
        except OSError as exc:
            self._cut_partial_line()
            raise StoreWriteError.from_os_error(
                self.path, "could not save the last step", exc) from exc
        self._good_size += len(data)
        self._lines.append(data)
        if os.fstat(self._fd).st_nlink == 0:
            self._rebuild()

    def _rebuild(self) -> None:
        """The file was deleted under us (data folder removed): write it again whole."""
        old, self._fd = self._fd, None
        if old is not None:
            os.close(old)
        try:
            ensure_dir(self.path.parent)
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND,
                         FILE_MODE)
            for line in self._lines:
                write_all(fd, line)
            os.fsync(fd)
        except (OSError, StoreError) as exc:
            raise StoreWriteError(self.path, "the data folder was removed and could not be "
                                  f"made again ({exc})") from exc
        self._fd = fd
        self._good_size = sum(len(line) for line in self._lines)
        fsync_dir(self.path.parent)

    def _cut_partial_line(self) -> None:
        """Remove bytes of a line that was only partly written."""
        try:
            os.ftruncate(self._fd, self._good_size)  # type: ignore[arg-type]
            os.fsync(self._fd)  # type: ignore[arg-type]
        except OSError:
            pass  # the reader skips a torn last line anyway


def open_journal(path: Path, header: JournalHeader) -> JournalWriter:
    return JournalWriter(path, header)


@dataclass
class JournalContents:
    """Everything readable in one journal file."""

    path: Path
    header: JournalHeader
    events: list[JournalEvent] = field(default_factory=list)
    end: JournalEnd | None = None
    problems: list[str] = field(default_factory=list)
    damaged: bool = False  # the header was unreadable and rebuilt from the file name

    @property
    def interrupted(self) -> bool:
        """True when the session never wrote its end record (crash, power cut)."""
        return self.end is None


def _parse_json_line(raw: bytes) -> dict[str, Any] | None:
    """One line as a JSON object; None when it is torn, too big or nested too deep."""
    if len(raw) > MAX_LINE_BYTES or json_too_deep(raw):
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def read_journal(path: Path) -> JournalContents:
    """Read a journal, keeping every complete line; see the module docstring."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError.from_os_error(path, "could not be read", exc) from exc
    return parse_journal(path, raw)


def parse_journal(path: Path, raw: bytes) -> JournalContents:
    raw = raw.removeprefix(BOM)  # an editor's byte-order mark is no damage
    lines = raw.split(b"\n")
    torn_tail = lines[-1] != b""  # no newline after the last line
    if not torn_tail:
        lines.pop()
    if not lines or not lines[0].strip():
        raise UnreadableJournal(path, "is empty; it holds no session")

    header, header_problem = _read_header(path, lines[0])
    if header is None:
        header = _header_from_name(path)
        if header is None:
            raise UnreadableJournal(path, header_problem)
        if len(lines) < 2:
            raise UnreadableJournal(path, header_problem)

    contents = JournalContents(path=path, header=header)
    if header_problem:
        contents.damaged = True
        contents.problems.append(
            f"its first line {header_problem}; the session, its stage and start were taken "
            "from the file name and every readable step after it was kept")
    skipped: list[int] = []
    last = len(lines)
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        record = _parse_line_record(line)
        if record is None:
            if number == last and torn_tail:
                contents.problems.append(
                    f"the last line (line {number}) was cut off, probably when the app "
                    "stopped suddenly; it was ignored"
                )
            else:
                skipped.append(number)
            continue
        if contents.end is not None:
            skipped.append(number)
        elif isinstance(record, JournalEnd):
            contents.end = record
        else:
            contents.events.append(record)
    if skipped:
        shown = ", ".join(str(n) for n in skipped[:10]) + (" ..." if len(skipped) > 10 else "")
        contents.problems.append(
            f"{len(skipped)} line(s) could not be read and were skipped (line {shown}); "
            "every other line was kept"
        )
    return contents


def check_contents(contents: JournalContents) -> JournalContents:
    """`contents` with only the events and end summary every reader can trust.

    The line format is the journal's; what a step *holds* (pain 0-10, an
    angle 0-359, a response time >= 0, counts that add up) is the typed
    record's of its kind (`gmi.model.records`). A step that breaks its type is
    left out and named among the problems, never dropped in silence; an end
    summary that breaks its stage's type is emptied (the session stays
    complete, its steps still tell what happened), and a valid one is written
    back in its typed form (a number given as text becomes a number).
    """
    events = []
    refused: list[str] = []
    for event in contents.events:
        problem = _event_problem(event)
        if problem:
            refused.append(f"step {event.seq}: {problem}")
        else:
            events.append(event)
    end = contents.end
    if end is not None:
        end, problem = _checked_end(contents.header, end)
        if problem:
            refused.append(problem)
    if not refused:
        return replace(contents, end=end)
    shown = "; ".join(refused[:3]) + (" ..." if len(refused) > 3 else "")
    problems = [*contents.problems,
                f"{len(refused)} record(s) held values that cannot be and were left out "
                f"({shown}); everything else was kept"]
    return replace(contents, events=events, end=end, problems=problems)


def _read_header(path: Path, line: bytes) -> tuple[JournalHeader | None, str]:
    """The header, or None and what is wrong with it (newer formats are refused)."""
    first = _parse_json_line(line)
    if first is None or first.get("type") != "header":
        return None, "is not a readable session header"
    refuse_newer(path, first, JOURNAL_SCHEMA_VERSION)
    try:
        return JournalHeader.model_validate(first), ""
    except ValidationError as exc:
        return None, f"is a damaged session header ({describe(exc, 1)})"


def _header_from_name(path: Path) -> JournalHeader | None:
    """A stand-in header from a journal's file name (its id, stage and start time).

    The profile is the folder's (``<profile>/sessions/<journal>``); the protocol
    snapshot is lost with the header, so it stays empty.
    """
    match = JOURNAL_NAME.match(path.name)
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second, millis = (int(match[n]) for n in range(1, 8))
        started = datetime(year, month, day, hour, minute, second, millis * 1000,
                           tzinfo=timezone.utc)
        return JournalHeader(
            schema_version=JOURNAL_SCHEMA_VERSION, session_id=match[9],
            profile_id=path.parent.parent.name or "unknown", stage=match[8],
            app_version="unknown", started_at=started)
    except (ValueError, ValidationError):
        return None


def _event_problem(event: JournalEvent) -> str:
    """Why a known kind of event cannot be used ('' when it can, or the kind is new)."""
    kind = EVENT_TYPES.get(event.kind)
    if kind is None:
        return ""
    try:
        kind.model_validate(event.data)
    except ValidationError as exc:
        return f"a '{event.kind}' step ({describe(exc, 1)})"
    return ""


def _checked_end(header: JournalHeader, end: JournalEnd) -> tuple[JournalEnd, str]:
    """The end record with a summary every reader can trust.

    A summary that does not fit its stage's type is dropped (the session stays
    complete; its events still tell what happened); a valid one is written back
    in its typed form (text numbers become numbers) over the original keys.
    """
    kind = SUMMARY_TYPES.get(header.stage)
    if kind is None or not end.summary:
        return end, ""
    try:
        typed = kind.model_validate(end.summary)
    except ValidationError as exc:
        return (end.model_copy(update={"summary": {}}),
                f"the end summary ({describe(exc, 1)})")
    summary = {**end.summary, **typed.model_dump(mode="json")}
    return end.model_copy(update={"summary": summary}), ""


# An event or end line, parsed and checked in one pass by pydantic's JSON parser
# (about 3.5 times faster than json.loads and then validating the dict: a year
# of practice is 20,000 lines, read when History or the report opens).
_LINE = TypeAdapter(Annotated[JournalEvent | JournalEnd, Field(discriminator="type")])


def _parse_line_record(line: bytes) -> JournalEvent | JournalEnd | None:
    if len(line) > MAX_LINE_BYTES or json_too_deep(line):
        return None
    try:
        return _LINE.validate_json(line)
    except ValidationError:
        return None
