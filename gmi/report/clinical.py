"""The report's first page as data: a clinical summary a physiotherapist reads in 30 s.

Every figure is a row of a table (section, measure, value, reading), so the
PDF draws it and tests read it without a PDF. Readings compare against the
body part's norm (`gmi.model.norms`), the smallest detectable change and the
practice effect, never raw differences; sleep and waking are shown as a
pattern to discuss, never a diagnosis.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from gmi.model.checkin import CheckIn
from gmi.model.laterality import TrialRecord
from gmi.model.norms import PAIN_MEANINGFUL, SDC_ACCURACY, SDC_RT_MS, norm_for
from gmi.model.progression import PastSession, next_stage_criteria, progression
from gmi.model.protocol import Protocol, exercise_name
from gmi.model.scoring import (
    SPEED_WORDS,
    Group,
    LateralityScore,
    against_norm,
    judge_change,
    judge_rt_change,
    score,
    seconds,
)
from gmi.model.stages import STAGE_ORDER, STAGE_TITLES, plural
from gmi.model.words import counted, duration, times
from gmi.report.export import ExportRange, patient_label
from gmi.store.changelog import ProgrammeChange
from gmi.store.journal import JournalContents
from gmi.store.profiles import Profile

Flag = Literal["good", "attention", "neutral"]


class SummaryRow(BaseModel):
    """One line of the summary table."""

    model_config = ConfigDict(frozen=True)

    section: str
    measure: str
    value: str
    reading: str = ""
    flag: Flag = "neutral"


class ClinicalSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    subtitle: str
    rows: list[SummaryRow]

    def text(self) -> str:
        """Everything on the page as plain lines (for tests and screen readers)."""
        return "\n".join([self.title, self.subtitle] + [
            f"{r.section} | {r.measure} | {r.value} | {r.reading}" for r in self.rows])


def fmt_day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _day(c: JournalContents) -> date:
    return c.header.started_at.astimezone().date()


def _side_name(side: str, profile: Profile) -> str:
    role = "affected" if side == profile.affected_side else "unaffected"
    return f"{side.capitalize()} {profile.body_part} ({role})"


def _pct_ci(g: Group) -> str:
    low, high = g.accuracy_ci  # type: ignore[misc]
    return f"{g.accuracy:.0%} (95% CI {low:.0%}-{high:.0%}, n={g.n})"


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


class _Period:
    """First and last day of the report and its first and last week."""

    def __init__(self, span: ExportRange, journals: list[JournalContents],
                 checkins: list[CheckIn], made: date) -> None:
        days = [_day(c) for c in journals] + [c.day for c in checkins]
        self.first = span.start or (min(days) if days else made)
        self.last = span.end or (max(days) if days else made)
        self.last = min(self.last, max(made, self.first))
        self.days = (self.last - self.first).days + 1

    def first_week(self, day: date) -> bool:
        return self.first <= day < self.first + timedelta(days=7)

    def last_week(self, day: date) -> bool:
        return self.last - timedelta(days=6) <= day <= self.last


def _identity(profile: Profile, period: _Period, protocol: Protocol, made: date,
              pseudonymise: bool) -> list[SummaryRow]:
    s = "Patient"
    return [
        SummaryRow(section=s, measure="Patient code", value=patient_label(profile, pseudonymise),
                   reading=f"{profile.affected_side} {profile.body_part} affected; "
                           f"report made {fmt_day(made)}"),
        SummaryRow(section=s, measure="Period",
                   value=f"{fmt_day(period.first)} to {fmt_day(period.last)} "
                         f"({counted(period.days, 'day')})"),
        SummaryRow(section=s, measure="Programme",
                   value=f"{protocol.title}: " + ", ".join(STAGE_TITLES[x] for x in STAGE_ORDER
                                                          if x in protocol.stages)
                   + f"; {protocol.sessions_per_day} a day"),
    ]


def _stage(profile: Profile, journals: list[JournalContents], protocol: Protocol,
           past: list[PastSession], today: date) -> list[SummaryRow]:
    s = "Stage"
    status = progression(protocol.stages, past, protocol.progression, today, profile.unlocked)
    opened = [x for x in STAGE_ORDER if x in status and status[x].unlocked]
    current = opened[-1] if opened else protocol.stages[0]
    started = [_day(c) for c in journals if c.header.stage == current]
    since = (f"{counted((today - min(started)).days + 1, 'day')} since the first session "
             f"({fmt_day(min(started))})" if started else "not practised yet")
    rows = [SummaryRow(section=s, measure="Current stage", value=STAGE_TITLES[current],
                       reading=since)]
    ordered = [x for x in STAGE_ORDER if x in protocol.stages]
    following = ordered[ordered.index(current) + 1:] if current in ordered else []
    if not following:
        rows.append(SummaryRow(section=s, measure="Next stage",
                               value="none: the last stage of the programme"))
        return rows
    rows.append(SummaryRow(section=s, measure="Next stage",
                           value=f"{STAGE_TITLES[following[0]]}: opens when all are met"))
    for c in next_stage_criteria(current, past, protocol.progression, today):
        rows.append(SummaryRow(section=s, measure=c.words, value=c.figure,
                               reading="met" if c.met else "not met",
                               flag="good" if c.met else "attention"))
    return rows


def _adherence(journals: list[JournalContents], protocol: Protocol,
               period: _Period) -> list[SummaryRow]:
    """Days practised and rounds of the programme done against sessions_per_day.

    A round is the day's programme; it is counted from the stage practised
    most often that day, so a day with laterality and imagery counts once.
    """
    per_day: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in journals:
        if c.end is not None and c.end.outcome == "completed":
            per_day[_day(c)][c.header.stage] += 1
    rounds = {d: min(max(stages.values()), protocol.sessions_per_day)
              for d, stages in per_day.items()}
    practised = {_day(c) for c in journals}
    rows = []
    for name, length in (("This week", 7), ("Last 4 weeks", 28), ("Whole period", period.days)):
        length = min(length, period.days)
        start = period.last - timedelta(days=length - 1)
        days = sum(start <= d <= period.last for d in practised)
        done = sum(n for d, n in rounds.items() if start <= d <= period.last)
        planned = protocol.sessions_per_day * length
        share = done / planned if planned else 0.0
        rows.append(SummaryRow(
            section="Adherence", measure=f"{name} ({counted(length, 'day')})",
            value=f"practised on {days} of {length} days; {done} of {planned} sessions "
                  f"planned ({protocol.sessions_per_day} a day)",
            reading=f"{share:.0%} of the prescription",
            flag="good" if share >= 0.7 else "attention"))
    return rows


def _pooled(journals: list[JournalContents], records: dict[str, list[TrialRecord]],
            keep) -> LateralityScore | None:
    trials: list[TrialRecord] = []
    for c in journals:
        if c.header.stage == "laterality" and c.end is not None and keep(_day(c)):
            trials += records.get(c.header.session_id, [])
    result = score(trials)
    return result if result.overall.n else None


def _laterality(profile: Profile, journals: list[JournalContents],
                records: dict[str, list[TrialRecord]], period: _Period) -> list[SummaryRow]:
    s = "Left/right"
    norm = norm_for(profile.body_part)
    first = _pooled(journals, records, period.first_week)
    keep = period.last_week
    when = "last week"
    last = _pooled(journals, records, keep)
    if last is None:  # nothing in the last week: the whole period, said as such
        keep, when = _always, "whole period"
        last = _pooled(journals, records, keep)
        if last is None:
            return [SummaryRow(section=s, measure="Left/right recognition",
                               value="no sessions in this period")]
    rows = [SummaryRow(section=s, measure=f"Norm ({plural(profile.body_part)})",
                       value=f"{norm.words}; smallest detectable change: accuracy "
                             f"{SDC_ACCURACY[0]:.0%}-{SDC_ACCURACY[1]:.0%}, speed "
                             f"{SDC_RT_MS[0] / 1000:.2f}-{SDC_RT_MS[1] / 1000:.2f} s",
                       reading=norm.source)]
    verdicts = {v.side: v for v in against_norm(last, norm)}
    for side in sorted(("left", "right"), key=lambda x: x != profile.affected_side):
        g = last.by_side.get(side)
        if not g or not g.n:
            rows.append(SummaryRow(section=s, measure=_side_name(side, profile),
                                   value=f"no trials of this side ({when})"))
            continue
        v = verdicts[side]
        outside = []
        if v.accuracy_ok is False:
            outside.append("accuracy below the norm")
        if v.speed != "within":
            outside.append(f"speed {SPEED_WORDS[v.speed]}")
        rows.append(SummaryRow(
            section=s, measure=f"{_side_name(side, profile)}, {when}",
            value=f"{_pct_ci(g)}; median {seconds(g.rt_median_ms)}",
            reading="within the norm" if not outside else "outside: " + ", ".join(outside),
            flag="good" if not outside else "attention"))
        before = first.by_side.get(side) if first is not None else None
        if period.days < 14:  # the first and last weeks would overlap: no comparison
            continue
        if before and before.n:
            acc = judge_change(g.accuracy - before.accuracy, SDC_ACCURACY, True)  # type: ignore[operator]
            rt = ("no clear change" if before.rt_median_ms is None or g.rt_median_ms is None
                  else judge_rt_change(before.rt_median_ms, g.rt_median_ms))
            rows.append(SummaryRow(
                section=s, measure=f"{side.capitalize()}: first week -> last week",
                value=f"{before.accuracy:.0%} -> {g.accuracy:.0%}; "
                      f"{seconds(before.rt_median_ms)} -> {seconds(g.rt_median_ms)}",
                reading=f"accuracy {acc}; speed {rt}",
                flag=("attention" if "worse" in acc + rt else
                      "good" if acc.endswith("better") or rt == "better" else "neutral")))
    if period.days < 14:
        rows.append(SummaryRow(section=s, measure="First week -> last week",
                               value="period shorter than two weeks: not compared"))
    left, right = last.by_side.get("left"), last.by_side.get("right")
    if left and right and left.n and right.n:
        gap_acc = abs(left.accuracy - right.accuracy)  # type: ignore[operator]
        gap_rt = (None if left.rt_median_ms is None or right.rt_median_ms is None
                  else abs(left.rt_median_ms - right.rt_median_ms))
        wide = gap_acc > SDC_ACCURACY[1] or (gap_rt is not None and gap_rt > SDC_RT_MS[1])
        rows.append(SummaryRow(
            section=s, measure=f"Gap between sides, {when}",
            value=f"accuracy {gap_acc:.0%}; speed {seconds(gap_rt)}",
            reading=("wider than the smallest detectable change" if wide
                     else "alike (within the smallest detectable change)"),
            flag="attention" if wide else "good"))
    recent = _trials_of(journals, records, keep)
    for view, g in last.by_view.items():
        per_side = []
        for side in ("left", "right"):
            part = [t for t in recent if t.view == view and t.side == side]
            if part:
                gs = score(part).overall
                per_side.append(f"{side} {gs.accuracy:.0%}")
        low = g.accuracy < norm.accuracy_target  # type: ignore[operator]
        rows.append(SummaryRow(
            section=s, measure=f"{view.capitalize()} view, {when}",
            value=f"{_pct_ci(g)}" + (f"; {', '.join(per_side)}" if per_side else ""),
            reading="below the accuracy norm" if low else "at or above the accuracy norm",
            flag="attention" if low else "good"))
    return rows


def _always(day: date) -> bool:
    return True


def _trials_of(journals: list[JournalContents], records: dict[str, list[TrialRecord]],
               keep) -> list[TrialRecord]:
    out: list[TrialRecord] = []
    for c in journals:
        if c.header.stage == "laterality" and c.end is not None and keep(_day(c)):
            out += [t for t in records.get(c.header.session_id, []) if not t.practice]
    return out


def _imagery(journals: list[JournalContents], period: _Period) -> list[SummaryRow]:
    s = "Imagery"
    done = [c for c in journals if c.header.stage == "imagery" and c.end]
    if not done:
        return [SummaryRow(section=s, measure="Imagined movements",
                           value="no sessions in this period")]
    vivid = [c.end.summary["mean_vividness"] for c in done  # type: ignore[union-attr]
             if c.end.summary.get("mean_vividness")]  # type: ignore[union-attr]
    few = min(3, len(vivid) // 2)  # first and last blocks, never the same ones
    vivid_first = _mean(vivid[:few]) if few else None
    vivid_last = _mean(vivid[-few:]) if few else None
    stops = sum(bool(c.end.summary.get("stopped_for_pain")) for c in done)  # type: ignore[union-attr]
    rows = [SummaryRow(section=s, measure="Blocks", value=counted(len(done), "block"),
                       reading=f"stopped for pain {times(stops)}" if stops else "no pain stops",
                       flag="attention" if stops else "neutral")]
    if vivid_first is not None or vivid_last is not None:
        v1 = "-" if vivid_first is None else f"{vivid_first:.1f}"
        v2 = "-" if vivid_last is None else f"{vivid_last:.1f}"
        trend = ("" if vivid_first is None or vivid_last is None else
                 "clearer" if vivid_last - vivid_first >= 0.5 else
                 "less clear" if vivid_first - vivid_last >= 0.5 else "about the same")
        rows.append(SummaryRow(section=s,
                               measure=f"Vividness (1-5), first {few} -> last {few} blocks",
                               value=f"{v1} -> {v2}", reading=trend))
    before = [c.end.summary["pain_before"] for c in done  # type: ignore[union-attr]
              if isinstance(c.end.summary.get("pain_before"), int)  # type: ignore[union-attr]
              and isinstance(c.end.summary.get("pain_after"), int)]  # type: ignore[union-attr]
    after = [c.end.summary["pain_after"] for c in done  # type: ignore[union-attr]
             if isinstance(c.end.summary.get("pain_before"), int)  # type: ignore[union-attr]
             and isinstance(c.end.summary.get("pain_after"), int)]  # type: ignore[union-attr]
    if before:
        change = statistics.fmean(a - b for a, b in zip(after, before, strict=True))
        rows.append(SummaryRow(
            section=s, measure="Pain before -> after (NRS 0-10)",
            value=f"median {statistics.median(before):g} -> {statistics.median(after):g} "
                  f"({counted(len(before), 'block')})",
            reading=(f"up {change:.1f} on average" if change >= PAIN_MEANINGFUL[0]
                     else f"down {-change:.1f} on average" if change <= -PAIN_MEANINGFUL[0]
                     else "no meaningful change during practice"),
            flag="attention" if change >= PAIN_MEANINGFUL[0] else "neutral"))
    return rows


def _minutes(value: float) -> str:
    """'7.5', '7' (not '7.0'), '12': minutes in a table cell."""
    return f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"


def _mirror(journals: list[JournalContents], protocol: Protocol) -> list[SummaryRow]:
    done = [c for c in journals if c.header.stage == "mirror" and c.end]
    if not done:
        return [SummaryRow(section="Mirror", measure="Minutes",
                           value="no sessions in this period")]
    minutes = sum(c.end.summary.get("minutes_done", 0) for c in done)  # type: ignore[union-attr]
    prescribed = sum(c.end.summary.get("minutes_planned")  # type: ignore[union-attr]
                     or (c.header.protocol.get("mirror") or {}).get("minutes")
                     or protocol.mirror.minutes for c in done)
    share = minutes / prescribed
    done_words = (f"no time recorded of {duration(prescribed * 60)} prescribed"
                  if minutes * 60 < 0.5 else
                  f"{duration(minutes * 60)} of {duration(prescribed * 60)}"
                  if prescribed < 1 or minutes < 1 else  # seconds, not "0.1 of 0.1 minutes"
                  f"{_minutes(minutes)} of {_minutes(prescribed)} minutes")
    return [SummaryRow(section="Mirror", measure="Minutes done against prescribed",
                       value=f"{done_words} in {counted(len(done), 'session')}",
                       reading=f"{share:.0%} of the prescription",
                       flag="good" if share >= 0.7 else "attention")]


def _tracking(journals: list[JournalContents]) -> list[SummaryRow]:
    done = [c for c in journals if c.header.stage == "tracking" and c.end]
    if not done:
        return [SummaryRow(section="Tracking", measure="Repetitions",
                           value="no sessions in this period")]
    reps: dict[str, int] = defaultdict(int)
    targets: dict[str, int] = defaultdict(int)
    spans: dict[str, list[float]] = defaultdict(list)
    for c in done:
        for ex in c.end.summary.get("exercises", []):  # type: ignore[union-attr]
            reps[ex["kind"]] += ex.get("reps", 0)
            targets[ex["kind"]] += ex.get("target", 0)
            if ex.get("rom_span") is not None:
                spans[ex["kind"]].append(ex["rom_span"])
    rows = []
    for kind in reps:
        target = f" of {targets[kind]} targeted" if targets[kind] else ""
        rom = ""
        if spans[kind]:
            rom = (f"; range of motion first {spans[kind][0]:.0f} -> latest "
                   f"{spans[kind][-1]:.0f}")
        rows.append(SummaryRow(section="Tracking", measure=exercise_name(kind).capitalize(),
                               value=f"{reps[kind]} repetitions{target}{rom}",
                               reading="camera estimate: about ±5-10 degrees at best"
                               if rom else ""))
    return rows


def _checkins(checkins: list[CheckIn], period: _Period) -> list[SummaryRow]:
    s = "Check-in"
    by_day: dict[date, CheckIn] = {}
    for c in sorted(checkins, key=lambda c: c.at):
        by_day[c.day] = c
    days = list(by_day.values())
    if not days:
        return [SummaryRow(section=s, measure="Daily check-ins",
                           value="no check-ins in this period")]
    first = _mean([c.pain_now for c in days if period.first_week(c.day) and c.pain_now is not None])
    last = _mean([c.pain_now for c in days if period.last_week(c.day) and c.pain_now is not None])
    rows = []
    if first is not None or last is not None:
        reading = ""
        flag: Flag = "neutral"
        if first is not None and last is not None:
            change = last - first
            big = abs(change) >= max(PAIN_MEANINGFUL[0], PAIN_MEANINGFUL[1] * first)
            reading = ("no meaningful change (under 1 point or 15 %)" if not big
                       else f"{'lower' if change < 0 else 'higher'} by {abs(change):.1f} points")
            flag = "neutral" if not big else "good" if change < 0 else "attention"
        rows.append(SummaryRow(
            section=s, measure="Pain at check-in (NRS), first -> last week",
            value=f"{'-' if first is None else f'{first:.1f}'} -> "
                  f"{'-' if last is None else f'{last:.1f}'} (mean)",
            reading=reading, flag=flag))
    woken = [c.woken_by_pain for c in days if c.woken_by_pain is not None]
    woken_recent = [c.woken_by_pain for c in days
                    if c.woken_by_pain is not None and period.last_week(c.day)]
    if woken:
        rows.append(SummaryRow(
            section=s, measure="Nights woken by pain",
            value=f"{sum(woken)} of {counted(len(woken), 'night')}"
                  + (f"; last week {sum(woken_recent)} of {len(woken_recent)}"
                     if woken_recent else ""),
            reading="a pattern to discuss, not a diagnosis"))
    waking = [c.waking for c in days if c.waking is not None]
    if waking:
        rows.append(SummaryRow(
            section=s, measure="Pain on waking vs the evening before",
            value=f"lower {waking.count('lower')}, same {waking.count('same')}, "
                  f"higher {waking.count('higher')} (of {counted(len(waking), 'day')})",
            reading="a pattern to discuss, not a diagnosis"))
    sleep = [c.sleep for c in days if c.sleep is not None]
    if sleep:
        rows.append(SummaryRow(section=s, measure="Slept poorly",
                               value=f"{sleep.count('poor')} of {counted(len(sleep), 'night')}",
                               reading="a pattern to discuss, not a diagnosis"))
    return rows


def _days_list(days: Iterable[date], most: int = 6) -> str:
    days = sorted(set(days))
    shown = ", ".join(fmt_day(d) for d in days[:most])
    return shown + (f" and {len(days) - most} more" if len(days) > most else "")


def _events(journals: list[JournalContents]) -> list[SummaryRow]:
    s = "Context"
    flare = [_day(c) for c in journals if c.header.mode == "flare"]
    short = [c for c in journals if c.header.mode == "short"]
    interrupted = [c for c in journals if c.interrupted]
    return [
        SummaryRow(section=s, measure="Flare days",
                   value=(f"{len(set(flare))}: {_days_list(flare)}" if flare else "none"),
                   reading="gentler sessions; a lower score on these days is expected"
                   if flare else "", flag="attention" if flare else "neutral"),
        SummaryRow(section=s, measure="Shorter sessions after a break",
                   value=str(len(short)) if short else "none"),
        SummaryRow(section=s, measure="Interrupted sessions",
                   value=(f"{len(interrupted)}: {_days_list(_day(c) for c in interrupted)}"
                          if interrupted else "none"),
                   reading="finished steps kept" if interrupted else "",
                   flag="attention" if interrupted else "neutral"),
    ]


def past_sessions(journals: Iterable[JournalContents],
                  records: dict[str, list[TrialRecord]]) -> list[PastSession]:
    """What progression needs from each journal (as `gmi.app.overview.past_session`,
    with the trials already read for the report)."""
    out = []
    for c in journals:
        summary = c.end.summary if c.end else {}
        trials = [t for t in records.get(c.header.session_id, []) if not t.practice]
        out.append(PastSession(
            stage=c.header.stage, day=_day(c),
            completed=c.end is not None and c.end.outcome == "completed",
            laterality=score(trials) if trials else None,
            pain_before=summary.get("pain_before"), pain_after=summary.get("pain_after"),
            stopped_for_pain=bool(summary.get("stopped_for_pain"))))
    return out


def change_rows(changes: Iterable[ProgrammeChange], span: ExportRange) -> list[SummaryRow]:
    """When the programme or the PIN changed in `span`, and how."""
    rows = []
    for c in changes:
        local = c.at.astimezone()
        if local.date() in span:
            rows.append(SummaryRow(section="Programme changes",
                                   measure=f"{fmt_day(local.date())} {local:%H:%M}",
                                   value=c.how, reading=c.detail))
    return rows


def clinical_summary(profile: Profile, journals: list[JournalContents], span: ExportRange,
                     protocol: Protocol, records: dict[str, list[TrialRecord]],
                     past: list[PastSession], checkins: list[CheckIn] | None = None,
                     pseudonymise: bool = False, made: date | None = None,
                     changes: Iterable[ProgrammeChange] = ()) -> ClinicalSummary:
    """Page 1 of the report as rows; `past` is every session progression should see."""
    made = made or date.today()
    checkins = [c for c in checkins or [] if c.day in span]
    period = _Period(span, journals, checkins, made)
    who = patient_label(profile, pseudonymise)
    rows = _identity(profile, period, protocol, made, pseudonymise)
    if not journals:
        rows.append(SummaryRow(section="Sessions", measure="Sessions",
                               value="No sessions in this range: nothing to report."))
    else:
        rows += _stage(profile, journals, protocol, past, period.last)
        rows += _adherence(journals, protocol, period)
        rows += _laterality(profile, journals, records, period)
        rows += _imagery(journals, period)
        rows += _mirror(journals, protocol)
        rows += _tracking(journals)
    rows += _checkins(checkins, period)
    if journals:
        rows += _events(journals)
    rows += change_rows(changes, span) or [SummaryRow(
        section="Programme changes", measure="Programme and PIN",
        value="no changes recorded in this period")]
    return ClinicalSummary(
        title=f"GMI Trainer clinical summary: {who}",
        subtitle=f"{profile.affected_side.capitalize()} {profile.body_part} affected · "
                 f"{fmt_day(period.first)} to {fmt_day(period.last)} · made {fmt_day(made)}",
        rows=rows)


SLEPT = {"good": "slept well", "fair": "slept fairly well", "poor": "slept poorly"}
CONTEXT_SESSIONS = 90  # the newest days shown beside their check-ins (all are in the CSV)


def context_lines(lat: Sequence, checkins: list[CheckIn], journals: list[JournalContents],
                  newest: int = CONTEXT_SESSIONS) -> list[SummaryRow]:
    """Each laterality day beside that day's check-in and mode, newest `newest` days.

    A dip after a bad night or during a flare is then read as such, not as
    the programme failing. `lat` holds `DayLaterality` (day, score).
    """
    by_day: dict[date, CheckIn] = {}
    for c in sorted(checkins, key=lambda c: c.at):
        by_day[c.day] = c
    modes: dict[date, set[str]] = defaultdict(set)
    for c in journals:
        if c.header.mode != "normal":
            modes[_day(c)].add(c.header.mode)
    rows = []
    for d in list(lat)[-newest:]:
        parts = []
        for side in ("left", "right"):
            g = d.score.by_side.get(side)
            if g and g.n:
                parts.append(f"{side[0].upper()} {g.accuracy:.0%} {seconds(g.rt_median_ms)}")
        check = by_day.get(d.day)
        context = []
        if check is not None:
            if check.pain_now is not None:
                context.append(f"pain {check.pain_now}")
            if check.sleep is not None:
                context.append(SLEPT[check.sleep])
            if check.woken_by_pain:
                context.append("woken by pain")
        else:
            context.append("no check-in")
        mode = ", ".join(sorted(modes.get(d.day, ())))
        if mode:
            context.append(f"{mode} day")
        flagged = bool(mode) or (check is not None and (bool(check.woken_by_pain)
                                                        or check.sleep == "poor"))
        rows.append(SummaryRow(section=f"{d.day:%B %Y}", measure=f"{d.day:%a} {fmt_day(d.day)}",
                               value=" · ".join(parts), reading=", ".join(context),
                               flag="attention" if flagged else "neutral"))
    return rows
