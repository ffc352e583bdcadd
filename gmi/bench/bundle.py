"""`gmi bench --only bundle`: how long a one-year bundle takes (issue #11:
import in under 5 s).

A year is 365 daily laterality journals of 100 lines each (header, 98
trials, end) written by `gmi.bench.data`, plus 365 check-ins.
Export and import run with the real scrypt cost; the medians are returned
so a caller can print them or compare runs. No thresholds here: timings
vary from machine to machine and from day to day.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from gmi.bench.data import laterality_year
from gmi.bench.measure import seconds_row
from gmi.bundles.bundle import export, import_bundle
from gmi.store.paths import Layout

PASSPHRASE = "bench passphrase, not a secret"


def _median(samples: list[float]) -> float:
    return round(statistics.median(samples), 3)


def bench_bundle(tmpdir: Path, repeats: int = 3, days: int = 365, lines: int = 100
                 ) -> dict[str, float | int]:
    """Median seconds to export, import (into an empty folder) and re-import a year."""
    tmpdir = Path(tmpdir)
    source = tmpdir / "source"
    profile_id = laterality_year(source, days, lines - 2)
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


def bundle_section(quick: bool) -> list[str]:
    """A year of one patient's sessions: export, import, import again; against a copy."""
    days = 90 if quick else 365
    with tempfile.TemporaryDirectory() as tmp:
        result = bench_bundle(Path(tmp), repeats=2 if quick else 3, days=days)
        copies = []
        for n in range(3):
            t0 = time.perf_counter()
            shutil.copytree(Path(tmp) / "source", Path(tmp) / f"copy-{n}")
            copies.append(time.perf_counter() - t0)
    ref = statistics.median(copies)
    return [f"bundle: {days} days of sessions ({result['files']} files, "
            f"{result['data_bytes'] / 1e6:.1f} MB, bundle {result['bundle_bytes'] / 1e6:.2f} MB)"
            "; target: import < 5 s",
            seconds_row("copying the data folder (reference)", ref, None),
            seconds_row("export (scrypt, zip, AES-256-GCM)", result["export_s"], ref),
            seconds_row("import into an empty folder", result["import_s"], ref),
            seconds_row("import again (adds nothing)", result["reimport_s"], ref)]
