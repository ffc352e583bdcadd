"""Day counting and the trail on constructed histories: gaps, DST, travel."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from gmi.model.practice_days import (
    TRAIL_FLOOR,
    adherence,
    days_in_a_row,
    practice_days,
    trail_clarity,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def at(day: str, hour: int, minute: int = 0, zone=BERLIN) -> datetime:
    d = date.fromisoformat(day)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=zone)


def test_spring_forward_night_counts_each_evening_once() -> None:
    # Europe/Berlin skips 02:00-03:00 on 2026-03-29.
    starts = [at("2026-03-28", 23, 30), at("2026-03-29", 0, 30), at("2026-03-29", 23, 30),
              at("2026-03-30", 7, 0)]
    assert sorted(practice_days(starts)) == [date(2026, 3, 28), date(2026, 3, 29),
                                             date(2026, 3, 30)]


def test_fall_back_repeated_hour_is_still_one_day() -> None:
    # 02:00-03:00 happens twice on 2026-10-25; both sessions are that one day.
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1)
    assert first.utcoffset() != second.utcoffset()  # the same wall clock, twice
    assert practice_days([first, second, at("2026-10-24", 23, 59)]) == {
        date(2026, 10, 25), date(2026, 10, 24)}


def as_recorded(moment: datetime) -> datetime:
    """What a journal header keeps: the wall clock with its UTC offset then."""
    return moment.astimezone(timezone(moment.utcoffset()))


def test_flying_west_does_not_double_count_a_day() -> None:
    # 20:00 in Berlin, then 22:00 the same evening in New York (03:00 UTC next day).
    starts = [as_recorded(at("2026-03-01", 20)), as_recorded(at("2026-03-01", 22, zone=NEW_YORK))]
    assert {s.astimezone(timezone.utc).date() for s in starts} == {date(2026, 3, 1),
                                                                   date(2026, 3, 2)}
    assert practice_days(starts) == {date(2026, 3, 1)}


def test_flying_east_does_not_drop_a_day() -> None:
    # 08:00 in New York, then 08:00 the next morning in Berlin: 18 hours apart.
    starts = [as_recorded(at("2026-05-04", 8, zone=NEW_YORK)), as_recorded(at("2026-05-05", 8))]
    assert practice_days(starts) == {date(2026, 5, 4), date(2026, 5, 5)}


def days(*isodays: str) -> set[date]:
    return {date.fromisoformat(d) for d in isodays}


def test_the_trail_grows_with_practice_and_fades_slowly_but_never_to_nothing() -> None:
    today = date(2026, 11, 24)
    fortnight = {today - timedelta(days=n) for n in range(14)}
    clear = trail_clarity(fortnight, today)
    assert clear > 0.8
    gap = trail_clarity({d - timedelta(days=10) for d in fortnight}, today)
    assert TRAIL_FLOOR < gap < clear
    assert clear - gap < 0.5  # ten missed days fade it, they do not wipe it
    long_gone = trail_clarity({date(2020, 1, 1)}, today)
    assert long_gone >= TRAIL_FLOOR and long_gone < 0.2
    assert trail_clarity(set(), today) == TRAIL_FLOOR


def test_today_is_not_missed_before_it_is_over() -> None:
    today = date(2026, 11, 24)
    yesterday = {today - timedelta(days=1)}
    assert trail_clarity(yesterday, today) == trail_clarity(yesterday, today - timedelta(days=1))
    assert days_in_a_row(days("2026-11-22", "2026-11-23"), today) == 2
    assert days_in_a_row(days("2026-11-22", "2026-11-23", "2026-11-24"), today) == 3
    assert days_in_a_row(days("2026-11-21"), today) == 0


def test_adherence_counts_the_week_the_strip_and_the_days_away() -> None:
    today = date(2026, 11, 26)  # a Thursday
    a = adherence(days("2026-11-23", "2026-11-25", "2026-11-20", "2026-10-01"), today)
    assert a.this_week == 2 and a.last_4_weeks == 3 and a.total == 4
    assert len(a.strip) == 28 and a.strip[-1] == (today, False) and a.strip[-2][1]
    assert a.days_away == 1 and not a.welcome_back
    away = adherence(days("2026-11-20"), today)
    assert away.days_away == 6 and away.welcome_back
    assert "1 day practised" in away.trail_sentence


@given(st.sets(st.dates(date(2025, 1, 1), date(2026, 11, 24)), max_size=200))
def test_more_practice_never_makes_the_trail_fainter(practised: set[date]) -> None:
    today = date(2026, 11, 24)
    base = trail_clarity(practised, today)
    assert TRAIL_FLOOR <= base <= 1.0
    assert trail_clarity(practised | {today}, today) >= base


def test_the_strip_names_each_column_s_weekday_and_each_month_where_it_begins() -> None:
    from gmi.model.practice_days import strip_labels

    today = date(2026, 12, 3)  # a Thursday: the last column
    days = [today - timedelta(days=n) for n in range(27, -1, -1)]  # 6 Nov .. 3 Dec
    labels = strip_labels(days)
    assert labels.weekdays == ("Fri", "Sat", "Sun", "Mon", "Tue", "Wed", "Thu")
    assert labels.months[0] == "Nov" and labels.months[days.index(date(2026, 12, 1))] == "Dec"
    assert sum(bool(m) for m in labels.months) == 2  # the rest carry only their number
    assert labels.span == "6 Nov to 3 Dec"
    assert strip_labels([]).weekdays == ()
