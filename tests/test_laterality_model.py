"""Scheduling rules and scoring, on constructed trial lists."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmi.model.laterality import (
    MAX_RUN,
    PlannedTrial,
    TrialRecord,
    angle_set,
    balanced_sides,
    judge,
    make_schedule,
    rotation_kind,
)
from gmi.model.scoring import (
    against_norm,
    against_previous,
    headline,
    judge_change,
    patient_summary,
    score,
    wilson_interval,
)


def longest_run(sides: list[str]) -> int:
    best = run = 0
    for n, s in enumerate(sides):
        run = run + 1 if n and s == sides[n - 1] else 1
        best = max(best, run)
    return best


@settings(max_examples=200)
@given(trials=st.integers(1, 120), angles=st.sampled_from([4, 6, 8, 12]),
       views=st.lists(st.sampled_from(["back", "palm", "side"]), min_size=1, max_size=3,
                      unique=True),
       seed=st.integers(0, 10_000))
def test_schedule_rules_hold(trials: int, angles: int, views: list[str], seed: int) -> None:
    plan = make_schedule(trials, 0, angles, views, seed)
    sides = [t.side for t in plan]
    assert len(plan) == trials
    assert abs(sides.count("left") - sides.count("right")) <= 1
    assert longest_run(sides) <= MAX_RUN
    assert {t.angle for t in plan} <= set(angle_set(angles))
    assert {t.view for t in plan} <= set(views)
    # every angle x view combination is dealt before any repeats, per side
    for side in ("left", "right"):
        combos = [(t.angle, t.view) for t in plan if t.side == side]
        full = angles * len(views)
        for start in range(0, len(combos) - full + 1, full):
            assert len(set(combos[start:start + full])) == full


@given(count=st.integers(1, 600), seed=st.integers(0, 2**32 - 1))
def test_sides_are_balanced_without_a_run_of_four(count: int, seed: int) -> None:
    sides = balanced_sides(count, random.Random(seed))
    assert len(sides) == count
    assert set(sides) <= {"left", "right"}
    assert sides.count("left") in (count // 2, count - count // 2)
    assert longest_run(sides) <= MAX_RUN


def autocorrelation(sides: list[str], lag: int) -> float:
    """+1 where the side `lag` trials later is always the same, -1 where always the other."""
    signs = [1 if s == "left" else -1 for s in sides]
    pairs = list(zip(signs[:-lag], signs[lag:], strict=True))
    return sum(a * b for a, b in pairs) / len(pairs)


def test_side_order_is_unpredictable() -> None:
    """A patient must not be able to guess the side from the order: no fixed period
    (the old fallback gave LLRRLLRR for most seeds at 120 trials), different orders
    for different seeds, and either side as likely to come first."""
    orders = [balanced_sides(120, random.Random(seed)) for seed in range(200)]
    assert len({tuple(o) for o in orders}) == len(orders)
    period_four = {tuple((["left"] * 2 + ["right"] * 2)[(i + shift) % 4] for i in range(120))
                   for shift in range(4)}
    assert sum(tuple(o) in period_four for o in orders) == 0
    lag2 = sum(autocorrelation(o, 2) for o in orders) / len(orders)
    lag4 = sum(autocorrelation(o, 4) for o in orders) / len(orders)
    assert abs(lag2) < 0.3 and abs(lag4) < 0.3  # LLRRLLRR gives -1 and +1
    assert all(abs(autocorrelation(o, 4)) < 0.8 for o in orders)
    firsts = Counter(o[0] for o in orders)
    assert 70 <= firsts["left"] <= 130, firsts


def test_a_long_schedule_keeps_its_rules() -> None:
    plan = make_schedule(400, 0, 8, ["back", "palm"], seed=7)
    sides = [t.side for t in plan]
    assert sides.count("left") == sides.count("right") == 200
    assert longest_run(sides) <= MAX_RUN


def test_practice_comes_first_and_is_marked() -> None:
    plan = make_schedule(40, 8, 8, ["back", "palm"], seed=1)
    assert [t.practice for t in plan] == [True] * 8 + [False] * 40
    assert [t.index for t in plan] == list(range(48))
    assert make_schedule(40, 8, 8, ["back"], seed=1) == make_schedule(40, 8, 8, ["back"], seed=1)


@pytest.mark.parametrize(("count", "expected"), [
    (4, [0, 90, 180, 270]), (6, [0, 60, 120, 180, 240, 300]), (12, list(range(0, 360, 30)))])
def test_angle_sets(count: int, expected: list[int]) -> None:
    assert angle_set(count) == expected


def test_bad_schedule_input_is_refused() -> None:
    with pytest.raises(ValueError, match="trials"):
        make_schedule(0, 0, 8, ["back"])
    with pytest.raises(ValueError, match="angles"):
        angle_set(5)


@pytest.mark.parametrize(("side", "angle", "kind"), [
    ("right", 90, "lateral"), ("right", 1, "lateral"), ("right", 179, "lateral"),
    ("right", 270, "medial"), ("right", 181, "medial"), ("left", 90, "medial"),
    ("left", 300, "lateral"), ("left", 0, "neutral"), ("right", 180, "neutral"),
])
def test_medial_lateral_rule(side: str, angle: int, kind: str) -> None:
    assert rotation_kind(side, angle) == kind


def trial(side: str, response: str | None, rt: float | None, angle: int = 90,
          view: str = "back", practice: bool = False, index: int = 0) -> TrialRecord:
    return judge(PlannedTrial(index, practice, side, view, angle, 0), response, rt)


def test_judging_a_trial() -> None:
    hit = trial("left", "left", 1500.0)
    assert hit.correct and not hit.timed_out and hit.rotation == "medial"
    miss = trial("right", None, 8000.0)
    assert not miss.correct and miss.timed_out and miss.rt_ms is None
    wrong = trial("right", "left", 900.0)
    assert not wrong.correct and not wrong.timed_out


def test_scoring_on_a_hand_made_list() -> None:
    trials = [
        trial("left", "left", 1000, angle=0), trial("left", "left", 2000, angle=90),
        trial("left", "right", 500, angle=90), trial("left", None, None, angle=270),
        trial("right", "right", 1500, angle=90), trial("right", "right", 2500, angle=270),
        trial("right", "right", 3500, angle=270, view="palm"),
        trial("right", "left", 100, practice=True),  # practice never counts
    ]
    result = score(trials)
    assert (result.overall.n, result.overall.correct, result.overall.timed_out) == (7, 5, 1)
    left, right = result.by_side["left"], result.by_side["right"]
    assert left.accuracy == 0.5 and right.accuracy == 1.0
    assert left.rt_median_ms == 1500 and left.rt_mean_ms == 1500  # correct trials only
    assert right.rt_median_ms == 2500 and right.rt_mean_ms == 2500
    assert result.by_view["palm"].n == 1
    assert result.by_angle[270].n == 3 and result.by_angle[270].correct == 2
    # lateral: left 270, right 90; medial: left 90 (x2), right 270 (x2); neutral: left 0
    assert result.by_rotation["lateral"].n == 2
    assert result.by_rotation["medial"].n == 4 and result.by_rotation["neutral"].n == 1
    assert headline(result) == "5 of 7 correct · left 1.50 s, right 2.50 s"
    verdicts = {v.side: v for v in against_norm(result)}
    assert verdicts["left"].accuracy_ok is False and verdicts["left"].speed_ok is True
    assert verdicts["right"].accuracy_ok is True and verdicts["right"].speed_ok is True


def test_wilson_interval_is_honest_about_small_samples() -> None:
    low, high = wilson_interval(18, 20)
    assert 0.68 < low < 0.71 and 0.97 < high < 0.98
    assert wilson_interval(0, 5)[0] == 0.0


def test_changes_are_judged_against_the_smallest_detectable_change() -> None:
    assert judge_change(-0.10, (0.19, 0.49), higher_is_better=False) == "no clear change"
    assert judge_change(-300, (190, 490), higher_is_better=False) == "possibly better"
    assert judge_change(-500, (190, 490), higher_is_better=False) == "better"
    assert judge_change(0.15, (0.05, 0.14), higher_is_better=True) == "better"
    assert judge_change(-0.06, (0.05, 0.14), higher_is_better=True) == "possibly worse"


def test_patient_summary_is_concrete_and_kind() -> None:
    before = score([trial("right", "right", 2600, index=i) for i in range(10)]
                   + [trial("left", "right", 2000, index=10 + i) for i in range(10)])
    now = score([trial("right", "right", 1900, index=i) for i in range(10)]
                + [trial("left", "left", 1800, index=10 + i) for i in range(10)])
    lines = patient_summary(now, before, "hand")
    text = " ".join(lines)
    assert lines[0] == "You named 20 of 20 pictures correctly."
    assert "Both sides are within the range most people reach." in text
    assert "left hands more often right" in text and "right hands quicker" in text
    changes = {c.side: c for c in against_previous(now, before)}
    assert changes["right"].rt_change == "better" and changes["left"].accuracy_change == "better"
    weak = patient_summary(before, None, "hand")
    assert not any(w in " ".join(weak).lower() for w in ("fail", "bad", "poor", "wrong"))


def test_records_from_events_keeps_every_good_trial() -> None:
    from types import SimpleNamespace

    from gmi.model.laterality import records_from_events

    good = trial("left", "left", 1200).model_dump(mode="json")
    events = [SimpleNamespace(kind="trial", data=good),
              SimpleNamespace(kind="trial", data={"side": "up"}),
              SimpleNamespace(kind="pause", data={}),
              SimpleNamespace(kind="trial", data=good | {"index": 1})]
    assert [r.index for r in records_from_events(events)] == [0, 1]
