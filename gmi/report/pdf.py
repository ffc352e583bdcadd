"""The PDF report: a one-page summary a clinician reads in 30 seconds, then trends.

Charts are drawn with matplotlib (Agg, no screen). Changes are judged against
the smallest detectable change, not raw differences; accuracy carries its 95 %
interval. A range without sessions says so instead of drawing empty charts.
"""

from __future__ import annotations

import io
import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from gmi.model.checkin import CheckIn, checkin_counts
from gmi.model.gentle import MODE_WORDS
from gmi.model.laterality import records_from_events
from gmi.model.norms import SDC_ACCURACY, LateralityNorm, norm_for
from gmi.model.presets import protocol_for
from gmi.model.protocol import (
    ImagerySettings,
    LateralitySettings,
    MirrorSettings,
    Protocol,
    TrackingSettings,
    exercise_name,
)
from gmi.model.scoring import (
    SPEED_WORDS,
    LateralityScore,
    judge_change,
    judge_rt_change,
    judge_speed,
    norm_verdict,
    score,
)
from gmi.model.stages import STAGE_ORDER, STAGE_TITLES, plural
from gmi.model.words import counted, minutes_total, times
from gmi.report.clinical import (
    CONTEXT_SESSIONS,
    ClinicalSummary,
    change_rows,
    clinical_summary,
    context_lines,
    fmt_day,
    past_sessions,
)
from gmi.report.export import ExportRange, patient_label
from gmi.report.summary_page import draw_summary
from gmi.store.changelog import ProgrammeChange
from gmi.store.files import write_atomic
from gmi.store.journal import JournalContents
from gmi.store.profiles import Profile


@dataclass(frozen=True)
class DayLaterality:
    day: date
    score: LateralityScore


def laterality_records(journals: list[JournalContents]) -> dict[str, list]:
    """Trial records per laterality session id, validated once for the whole report."""
    return {c.header.session_id: records_from_events(c.events) for c in journals
            if c.header.stage == "laterality"}


def laterality_by_day(journals: list[JournalContents],
                      records: dict[str, list] | None = None) -> list[DayLaterality]:
    """Completed laterality sessions pooled per day (test trials only)."""
    records = laterality_records(journals) if records is None else records
    per_day: dict[date, list] = defaultdict(list)
    for c in journals:
        if c.header.stage == "laterality" and c.end is not None:
            per_day[c.header.started_at.astimezone().date()] += records[c.header.session_id]
    out = []
    for day in sorted(per_day):
        result = score(per_day[day])
        if result.overall.n:
            out.append(DayLaterality(day, result))
    return out


def pains(journals: list[JournalContents]) -> list[tuple[date, str, int]]:
    out = []
    for c in journals:
        for e in c.events:
            if e.kind == "pain" and isinstance(e.data.get("nrs"), int):
                out.append((c.header.started_at.astimezone().date(), e.data.get("when", ""),
                            e.data["nrs"]))
    return out


def _load_in_words(stage: str, protocol: dict) -> str:
    """How much a session asked for, from its own protocol snapshot.

    The snapshot is the journal's copy of the protocol, read through the
    protocol's own types: a damaged one says so instead of failing the report.
    """
    section = _snapshot_section(stage, protocol)
    if isinstance(section, LateralitySettings):
        return f"{section.trials} pictures"
    if isinstance(section, ImagerySettings):
        return f"{section.images} positions x {section.repetitions}"
    if isinstance(section, MirrorSettings):
        return f"{section.minutes:g} minutes"
    if isinstance(section, TrackingSettings) and section.exercises:
        return f"{sum(e.target_reps for e in section.exercises)} repetitions"
    return "settings not recorded"


_SECTIONS = {"laterality": LateralitySettings, "imagery": ImagerySettings,
             "mirror": MirrorSettings, "tracking": TrackingSettings}


def _snapshot_section(stage: str, protocol: object):
    """The `stage` section of a journal's protocol snapshot, typed; None if unusable."""
    model = _SECTIONS.get(stage)
    section = protocol.get(stage) if isinstance(protocol, dict) else None
    if model is None or not isinstance(section, dict) or not section:
        return None
    try:
        return model.model_validate(section)
    except ValueError:
        return None


def gentle_lines(journals: list[JournalContents]) -> list[str]:
    """Which sessions were the gentler kind, when, and what they asked for.

    A flare day often explains a lower score, so the therapist sees each one
    with its own settings (from the journal's protocol snapshot), not a rule.
    """
    lines = []
    for mode, words in MODE_WORDS.items():
        these = [c for c in journals if c.header.mode == mode]
        if these:
            parts = []
            for c in these:
                day = c.header.started_at.astimezone().date()
                stage = c.header.stage
                parts.append(f"{day.day} {day:%b %Y} {STAGE_TITLES[stage]} "
                             f"({_load_in_words(stage, c.header.protocol)})")
            lines.append(f"{words.capitalize()}: {len(these)} ({'; '.join(parts)}).")
    return lines


def summary_lines(profile: Profile, journals: list[JournalContents], span: ExportRange,
                  pseudonymise: bool = False,
                  lat: list[DayLaterality] | None = None,
                  checkins: list[CheckIn] | None = None,
                  changes: list[ProgrammeChange] | None = None) -> list[str]:
    """The summary as lines of text (the History tab's words; tested on their own)."""
    who = patient_label(profile, pseudonymise)
    days = sorted(c.header.started_at.astimezone().date() for c in journals)
    start = span.start or (days[0] if days else None)  # an open range: the sessions' days
    end = span.end or (days[-1] if days else None)
    first = fmt_day(start) if start else "the first session"
    last = fmt_day(end) if end else "the last session"
    lines = [f"GMI Trainer report: {who}",
             f"{profile.affected_side.capitalize()} {profile.body_part} affected · "
             f"from {first} to {last}"]
    counts = checkin_counts(c for c in checkins or [] if c.day in span)
    if counts:
        lines.append("Daily check-ins (patterns only, not a diagnosis): " + "; ".join(counts)
                     + ".")
    for row in change_rows(changes or [], span):
        lines.append(f"Programme change {row.measure}: {row.value}"
                     + (f" ({row.reading})" if row.reading else ""))
    if not journals:
        lines.append("No sessions in this range: nothing to report.")
        return lines
    days = {c.header.started_at.astimezone().date() for c in journals}
    counts = {s: sum(c.header.stage == s for c in journals) for s in STAGE_ORDER}
    lines.append(f"Practised on {counted(len(days), 'day')}; sessions: " + ", ".join(
        f"{STAGE_TITLES[s]} {n}" for s, n in counts.items() if n))
    interrupted = sum(c.interrupted for c in journals)
    if interrupted:
        lines.append(f"{counted(interrupted, 'session')} stopped early "
                     "(all finished steps kept).")
    lines += gentle_lines(journals)
    lat = laterality_by_day(journals) if lat is None else lat
    if lat:
        latest = lat[-1]
        lines.append(f"Left/right recognition, latest ({latest.day:%d %b %Y}):")
        norm = norm_for(profile.body_part)
        for side in ("left", "right"):
            g = latest.score.by_side.get(side)
            if g and g.n:
                low, high = g.accuracy_ci  # type: ignore[misc]
                rt = "-" if g.rt_median_ms is None else f"{g.rt_median_ms / 1000:.2f} s"
                speed = SPEED_WORDS[judge_speed(g.rt_median_ms, norm)]
                role = "affected" if side == profile.affected_side else "unaffected"
                lines.append(f"  {side} ({role}): {g.accuracy:.0%} correct (95% CI "
                             f"{low:.0%}-{high:.0%}, "
                             f"n={g.n}), median RT {rt} ({speed})")
        lines.append(f"  {norm_verdict(latest.score, norm).capitalize()}: the norm for "
                     f"{plural(profile.body_part)} is {norm.words}. Source: {norm.source}.")
        if len(lat) > 1:
            first_day = lat[0]
            for side in ("left", "right"):
                a, b = first_day.score.by_side.get(side), latest.score.by_side.get(side)
                if not a or not b or not a.n or not b.n:
                    continue
                acc = judge_change(b.accuracy - a.accuracy, SDC_ACCURACY, True)  # type: ignore[operator]
                rt = ("no clear change" if a.rt_median_ms is None or b.rt_median_ms is None
                      else judge_rt_change(a.rt_median_ms, b.rt_median_ms))
                lines.append(f"  {side} since {first_day.day:%d %b %Y}: accuracy {acc}, "
                             f"speed {rt} (judged against the smallest detectable change "
                             "and the practice effect)")
        recent = context_lines(lat, checkins or [], journals, newest=7)
        if recent:
            lines.append("Recent left/right days beside that day's check-in and mode:")
            lines += [f"  {r.measure}: {r.value} ({r.reading})" for r in recent]
    imagery = [c for c in journals if c.header.stage == "imagery" and c.end]
    if imagery:
        durations = [c.end.summary.get("median_duration_ms") for c in imagery]
        durations = [d for d in durations if d]
        stops = sum(bool(c.end.summary.get("stopped_for_pain")) for c in imagery)
        text = f"Imagery: {counted(len(imagery), 'block')}"
        if durations:
            text += f", imagined movement about {statistics.median(durations) / 1000:.1f} s"
        lines.append(text + (f", stopped for pain {times(stops)}" if stops else "") + ".")
    mirror = [c for c in journals if c.header.stage == "mirror" and c.end]
    if mirror:
        minutes = sum(c.end.summary.get("minutes_done", 0) for c in mirror)
        lines.append(f"Mirror practice: {minutes_total(minutes)} in "
                     f"{counted(len(mirror), 'session')}.")
    tracking = [c for c in journals if c.header.stage == "tracking" and c.end]
    if tracking:
        reps = sum(sum(x.get("reps", 0) for x in c.end.summary.get("exercises", []))
                   for c in tracking)
        lines.append(f"Movement tracking: {counted(reps, 'repetition')} in "
                     f"{counted(len(tracking), 'session')} "
                     "(camera angles are estimates, about 5-10 degrees at best).")
    pain = pains(journals)
    if pain:
        before = [n for _, w, n in pain if w == "before"]
        if len(before) >= 2:
            lines.append(f"Pain before practice (NRS 0-10): first {before[0]}, latest "
                         f"{before[-1]}, median {statistics.median(before):g}.")
    return lines


NO_DATA = "no data in this period"
SIDE_COLOURS = (("left", "#2F6F62"), ("right", "#C0763A"))


def _no_data(ax) -> None:
    ax.text(0.5, 0.5, NO_DATA, transform=ax.transAxes, ha="center", va="center",
            fontsize=9, color="#6B7075")


def _upper(values, floor: float) -> float:
    """A fixed-looking upper limit: at least `floor`, above the largest value."""
    top = max((v for v in values if v is not None), default=0.0)
    return max(floor, top * 1.15)


def _angle_lines(ax, records: dict[str, list]) -> bool:
    """Median RT by rotation away from upright, medial against lateral, per side.

    A clockwise angle is medial for one hand and lateral for the other, so the
    pairs are drawn at the same amount of rotation (e.g. 90 degrees) for each
    side: solid medial, dashed lateral, in the side's colour.
    """
    times: dict[tuple[str, str, int], list[float]] = defaultdict(list)
    for trial_list in records.values():
        for r in trial_list:
            if (not r.practice and r.correct and r.rt_ms is not None
                    and r.rotation in ("medial", "lateral")):
                amount = min(r.angle % 360, 360 - r.angle % 360)
                times[(r.side, r.rotation, amount)].append(r.rt_ms)
    drawn = False
    for side, colour in SIDE_COLOURS:
        for kind, style in (("medial", "o-"), ("lateral", "s--")):
            points = sorted((amount, statistics.median(v) / 1000)
                            for (sd, rot, amount), v in times.items() if sd == side and rot == kind)
            if points:
                ax.plot(*zip(*points, strict=True), style, color=colour, label=f"{side} {kind}")
                drawn = True
    return drawn


def draw_trends(fig, journals: list[JournalContents],
                records: dict[str, list] | None = None,
                lat: list[DayLaterality] | None = None,
                checkins: list[CheckIn] | None = None,
                norm: LateralityNorm | None = None) -> None:
    """The trend charts onto `fig` (shared by the PDF and the history screen).

    Clinical axes are fixed (accuracy 0-100 % with the 80 % line, response
    time 0-4 s with the body part's norm band, pain 0-10) so noise is not
    magnified; a chart with nothing to draw says "no data in this period".
    """
    norm = norm or norm_for("hand")
    axes = fig.subplots(4, 2)
    ax_acc, ax_rt, ax_angle, ax_pain, ax_mirror, ax_imagery, ax_reps, ax_rom = axes.flat
    records = laterality_records(journals) if records is None else records
    lat = laterality_by_day(journals, records) if lat is None else lat
    days = [d.day for d in lat]
    for side, colour in SIDE_COLOURS:
        acc = [d.score.by_side[side].accuracy * 100 if side in d.score.by_side else None
               for d in lat]
        rt = [d.score.by_side[side].rt_median_ms / 1000
              if side in d.score.by_side and d.score.by_side[side].rt_median_ms else None
              for d in lat]
        if days:
            ax_acc.plot(days, acc, "o-" if len(days) < 60 else "-", color=colour, label=side)
            ax_rt.plot(days, rt, "o-" if len(days) < 60 else "-", color=colour, label=side)
    ax_acc.axhline(norm.accuracy_target * 100, color="#2F6F62", linestyle="--", linewidth=1,
                   label=f"norm {norm.accuracy_target:.0%}")
    flare_days = sorted({c.header.started_at.astimezone().date() for c in journals
                         if c.header.mode == "flare"})
    for n, day in enumerate(flare_days):  # a flare often explains a lower score
        ax_acc.axvline(day, color="#A0522D", linestyle=":", linewidth=1,
                       label="flare day" if n == 0 else None)
    ax_acc.set_title("Left/right accuracy (%)")
    ax_acc.set_ylim(0, 100)
    ax_rt.axhspan(norm.rt_lower_ms / 1000, norm.rt_upper_ms / 1000, color="#E4EFEB",
                  label=f"norm {norm.rt_mean_ms / 1000:.1f} ± {norm.rt_sd_ms / 1000:.1f} s")
    ax_rt.set_ylim(0, 4)
    ax_rt.set_title("Median response time (s)")
    if not days:
        _no_data(ax_acc)
        _no_data(ax_rt)
    for ax in (ax_acc, ax_rt):
        ax.legend(fontsize=7, loc="lower left")
    if _angle_lines(ax_angle, records):
        ax_angle.legend(fontsize=7, ncols=2)
        ax_angle.set_ylim(0, 4)
    else:
        _no_data(ax_angle)
    ax_angle.set_title("RT by rotation (s): medial vs lateral")
    ax_angle.set_xlabel("rotation from upright (degrees)", fontsize=8)
    pain = pains(journals)
    drawn_pain = False
    for when, colour in (("before", "#2F6F62"), ("after", "#C0763A")):
        pts = [(d, n) for d, w, n in pain if w == when]
        if pts:
            ax_pain.plot(*zip(*pts, strict=True), "o", color=colour, markersize=3,
                         label=f"{when} practice")
            drawn_pain = True
    # by (day, time): two check-ins on one day must not be compared as records
    daily = [(c.day, c) for c in sorted(checkins or [], key=lambda c: (c.day, c.at))]
    at_checkin = [(d, c.pain_now) for d, c in daily if c.pain_now is not None]
    if at_checkin:
        ax_pain.plot(*zip(*at_checkin, strict=True), "o-" if len(at_checkin) < 60 else "-",
                     color="#8A8F93", markersize=3, label="check-in")  # one day: a dot
        drawn_pain = True
    # Nights are events, not pain scores: marks along the top edge, off the 0-10 scale.
    nights = ax_pain.get_xaxis_transform()
    poor = [d for d, c in daily if c.sleep == "poor"]
    woken = [d for d, c in daily if c.woken_by_pain]
    if poor:
        ax_pain.plot(poor, [0.93] * len(poor), "|", color="#6B6FA8", transform=nights,
                     label="night: poor sleep")
        drawn_pain = True
    if woken:
        ax_pain.plot(woken, [0.98] * len(woken), "|", color="#A0522D", transform=nights,
                     label="night: woken by pain")
        drawn_pain = True
    ax_pain.set_ylim(-3.2, 11.5)  # a band below 0 for the legend: it never hides a score
    ax_pain.set_yticks(range(0, 11, 2))
    ax_pain.axhline(0, color="#C9CCCF", linewidth=0.6)
    ax_pain.set_title("Pain NRS 0-10; nights marked at top")
    if drawn_pain:
        ax_pain.legend(fontsize=6, loc="lower left", ncols=3, borderaxespad=0.2)
    else:
        _no_data(ax_pain)
    mirror: dict[date, float] = defaultdict(float)
    planned: dict[date, float] = defaultdict(float)
    for c in journals:
        if c.header.stage == "mirror" and c.end:
            day = c.header.started_at.astimezone().date()
            mirror[day] += c.end.summary.get("minutes_done", 0)
            planned[day] += (c.end.summary.get("minutes_planned")
                             or (c.header.protocol.get("mirror") or {}).get("minutes") or 0)
    if mirror:
        ax_mirror.plot(list(mirror), list(mirror.values()), "o-" if len(mirror) < 60 else "-",
                       color="#2F6F62", label="done")
        ax_mirror.plot(list(planned), list(planned.values()), "--", color="#8A8F93",
                       label="prescribed", marker="_")
        ax_mirror.legend(fontsize=7, loc="lower left")
        ax_mirror.set_ylim(0, _upper(list(mirror.values()) + list(planned.values()), 10))
    else:
        _no_data(ax_mirror)
    ax_mirror.set_title("Mirror minutes per day")
    imagery = [(c.header.started_at.astimezone().date(),
                c.end.summary.get("median_duration_ms"))
               for c in journals if c.header.stage == "imagery" and c.end
               and c.end.summary.get("median_duration_ms")]
    if imagery:
        ax_imagery.plot([d for d, _ in imagery], [v / 1000 for _, v in imagery], "o-"
                        if len(imagery) < 60 else "-", color="#2F6F62", label="duration (s)")
        ax_imagery.set_ylim(0, _upper([v / 1000 for _, v in imagery], 5))
    ax_imagery.set_title("Imagined duration (s) and vividness (1-5)")
    vivid = [(c.header.started_at.astimezone().date(), c.end.summary.get("mean_vividness"))
             for c in journals if c.header.stage == "imagery" and c.end
             and c.end.summary.get("mean_vividness")]
    if vivid:
        twin = ax_imagery.twinx()
        twin.plot([d for d, _ in vivid], [v for _, v in vivid], "s--", color="#C0763A",
                  markersize=3, label="vividness")
        twin.set_ylim(1, 5)
    if not imagery and not vivid:
        _no_data(ax_imagery)
    reps: dict[str, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    spans: dict[str, dict[date, float]] = defaultdict(dict)
    for c in journals:
        if c.header.stage != "tracking" or not c.end:
            continue
        day = c.header.started_at.astimezone().date()
        for ex in c.end.summary.get("exercises", []):
            reps[ex["kind"]][day] += ex.get("reps", 0)
            if ex.get("rom_span") is not None:
                spans[ex["kind"]][day] = max(spans[ex["kind"]].get(day, 0.0), ex["rom_span"])
    for kind, per_day in reps.items():
        ax_reps.plot(list(per_day), list(per_day.values()), "o-" if len(per_day) < 60 else "-",
                     label=exercise_name(kind))
    for kind, per_day in spans.items():
        ax_rom.plot(list(per_day), list(per_day.values()), "o-" if len(per_day) < 60 else "-",
                    label=exercise_name(kind))
    ax_reps.set_title("Repetitions per exercise")
    ax_rom.set_title("Range of motion (degrees, camera estimate)")
    for ax, data in ((ax_reps, reps), (ax_rom, spans)):
        if data:
            ax.legend(fontsize=7, loc="lower left")
            ax.set_ylim(0, _upper([v for d in data.values() for v in d.values()], 10))
        else:
            _no_data(ax)
    import matplotlib.dates as mdates

    if journals:
        first = min(c.header.started_at.astimezone().date() for c in journals)
        last = max(c.header.started_at.astimezone().date() for c in journals)
    else:
        first = last = date.today()
    pad = max(1, (last - first).days // 20)
    span_days = (last - first).days + 2 * pad
    for ax in (ax_acc, ax_rt, ax_pain, ax_mirror, ax_imagery, ax_reps, ax_rom):
        ax.set_xlim(first - timedelta(days=pad), last + timedelta(days=pad))
        # Dates on two lines (the year below), upright: nothing cut at either edge.
        if span_days > 120:
            ax.xaxis.set_major_locator(mdates.MonthLocator(interval=max(1, span_days // 150)))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))
        else:
            ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, span_days // 5)))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b\n%Y"))
        ax.tick_params(axis="x", labelrotation=0, labelsize=7)


def write_pdf(path: Path, profile: Profile, journals: list[JournalContents], span: ExportRange,
              pseudonymise: bool = False, progress=None,
              checkins: list[CheckIn] | None = None, protocol: Protocol | None = None,
              made: date | None = None, changes: list[ProgrammeChange] | None = None) -> int:
    """Write the report; returns the number of pages. `progress(fraction)` is called.

    `protocol` is the person's active programme (the standard one of their
    preset when not given); `made` the day the report is made (today).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    def step(fraction: float) -> None:
        if progress is not None:
            progress(fraction)

    pages = 0
    buffer = io.BytesIO()  # written whole, owner-only, at the end (health data)
    with PdfPages(buffer) as pdf:
        records = laterality_records(journals)
        lat = laterality_by_day(journals, records)
        checkins = [c for c in checkins or [] if c.day in span]
        protocol = protocol or protocol_for(profile.protocol, profile.body_part)
        summary = clinical_summary(profile, journals, span, protocol, records,
                                   past_sessions(journals, records), checkins, pseudonymise,
                                   made, changes or [])
        drawn = 0
        while True:  # page 1 (a long summary continues on the next page)
            fig = plt.figure(figsize=(8.27, 11.69))  # A4
            drawn = draw_summary(fig, summary, drawn)
            pdf.savefig(fig)
            plt.close(fig)
            pages += 1
            if drawn >= len(summary.rows):
                break
        step(0.3)
        if journals:
            pages += _trend_page(pdf, plt, journals, records, lat, checkins,
                                 norm_for(profile.body_part))
        context = context_lines(lat, checkins, journals)
        if context:
            table = ClinicalSummary(
                title="Left/right sessions in the day's context",
                subtitle="Each day's scores beside that day's check-in and mode ("
                         + (f"all {counted(len(lat), 'day')}" if len(lat) <= CONTEXT_SESSIONS
                            else f"newest {CONTEXT_SESSIONS} of {len(lat)} days") +
                         "; all in the CSV export)",
                rows=context)
            drawn = 0
            while drawn < len(table.rows):
                fig = plt.figure(figsize=(8.27, 11.69))
                drawn = draw_summary(fig, table, drawn,
                                     header=("Day", "Accuracy and median RT per side",
                                             "Check-in and mode"))
                pdf.savefig(fig)
                plt.close(fig)
                pages += 1
    write_atomic(Path(path), buffer.getvalue())
    step(1.0)
    return pages


def _trend_page(pdf, plt, journals, records, lat, checkins, norm) -> int:
    """The second page: every trend chart."""
    fig = plt.figure(figsize=(8.27, 11.69))
    fig.suptitle("Trends", fontsize=14)
    draw_trends(fig, journals, records, lat, checkins, norm)
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    pdf.savefig(fig)
    plt.close(fig)
    return 1
