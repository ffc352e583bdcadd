"""Today's plan: what to do next, how long it honestly takes, what is done.

A *round* is one pass through the stages the protocol has switched on, in
clinical order; the protocol asks for `sessions_per_day` rounds. Only
completed sessions count as done: an interrupted one is offered again.

Rounds are counted from the day's journals alone (`rounds_of_day`): each
journal carries the stages of the programme it ran under, so a round finished
this morning stays finished after the therapist adds a stage at noon ("Session
2 of 2" once flipped back to "1 of 2", when rounds were the fewest completions
of any stage of the programme as it is now).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from gmi.model.protocol import Protocol
from gmi.model.stages import STAGE_TITLES, Stage

# Typical pace per laterality image: about 2 s to answer (the norm) plus the pause.
_LATERALITY_SECONDS_PER_IMAGE = 2.0
_INTRO_SECONDS = 45.0

StepStatus = Literal["done", "next", "later"]


def stage_minutes(protocol: Protocol, stage: Stage) -> float:
    """Expected minutes for one session of `stage` under `protocol`."""
    if stage == "laterality":
        s = protocol.laterality
        per_image = _LATERALITY_SECONDS_PER_IMAGE + s.pause_between_s + 0.5
        seconds = (s.trials + s.practice_trials) * per_image
    elif stage == "imagery":
        s = protocol.imagery
        seconds = s.images * s.repetitions * (s.hold_s + 4.0) + s.images * 8.0 + 40.0
    elif stage == "mirror":
        seconds = protocol.mirror.minutes * 60.0 + 40.0
    else:
        seconds = sum(ex.target_reps * 3.0 + 20.0 for ex in protocol.tracking.exercises)
    return (seconds + _INTRO_SECONDS) / 60.0


def about_minutes(minutes: float) -> str:
    """Honest, round wording: 'about 4 minutes', 'about 15 minutes'."""
    whole = max(1, math.ceil(minutes - 0.25))
    if whole > 10:
        whole = 5 * math.ceil(whole / 5)
    return f"about {whole} minute{'s' if whole != 1 else ''}"


@dataclass(frozen=True)
class PlanStep:
    stage: Stage
    title: str
    minutes: float
    status: StepStatus


@dataclass(frozen=True)
class DayPlan:
    steps: tuple[PlanStep, ...]
    rounds_done: int
    rounds_planned: int

    @property
    def next_step(self) -> PlanStep | None:
        return next((s for s in self.steps if s.status == "next"), None)

    @property
    def minutes_left(self) -> float:
        return sum(s.minutes for s in self.steps if s.status != "done")

    @property
    def all_done(self) -> bool:
        return self.rounds_done >= self.rounds_planned


@dataclass(frozen=True)
class PlanWords:
    """Home's plan as shown: one line per step and a total that is their sum."""

    rows: tuple[str, ...]  # "about 4 minutes", one per step, in the plan's order
    total_left: str  # the steps not yet done, added up from the rows' own minutes
    day: str  # the rest of the day: "2 sessions of about 4 minutes" when several are left


def whole_minutes(minutes: float) -> int:
    """The minutes a step is shown with (at least 1; a quarter minute rounds down)."""
    return max(1, math.ceil(minutes - 0.25))


def plan_words(plan: DayPlan) -> PlanWords:
    """The rows and the total from one rounding, so the total is what the rows add up
    to (rounding the total on its own once said 20 beside rows of 25); and the day's
    words from the same rows, so the welcome and Home never disagree (the welcome once
    said "Today: about 4 minutes" for a programme of two such sessions a day)."""
    shown = [whole_minutes(s.minutes) for s in plan.steps]
    left = sum(n for n, s in zip(shown, plan.steps, strict=True) if s.status != "done")

    def words(n: int) -> str:
        return f"about {n} minute{'s' if n != 1 else ''}"

    total_left = words(max(left, 1))
    sessions_left = plan.rounds_planned - plan.rounds_done
    if sessions_left <= 1:  # one session (or none) left: its minutes are the day
        day = total_left
    elif left == sum(shown):  # nothing of this session done yet: whole sessions
        day = f"{sessions_left} sessions of {words(max(sum(shown), 1))}"
    else:  # part of this session done: the rest of it, then the whole ones
        more = sessions_left - 1
        day = (f"{total_left} now, then {more} more session{'s' if more != 1 else ''} "
               f"of {words(max(sum(shown), 1))}")
    return PlanWords(tuple(words(n) for n in shown), total_left, day)


@dataclass(frozen=True)
class DoneStage:
    """One session completed today, in the order done, with the stages of the
    programme it ran under and those open to the person then (both from its
    journal; None: not recorded, today's are used)."""

    stage: Stage
    programme: frozenset[Stage] | None = None
    open: frozenset[Stage] | None = None


@dataclass(frozen=True)
class Rounds:
    """The day's rounds as the journals tell them."""

    done: int  # rounds finished, each under the programme it was done with
    open: frozenset[Stage]  # the stages of the round under way (empty: none under way)


def rounds_of_day(completed_today: Sequence[DoneStage], unlocked: Collection[Stage]) -> Rounds:
    """Split the day's completed sessions into rounds and count the finished ones.

    A stage done again starts a new round. A round is finished when it holds every
    stage of its own programme that was open to the person when it was done (as
    its journals recorded them); so a later change of programme, or a stage that
    opens at noon, does not undo a finished round, and a restart reads the same
    count from the same files. `unlocked`: the stages open now, for journals that
    did not record theirs.
    """
    rounds: list[tuple[set[Stage], set[Stage]]] = []  # (stages done, stages it needs)
    for item in completed_today:
        if not rounds or item.stage in rounds[-1][0]:
            rounds.append((set(), set()))
        done, needed = rounds[-1]
        done.add(item.stage)
        programme = item.programme if item.programme is not None else unlocked
        opened = item.open if item.open is not None else unlocked
        needed.update(set(programme) & set(opened))
    finished = [done >= needed for done, needed in rounds]
    still_open = frozenset(rounds[-1][0]) if rounds and not finished[-1] else frozenset()
    return Rounds(sum(finished), still_open)


def todays_plan(protocol: Protocol, completed_today: Iterable[Stage | DoneStage],
                unlocked: Iterable[Stage] | None = None) -> DayPlan:
    """The plan for the current round, given the sessions completed today in order
    (plain stages: done under the current programme).

    `unlocked`: the stages progression has opened (default: all in the protocol).
    """
    allowed = set(protocol.stages if unlocked is None else unlocked)
    order = [s for s in protocol.stages_in_order if s in allowed]
    done_today = [d if isinstance(d, DoneStage) else DoneStage(d) for d in completed_today]
    rounds = rounds_of_day(done_today, order)
    rounds_done = rounds.done
    planned = protocol.sessions_per_day
    steps: list[PlanStep] = []
    next_marked = False
    for stage in order:
        done = stage in rounds.open or rounds_done >= planned
        if done:
            status: StepStatus = "done"
        elif not next_marked:
            status, next_marked = "next", True
        else:
            status = "later"
        steps.append(PlanStep(stage, STAGE_TITLES[stage], stage_minutes(protocol, stage), status))
    return DayPlan(tuple(steps), min(rounds_done, planned), planned)
