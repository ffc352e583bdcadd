"""When the next stage opens: recognition, then imagery, then mirror, then tracking.

Defaults from DESIGN.md section 6: leave stage 1 at >= 80 % correct on each
side, at normal speed, with left and right alike, stable for a week (NOI;
EFIC). Stages last about two weeks each (Moseley 2004, 2006), so imagery and
mirror open the next stage after practice on most days of two weeks. A
therapist can open any stage early (override). After a pain flare, a
laterality re-check is suggested: recognition often slows in a flare.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from gmi.model.norms import HAND_FOOT, SDC_ACCURACY, SDC_RT_MS, TOO_FAST_MS, norm_for
from gmi.model.scoring import LateralityScore
from gmi.model.stages import STAGE_ORDER, STAGE_TITLES, Stage


class ProgressionSettings(BaseModel):
    """When stage 1 ends. `accuracy` and `rt_ms` left unset in a programme take
    its body part's norm (`with_norm_of`): the hand's 2.5 s would let a neck
    patient through at a speed outside the neck norm (1.6 + 0.5 s)."""

    model_config = ConfigDict(extra="forbid", strict=True)  # `true` is no number

    accuracy: float = Field(default=HAND_FOOT.accuracy_target, gt=0, le=1)
    rt_ms: float = Field(default=HAND_FOOT.rt_upper_ms, gt=0, le=20000)
    side_gap_accuracy: float = Field(default=SDC_ACCURACY[1], ge=0, le=1)
    side_gap_rt_ms: float = Field(default=SDC_RT_MS[1], ge=0, le=10000)
    stable_days: int = Field(default=7, ge=1, le=60)
    practice_days: int = Field(default=10, ge=1, le=60)
    window_days: int = Field(default=14, ge=1, le=90)
    flare_points: float = Field(default=2.0, gt=0, le=10)


def with_norm_of(settings: ProgressionSettings, body_part: str) -> ProgressionSettings:
    """`settings` with the thresholds it does not set taken from `body_part`'s norm:
    at least its target accuracy, a median no slower than its mean + 1 SD."""
    norm = norm_for(body_part)
    given = settings.model_fields_set
    if "accuracy" not in given:
        settings.accuracy = norm.accuracy_target
    if "rt_ms" not in given:
        settings.rt_ms = norm.rt_upper_ms
    return settings


@dataclass(frozen=True)
class PastSession:
    """What progression needs to know about one finished session."""

    stage: Stage
    day: date
    completed: bool
    laterality: LateralityScore | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    stopped_for_pain: bool = False


@dataclass(frozen=True)
class StageStatus:
    stage: Stage
    unlocked: bool
    why: str  # one plain sentence: why it is open, or what is left to open it


def _days(sessions: Iterable[PastSession], stage: Stage, since: date) -> set[date]:
    return {s.day for s in sessions if s.stage == stage and s.completed and s.day >= since}


def laterality_ready(sessions: Sequence[PastSession], settings: ProgressionSettings,
                     today: date) -> tuple[bool, str]:
    """Stage 1 criteria over the last `stable_days`; the sentence says what is left."""
    since = today - timedelta(days=settings.stable_days - 1)
    recent = [s for s in sessions if s.stage == "laterality" and s.completed
              and s.day >= since and s.laterality is not None]
    needed_days = math.ceil(settings.stable_days * 0.7)
    days = len({s.day for s in recent})
    if days < needed_days:
        return False, (f"Practise 'Left or right?' on {needed_days} of {settings.stable_days} "
                       f"days (so far {days}).")
    for s in recent:
        score = s.laterality
        left, right = score.by_side.get("left"), score.by_side.get("right")  # type: ignore[union-attr]
        if not left or not right or not left.n or not right.n:
            return False, "Both sides need to be practised in each session."
        for side, g in (("left", left), ("right", right)):
            if g.accuracy < settings.accuracy:  # type: ignore[operator]
                return False, (f"Reach {settings.accuracy:.0%} correct on each side every "
                               f"day for a week ({side}: {g.accuracy:.0%} on "
                               f"{s.day:%d %b}).")
            if g.rt_median_ms is not None and g.rt_median_ms < TOO_FAST_MS:
                return False, (f"Answers on the {side} side came faster than half a second "
                               f"on {s.day:%d %b}: too fast to be a judgement; take time "
                               "to picture each one.")
            if g.rt_median_ms is None or g.rt_median_ms > settings.rt_ms:
                return False, (f"Answer within about {settings.rt_ms / 1000:.1f} s on each side "
                               f"every day for a week ({side}: "
                               f"{(g.rt_median_ms or 0) / 1000:.1f} s on {s.day:%d %b}).")
        if abs(left.accuracy - right.accuracy) > settings.side_gap_accuracy:  # type: ignore[operator]
            return False, "Left and right need to be alike in accuracy for a week."
        if abs(left.rt_median_ms - right.rt_median_ms) > settings.side_gap_rt_ms:  # type: ignore[operator]
            return False, "Left and right need to be alike in speed for a week."
    return True, "Left and right recognised well and alike for a week."


def practice_ready(sessions: Sequence[PastSession], stage: Stage,
                   settings: ProgressionSettings, today: date) -> tuple[bool, str]:
    """Imagery and mirror: practised on most days of the window, without pain stops."""
    since = today - timedelta(days=settings.window_days - 1)
    days = len(_days(sessions, stage, since))
    title = STAGE_TITLES[stage]
    if days < settings.practice_days:
        return False, (f"Practise '{title}' on {settings.practice_days} of "
                       f"{settings.window_days} days (so far {days}).")
    last = [s for s in sessions if s.stage == stage][-3:]
    if any(s.stopped_for_pain for s in last):
        return False, f"'{title}' needs to go without pain stops for a few sessions first."
    return True, f"'{title}' practised on most days for two weeks."


def progression(stages: Sequence[Stage], sessions: Sequence[PastSession],
                settings: ProgressionSettings, today: date,
                overrides: Iterable[Stage] = ()) -> dict[Stage, StageStatus]:
    """The status of each stage of the programme, in clinical order."""
    ordered = [s for s in STAGE_ORDER if s in stages]
    forced = set(overrides)
    out: dict[Stage, StageStatus] = {}
    previous: Stage | None = None
    for stage in ordered:
        if previous is None:
            out[stage] = StageStatus(stage, True, "The first stage of your programme.")
        elif stage in forced:
            out[stage] = StageStatus(stage, True, "Opened by your therapist.")
        elif not out[previous].unlocked:
            out[stage] = StageStatus(stage, False,
                                     f"Opens after '{STAGE_TITLES[previous]}'.")
        else:
            ready, why = (laterality_ready(sessions, settings, today) if previous == "laterality"
                          else practice_ready(sessions, previous, settings, today))
            out[stage] = StageStatus(stage, ready, why)
        previous = stage
    return out


def flare_recheck(sessions: Sequence[PastSession], settings: ProgressionSettings,
                  today: date, days: int = 3) -> str:
    """A gentle suggestion to re-check left/right after a pain flare ("" if none)."""
    since = today - timedelta(days=days - 1)
    for s in sessions:
        if s.day < since or s.pain_before is None or s.pain_after is None:
            continue
        if s.pain_after - s.pain_before >= settings.flare_points or s.stopped_for_pain:
            later = [x for x in sessions if x.stage == "laterality" and x.completed
                     and x.day >= s.day]
            if not later:
                return ("Pain was higher recently. A short 'Left or right?' session helps "
                        "your therapist see how you are doing.")
    return ""


@dataclass(frozen=True)
class Criterion:
    """One condition for opening the next stage, met or not, with the figure behind it."""

    words: str
    met: bool
    figure: str


def next_stage_criteria(stage: Stage, sessions: Sequence[PastSession],
                        settings: ProgressionSettings, today: date) -> list[Criterion]:
    """Each criterion for leaving `stage`, for a clinician's table (the same rules as
    `laterality_ready` and `practice_ready`, listed one by one instead of the first unmet)."""
    if stage != "laterality":
        since = today - timedelta(days=settings.window_days - 1)
        days = len(_days(sessions, stage, since))
        last = [s for s in sessions if s.stage == stage][-3:]
        stops = sum(s.stopped_for_pain for s in last)
        return [
            Criterion(f"practised on {settings.practice_days} of {settings.window_days} days",
                      days >= settings.practice_days, f"{days} days"),
            Criterion("no pain stops in the last 3 sessions", stops == 0,
                      f"{stops} stop{'s' if stops != 1 else ''}"),
        ]
    since = today - timedelta(days=settings.stable_days - 1)
    recent = [s for s in sessions if s.stage == "laterality" and s.completed
              and s.day >= since and s.laterality is not None]
    needed = math.ceil(settings.stable_days * 0.7)
    days = len({s.day for s in recent})
    out = [Criterion(f"practised on {needed} of the last {settings.stable_days} days",
                     days >= needed, f"{days} days")]
    worst_acc: float | None = None
    worst_rt: float | None = None
    too_fast = False
    gap_acc = 0.0
    gap_rt = 0.0
    for s in recent:
        sides = [s.laterality.by_side.get(x) for x in ("left", "right")]  # type: ignore[union-attr]
        if any(g is None or not g.n for g in sides):
            worst_acc = 0.0
            continue
        for g in sides:
            worst_acc = g.accuracy if worst_acc is None else min(worst_acc, g.accuracy)  # type: ignore[union-attr,type-var]
            rt = g.rt_median_ms  # type: ignore[union-attr]
            if rt is not None:
                worst_rt = rt if worst_rt is None else max(worst_rt, rt)
                too_fast = too_fast or rt < TOO_FAST_MS
        left, right = sides
        gap_acc = max(gap_acc, abs(left.accuracy - right.accuracy))  # type: ignore[union-attr,operator]
        if left.rt_median_ms is not None and right.rt_median_ms is not None:  # type: ignore[union-attr]
            gap_rt = max(gap_rt, abs(left.rt_median_ms - right.rt_median_ms))  # type: ignore[union-attr]
    have = bool(recent)
    out.append(Criterion(f"each side >= {settings.accuracy:.0%} correct every day",
                         have and worst_acc is not None and worst_acc >= settings.accuracy,
                         "-" if worst_acc is None else f"lowest {worst_acc:.0%}"))
    out.append(Criterion(f"each side within {settings.rt_ms / 1000:.1f} s (not under 0.5 s)",
                         have and worst_rt is not None and worst_rt <= settings.rt_ms
                         and not too_fast,
                         "-" if worst_rt is None else
                         f"slowest {worst_rt / 1000:.2f} s" + (", some too fast" if too_fast
                                                               else "")))
    out.append(Criterion(f"sides alike: accuracy gap <= {settings.side_gap_accuracy:.0%}, "
                         f"speed gap <= {settings.side_gap_rt_ms / 1000:.2f} s",
                         have and gap_acc <= settings.side_gap_accuracy
                         and gap_rt <= settings.side_gap_rt_ms,
                         f"largest {gap_acc:.0%}, {gap_rt / 1000:.2f} s" if have else "-"))
    return out
