"""How fast the clinic overview opens on a busy clinic machine (issue #11).

The target: 200 patients, each with a year of daily sessions (73,000
journals), open in under 2 s. `generate_clinic` writes such a data folder
quickly (no fsync; journals in the store's exact format, laterality end
summaries made by the real scoring code, pain ratings in sessions and daily
check-ins); `bench_clinic` times the overview cold (no index: a full build),
warm (index present, nothing changed) and warm after one new journal.

The writers here are also what the tests use to build histories by hand.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock
from pathlib import Path
from typing import Any

from gmi.clinic.index import ClinicIndex, checkins_dir
from gmi.clinic.overview import clinic_overview
from gmi.model.laterality import rotation_kind
from gmi.model.presets import protocol_for
from gmi.model.scoring import score, score_summary
from gmi.store.paths import Layout
from gmi.store.profiles import Profile, ProfileStore
from gmi.store.quarantine import NoticeBoard
from gmi.store.records import JOURNAL_SCHEMA_VERSION
from gmi.store.sessions import journal_name

ZONE = timezone(timedelta(hours=1))
_ANGLES = (0, 45, 90, 135, 180, 225, 270, 315)


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, separators=(",", ":")) + "\n"


def write_session(folder: Path, profile_id: str, stage: str, when: datetime,
                  summary: dict[str, Any] | None = None, outcome: str | None = "completed",
                  events: Sequence[tuple[str, dict[str, Any]]] = (), mode: str = "normal",
                  headline: str = "", protocol: dict[str, Any] | None = None) -> Path:
    """One journal in the store's format, written fast (no fsync): generated data only.

    `outcome` None leaves the end record out (an interrupted session).
    """
    sid = uuid.uuid4().hex
    at = when.isoformat()
    parts = [_line({"type": "header", "schema_version": JOURNAL_SCHEMA_VERSION,
                    "session_id": sid, "profile_id": profile_id, "stage": stage,
                    "app_version": "bench", "started_at": at, "protocol": protocol or {},
                    "mode": mode})]
    parts += [_line({"type": "event", "seq": n, "at": at, "kind": kind, "data": data})
              for n, (kind, data) in enumerate(events, start=1)]
    if outcome is not None:
        parts.append(_line({"type": "end", "at": at, "outcome": outcome,
                            "headline": headline, "summary": summary or {}}))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / journal_name(when, stage, sid)  # type: ignore[arg-type]
    path.write_text("".join(parts), "utf-8")
    return path


@dataclass(frozen=True)
class _Trial:
    """Duck-typed TrialRecord: what scoring reads, without validating 40 models a session."""

    practice: bool
    side: str
    view: str
    angle: int
    rotation: str
    correct: bool
    rt_ms: float | None
    timed_out: bool

    def event(self, index: int) -> tuple[str, dict[str, Any]]:
        response = self.side if self.correct else ("left" if self.side == "right" else "right")
        return "trial", {"index": index, "practice": self.practice, "side": self.side,
                         "view": self.view, "angle": self.angle, "rotation": self.rotation,
                         "posture": "", "skin": "", "source": "rendered",
                         "response": response, "rt_ms": self.rt_ms, "correct": self.correct,
                         "timed_out": False, "input": ""}


def laterality_trials(rng: random.Random, accuracy: float, rt_ms: float = 2000.0,
                      trials: int = 40, exact: bool = False
                      ) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, Any]]:
    """Trial events and the matching end summary (score_summary of the real scorer).

    `exact` makes exactly round(accuracy * trials) answers correct (for tests);
    otherwise each answer is right with probability `accuracy`.
    """
    right = round(accuracy * trials)
    made = []
    for i in range(trials):
        side = "left" if i % 2 else "right"
        angle = _ANGLES[i % len(_ANGLES)]
        ok = i < right if exact else rng.random() < accuracy
        made.append(_Trial(False, side, "back" if i % 4 < 2 else "palm", angle,
                           rotation_kind(side, angle), ok,  # type: ignore[arg-type]
                           max(300.0, rng.gauss(rt_ms, 300.0)), False))
    return ([t.event(i) for i, t in enumerate(made)],
            score_summary(score(made)))  # type: ignore[arg-type]


def write_checkin(layout: Layout, profile_id: str, day: date, pain: int | None,
                  at: datetime | None = None) -> Path:
    """One daily check-in file in CheckInStore's format (fast, no fsync)."""
    cid = uuid.uuid4().hex
    at = at or datetime.combine(day, clock(8, 30), ZONE)
    folder = checkins_dir(layout, profile_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day.isoformat()}_{cid}.json"
    path.write_text(json.dumps({"schema_version": 1, "checkin_id": cid,
                                "profile_id": profile_id, "day": day.isoformat(),
                                "at": at.isoformat(), "pain_now": pain}), "utf-8")
    return path


def _patient_year(layout: Layout, profile: Profile, rng: random.Random, days: int,
                  today: date, checkins: bool) -> None:
    """A year of one session a day: recognition first, then the later stages,
    with a recognition session every third day all along; some patients stop
    a few days before today, some have a painful last week."""
    profile_id = profile.id
    folder = layout.sessions_dir(profile_id)
    snapshot = protocol_for(profile.protocol, profile.body_part).model_dump(mode="json")
    stops = rng.random() < 0.1
    flare = rng.random() < 0.1
    start_acc, gain = rng.uniform(0.55, 0.75), rng.uniform(0.1, 0.3)
    base_pain = rng.randint(2, 6)
    for d in range(days):
        day = today - timedelta(days=days - 1 - d)
        if stops and (today - day).days < 6:
            continue
        when = datetime.combine(day, clock(9, rng.randint(0, 59)), ZONE)
        pain = min(10, base_pain + (3 if flare and (today - day).days < 7 else 0)
                   + rng.randint(-1, 1))
        phase = d * 4 // days
        stage = "laterality" if phase == 0 or d % 3 == 0 else \
            ("imagery", "mirror", "tracking")[phase - 1]
        if stage == "laterality":
            acc = min(0.98, start_acc + gain * d / days)
            events, summary = laterality_trials(rng, acc, 2600 - 800 * d / days)
            write_session(folder, profile_id, stage, when, summary, events=events,
                          headline=f"{summary['overall']['correct']} of 40 correct",
                          protocol=snapshot)
        elif stage in ("imagery", "mirror"):
            after = max(0, pain - rng.randint(0, 2))
            write_session(folder, profile_id, stage, when,
                          {"pain_before": pain, "pain_after": after, "minutes_done": 10.0},
                          events=[("pain", {"when": "before", "nrs": pain}),
                                  ("pain", {"when": "after", "nrs": after})],
                          protocol=snapshot)
        else:
            write_session(folder, profile_id, stage, when,
                          {"exercises": [{"kind": "open_close", "reps": 10}]},
                          events=[("exercise", {"kind": "open_close", "reps": 10})],
                          protocol=snapshot)
        if checkins and rng.random() < 0.8:
            write_checkin(layout, profile_id, day, pain)


def generate_clinic(root: Path, patients: int = 200, days: int = 365, today: date | None = None,
                    seed: int = 11, checkins: bool = True) -> date:
    """Write the clinic's data folder (skipped when `root` already holds it); returns today."""
    today = today or date.today()
    marker = root / "clinic-bench.json"
    wanted = {"format": 2, "patients": patients, "days": days, "today": today.isoformat(),
              "seed": seed, "checkins": checkins}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return today
    if root.exists():
        shutil.rmtree(root)
    layout = Layout(root)
    store = ProfileStore(layout, NoticeBoard())
    rng = random.Random(seed)
    for n in range(patients):
        profile = store.create(f"P-{1000 + n}", rng.choice(("hand", "foot")),  # type: ignore[arg-type]
                               rng.choice(("left", "right")))  # type: ignore[arg-type]
        _patient_year(layout, profile, rng, days, today, checkins)
    marker.write_text(json.dumps(wanted))
    return today


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
        events, summary = laterality_trials(rng, 0.9)
        added.append(write_session(layout.sessions_dir(profile_id), profile_id, "laterality",
                                   when, summary, events=events))
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


if __name__ == "__main__":  # pragma: no cover - run by hand
    import sys
    import tempfile

    base = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir())
    print(json.dumps(bench_clinic(base), indent=2))
