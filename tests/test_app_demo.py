"""`gmi demo`'s day runs through the same Day and sessions as the window, without Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gmi.app.demo import RUNNERS, demo_profile, run_day
from gmi.model.records import LateralityTrial, events_of
from gmi.store import DataStore
from gmi.store.checkins import CheckInStore
from gmi.store.paths import DataRoot


def test_the_demo_day_checks_in_reads_the_card_and_runs_the_stages_in_order(tmp_path):
    store = DataStore(DataRoot(tmp_path, "test"))
    said: list[str] = []
    quick = {stage: RUNNERS[stage] for stage in ("laterality", "imagery", "mirror")}
    ran = run_day(store, said.append, speed=0.0, runners=quick)  # tracking: see test_cli
    profile = demo_profile(store)
    [checkin] = CheckInStore(store.layout, profile.id, store.notices).load_all()
    assert checkin.pain_now is not None and checkin.sleep is not None
    assert checkin.card_id and checkin.card_read is True
    assert said[1] == "  Daily check-in: answered, card read"
    sessions = store.sessions(profile.id)
    loaded = sessions.load_all()
    assert [c.header.stage for c in loaded] == ran  # clinical order, one journal each
    assert ran == ["laterality", "imagery", "mirror"]
    assert said[-1] == ("  Move with the camera: This stage is not available in this version "
                        "of GMI Trainer yet.")
    assert all(c.end is not None and c.end.outcome == "completed" for c in loaded)
    trials = events_of(loaded[0].events, LateralityTrial)
    assert len(trials) == 14 and all(t.rt_ms is None or t.rt_ms >= 350 for t in trials)


@pytest.mark.slow  # the real hand tracker in a new process
def test_the_demo_day_imports_no_qt(tmp_path):
    code = ("import sys; from pathlib import Path; from gmi.app.demo import run_day; "
            "from gmi.store import DataStore; from gmi.store.paths import DataRoot; "
            f"run_day(DataStore(DataRoot(Path({str(tmp_path)!r}), 't')), lambda s: None, "
            "speed=0.0); print('PySide6' in sys.modules)")  # all four stages, camera too
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=240)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.slow
@pytest.mark.parametrize(("part", "stages"), [
    ("neck", ["laterality", "imagery", "tracking"]),
    ("shoulder", ["laterality", "imagery", "mirror", "tracking"])])
def test_the_demo_day_runs_for_a_new_body_part_with_its_own_pictures(tmp_path, part, stages):
    store = DataStore(DataRoot(tmp_path, "test"))
    said: list[str] = []
    ran = run_day(store, said.append, speed=0.0, runners=RUNNERS, body_part=part)
    assert ran == stages
    profile = demo_profile(store, part)
    assert profile.body_part == part and profile.code == f"DEMO-{part.upper()}"
    loaded = store.sessions(profile.id).load_all()
    assert all(c.end is not None and c.end.outcome == "completed" for c in loaded)
    # stage 4 followed the drawn figure with MediaPipe Pose and counted its movement
    assert sum(e.kind == "rep" for c in loaded for e in c.events) >= 3
    # stage 4 followed the drawn figure with MediaPipe Pose and counted its movement
    assert sum(e.kind == "rep" for c in loaded for e in c.events) >= 3
    trials = events_of(loaded[0].events, LateralityTrial)
    assert len(trials) == 14
    assert {t.view for t in trials} <= {"front", "back", "side"}


@pytest.mark.slow  # a whole demo day and its PDF
def test_the_demo_report_reads_the_days_check_in(tmp_path):
    """The demo writes the same report as the Therapist area: the check-in it
    answered is on page 1 (it once said "no check-ins in this period")."""
    pypdf = pytest.importorskip("pypdf")
    from gmi.app.demo import run_demo

    said: list[str] = []
    assert run_demo(tmp_path, out=said.append) == 0
    first = pypdf.PdfReader(str(tmp_path / "demo-report.pdf")).pages[0].extract_text()
    assert "no check-ins in this period" not in first
    assert "Pain at check-in" in first and "Nights woken by pain" in first
