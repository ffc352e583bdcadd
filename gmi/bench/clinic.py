"""`gmi bench --only clinic`: how fast the clinic overview opens on a busy
clinic machine (issue #11).

The target: 200 patients, each with a year of daily sessions (73,000
journals), open in under 2 s. `gmi.bench.data.generate_clinic` writes such a
data folder; `bench_clinic` times the overview cold (no index: a full build),
warm (index present, nothing changed) and warm after one new journal.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

from gmi.bench.data import ZONE, generate_clinic, laterality_trials, write_journal
from gmi.bench.measure import seconds_row
from gmi.clinic.index import ClinicIndex
from gmi.clinic.overview import clinic_overview
from gmi.store.paths import Layout
from gmi.store.profiles import ProfileStore
from gmi.store.quarantine import NoticeBoard


def _timed(layout: Layout, today: date) -> float:
    t0 = time.perf_counter()
    clinic_overview(layout, today)
    return time.perf_counter() - t0


def bench_clinic(tmp: Path, patients: int = 200, days: int = 365, repeats: int = 3,
                 checkins: bool = True) -> dict[str, Any]:
    """Median seconds: cold (no index), warm (nothing changed), warm after one new journal."""
    root = tmp / f"clinic-{patients}x{days}"
    t0 = time.perf_counter()
    today = generate_clinic(root, patients, days, checkins=checkins)
    generated = time.perf_counter() - t0
    layout = Layout(root)
    cold, warm, one_new = [], [], []
    for _ in range(repeats):
        layout.clinic_index_file.unlink(missing_ok=True)
        cold.append(_timed(layout, today))
    for _ in range(repeats):
        warm.append(_timed(layout, today))
    profile_id = ProfileStore(layout, NoticeBoard()).list()[0][0].id
    rng = random.Random(0)
    added = []
    for n in range(repeats):
        when = datetime.combine(today, clock(18, n), ZONE)
        trials, summary = laterality_trials(rng, 0.9)
        added.append(write_journal(layout.sessions_dir(profile_id), profile_id, "laterality",
                                   when, trials, summary))
        one_new.append(_timed(layout, today))
    for path in added:  # leave the folder as generated, for the next run
        path.unlink()
    with ClinicIndex(layout) as index:
        index.refresh(p.id for p in ProfileStore(layout, NoticeBoard()).list()[0])
        where = index.where
    journals = sum(1 for _ in root.glob("profiles/*/sessions/*.jsonl"))
    return {
        "patients": patients, "days": days, "journals": journals,
        "generate_s": generated,
        "cold_s": statistics.median(cold), "warm_s": statistics.median(warm),
        "warm_one_new_s": statistics.median(one_new),
        "index_bytes": layout.clinic_index_file.stat().st_size, "index_where": where,
        "repeats": repeats,
    }


def _stat_all(root: Path) -> float:
    """The least any refresh must do: list every folder and stat every file."""
    t0 = time.perf_counter()
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.stat(os.path.join(folder, name))
    return time.perf_counter() - t0


def clinic_section(quick: bool) -> list[str]:
    """The overview of all patients: 200 patients x a year (quick: 40), cold and warm."""
    patients = 40 if quick else 200
    with tempfile.TemporaryDirectory() as tmp:
        result = bench_clinic(Path(tmp), patients=patients, days=365,
                              repeats=2 if quick else 3)
        ref = statistics.median(_stat_all(Path(tmp)) for _ in range(3))
    return [f"clinic: {patients} patients x 365 days ({result['journals']} journals; "
            f"generated in {result['generate_s']:.0f} s); target: overview < 2 s",
            seconds_row("list and stat every file (reference)", ref, None),
            seconds_row("overview, index present (warm)", result["warm_s"], ref),
            seconds_row("overview after one new journal", result["warm_one_new_s"], ref),
            seconds_row("overview, no index yet (first build)", result["cold_s"], ref)]
