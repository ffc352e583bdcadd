"""Scoring laterality trials: accuracy and response time, with how sure we are.

Response times are taken from correct, answered trials (the convention of
laterality studies). Accuracy carries a Wilson 95 % interval, because 20
trials per side cannot pin a proportion down to the percent, and a therapist
should see that.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from gmi.model.laterality import TrialRecord
from gmi.model.norms import (
    HAND_FOOT,
    PRACTICE_EFFECT_RT,
    SDC_ACCURACY,
    SDC_RT_MS,
    TOO_FAST_MS,
    LateralityNorm,
)
from gmi.model.task_words import side_group, task_words


@dataclass(frozen=True)
class Group:
    n: int
    correct: int
    timed_out: int
    rt_median_ms: float | None
    rt_mean_ms: float | None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None

    @property
    def accuracy_ci(self) -> tuple[float, float] | None:
        return wilson_interval(self.correct, self.n) if self.n else None


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % confidence interval of a proportion (Wilson score)."""
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def group(trials: Sequence[TrialRecord]) -> Group:
    times = [t.rt_ms for t in trials if t.correct and t.rt_ms is not None]
    return Group(
        n=len(trials),
        correct=sum(t.correct for t in trials),
        timed_out=sum(t.timed_out for t in trials),
        rt_median_ms=statistics.median(times) if times else None,
        rt_mean_ms=statistics.fmean(times) if times else None,
    )


def _by(trials: Sequence[TrialRecord], key: Callable[[TrialRecord], object]) -> dict:
    """Groups by `key`, in the keys' text order; one pass (a year of history scores
    every day, so a pass per key showed in the History tab's time)."""
    split: dict[object, list[TrialRecord]] = {}
    for t in trials:
        split.setdefault(key(t), []).append(t)
    return {k: group(split[k]) for k in sorted(split, key=str)}


@dataclass(frozen=True)
class LateralityScore:
    overall: Group
    by_side: dict[str, Group]
    by_view: dict[str, Group]
    by_angle: dict[int, Group]
    by_rotation: dict[str, Group]  # medial / lateral / neutral


def score(trials: Iterable[TrialRecord]) -> LateralityScore:
    """Score the test trials (practice trials never count)."""
    test = [t for t in trials if not t.practice]
    by_angle = _by(test, lambda t: t.angle)
    return LateralityScore(
        overall=group(test),
        by_side=_by(test, lambda t: t.side),
        by_view=_by(test, lambda t: t.view),
        by_angle=dict(sorted(by_angle.items())),
        by_rotation=_by(test, lambda t: t.rotation),
    )


Speed = Literal["within", "slower", "faster", "too fast", "no data"]

SPEED_WORDS: dict[str, str] = {
    "within": "within the band",
    "slower": "slower than the band",
    "faster": "faster than the band",
    "too fast": "too fast to be a judgement (under 0.5 s)",
    "no data": "no correct answers timed",
}


def judge_speed(rt_median_ms: float | None, norm: LateralityNorm = HAND_FOOT) -> Speed:
    """Where a median response time lies against the body part's band."""
    if rt_median_ms is None:
        return "no data"
    if rt_median_ms < TOO_FAST_MS:
        return "too fast"
    if rt_median_ms < norm.rt_lower_ms:
        return "faster"
    if rt_median_ms > norm.rt_upper_ms:
        return "slower"
    return "within"


@dataclass(frozen=True)
class SideVerdict:
    """One side against the norm. `speed_ok` only inside the band; a patient who is
    quicker than the band (but not too fast) is `quick_enough` for the patient's words."""

    side: str
    accuracy_ok: bool | None
    speed_ok: bool | None
    speed: Speed = "no data"

    @property
    def within(self) -> bool:
        return bool(self.accuracy_ok and self.speed_ok)

    @property
    def quick_enough(self) -> bool | None:
        return None if self.speed == "no data" else self.speed in ("within", "faster")


def against_norm(result: LateralityScore, norm: LateralityNorm = HAND_FOOT) -> list[SideVerdict]:
    out = []
    for side in ("left", "right"):
        g = result.by_side.get(side)
        if g is None or g.n == 0:
            out.append(SideVerdict(side, None, None))
            continue
        speed = judge_speed(g.rt_median_ms, norm)
        out.append(SideVerdict(side, g.accuracy >= norm.accuracy_target,  # type: ignore[operator]
                               None if speed == "no data" else speed == "within", speed))
    return out


def side_gap(result: LateralityScore) -> tuple[float | None, float | None]:
    """Left minus right: accuracy (proportion) and median RT (ms); None when missing."""
    left, right = result.by_side.get("left"), result.by_side.get("right")
    if not left or not right or not left.n or not right.n:
        return None, None
    acc = left.accuracy - right.accuracy  # type: ignore[operator]
    rt = (None if left.rt_median_ms is None or right.rt_median_ms is None
          else left.rt_median_ms - right.rt_median_ms)
    return acc, rt


def gap_outside(result: LateralityScore) -> bool:
    """Sides differ by more than the upper smallest detectable change (either measure)."""
    acc, rt = side_gap(result)
    return ((acc is not None and abs(acc) > SDC_ACCURACY[1])
            or (rt is not None and abs(rt) > SDC_RT_MS[1]))


def norm_findings(result: LateralityScore, norm: LateralityNorm = HAND_FOOT) -> list[str]:
    """Which measure is outside the norm, in words ([] when every measure is inside).

    Each finding names the measure (accuracy, speed, or the gap between sides)
    and the side, so "outside the norm" never leaves the reader guessing.
    """
    out = []
    for v in against_norm(result, norm):
        g = result.by_side.get(v.side)
        if g is None or not g.n:
            continue
        if v.accuracy_ok is False:
            out.append(f"accuracy {v.side} {g.accuracy:.0%} (below {norm.accuracy_target:.0%})")
        if v.speed in ("slower", "faster", "too fast"):
            out.append(f"speed {v.side} {seconds(g.rt_median_ms)} ({SPEED_WORDS[v.speed]})")
    if gap_outside(result):
        acc, rt = side_gap(result)
        parts = []
        if acc is not None and abs(acc) > SDC_ACCURACY[1]:
            parts.append(f"{abs(acc):.0%} in accuracy")
        if rt is not None and abs(rt) > SDC_RT_MS[1]:
            parts.append(f"{abs(rt) / 1000:.2f} s in speed")
        out.append("gap between sides " + " and ".join(parts))
    return out


def norm_verdict(result: LateralityScore, norm: LateralityNorm = HAND_FOOT) -> str:
    """'within the norm' or 'outside the norm: <which measures>'."""
    findings = norm_findings(result, norm)
    return "outside the norm: " + "; ".join(findings) if findings else "within the norm"


Change = str  # "better", "worse", "possibly better", "possibly worse", "no clear change"


def judge_change(delta: float, sdc: tuple[float, float], higher_is_better: bool) -> Change:
    """Compare a difference with the smallest detectable change, not by itself."""
    size = abs(delta)
    direction = (delta > 0) == higher_is_better
    if size >= sdc[1]:
        return "better" if direction else "worse"
    if size >= sdc[0]:
        return "possibly better" if direction else "possibly worse"
    return "no clear change"


def judge_rt_change(before_ms: float, after_ms: float) -> Change:
    """A response-time change, judged against the smallest detectable change *and*
    the practice effect: healthy people get about 8-20 % faster over three weeks of
    repeated testing, so a gain inside that range is not clinical change on its own."""
    change = judge_change(after_ms - before_ms, SDC_RT_MS, False)
    if change.endswith("better") and before_ms > 0:
        gain = (before_ms - after_ms) / before_ms
        if gain <= PRACTICE_EFFECT_RT[1]:
            return "faster, within the practice effect"
    return change


@dataclass(frozen=True)
class SideChange:
    side: str
    accuracy_delta: float | None
    accuracy_change: Change
    rt_delta_ms: float | None
    rt_change: Change


def against_previous(current: LateralityScore, previous: LateralityScore) -> list[SideChange]:
    out = []
    for side in ("left", "right"):
        now, then = current.by_side.get(side), previous.by_side.get(side)
        if not now or not then or not now.n or not then.n:
            out.append(SideChange(side, None, "no clear change", None, "no clear change"))
            continue
        acc = now.accuracy - then.accuracy  # type: ignore[operator]
        rt = (None if now.rt_median_ms is None or then.rt_median_ms is None
              else now.rt_median_ms - then.rt_median_ms)
        out.append(SideChange(
            side, acc, judge_change(acc, SDC_ACCURACY, True),
            rt, "no clear change" if rt is None else judge_change(rt, SDC_RT_MS, False)))
    return out


def seconds(ms: float | None) -> str:
    return "-" if ms is None else f"{ms / 1000:.2f} s"


def headline(result: LateralityScore) -> str:
    """One line for Home: '34 of 40 correct · left 1.84 s, right 2.10 s'."""
    g = result.overall
    parts = [f"{g.correct} of {g.n} correct"]
    times = [f"{side} {seconds(result.by_side[side].rt_median_ms)}"
             for side in ("left", "right") if side in result.by_side]
    if times:
        parts.append(", ".join(times))
    return " · ".join(parts)


def patient_summary(result: LateralityScore, previous: LateralityScore | None,
                    body_part: str, norm: LateralityNorm = HAND_FOOT) -> list[str]:
    """Calm, concrete sentences about what went well and what practice is for."""
    g = result.overall
    lines = [f"You named {g.correct} of {g.n} pictures correctly."]
    for side in ("left", "right"):
        s = result.by_side.get(side)
        if s and s.n:
            if s.rt_median_ms is None:
                speed = ""
            elif s.rt_median_ms < 1000:  # "about 0.0 seconds" named a zero
                speed = ", usually in under a second"
            else:
                speed = f", usually in about {s.rt_median_ms / 1000:.1f} seconds"
            group = side_group(body_part, side)  # type: ignore[arg-type]
            lines.append(f"{group[0].upper()}{group[1:]}: {s.correct} of {s.n}{speed}.")
    lines.append(f"For comparison: {norm.patient_words[0].lower()}{norm.patient_words[1:]}")
    verdicts = against_norm(result, norm)
    settled = [v.side for v in verdicts if v.accuracy_ok and v.quick_enough]
    if len(settled) == 2:
        lines.append("Both sides are within the range most people reach.")
    elif settled:
        other = "left" if settled == ["right"] else "right"
        if task_words(body_part).direction:  # a neck or back: "your left side" is no answer
            good = side_group(body_part, settled[0])  # type: ignore[arg-type]
            lines.append(f"{good[0].upper()}{good[1:]} are within the usual range; "
                         f"{side_group(body_part, other)} are what this practice is training.")  # type: ignore[arg-type]
        else:
            lines.append(f"Your {settled[0]} side is within the usual range; your {other} side "
                         "is what this practice is training.")
    else:
        lines.append("This is what the practice trains: with a few minutes every day, "
                     "it usually becomes quicker and surer.")
    if previous is not None:
        better = []
        for change in against_previous(result, previous):
            if change.accuracy_change.endswith("better"):
                better.append(f"{side_group(body_part, change.side)} more often right")  # type: ignore[arg-type]
            if change.rt_change.endswith("better"):
                better.append(f"{side_group(body_part, change.side)} quicker")  # type: ignore[arg-type]
        if better:
            lines.append("Compared with last time: " + "; ".join(better) + ".")
    return lines


def score_summary(result: LateralityScore) -> dict:
    """Plain numbers for the journal's end record and for reports."""

    def g(x: Group) -> dict:
        ci = x.accuracy_ci
        return {"n": x.n, "correct": x.correct, "timed_out": x.timed_out,
                "accuracy": x.accuracy, "accuracy_ci95": list(ci) if ci else None,
                "rt_median_ms": x.rt_median_ms, "rt_mean_ms": x.rt_mean_ms}

    return {
        "overall": g(result.overall),
        "by_side": {k: g(v) for k, v in result.by_side.items()},
        "by_view": {k: g(v) for k, v in result.by_view.items()},
        "by_angle": {str(k): g(v) for k, v in result.by_angle.items()},
        "by_rotation": {k: g(v) for k, v in result.by_rotation.items()},
    }
