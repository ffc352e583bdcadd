"""Generated practice histories, written through the real journal writer.

Every bench section and the tests that need a history build it here: the
journals go through `SessionStore.start` / `JournalWriter` with the typed
records of `gmi.model.records` (so a generated journal is a real one, and a
change of format shows up here at once), only without fsync and with the
past dates the history needs. Check-ins are `CheckIn` models in
`CheckInStore`'s file layout.

`write_untyped_journal` is for tests of readers that must survive odd
content (unknown kinds, missing fields): everything else is typed.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock
from pathlib import Path
from typing import Any

from gmi.model.checkin import CheckIn, Sleep, Waking
from gmi.model.laterality import PlannedTrial, judge
from gmi.model.presets import protocol_for
from gmi.model.records import (
    EventRecord,
    ExerciseResult,
    ImageryBlockSummary,
    LateralitySummary,
    LateralityTrial,
    MirrorBlockSummary,
    PainRating,
    SummaryRecord,
    TrackingBlockSummary,
    event_data,
    summary_data,
)
from gmi.model.scoring import score, score_summary
from gmi.model.stages import Side, Stage
from gmi.store import DataStore
from gmi.store.checkins import CheckInStore
from gmi.store.files import ensure_dir
from gmi.store.journal import JournalWriter
from gmi.store.paths import DataRoot, Layout
from gmi.store.profiles import Profile, ProfileStore
from gmi.store.quarantine import NoticeBoard
from gmi.store.records import Outcome
from gmi.store.sessions import SessionStore

ZONE = timezone(timedelta(hours=1))
_ANGLES = (0, 45, 90, 135, 180, 225, 270, 315)
_QUIET = NoticeBoard()  # generated data has nothing to report


# -- one journal, one check-in ------------------------------------------------------------
def _start(folder: Path, profile_id: str, stage: Stage, when: datetime,
           protocol: Mapping[str, Any] | None, mode: str) -> JournalWriter:
    """A non-durable writer into `folder` (a profile's sessions folder, or any folder)."""
    sessions = SessionStore(Layout(folder), profile_id, _QUIET)
    sessions.folder = folder  # tests may write loose journals into any folder
    return sessions.start(stage, protocol, mode, started=when, durable=False)


def write_untyped_journal(folder: Path, profile_id: str, stage: Stage, when: datetime,
                          events: Sequence[tuple[str, dict[str, Any]]] = (),
                          summary: dict[str, Any] | None = None,
                          outcome: Outcome | None = "completed", headline: str = "",
                          protocol: Mapping[str, Any] | None = None,
                          mode: str = "normal") -> Path:
    """One journal with raw event data: for tests of forgiving readers only.

    `outcome` None leaves the end record out (an interrupted session).
    """
    writer = _start(folder, profile_id, stage, when, protocol, mode)
    for kind, data in events:
        writer.append(kind, data, at=when)
    if outcome is None:
        writer.close()
    else:
        writer.finish(outcome, headline, summary or {}, at=when)
    return writer.path


def write_journal(folder: Path, profile_id: str, stage: Stage, when: datetime,
                  events: Sequence[EventRecord] = (), summary: SummaryRecord | None = None,
                  outcome: Outcome | None = "completed", headline: str = "",
                  protocol: Mapping[str, Any] | None = None, mode: str = "normal") -> Path:
    """One complete (or, with `outcome` None, interrupted) journal of typed records."""
    return write_untyped_journal(
        folder, profile_id, stage, when, [(e.KIND, event_data(e)) for e in events],
        summary_data(summary) if summary is not None else None, outcome, headline,
        protocol, mode)


def write_checkin(layout: Layout, profile_id: str, day: date, pain: int | None,
                  at: datetime | None = None, sleep: Sleep | None = None,
                  woken_by_pain: bool | None = None, waking: Waking | None = None) -> Path:
    """One daily check-in in CheckInStore's layout (no fsync: generated data)."""
    checkins = CheckInStore(layout, profile_id, _QUIET)
    checkin = CheckIn(checkin_id=uuid.uuid4().hex, profile_id=profile_id, day=day,
                      at=at or datetime.combine(day, clock(8, 30), ZONE), pain_now=pain,
                      sleep=sleep, woken_by_pain=woken_by_pain, waking=waking)
    path = checkins.path_of(checkin)
    ensure_dir(path.parent)
    path.write_text(checkin.model_dump_json(), "utf-8")
    return path


# -- laterality answers -----------------------------------------------------------------
def laterality_trials(rng: random.Random, accuracy: float, rt_ms: float = 2000.0,
                      trials: int = 40, exact: bool = False
                      ) -> tuple[list[LateralityTrial], LateralitySummary]:
    """Trials and the matching end summary (the real scorer's).

    `exact` makes exactly round(accuracy * trials) answers correct (for tests);
    otherwise each answer is right with probability `accuracy`.
    """
    right = round(accuracy * trials)
    made = []
    for i in range(trials):
        side: Side = "left" if i % 2 else "right"
        ok = i < right if exact else rng.random() < accuracy
        planned = PlannedTrial(i, False, side, "back" if i % 4 < 2 else "palm",
                               _ANGLES[i % len(_ANGLES)], 0)
        record = judge(planned, side if ok else ("left" if side == "right" else "right"),
                       max(300.0, rng.gauss(rt_ms, 300.0)))
        made.append(LateralityTrial.model_validate(record.model_dump()))
    return made, LateralitySummary.model_validate(score_summary(score(made)))


def simple_trials(count: int, side: Side = "left", correct: bool = True,
                  rt_ms: float = 1800.0) -> list[LateralityTrial]:
    """`count` identical answered trials: a history where only the days matter."""
    answer: Side = side if correct else ("right" if side == "left" else "left")
    return [LateralityTrial.model_validate(
        judge(PlannedTrial(i, False, side, "back", 0, 0), answer, rt_ms).model_dump())
        for i in range(count)]


# -- whole histories --------------------------------------------------------------------
def make_history(root: Path, sessions: int, events_per_session: int = 40) -> str:
    """A profile with `sessions` daily laterality sessions up to now; its id (startup)."""
    layout = Layout(root)
    profile = ProfileStore(layout, _QUIET).create("BENCH-1", "hand", "right")
    folder = layout.sessions_dir(profile.id)
    start = datetime.now().astimezone() - timedelta(days=sessions)
    trials = simple_trials(events_per_session)
    summary = LateralitySummary.model_validate(score_summary(score(trials)))
    for n in range(sessions):
        write_journal(folder, profile.id, "laterality", start + timedelta(days=n), trials,
                      summary, headline=f"{events_per_session} of {events_per_session} correct")
    return profile.id


def four_stage_year(root: Path, days: int = 365, seed: int = 1) -> DataStore:
    """A person who practised every day for a year in all four stages (report, history)."""
    rng = random.Random(seed)
    store = DataStore(DataRoot(root, "command line"))
    profile = store.profiles.create("YEAR-1", "hand", "right", name="Bench")
    folder = store.layout.sessions_dir(profile.id)
    start = datetime.now().astimezone() - timedelta(days=days)
    for d in range(days):
        when = start + timedelta(days=d, hours=9)
        trials, summary = laterality_trials(rng, 0.6 + 0.35 * d / days,
                                            2600 - 900 * d / days)
        write_journal(folder, profile.id, "laterality", when, trials, summary)
        before, after = rng.randint(3, 7), rng.randint(2, 6)
        pain = [PainRating(when="before", nrs=before), PainRating(when="after", nrs=after)]
        write_journal(folder, profile.id, "imagery", when + timedelta(minutes=10), pain,
                      ImageryBlockSummary(median_duration_ms=max(0.0, rng.gauss(3000, 400)),
                                          mean_vividness=3.5, pain_before=before,
                                          pain_after=after))
        write_journal(folder, profile.id, "mirror", when + timedelta(minutes=20), pain,
                      MirrorBlockSummary(minutes_planned=10.0, minutes_done=10.0,
                                         pain_before=before, pain_after=after))
        exercise = ExerciseResult(kind="open_close", reps=10, target=10, rom_min=10,
                                  rom_max=80, rom_span=70)
        write_journal(folder, profile.id, "tracking", when + timedelta(minutes=35), [exercise],
                      TrackingBlockSummary(exercises=[exercise]))
        woken = rng.random() < 0.15
        write_checkin(store.layout, profile.id, when.date(), before,
                      at=when - timedelta(hours=1), sleep="poor" if woken else "good",
                      woken_by_pain=woken, waking=rng.choice(("lower", "same", "higher")))
    return store


def laterality_year(root: Path, days: int = 365, trials: int = 98, seed: int = 11) -> str:
    """A person's year of daily laterality sessions and check-ins (bundle); the profile id."""
    rng = random.Random(seed)
    layout = Layout(root)
    profile = ProfileStore(layout, _QUIET).create("YEAR-1", "hand", "right", name="Bench Person")
    folder = layout.sessions_dir(profile.id)
    start = datetime.now().astimezone().replace(microsecond=0) - timedelta(days=days)
    for day in range(days):
        when = start + timedelta(days=day, hours=9)
        made, summary = laterality_trials(rng, 0.6 + 0.35 * day / days,
                                          2600 - 900 * day / days, trials)
        write_journal(folder, profile.id, "laterality", when, made, summary,
                      headline=f"{summary.overall.correct} of {trials} correct",
                      protocol={"trials": trials})
        write_checkin(layout, profile.id, when.date(), rng.randint(2, 7),
                      at=when - timedelta(hours=1), sleep="fair")
    return profile.id


def _patient_year(layout: Layout, profile: Profile, rng: random.Random, days: int,
                  today: date, checkins: bool) -> None:
    """A year of one session a day: recognition first, then the later stages,
    with a recognition session every third day all along; some patients stop
    a few days before today, some have a painful last week."""
    folder = layout.sessions_dir(profile.id)
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
        stage: Stage = "laterality" if phase == 0 or d % 3 == 0 else \
            ("imagery", "mirror", "tracking")[phase - 1]  # type: ignore[assignment]
        if stage == "laterality":
            acc = min(0.98, start_acc + gain * d / days)
            trials, summary = laterality_trials(rng, acc, 2600 - 800 * d / days)
            write_journal(folder, profile.id, stage, when, trials, summary,
                          headline=f"{summary.overall.correct} of 40 correct",
                          protocol=snapshot)
        elif stage in ("imagery", "mirror"):
            after = max(0, pain - rng.randint(0, 2))
            ratings = [PainRating(when="before", nrs=pain), PainRating(when="after", nrs=after)]
            block: SummaryRecord = (
                ImageryBlockSummary(pain_before=pain, pain_after=after) if stage == "imagery"
                else MirrorBlockSummary(minutes_done=10.0, pain_before=pain, pain_after=after))
            write_journal(folder, profile.id, stage, when, ratings, block, protocol=snapshot)
        else:
            exercise = ExerciseResult(kind="open_close", reps=10)
            write_journal(folder, profile.id, stage, when, [exercise],
                          TrackingBlockSummary(exercises=[exercise]), protocol=snapshot)
        if checkins and rng.random() < 0.8:
            write_checkin(layout, profile.id, day, pain)


def generate_clinic(root: Path, patients: int = 200, days: int = 365, today: date | None = None,
                    seed: int = 11, checkins: bool = True) -> date:
    """Write a clinic's data folder (kept when `root` already holds the same); returns today."""
    import json
    import shutil

    today = today or date.today()
    marker = root / "clinic-bench.json"
    wanted = {"format": 3, "patients": patients, "days": days, "today": today.isoformat(),
              "seed": seed, "checkins": checkins}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return today
    if root.exists():
        shutil.rmtree(root)
    layout = Layout(root)
    store = ProfileStore(layout, _QUIET)
    rng = random.Random(seed)
    for n in range(patients):
        profile = store.create(f"P-{1000 + n}", rng.choice(("hand", "foot")),  # type: ignore[arg-type]
                               rng.choice(("left", "right")))  # type: ignore[arg-type]
        _patient_year(layout, profile, rng, days, today, checkins)
    marker.write_text(json.dumps(wanted))
    return today
