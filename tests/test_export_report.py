"""CSV, JSON and PDF exports, checked for content."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date, timedelta

import pytest

from gmi.model.laterality import PlannedTrial, judge
from gmi.report.export import ExportRange, rows, sessions_in, to_csv, to_json
from gmi.report.pdf import summary_lines, write_pdf
from gmi.store import DataStore


def practise(store: DataStore, name: str = "Anna"):
    profile = store.profiles.create("P-7", "hand", "right", name=name)
    sessions = store.sessions(profile.id)
    writer = sessions.start("laterality", {})
    for i in range(6):
        side = "left" if i % 2 else "right"
        record = judge(PlannedTrial(i, False, side, "back", 90, 0),
                       side if i != 3 else "right", 1500.0 + i)
        writer.append("trial", record.model_dump(mode="json"))
    writer.finish("completed", "5 of 6 correct", {})
    imagery = sessions.start("imagery", {})
    imagery.append("pain", {"when": "before", "nrs": 6})
    imagery.append("repetition", {"image": 0, "repetition": 0, "posture": "fist", "side": "left",
                                    "duration_ms": 2100.0})
    imagery.close()  # interrupted
    return profile, sessions


def test_csv_has_one_row_per_event_with_context(store: DataStore) -> None:
    profile, sessions = practise(store)
    table = rows(profile, sessions_in(sessions, ExportRange()))
    parsed = list(csv.DictReader(io.StringIO(to_csv(table))))
    assert len(parsed) == 8
    trials = [r for r in parsed if r["kind"] == "trial"]
    assert len(trials) == 6 and {r["stage"] for r in trials} == {"laterality"}
    assert trials[3]["correct"] == "False" and trials[0]["rt_ms"] == "1500.0"
    assert parsed[0]["patient"] == "Anna (P-7)"
    interrupted = [r for r in parsed if r["stage"] == "imagery"]
    assert {r["outcome"] for r in interrupted} == {"interrupted"}


def test_json_has_everything_and_pseudonymised_has_no_name(store: DataStore) -> None:
    profile, sessions = practise(store)
    journals = sessions_in(sessions, ExportRange())
    data = json.loads(to_json(profile, journals))
    assert data["profile"]["name"] == "Anna" and len(data["sessions"]) == 2
    assert data["sessions"][1]["interrupted"] is True
    hidden = to_json(profile, journals, pseudonymise=True)
    assert "Anna" not in hidden and "P-7" in hidden
    assert "Anna" not in to_csv(rows(profile, journals, pseudonymise=True))


def test_date_range_filters_and_an_empty_range_says_so(store: DataStore, tmp_path) -> None:
    profile, sessions = practise(store)
    future = ExportRange(date.today() + timedelta(days=1), None)
    assert sessions_in(sessions, future) == []
    lines = summary_lines(profile, [], future)
    assert lines[-1] == "No sessions in this range: nothing to report."
    assert write_pdf(tmp_path / "empty.pdf", profile, [], future) == 1  # no empty charts


def test_pdf_summary_and_trend_pages(store: DataStore, tmp_path) -> None:
    profile, sessions = practise(store)
    journals = sessions_in(sessions, ExportRange())
    lines = summary_lines(profile, journals, ExportRange(), pseudonymise=True)
    text = "\n".join(lines)
    assert lines[0] == "GMI Trainer report: P-7"
    assert "Anna" not in text
    assert "1 session stopped early" in text
    assert "left (unaffected): 67% correct (95% CI" in text and "n=3" in text
    assert "right (affected): 100% correct" in text
    seen: list[float] = []
    path = tmp_path / "report.pdf"
    assert write_pdf(path, profile, journals, ExportRange(), progress=seen.append) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"%PDF") and raw.count(b"/Type /Page\n") + raw.count(
        b"/Type /Page ") >= 2
    assert seen[-1] == 1.0


@pytest.mark.slow
def test_cli_report_and_export(store: DataStore, tmp_path) -> None:
    practise(store)
    root = str(store.root.path)
    base = [sys.executable, "-m", "gmi", "--data-dir", root]
    out = subprocess.run(base + ["export", "--profile", "p-7", "--format", "json", "--out",
                                 str(tmp_path / "x.json"), "--pseudonymise"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Anna" not in (tmp_path / "x.json").read_text()
    out = subprocess.run(base + ["report", "--profile", "Anna", "--out",
                                 str(tmp_path / "r.pdf")], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0 and "3 pages" in out.stdout
    bad = subprocess.run(base + ["report", "--profile", "nobody", "--out",
                                 str(tmp_path / "n.pdf")], capture_output=True, text=True,
                         timeout=120)
    assert bad.returncode == 2 and "No single person matches 'nobody'" in bad.stderr
    assert "P-7" in bad.stderr
