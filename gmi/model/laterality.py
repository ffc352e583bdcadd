"""Laterality recognition: the trial schedule and the rules of one trial.

Scheduling rules (issue 3, DESIGN.md section 6): sides balanced, never more
than three of one side in a row, angles from an even set of 4/6/8/12, views
from the protocol, every angle shown about equally often for each side.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from gmi.model.stages import Side

MAX_RUN = 3
Rotation = Literal["medial", "lateral", "neutral"]


def angle_set(count: int) -> list[int]:
    """Evenly spaced clockwise angles: 4 -> 0, 90, 180, 270; 1 -> upright only."""
    if count not in (1, 4, 6, 8, 12):
        raise ValueError("angles must be 1, 4, 6, 8 or 12")
    return [i * 360 // count for i in range(count)]


def rotation_kind(side: Side, angle: float) -> Rotation:
    """Medial or lateral rotation (ter Horst 2010; DESIGN.md section 6).

    For a right hand, clockwise 1-179 degrees turns the fingers away from the
    body's midline (lateral) and 181-359 toward it (medial); reversed for the
    left. Upright (0) and upside down (180) are neither.
    """
    a = angle % 360
    if a in (0, 180):
        return "neutral"
    clockwise_lateral = a < 180
    return "lateral" if clockwise_lateral == (side == "right") else "medial"


@dataclass(frozen=True)
class PlannedTrial:
    index: int
    practice: bool
    side: Side
    view: str
    angle: int
    pick: int  # which posture/skin/photo the stimulus set uses


def balanced_sides(count: int, rng: random.Random) -> list[Side]:
    """A random order with equal sides (one extra if odd) and no run over MAX_RUN.

    Built one trial at a time in O(count): each next side is drawn at random,
    weighted by how many of each side are still to come (as a shuffle would),
    among the sides that keep the rest placeable without a run over MAX_RUN.
    Shuffling until a shuffle happens to pass is slow at a few hundred trials
    and fails for most seeds, and a fixed fallback pattern (LLRRLLRR) lets a
    patient predict the answer instead of recognising the hand.
    """
    half = count // 2
    left = right = half
    if count % 2:
        if rng.random() < 0.5:
            left += 1
        else:
            right += 1
    sides: list[Side] = []
    last: Side | None = None
    run = 0
    for _ in range(count):
        allowed: list[tuple[Side, int]] = []
        for side, todo, other in (("left", left, right), ("right", right, left)):
            if todo == 0:
                continue
            after = run + 1 if side == last else 1
            if after <= MAX_RUN and _placeable(todo - 1, other, after):
                allowed.append((side, todo))
        # A feasible start stays feasible, so `allowed` is never empty.
        pick = rng.randrange(sum(todo for _, todo in allowed))
        side = allowed[0][0] if pick < allowed[0][1] else allowed[-1][0]
        sides.append(side)
        run = run + 1 if side == last else 1
        last = side
        if side == "left":
            left -= 1
        else:
            right -= 1
    return sides


def _placeable(same: int, other: int, run: int) -> bool:
    """Whether `same` more of the side just shown (already `run` in a row) and
    `other` of the other side fit in some order with no run over MAX_RUN.

    The other side's trials form k blocks of 1..MAX_RUN; the side just shown
    may add up to MAX_RUN - run before the first block, needs at least one
    between blocks and may add up to MAX_RUN after the last one. So some k
    with ceil(other / MAX_RUN) <= k <= other must have
    k - 1 <= same <= (MAX_RUN - run) + MAX_RUN * k.
    """
    if other == 0:
        return same <= MAX_RUN - run
    low = max(-(-other // MAX_RUN), -(-(same - MAX_RUN + run) // MAX_RUN))
    high = min(other, same + 1)
    return low <= high


def make_schedule(
    trials: int,
    practice_trials: int,
    angles: int,
    views: Sequence[str],
    seed: int | None = None,
) -> list[PlannedTrial]:
    """Practice trials, then test trials, following the scheduling rules."""
    if trials < 1:
        raise ValueError("trials must be at least 1")
    if not views:
        raise ValueError("at least one view is needed")
    rng = random.Random(seed)
    plan: list[PlannedTrial] = []
    for practice, count in ((True, practice_trials), (False, trials)):
        if count == 0:
            continue
        sides = balanced_sides(count, rng)
        # deal angle x view combinations to each side in shuffled rounds
        combos = [(a, v) for a in angle_set(angles) for v in views]
        decks: dict[str, list[tuple[int, str]]] = {"left": [], "right": []}
        for side in sides:
            if not decks[side]:
                decks[side] = combos[:]
                rng.shuffle(decks[side])
            angle, view = decks[side].pop()
            plan.append(PlannedTrial(len(plan), practice, side, view, angle,
                                     rng.randrange(1 << 30)))
    return plan


Response = Literal["left", "right"]


class TrialRecord(BaseModel):
    """One answered (or missed) trial, exactly as journaled."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    index: int = Field(ge=0)
    practice: bool
    side: Side
    view: str
    angle: int = Field(ge=0, lt=360)
    rotation: Rotation
    posture: str = ""
    skin: str = ""
    source: str = "rendered"
    response: Response | None
    rt_ms: float | None = Field(default=None, ge=0)
    correct: bool
    timed_out: bool
    input: str = ""  # "key", "button", "mouse"


def judge(trial: PlannedTrial, response: Response | None, rt_ms: float | None,
          posture: str = "", skin: str = "", source: str = "rendered",
          input: str = "", view: str = "") -> TrialRecord:
    """The record of one trial: a missing response is a miss, never correct.

    `view` is the view actually shown (a photo set may not have the planned one).
    """
    return TrialRecord(
        index=trial.index, practice=trial.practice, side=trial.side, view=view or trial.view,
        angle=trial.angle, rotation=rotation_kind(trial.side, trial.angle), posture=posture,
        skin=skin, source=source, response=response,
        rt_ms=None if response is None else rt_ms,
        correct=response == trial.side, timed_out=response is None, input=input,
    )


class LateralityRun:
    """Where a laterality session stands: pure state, no clock, no Qt.

    The screen tells it what happened (an answer, a time-out, a pause); it
    says which trial is current and returns the record to journal.
    """

    def __init__(self, plan: Sequence[PlannedTrial]) -> None:
        self.plan = list(plan)
        self.position = 0
        self.records: list[TrialRecord] = []

    @property
    def current(self) -> PlannedTrial | None:
        return self.plan[self.position] if self.position < len(self.plan) else None

    @property
    def done(self) -> bool:
        return self.position >= len(self.plan)

    @property
    def test_total(self) -> int:
        return sum(not t.practice for t in self.plan)

    @property
    def test_done(self) -> int:
        return sum(not r.practice for r in self.records)

    @property
    def practice_total(self) -> int:
        return len(self.plan) - self.test_total

    def record(self, response: Response | None, rt_ms: float | None, **details: str) -> TrialRecord:
        """Close the current trial with an answer (or None for a time-out)."""
        trial = self.current
        if trial is None:
            raise RuntimeError("the session has no trial left")
        result = judge(trial, response, rt_ms, **details)
        self.records.append(result)
        self.position += 1
        return result


_TRIALS = TypeAdapter(list[TrialRecord])


def records_from_events(events: Sequence[object]) -> list[TrialRecord]:
    """Trial records from journal events, skipping anything that does not validate.

    All trials are validated in one call (fast for a year of sessions); only if
    that fails is each checked on its own, to keep every good one.
    """
    data = [event.data for event in events  # type: ignore[attr-defined]
            if getattr(event, "kind", None) == "trial"]
    try:
        return _TRIALS.validate_python(data)
    except ValueError:
        pass
    out = []
    for item in data:
        try:
            out.append(TrialRecord.model_validate(item))
        except ValueError:
            continue
    return out
