"""How long a one-year bundle takes (issue #11: import in under 5 s).

A year is 365 daily laterality journals of 100 lines each (header, 98
trials, end) in the exact format JournalWriter writes, plus 365 check-ins.
Export and import run with the real scrypt cost; the medians are returned
so a caller can print them or compare runs. No thresholds here: timings
vary from machine to machine and from day to day.
"""

from __future__ import annotations

import random
import shutil
import statistics
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from gmi.bundles.bundle import export, import_bundle
from gmi.model.checkin import CheckIn
from gmi.model.laterality import PlannedTrial, judge
from gmi.store.checkins import CheckInStore
from gmi.store.files import ensure_dir
from gmi.store.paths import Layout
from gmi.store.profiles import ProfileStore
from gmi.store.quarantine import NoticeBoard
from gmi.store.records import JOURNAL_SCHEMA_VERSION, JournalEnd, JournalEvent, JournalHeader
from gmi.store.sessions import journal_name

PASSPHRASE = "bench passphrase, not a secret"


def make_year(root: Path, days: int = 365, lines: int = 100, seed: int = 11) -> str:
    """A person's year of daily practice and check-ins; returns the profile id.

    Written directly (no fsync per line) so that building it is quick.
    """
    rng = random.Random(seed)
    layout = Layout(root)
    notices = NoticeBoard()
    profile = ProfileStore(layout, notices).create("YEAR-1", "hand", "right", name="Bench Person")
    folder = ensure_dir(layout.sessions_dir(profile.id))
    checkins = CheckInStore(layout, profile.id, notices)
    start = datetime.now().astimezone().replace(microsecond=0) - timedelta(days=days)
    for day in range(days):
        when = start + timedelta(days=day, hours=9)
        session_id = uuid.uuid4().hex
        rows = [JournalHeader(schema_version=JOURNAL_SCHEMA_VERSION, session_id=session_id,
                              profile_id=profile.id, stage="laterality", app_version="bench",
                              started_at=when, protocol={"trials": lines - 2}).model_dump_json()]
        for n in range(lines - 2):
            side = "left" if n % 2 else "right"
            answer = side if rng.random() < 0.6 + 0.35 * day / days else "left"
            record = judge(PlannedTrial(n, n < 4, side, "back", 45 * (n % 8), 0), answer,
                           rng.gauss(2600 - 900 * day / days, 300), posture="fist",
                           input="key")
            rows.append(JournalEvent(seq=n + 1, at=when + timedelta(seconds=3 * n),
                                     kind="trial", data=record.model_dump(mode="json")
                                     ).model_dump_json())
        rows.append(JournalEnd(at=when + timedelta(minutes=6), outcome="completed",
                               headline="90 of 98 correct").model_dump_json())
        (folder / journal_name(when, "laterality", session_id)).write_text(
            "".join(row + "\n" for row in rows), "utf-8")
        checkins.save(CheckIn(checkin_id=uuid.uuid4().hex, profile_id=profile.id,
                              day=when.date(), at=when - timedelta(hours=1),
                              pain_now=rng.randint(2, 7), sleep="fair"))
    return profile.id


def _median(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def bench_bundle(tmpdir: Path, repeats: int = 3, days: int = 365, lines: int = 100
                 ) -> dict[str, float | int]:
    """Median seconds to export, import (into an empty folder) and re-import a year."""
    tmpdir = Path(tmpdir)
    source = tmpdir / "source"
    profile_id = make_year(source, days, lines)
    out = tmpdir / "year.gmibundle"
    exports, imports, again = [], [], []
    for n in range(repeats):
        t0 = time.perf_counter()
        export(Layout(source), profile_id, out, PASSPHRASE)
        exports.append(time.perf_counter() - t0)
        dest = Layout(tmpdir / f"dest-{n}")
        t0 = time.perf_counter()
        result = import_bundle(dest, out, PASSPHRASE)
        imports.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        import_bundle(dest, out, PASSPHRASE)
        again.append(time.perf_counter() - t0)
        shutil.rmtree(dest.root)
    data_bytes = sum(p.stat().st_size for p in Layout(source).profile_dir(profile_id).rglob("*")
                     if p.is_file())
    return {"sessions": days, "lines_per_journal": lines, "files": len(result.added),
            "data_bytes": data_bytes, "bundle_bytes": out.stat().st_size,
            "export_s": _median(exports), "import_s": _median(imports),
            "reimport_s": _median(again)}


if __name__ == "__main__":  # python -m gmi.store.bundle_bench
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(bench_bundle(Path(tmp)))
