"""What a therapist's overview says about one patient: recent practice, trends, flags.

Pure: it gets one patient's recent history (already read by the store) and
today's date, and answers in numbers and plain sentences. The clinic
overview (gmi/clinic/overview.py) computes it for every patient on the machine,
from the SQLite index or, as a reference, from the journals themselves.

Windows: "this week" is the 7 calendar days ending today (today included, so
a check-in this morning counts) and "the week before" the 7 days before that.
Days are the patient's own recorded wall-clock days (practice_days.py).

The rules, and why:
- Trend arrows compare this week with the week before. Accuracy pools every
  answer of each week (a 40-answer session weighs more than a stopped one)
  and moves the arrow at the lower bound of the smallest detectable change
  (5 points: "possibly better/worse" in reports). Pain compares the mean of
  each week's daily pain and moves the arrow at 1 point, the change that
  matters to patients (Farrar 2001). The arrow is the direction of the
  number: for pain, up is worse.
- "Pain up" is flagged at a rise of 2 points or more (Farrar's "much" and the
  flare threshold of progression.py), with pain on at least 3 days of each
  week so that one bad day does not call the clinic.
- "Accuracy falling" is flagged at a drop of at least the upper bound of the
  smallest detectable change (14 points: a change even on the least reliable
  measurements, "worse" in reports), with at least 80 answers (two standard
  sessions) in each week. With 200 patients a looser rule would flag several
  of them every day by chance: at 85 % correct and 80 answers a side, the
  week-to-week difference has a standard error of about 5.6 points.
- "No session for 5 days" counts whole days since the last practised day
  (a session with at least one saved step).
- The current stage is the furthest stage (clinical order) with a completed
  session in the 14 days up to the last completed session. Furthest, not
  latest, because a flare or a short session goes back to an easier stage
  for a day without the person having moved back; anchored at the last
  completed session so that a patient who stopped still shows where they
  were. It needs no protocol or progression rules, which differ by patient.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gmi.model.norms import PAIN_MEANINGFUL, PAIN_MUCH_BETTER, SDC_ACCURACY
from gmi.model.stages import STAGE_ORDER, Stage

WEEK = 7
RECENT_DAYS = 14  # "days practised in the last 14" and the current-stage window
NO_SESSION_DAYS = 5
PAIN_FLAG_POINTS = PAIN_MUCH_BETTER[0]  # 2 points
PAIN_ARROW_POINTS = PAIN_MEANINGFUL[0]  # 1 point
MIN_PAIN_DAYS = 3  # days with a pain rating in each week before pain is compared
ACCURACY_FLAG_DROP = SDC_ACCURACY[1]  # 0.14
ACCURACY_ARROW_CHANGE = SDC_ACCURACY[0]  # 0.05
MIN_ANSWERS = 80  # laterality answers in each week before accuracy is compared
_EPS = 1e-9  # differences are computed in floating point: 5.1 - 3.1 must still count as 2

UP, DOWN, FLAT = "↑", "↓", "→"

FLAG_PAIN = "pain_up"
FLAG_ACCURACY = "accuracy_down"
FLAG_AWAY = "no_session"
FLAG_NEVER = "no_sessions_yet"


@dataclass(frozen=True)
class SessionFacts:
    """One session reduced to what the overview needs (or several of one day and stage)."""

    day: date
    stage: Stage
    completed: bool  # ended with outcome "completed"
    practised: bool  # at least one saved step: the day counts as practised
    answers: int = 0  # laterality test answers (practice trials never count)
    correct: int = 0
    left: tuple[int, int] = (0, 0)  # (answers, correct) of left pictures
    right: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class PatientHistory:
    """One patient's history as far back as `needed_since` asks, plus two all-time dates.

    Sessions and pain ratings after `today` (a wrong clock) are ignored.
    """

    last_practised: date | None  # newest practised day up to today, all time
    last_completed: date | None  # newest day with a completed session up to today, all time
    sessions: tuple[SessionFacts, ...] = ()
    pain: tuple[tuple[date, float], ...] = ()  # pain ratings (NRS 0-10) with their day


@dataclass(frozen=True)
class Trend:
    """This week against the week before, for one measure."""

    arrow: str  # UP, DOWN, FLAT, or "" when there is too little to compare
    recent: float | None  # this week's value (accuracy as a proportion, pain in points)
    before: float | None
    note: str  # plain words: "82 % (was 74 %)", "too few answers to compare"

    @property
    def change(self) -> float | None:
        if self.recent is None or self.before is None:
            return None
        return self.recent - self.before


@dataclass(frozen=True)
class Flag:
    kind: str  # FLAG_* constant, for colour or filtering
    text: str  # one plain sentence with the numbers


@dataclass(frozen=True)
class PatientStatus:
    last_session: date | None
    days_since: int | None  # whole days since the last practised day
    days_14: int  # days practised in the last 14 (today included)
    current_stage: Stage | None
    accuracy: Trend
    pain: Trend
    flags: tuple[Flag, ...]
    left_accuracy: Trend | None = None  # per side: affected and unaffected read apart
    right_accuracy: Trend | None = None


def needed_since(today: date, last_completed: date | None) -> date:
    """The first day whose sessions and pain ratings `patient_status` looks at."""
    anchor = today if last_completed is None else min(today, last_completed)
    return min(today - timedelta(days=2 * WEEK - 1), anchor - timedelta(days=RECENT_DAYS - 1))


def _weeks(today: date) -> tuple[date, date]:
    """First days of this week and of the week before."""
    return today - timedelta(days=WEEK - 1), today - timedelta(days=2 * WEEK - 1)


def days_practised_recently(sessions: Iterable[SessionFacts], today: date) -> int:
    since = today - timedelta(days=RECENT_DAYS - 1)
    return len({s.day for s in sessions if s.practised and since <= s.day <= today})


def current_stage(sessions: Iterable[SessionFacts], last_completed: date | None) -> Stage | None:
    """The furthest stage completed in the 14 days up to the last completed session."""
    if last_completed is None:
        return None
    since = last_completed - timedelta(days=RECENT_DAYS - 1)
    done = {s.stage for s in sessions if s.completed and since <= s.day <= last_completed}
    ordered = [stage for stage in STAGE_ORDER if stage in done]
    return ordered[-1] if ordered else None


def _pooled(sessions: Sequence[SessionFacts], first: date, last: date,
            side: str | None = None) -> tuple[int, int]:
    """(answers, correct) from `first` to `last`: both sides, or one `side`."""
    inside = [(s.answers, s.correct) if side is None else getattr(s, side)
              for s in sessions if first <= s.day <= last]
    return sum(n for n, _ in inside), sum(ok for _, ok in inside)


def accuracy_weeks(sessions: Sequence[SessionFacts], today: date, side: str | None = None
                   ) -> tuple[tuple[int, int], tuple[int, int]]:
    """(answers, correct) of this week and of the week before (both sides, or `side`)."""
    this_week, week_before = _weeks(today)
    return (_pooled(sessions, this_week, today, side),
            _pooled(sessions, week_before, this_week - timedelta(days=1), side))


def daily_pain(ratings: Iterable[tuple[date, float]]) -> dict[date, float]:
    """Each day's pain: the mean of that day's ratings (order does not matter: fsum)."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for day, value in ratings:
        by_day[day].append(float(value))
    return {day: statistics.fmean(values) for day, values in by_day.items()}


def pain_weeks(ratings: Iterable[tuple[date, float]], today: date
               ) -> tuple[list[float], list[float]]:
    """Daily pain values of this week and of the week before."""
    this_week, week_before = _weeks(today)
    days = daily_pain(ratings)
    recent = [v for d, v in sorted(days.items()) if this_week <= d <= today]
    before = [v for d, v in sorted(days.items()) if week_before <= d < this_week]
    return recent, before


def _arrow(change: float, threshold: float) -> str:
    if change >= threshold - _EPS:
        return UP
    if change <= -threshold + _EPS:
        return DOWN
    return FLAT


def accuracy_trend(sessions: Sequence[SessionFacts], today: date,
                   side: str | None = None) -> Trend:
    """Accuracy this week against the week before: both sides pooled, or one `side`
    ("left" or "right", which needs half the answers)."""
    (n_now, ok_now), (n_then, ok_then) = accuracy_weeks(sessions, today, side)
    recent = ok_now / n_now if n_now else None
    before = ok_then / n_then if n_then else None
    needed = MIN_ANSWERS if side is None else MIN_ANSWERS // 2
    if n_now < needed or n_then < needed:
        shown = f"{recent:.0%} this week; " if recent is not None else ""
        answers = "answers" if side is None else f"{side} answers"
        return Trend("", recent, before, f"{shown}too few {answers} to compare "
                     f"(needs {needed} a week, had {n_now} and {n_then})")
    assert recent is not None and before is not None
    return Trend(_arrow(recent - before, ACCURACY_ARROW_CHANGE), recent, before,
                 f"{recent:.0%} correct (week before {before:.0%})")


def pain_trend(ratings: Sequence[tuple[date, float]], today: date) -> Trend:
    now, then = pain_weeks(ratings, today)
    recent = statistics.fmean(now) if now else None
    before = statistics.fmean(then) if then else None
    if len(now) < MIN_PAIN_DAYS or len(then) < MIN_PAIN_DAYS:
        shown = f"{recent:.1f} this week; " if recent is not None else ""
        return Trend("", recent, before, f"{shown}too few days with a pain rating to compare "
                     f"(needs {MIN_PAIN_DAYS} a week, had {len(now)} and {len(then)})")
    assert recent is not None and before is not None
    return Trend(_arrow(recent - before, PAIN_ARROW_POINTS), recent, before,
                 f"{recent:.1f} of 10 (week before {before:.1f})")


def trend_reading(trend: Trend | None, higher_is_better: bool) -> str:
    """'better', 'worse', 'steady', or '' when there is too little to compare.

    Arrows show the direction of the number; whether that is good depends on
    the measure (accuracy up is better, pain up is worse), so screens colour
    and word the reading, not the arrow.
    """
    if trend is None or not trend.arrow:
        return ""
    if trend.arrow == FLAT:
        return "steady"
    return "better" if (trend.arrow == UP) == higher_is_better else "worse"


def _short(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def attendance_flag(last: date | None, today: date) -> Flag | None:
    if last is None:
        return Flag(FLAG_NEVER, "No sessions yet.")
    away = (today - last).days
    if away >= NO_SESSION_DAYS:
        return Flag(FLAG_AWAY, f"No session for {away} days (last on {_short(last)}).")
    return None


def pain_flag(trend: Trend) -> Flag | None:
    change = trend.change
    if not trend.arrow or change is None or change < PAIN_FLAG_POINTS - _EPS:
        return None
    return Flag(FLAG_PAIN, f"Pain up {change:.1f} points this week "
                           f"({trend.recent:.1f} vs {trend.before:.1f}).")


def accuracy_flag(trend: Trend, sessions: Sequence[SessionFacts], today: date) -> Flag | None:
    change = trend.change
    if not trend.arrow or change is None or -change < ACCURACY_FLAG_DROP - _EPS:
        return None
    (n_now, _), (n_then, _) = accuracy_weeks(sessions, today)
    return Flag(FLAG_ACCURACY, f"Left/right accuracy down {-change * 100:.0f} points this week "
                               f"({trend.recent:.0%} vs {trend.before:.0%}, "
                               f"{n_now} and {n_then} answers).")


def patient_status(history: PatientHistory, today: date) -> PatientStatus:
    """Everything the overview shows for one patient, as of `today`."""
    first = needed_since(today, history.last_completed)
    sessions = tuple(s for s in history.sessions if first <= s.day <= today)
    ratings = tuple((d, v) for d, v in history.pain
                    if first <= d <= today and not math.isnan(v))
    last = history.last_practised
    accuracy = accuracy_trend(sessions, today)
    pain = pain_trend(ratings, today)
    flags = tuple(f for f in (attendance_flag(last, today), pain_flag(pain),
                              accuracy_flag(accuracy, sessions, today)) if f is not None)
    return PatientStatus(
        last_session=last,
        days_since=None if last is None else (today - last).days,
        days_14=days_practised_recently(sessions, today),
        current_stage=current_stage(sessions, history.last_completed),
        accuracy=accuracy,
        pain=pain,
        flags=flags,
        left_accuracy=accuracy_trend(sessions, today, "left"),
        right_accuracy=accuracy_trend(sessions, today, "right"),
    )
