"""Home's words and switches, made from the day's Overview (no Qt).

`home_view` decides everything Home says: the plan's lines and the stage the
big button starts (and why it may not), the gentle offers, the trail's small
wins (no zero named as a result) and each stage card's status. The screen
shows the :class:`~gmi.model.home_view.HomeView` it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import time

from gmi.app.overview import Overview, StageCard
from gmi.model.gentle import GentleOffer
from gmi.model.home_view import (
    GentleStart,
    HomeView,
    PlanRow,
    StageTile,
    StartButton,
    TrailView,
)
from gmi.model.plan import DayPlan, about_minutes, plan_words
from gmi.model.practice_days import Adherence
from gmi.model.reminder import sessions_words
from gmi.model.stages import STAGE_TITLES, Stage

MARKS = {"done": "✓", "next": "→", "later": "·"}
STEP_STATUS = {"done": "done", "next": "next", "later": "after that"}
WELCOME_BACK = ("Welcome back. It is good to see you. Every day of practice counts, "
                "whenever it comes; start with whatever feels right today.")


def home_view(overview: Overview, notices: Sequence[str], stage_problem: Callable[[Stage], str],
              session_times: Sequence[time] = (), setup_offered: bool = False) -> HomeView:
    """Everything Home shows for `overview`. `stage_problem`: why a stage may not start
    now, in words ("" when it may); `session_times`: the day's chosen times."""
    profile = overview.profile
    gentle = [t for t in (overview.interrupted_today, overview.flare_note) if t]
    days = overview.adherence
    back = days is not None and days.welcome_back
    short = _short_start(overview.short_offer) if back else None
    plan = overview.plan
    return HomeView(
        name=profile.display_name,
        subtitle=(f"{overview.protocol.title} · practising with your "
                  f"{profile.affected_side} {profile.body_part} in mind"),
        notices=tuple(gentle) + tuple(notices),
        welcome_back=(WELCOME_BACK + (" A shorter first session is a good way back in."
                                      if short is not None else "")) if back else "",
        short_start=short,
        plan_done=_plan_done(plan),
        sessions_line=("Today's sessions: " + sessions_words(
            session_times, plan.rounds_planned, plan.rounds_done)
            if plan.rounds_planned > 1 else ""),
        progress_line=_progress(plan),
        plan_rows=tuple(
            PlanRow(f"{MARKS[step.status]}  {step.title}",
                    f"{minutes} · {STEP_STATUS[step.status]}")
            for step, minutes in zip(plan.steps, plan_words(plan).rows, strict=True)),
        start=_start_button(overview, stage_problem),
        flare_start=_flare_start(overview.flare_offer, stage_problem),
        trail=None if days is None else _trail(days),
        tiles=tuple(_tile(card) for card in overview.cards),
        setup_offered=setup_offered,
    )


def _plan_done(plan: DayPlan) -> str:
    if not plan.all_done:
        return ""
    rounds = "" if plan.rounds_planned == 1 else f" ({plan.rounds_planned} sessions)"
    return (f"Today's practice is done{rounds}. That is what rewires, one day at a "
            "time. You may practise again if you like.")


def _progress(plan: DayPlan) -> str:
    """'Session 2 of 2 today · about 5 minutes' ("Session 1 of 1" says nothing to a
    one-session day; a day that is done has no minutes left)."""
    if plan.all_done:
        return ""
    session = ("" if plan.rounds_planned == 1 else
               f"Session {plan.rounds_done + 1} of {plan.rounds_planned} today · ")
    return f"{session}{plan_words(plan).total_left}"


def _start_button(overview: Overview, stage_problem: Callable[[Stage], str]) -> StartButton:
    plan = overview.plan
    next_step = plan.next_step
    stage = next_step.stage if next_step else (plan.steps[0].stage if plan.steps else None)
    if stage is None:
        return StartButton("Nothing is planned yet", None, "")
    title = next(c.title for c in overview.cards if c.stage == stage)
    verb = "Start" if next_step else "Practise again"
    return StartButton(f"{verb}: {title}", stage, stage_problem(stage))


def _short_start(offer: GentleOffer | None) -> GentleStart | None:
    if offer is None:
        return None
    return GentleStart(
        offer.stage, offer.mode, f"Start a shorter session ({about_minutes(offer.minutes)})",
        f"{STAGE_TITLES[offer.stage]}, about half the usual amount", "")


def _flare_start(offer: GentleOffer | None,
                 stage_problem: Callable[[Stage], str]) -> GentleStart | None:
    if offer is None:
        return None
    words = ("I'm sorry it is a hard day. Flares come and go, and they are part of "
             "recovery, not a step back. A gentler session today: "
             f"“{STAGE_TITLES[offer.stage]}” with about half the usual amount "
             f"({about_minutes(offer.minutes)}). Stop whenever you need to; whatever you "
             "do is saved.")
    return GentleStart(offer.stage, offer.mode, "Start the gentle session", "", words,
                       stage_problem(offer.stage))


def _trail(days: Adherence) -> TrailView:
    """Small wins only: no zero is named as a result."""
    week = "day" if days.this_week == 1 else "days"
    wins = []
    if days.this_week:
        wins.append(f"This week: {days.this_week} {week}")
    if days.last_4_weeks:
        wins.append(f"Last 4 weeks: {days.last_4_weeks} of 28 days")
    if days.in_a_row >= 2:
        wins.append(f"{days.in_a_row} days in a row")
    return TrailView(days.clarity, days.total, days.trail_sentence, days.strip,
                     " · ".join(wins) or "Your trail begins with your first practice.")


def _tile(card: StageCard) -> StageTile:
    state = "done" if card.done_today else ("" if card.in_plan else "off")
    if card.done_today:
        times = "once" if card.done_today == 1 else f"{card.done_today} times"
        status = f"✓ Done today ({times})"
    elif card.partial_today:
        status = f"Partly done today ({card.partial_today})"
    elif not card.in_plan:
        status = "Not part of your programme at the moment; your therapist can add it."
    elif not card.unlocked:
        status = card.why if card.why.startswith("Opens") else f"Opens later. {card.why}"
    else:
        status = "On today's plan"
    return StageTile(card.number, card.title, card.purpose, state, status,
                     card.last_result or "Not tried yet")
