"""The report's first page is a clinical summary: every item read back from the PDF."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from gmi.bench.data import laterality_trials, write_journal
from gmi.model.checkin import CheckIn
from gmi.model.records import (
    ExerciseResult,
    ImageryBlockSummary,
    MirrorBlockSummary,
    TrackingBlockSummary,
)
from gmi.report.export import ExportRange, sessions_in
from gmi.report.pdf import write_pdf
from gmi.store import DataStore
from gmi.store.changelog import ProgrammeChange
from gmi.store.checkins import CheckInStore

pypdf = pytest.importorskip("pypdf")
ZONE = timezone(timedelta(hours=1))
FIRST = date(2026, 11, 1)
MADE = date(2026, 11, 22)


def three_weeks(store: DataStore):
    """A right-hand patient over three weeks: recognition improving, later stages,
    check-ins with bad nights, a flare day, a short session and an interrupted one."""
    rng = random.Random(3)
    profile = store.profiles.create("P-9", "hand", "right", name="Anna")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True)
    checkins = CheckInStore(store.layout, profile.id, store.notices)
    for n in range(21):
        day = FIRST + timedelta(days=n)
        when = datetime(day.year, day.month, day.day, 9, 0, tzinfo=ZONE)
        mode = "flare" if n == 9 else "short" if n == 11 else "normal"
        trials, summary = laterality_trials(rng, 0.55 + 0.4 * n / 20, 2900 - 50 * n,
                                            exact=True)
        write_journal(folder, profile.id, "laterality", when, trials, summary, mode=mode)
        checkins.save(CheckIn(checkin_id=uuid.uuid4().hex, profile_id=profile.id, day=day,
                              at=when - timedelta(hours=1), pain_now=6 if n < 7 else 3,
                              sleep="poor" if n in (1, 2) else "good",
                              waking="lower" if n % 2 else "higher",
                              woken_by_pain=n in (1, 2)))
        if n >= 14:
            write_journal(folder, profile.id, "imagery", when + timedelta(minutes=10), [],
                          ImageryBlockSummary(median_duration_ms=3000,
                                              mean_vividness=2.5 if n < 17 else 3.5,
                                              pain_before=4, pain_after=3),
                          outcome=None if n == 17 else "completed")
    last = datetime(2026, 11, 21, 10, 0, tzinfo=ZONE)
    write_journal(folder, profile.id, "mirror", last,
                  summary=MirrorBlockSummary(minutes_planned=10, minutes_done=8))
    exercise = ExerciseResult(kind="open_close", reps=8, target=10, rom_min=10, rom_max=65,
                              rom_span=55)
    write_journal(folder, profile.id, "tracking", last + timedelta(minutes=20), [exercise],
                  TrackingBlockSummary(exercises=[exercise]))
    return profile, checkins


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


@pytest.mark.slow
def test_page_one_holds_every_item_of_the_clinical_summary(store: DataStore, tmp_path) -> None:
    profile, checkins = three_weeks(store)
    journals = sessions_in(store.sessions(profile.id), ExportRange())
    path = tmp_path / "report.pdf"
    changes = [ProgrammeChange(at=datetime(2026, 11, 8, 10, 30, tzinfo=ZONE),
                               how="programme file applied", profile_id=profile.id,
                               detail="clinic.toml: Pictures per session: 40 → 60")]
    pages = write_pdf(path, profile, journals, ExportRange(), pseudonymise=True,
                      checkins=checkins.load_all(), made=MADE, changes=changes)
    text = pdf_pages(path)
    assert pages == len(text) >= 3
    one = " ".join(text[0].split())
    for item in (
        "clinical summary: P-9", "Right hand affected",  # who, body part, affected side
        "1 Nov 2026 to 21 Nov 2026 (21 days)", "made 22 Nov 2026",  # range and date made
        "Current stage", "Left or right?", "days since the first session",
        "Next stage", "not met",  # each criterion with its figure
        "This week (7 days)", "Last 4 weeks", "Whole period (21 days)",  # adherence
        "sessions planned", "of the prescription",
        "Right hand (affected), last week", "Left hand (unaffected), last week",
        "95% CI", "median", "Gap between sides", "Back view", "Palm view",
        "first week -> last week", "smallest detectable change", "2.0 ± 0.5 s",
        "Blocks", "Vividness (1-5), first 3 -> last 3 blocks", "2.5 -> 3.5",
        "Pain before -> after",
        "8 of 10 minutes", "8 repetitions of 10 targeted", "range of motion first 55",
        "±5-10 degrees",
        "Pain at check-in (NRS), first -> last week", "6.0 -> 3.0", "lower by 3.0 points",
        "Nights woken by pain", "2 of 21 nights", "Pain on waking vs the evening before",
        "not a diagnosis",
        "Flare days", "10 Nov 2026", "Shorter sessions after a break", "Interrupted sessions",
        "Programme changes", "8 Nov 2026", "programme file applied", "clinic.toml",
    ):
        assert item in one, item
    assert "Anna" not in " ".join(text)
    trends = text[1]
    assert "no data in this period" not in trends  # every chart has data here
    assert "2026" in trends  # dates carry their year
    context = " ".join(text[2].split())
    assert "in the day's context" in context
    assert "Tue 10 Nov 2026" in context and "flare day" in context
    assert "woken by pain" in context and "slept poor" in context


def test_an_empty_chart_says_so_and_a_range_without_sessions_has_one_page(
        store: DataStore, tmp_path) -> None:
    profile = store.profiles.create("P-1", "hand", "left")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True)
    trials, summary = laterality_trials(random.Random(1), 0.9, exact=True)
    write_journal(folder, profile.id, "laterality",
                  datetime(2026, 10, 5, 9, tzinfo=ZONE), trials, summary)
    journals = sessions_in(store.sessions(profile.id), ExportRange())
    path = tmp_path / "r.pdf"
    write_pdf(path, profile, journals, ExportRange(), made=date(2026, 10, 6))
    text = pdf_pages(path)
    assert text[1].count("no data in this period") == 5  # pain, mirror, imagery, reps, ROM
    assert "Left hand (affected)" in text[0] and "Right hand (unaffected)" in text[0]
    assert "no sessions in this period" in text[0]  # imagery, mirror, tracking rows
    empty = tmp_path / "empty.pdf"
    assert write_pdf(empty, profile, [], ExportRange(date(2027, 1, 1), None),
                     made=date(2027, 1, 2)) == 1
    assert "No sessions in this range" in pdf_pages(empty)[0]


def test_blocks_without_pain_ratings_are_summarised_without_a_pain_row(
        store: DataStore) -> None:
    """A protocol that does not ask pain around its stages (the default) leaves None in
    every block's summary: the report counts the blocks and names no pain change."""
    from gmi.model.presets import presets
    from gmi.report.clinical import clinical_summary, past_sessions

    profile = store.profiles.create("P-2", "hand", "left")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True)
    for n in range(4):
        when = datetime(2026, 11, 2 + n, 10, 0, tzinfo=ZONE)
        write_journal(folder, profile.id, "imagery", when, [],
                      ImageryBlockSummary(median_duration_ms=3000, mean_vividness=3.0))
        write_journal(folder, profile.id, "mirror", when + timedelta(minutes=20),
                      summary=MirrorBlockSummary(minutes_planned=10, minutes_done=10))
    journals = sessions_in(store.sessions(profile.id), ExportRange())
    assert all(c.end.summary["pain_before"] is None for c in journals)
    summary = clinical_summary(profile, journals, ExportRange(), presets()["hand-standard"],
                               {}, past_sessions(journals, {}), made=MADE)
    rows = {(r.section, r.measure): r for r in summary.rows}
    assert rows[("Imagery", "Blocks")].value == "4 blocks"
    assert "40 of 40 minutes" in rows[("Mirror", "Minutes done against prescribed")].value
    assert not any("Pain before" in r.measure for r in summary.rows)


def test_history_lines_count_in_words_and_never_nest_brackets(store: DataStore) -> None:
    """Once, not "1 time(s)"; no "0.0 minutes" of mirror practice; the norm's source in
    a sentence of its own, not a bracket inside a bracket."""
    from gmi.report.pdf import summary_lines

    profile = store.profiles.create("P-2", "hand", "right")
    folder = store.layout.sessions_dir(profile.id)
    folder.mkdir(parents=True)
    rng = random.Random(5)
    when = datetime(2026, 11, 2, 9, 0, tzinfo=ZONE)
    trials, summary = laterality_trials(rng, 0.9, 1800, exact=True)
    write_journal(folder, profile.id, "laterality", when, trials, summary)
    write_journal(folder, profile.id, "imagery", when + timedelta(minutes=5), [],
                  ImageryBlockSummary(median_duration_ms=3000, stopped_for_pain=True))
    write_journal(folder, profile.id, "mirror", when + timedelta(minutes=9),
                  summary=MirrorBlockSummary(minutes_planned=10, minutes_done=0))
    journals = sessions_in(store.sessions(profile.id), ExportRange())
    lines = summary_lines(profile, journals, ExportRange())
    text = "\n".join(lines)
    assert "stopped for pain once" in text and "(s)" not in text
    assert "Mirror practice: no time recorded in 1 session." in lines
    assert "0.0" not in text
    for line in lines:
        depth = 0
        for char in line:
            depth += {"(": 1, ")": -1}.get(char, 0)
            assert depth <= 1, line
