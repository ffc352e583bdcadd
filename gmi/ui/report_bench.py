"""Report and history speed with a year of daily practice (issue: under 10 s
for the report, under 1 s for the history screen)."""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gmi.bench import write_journal_file
from gmi.model.laterality import PlannedTrial, judge
from gmi.store import DataStore
from gmi.store.export import ExportRange, sessions_in
from gmi.store.paths import DataRoot
from gmi.store.report import write_pdf


def make_year(root: Path, days: int = 365, seed: int = 1) -> DataStore:
    """A person who practised every day for a year: all four stages, real records."""
    rng = random.Random(seed)
    store = DataStore(DataRoot(root, "command line"))
    profile = store.profiles.create("YEAR-1", "hand", "right", name="Bench")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime.now().astimezone() - timedelta(days=days)
    for d in range(days):
        when = start + timedelta(days=d, hours=9)
        trials = []
        for i in range(40):
            side = "left" if i % 2 else "right"
            right = rng.random() < 0.6 + 0.35 * d / days
            rec = judge(PlannedTrial(i, False, side, "back", 45 * (i % 8), 0),
                        side if right else ("left" if side == "right" else "right"),
                        rng.gauss(2600 - 900 * d / days, 300))
            trials.append(("trial", rec.model_dump(mode="json")))
        write_journal_file(folder, profile.id, "laterality", when, trials, {})
        pain = {"pain_before": rng.randint(3, 7), "pain_after": rng.randint(2, 6)}
        write_journal_file(folder, profile.id, "imagery", when + timedelta(minutes=10),
                 [("pain", {"when": "before", "nrs": pain["pain_before"]})],
                 {"median_duration_ms": rng.gauss(3000, 400), "mean_vividness": 3.5} | pain)
        write_journal_file(folder, profile.id, "mirror", when + timedelta(minutes=20), [],
                 {"minutes_done": 10.0} | pain)
        write_journal_file(folder, profile.id, "tracking", when + timedelta(minutes=35), [],
                 {"exercises": [{"kind": "open_close", "reps": 10, "target": 10,
                                 "rom_min": 10, "rom_max": 80, "rom_span": 70}]})
    return store


def measure(days: int = 365) -> list[str]:
    from gmi.ui.app import make_application
    from gmi.ui.therapist import TherapistScreen

    with tempfile.TemporaryDirectory() as tmp:
        store = make_year(Path(tmp), days)
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
