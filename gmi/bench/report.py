"""`gmi bench --only report`: report and history speed with a year of daily
practice (goals: under 10 s for the report, under 1 s for the history screen)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gmi.bench.data import four_stage_year
from gmi.report.export import ExportRange, sessions_in
from gmi.report.pdf import write_pdf


def measure(days: int = 365) -> list[str]:
    from gmi.ui.app import make_application
    from gmi.ui.therapist import TherapistScreen

    with tempfile.TemporaryDirectory() as tmp:
        store = four_stage_year(Path(tmp), days)
        profile = store.profiles.list()[0][0]
        t0 = time.perf_counter()
        journals = sessions_in(store.sessions(profile.id), ExportRange())
        t_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        pages = write_pdf(Path(tmp) / "report.pdf", profile, journals, ExportRange())
        t_report = time.perf_counter() - t0
        app = make_application()
        screen = TherapistScreen(store)
        screen.resize(1200, 900)
        screen.show()
        screen.profile = profile

        def history_shown() -> float:
            """From asking to the charts on screen (built on a worker, shown here)."""
            before = screen.history_picture
            t0 = time.perf_counter()
            screen.refresh_history()
            while screen.history_picture is before:
                app.processEvents()
                time.sleep(0.001)
            return time.perf_counter() - t0

        t_first = history_shown()  # journals read, matplotlib imported
        t_history = history_shown()  # journals unchanged: read from the cache
        screen.shutdown()
        screen.close()
    return [
        f"report: a year of daily practice ({len(journals)} sessions, {days} days)",
        f"  reading every journal (reference)           {t_load:7.2f} s",
        f"  PDF report, {pages} pages (goal: < 10 s)            {t_load + t_report:7.2f} s "
        "(reading included)",
        f"  history screen, first (goal: < 1 s)         {t_first:7.2f} s (reading included)",
        f"  history screen, again (goal: < 1 s)         {t_history:7.2f} s",
    ]
