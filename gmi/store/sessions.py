"""One profile's sessions: starting new journals, listing and loading old ones.

Listing reads only file names (start time, stage, id are in the name), so
Home opens quickly with years of sessions; journals are parsed on demand.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Any, cast

from gmi import __version__
from gmi.model.limits import in_range
from gmi.model.stages import STAGE_ORDER, Stage
from gmi.store.errors import NewerVersionError, StoreError
from gmi.store.journal import (
    JOURNAL_NAME,
    JournalContents,
    JournalWriter,
    UnreadableJournal,
    check_contents,
    read_journal,
)
from gmi.store.paths import Layout
from gmi.store.quarantine import Notice, NoticeBoard, quarantine
from gmi.store.records import JOURNAL_SCHEMA_VERSION, JournalHeader, local_now

_NAME = JOURNAL_NAME


@dataclass(frozen=True)
class SessionInfo:
    """What the file name tells about a session, without opening it."""

    path: Path
    session_id: str
    stage: Stage
    started_utc: datetime

    @cached_property  # asked of every file name, several times, when Home is drawn
    def local_day(self) -> date:
        """The patient's calendar day the session started on (this computer's zone)."""
        return self.started_utc.astimezone().date()


def journal_name(started: datetime, stage: Stage, session_id: str) -> str:
    utc = started.astimezone(timezone.utc)
    stamp = utc.strftime("%Y%m%dT%H%M%S") + f".{utc.microsecond // 1000:03d}"
    return f"{stamp}Z_{stage}_{session_id}.jsonl"


def parse_journal_name(path: Path) -> SessionInfo | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    # By hand rather than strptime: Home lists every name, and strptime was
    # half the time of listing a year of sessions.
    year, month, day, hour, minute, second, millis = (int(match[n]) for n in range(1, 8))
    try:
        started = datetime(year, month, day, hour, minute, second, millis * 1000,
                           tzinfo=timezone.utc)
    except ValueError:  # a name that looks right but is no date (month 13)
        return None
    if not in_range(started):  # year 1 or 9999: damage, and no local day to show
        return None
    return SessionInfo(path, match[9], cast(Stage, match[8]), started)


def _exact_start(info: SessionInfo) -> SessionInfo:
    """`info` with the header's start to the microsecond (names keep milliseconds)."""
    try:
        with info.path.open("rb") as f:
            first = json.loads(f.readline(1 << 16))
        exact = datetime.fromisoformat(first["started_at"]).astimezone(timezone.utc)
    except (OSError, ValueError, TypeError, KeyError):
        return info  # unreadable here: the loader reports it when the session is opened
    return replace(info, started_utc=exact)


def _order_ties(infos: list[SessionInfo]) -> list[SessionInfo]:
    """Two sessions started in the same millisecond (a fast machine, a script) are
    put in their true order from their headers; only such ties are opened."""
    tied = {a.started_utc for a, b in pairwise(infos) if a.started_utc == b.started_utc}
    if not tied:
        return infos
    exact = [_exact_start(i) if i.started_utc in tied else i for i in infos]
    return sorted(exact, key=lambda i: (i.started_utc, i.session_id))


class SessionStore:
    """Sessions of one profile. Problems found while reading go to `notices`."""

    def __init__(self, layout: Layout, profile_id: str, notices: NoticeBoard) -> None:
        self.layout = layout
        self.profile_id = profile_id
        self.notices = notices
        self.folder = layout.sessions_dir(profile_id)

    def start(
        self, stage: Stage, protocol: Mapping[str, Any] | None = None, mode: str = "normal",
        *, started: datetime | None = None, durable: bool = True,
        open_stages: Iterable[Stage] | None = None,
    ) -> JournalWriter:
        """Begin a new session journal; its header is on disk when this returns.

        `open_stages`: the stages open to the person now (recorded for counting
        the day's rounds). `started` (default: now) and `durable` False are for
        generated histories only (see JournalWriter).
        """
        started = started or local_now()
        header = JournalHeader(
            schema_version=JOURNAL_SCHEMA_VERSION,
            session_id=uuid.uuid4().hex,
            profile_id=self.profile_id,
            stage=stage,
            app_version=__version__,
            started_at=started,
            protocol=dict(protocol or {}),
            mode=mode,
            open_stages=None if open_stages is None else list(open_stages),
        )
        path = self.folder / journal_name(started, stage, header.session_id)
        return JournalWriter(path, header, durable)

    def list(self) -> list[SessionInfo]:
        """All sessions, oldest first, from file names alone."""
        if not self.folder.is_dir():
            return []
        found: list[SessionInfo] = []
        for path in self.folder.iterdir():
            if path.suffix != ".jsonl" or path.name.startswith("."):
                continue
            info = parse_journal_name(path)
            if info is None:
                info = self._info_from_header(path)
            if info is not None:
                found.append(info)
        found.sort(key=lambda i: (i.started_utc, i.session_id))
        return self._one_per_id(_order_ties(found))

    def _one_per_id(self, infos: list[SessionInfo]) -> list[SessionInfo]:
        """Each session once: a second file with the same id is a conflict, not a session."""
        seen: dict[str, Path] = {}
        kept = []
        for info in infos:
            first = seen.get(info.session_id)
            if first is None:
                seen[info.session_id] = info.path
                kept.append(info)
            else:
                self._conflict(info.path, first)
        return kept

    def _conflict(self, path: Path, first: Path) -> None:
        self.notices.add(Notice(path, (
            f"{path} holds the same session as {first.name}; only that first file is "
            "counted, so nothing is counted twice. Neither file was changed.")))

    def load(self, info: SessionInfo) -> JournalContents | None:
        """Parse one journal; None (with a notice) if it had to be set aside."""
        try:
            contents = check_contents(read_journal(info.path))
        except NewerVersionError as exc:
            self.notices.add(Notice(info.path, exc.message))
            return None
        except UnreadableJournal as exc:
            self._set_aside(info.path, exc.problem)
            return None
        except StoreError as exc:
            self.notices.add(Notice(info.path, exc.message))
            return None
        for problem in contents.problems:
            when = info.started_utc.astimezone().strftime("%d %b %Y, %H:%M")
            self.notices.add(Notice(info.path, f"Session of {when}: {problem}."))
        return contents

    def load_all(self, infos: Iterable[SessionInfo] | None = None) -> list[JournalContents]:
        """Every readable session, each once (by the session id in its header)."""
        loaded = (self.load(info) for info in (self.list() if infos is None else infos))
        seen: dict[str, Path] = {}
        out = []
        for contents in loaded:
            if contents is None:
                continue
            first = seen.setdefault(contents.header.session_id, contents.path)
            if first == contents.path:
                out.append(contents)
            else:
                self._conflict(contents.path, first)
        return out

    def latest_by_stage(self, infos: list[SessionInfo] | None = None
                        ) -> dict[Stage, JournalContents]:
        """The newest readable session of each stage (loads a handful of files).

        `infos`: this store's `list()` when the caller has it already.
        """
        latest: dict[Stage, JournalContents] = {}
        for info in reversed(self.list() if infos is None else infos):
            if info.stage in latest:
                continue
            contents = self.load(info)
            if contents is not None:
                latest[info.stage] = contents
            if len(latest) == len(STAGE_ORDER):
                break
        return latest

    def _info_from_header(self, path: Path) -> SessionInfo | None:
        """A journal with an unexpected name (e.g. copied in by hand)."""
        try:
            contents = read_journal(path)
        except UnreadableJournal as exc:
            self._set_aside(path, exc.problem)
            return None
        except StoreError as exc:
            self.notices.add(Notice(path, exc.message))
            return None
        h = contents.header
        return SessionInfo(path, h.session_id, h.stage, h.started_at.astimezone(timezone.utc))

    def _set_aside(self, path: Path, problem: str) -> None:
        try:
            moved = quarantine(path, self.layout.quarantine_dir, problem, self.layout.root)
        except (OSError, StoreError) as exc:
            self.notices.add(
                Notice(path, f"{path} {problem}, and it could not be set aside ({exc})."))
            return
        self.notices.add(Notice(
            path,
            f"A session file could not be read ({problem}). It was set aside in "
            f"{moved.parent}; nothing was deleted.",
            moved,
        ))
