"""The therapist's History and PDF report, built off the GUI thread.

A year of daily practice is about 1,500 journals; reading them, scoring the
trials and drawing eight matplotlib charts took 1.35 s on the GUI thread.
Here the whole picture is made as plain data on a worker (`gmi.app.jobs`):
the summary lines and the charts already drawn into RGBA pixels by Agg, so
the GUI thread only wraps the pixels in an image. Journals are read once
and kept while their files are unchanged (size and modification time), so
opening the tab again reads nothing but a directory listing.

No Qt here; matplotlib is used through its object API only (no pyplot), which
is safe on a worker thread.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from gmi.model.checkin import CheckIn
from gmi.model.norms import norm_for
from gmi.report.export import ExportRange
from gmi.report.pdf import (
    DayLaterality,
    draw_trends,
    laterality_by_day,
    laterality_records,
    summary_lines,
    write_pdf,
)
from gmi.store import DataStore
from gmi.store.changelog import read_changes
from gmi.store.checkins import CheckInStore
from gmi.store.journal import JournalContents
from gmi.store.profiles import Profile
from gmi.store.protocols import active_protocol
from gmi.store.sessions import SessionStore

# Chart page proportions (as the former on-screen canvas: 8 x 9 inches) and the
# fixed margins that replace `tight_layout` (which alone took 0.35 s).
ASPECT = 9 / 8
BASE_DPI = 100.0
MARGINS = {"left": 0.07, "right": 0.95, "top": 0.97, "bottom": 0.06,
           "hspace": 0.55, "wspace": 0.28}


class Chart(BaseModel):
    """One chart area as drawn: its title and the names of its lines (words for tests
    and screen readers; the pixels say the same)."""

    model_config = ConfigDict(frozen=True)

    title: str
    series: list[str]


class HistoryPicture(BaseModel):
    """What the History tab shows: words, and the charts as pixels (none without sessions)."""

    model_config = ConfigDict(frozen=True)

    summary: list[str]
    sessions: int
    charts: list[Chart] = []  # one per chart area, in drawing order
    width: int = 0  # pixels
    height: int = 0
    rgba: bytes = b""  # width * height * 4 bytes, row by row


class ReportSaved(BaseModel):
    """A PDF report written to disk."""

    model_config = ConfigDict(frozen=True)

    path: Path
    pages: int
    sessions: int


class JournalCache:
    """Parsed journals kept while their files do not change (thread-safe).

    The key is the file's path with its size and modification time; a new or
    changed file is read again, a removed one forgotten.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[Path, tuple[tuple[int, int], JournalContents]] = {}

    def load(self, sessions: SessionStore, span: ExportRange) -> list[JournalContents]:
        """The readable journals in `span`, oldest first (as `export.sessions_in`)."""
        out: list[JournalContents] = []
        seen: set[Path] = set()
        for info in sessions.list():
            if info.local_day not in span:
                continue
            try:
                stat = info.path.stat()
            except OSError:
                continue  # gone since it was listed
            stamp = (stat.st_size, stat.st_mtime_ns)
            seen.add(info.path)
            with self._lock:
                kept = self._kept.get(info.path)
            if kept is not None and kept[0] == stamp:
                out.append(kept[1])
                continue
            contents = sessions.load(info)
            if contents is None:
                continue
            with self._lock:
                self._kept[info.path] = (stamp, contents)
            out.append(contents)
        if span == ExportRange():
            with self._lock:  # a whole-folder read: forget files that went away
                folder = sessions.folder
                for path in [p for p in self._kept if p.parent == folder and p not in seen]:
                    del self._kept[path]
        return out


class HistoryQuery:
    """Builds the History picture and the PDF report for one data folder."""

    def __init__(self, store: DataStore) -> None:
        self.store = store
        self.journals = JournalCache()
        self._lock = threading.Lock()
        self._scored: tuple[tuple[int, ...], dict[str, list], list[DayLaterality]] | None = None

    def _laterality(self, journals: list[JournalContents]
                    ) -> tuple[dict[str, list], list[DayLaterality]]:
        """Trials and daily scores; the same journals (from the cache) are scored once."""
        key = tuple(id(c) for c in journals)  # the cache keeps them alive: ids are stable
        with self._lock:
            if self._scored is not None and self._scored[0] == key:
                return self._scored[1], self._scored[2]
        records = laterality_records(journals)
        lat = laterality_by_day(journals, records)
        with self._lock:
            self._scored = (key, records, lat)
        return records, lat

    def checkins(self, profile: Profile) -> list[CheckIn]:
        return CheckInStore(self.store.layout, profile.id, self.store.notices).load_all()

    def prepare(self, profile: Profile) -> int:
        """Read and score the journals ahead (and import matplotlib), so that opening
        History only draws; how many journals are ready."""
        importlib.import_module("matplotlib.backends.backend_agg")  # here, not on the GUI

        journals = self.journals.load(self.store.sessions(profile.id), ExportRange())
        self._laterality(journals)
        return len(journals)

    def picture(self, profile: Profile, width: int, scale: float = 1.0) -> HistoryPicture:
        """Summary lines and the trend charts, `width` logical pixels wide.

        `scale` is the screen's device pixel ratio: the pixels are `scale`
        times as many, so text stays sharp on a high-density screen.
        """
        journals = self.journals.load(self.store.sessions(profile.id), ExportRange())
        records, lat = self._laterality(journals)
        checkins = self.checkins(profile)
        lines = summary_lines(profile, journals, ExportRange(), lat=lat, checkins=checkins,
                              changes=read_changes(self.store.layout, profile.id))
        if not journals:
            return HistoryPicture(summary=lines[1:], sessions=0)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        dpi = BASE_DPI * scale
        figure = Figure(figsize=(width / BASE_DPI, width * ASPECT / BASE_DPI), dpi=dpi)
        canvas = FigureCanvasAgg(figure)
        draw_trends(figure, journals, records, lat, checkins, norm_for(profile.body_part))
        figure.subplots_adjust(**MARGINS)
        for ax in figure.axes:  # titles at a fixed height: skips measuring every tick label
            if ax.get_title():
                ax.set_title(ax.get_title(), y=1.0)
        canvas.draw()
        pixels = canvas.buffer_rgba()
        height, pixel_width = pixels.shape[0], pixels.shape[1]
        charts = [Chart(title=ax.get_title(),
                        series=[line.get_label() for line in ax.get_lines()])
                  for ax in figure.axes]
        return HistoryPicture(summary=lines[1:], sessions=len(journals), charts=charts,
                              width=pixel_width, height=height, rgba=bytes(pixels))

    def report(self, profile: Profile, path: Path, span: ExportRange, pseudonymise: bool,
               progress: Callable[[float], None] | None = None) -> ReportSaved:
        """Write the PDF report; `progress(fraction)` as it goes."""
        journals = self.journals.load(self.store.sessions(profile.id), span)
        protocol = active_protocol(self.store.layout, profile, self.store.notices)
        pages = write_pdf(path, profile, journals, span, pseudonymise, progress=progress,
                          checkins=self.checkins(profile), protocol=protocol,
                          changes=read_changes(self.store.layout, profile.id))
        return ReportSaved(path=path, pages=pages, sessions=len(journals))
