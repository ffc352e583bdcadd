"""Progression rules on constructed session histories."""

from __future__ import annotations

from datetime import date, timedelta

from gmi.model.laterality import PlannedTrial, judge
from gmi.model.presets import presets
from gmi.model.progression import (
    PastSession,
    ProgressionSettings,
    flare_recheck,
    laterality_ready,
    progression,
)
from gmi.model.scoring import score

TODAY = date(2026, 11, 24)
ALL = ["laterality", "imagery", "mirror", "tracking"]
SETTINGS = ProgressionSettings()


def lat_score(left_correct: int, right_correct: int, left_rt: float = 1800,
              right_rt: float = 1900, n: int = 10):
    trials = []
    for i in range(n):
        trials.append(judge(PlannedTrial(i, False, "left", "back", 90, 0),
                            "left" if i < left_correct else "right", left_rt))
        trials.append(judge(PlannedTrial(n + i, False, "right", "back", 90, 0),
                            "right" if i < right_correct else "left", right_rt))
    return score(trials)


def laterality_days(days: int, **kwargs) -> list[PastSession]:
    return [PastSession("laterality", TODAY - timedelta(days=d), True, lat_score(**kwargs))
            for d in range(days)]


def test_a_new_person_starts_with_recognition_only() -> None:
    status = progression(ALL, [], SETTINGS, TODAY)
    assert [s.unlocked for s in status.values()] == [True, False, False, False]
    assert status["imagery"].why == "Practise 'Left or right?' on 5 of 7 days (so far 0)."
    assert status["mirror"].why == "Opens after 'Imagine the movement'."


def test_a_good_stable_week_opens_imagery() -> None:
    status = progression(ALL, laterality_days(7, left_correct=9, right_correct=9), SETTINGS,
                         TODAY)
    assert status["imagery"].unlocked
    assert not status["mirror"].unlocked
    assert "so far 0" in status["mirror"].why


def test_one_weak_day_on_one_side_keeps_imagery_closed_and_says_why() -> None:
    history = laterality_days(6, left_correct=9, right_correct=9)
    history.append(PastSession("laterality", TODAY, True, lat_score(7, 10)))
    ready, why = laterality_ready(history, SETTINGS, TODAY)
    assert not ready and "left: 70%" in why


def test_slow_or_unalike_sides_keep_imagery_closed() -> None:
    slow = laterality_days(7, left_correct=9, right_correct=9, left_rt=3200)
    assert "Answer within about 2.5 s" in laterality_ready(slow, SETTINGS, TODAY)[1]
    unalike = laterality_days(7, left_correct=9, right_correct=9, left_rt=1400, right_rt=2400)
    assert laterality_ready(unalike, SETTINGS, TODAY)[1] == (
        "Left and right need to be alike in speed for a week.")


def test_old_sessions_do_not_count_for_a_stable_week() -> None:
    old = [PastSession("laterality", TODAY - timedelta(days=20 + d), True, lat_score(10, 10))
           for d in range(7)]
    assert not laterality_ready(old, SETTINGS, TODAY)[0]


def test_imagery_practice_and_pain_stops() -> None:
    history = laterality_days(7, left_correct=9, right_correct=9)
    history += [PastSession("imagery", TODAY - timedelta(days=d), True) for d in range(10)]
    assert progression(ALL, history, SETTINGS, TODAY)["mirror"].unlocked
    history.append(PastSession("imagery", TODAY, False, stopped_for_pain=True))
    status = progression(ALL, history, SETTINGS, TODAY)
    assert not status["mirror"].unlocked and "pain stops" in status["mirror"].why


def test_therapist_override_opens_a_stage() -> None:
    status = progression(ALL, [], SETTINGS, TODAY, overrides=["imagery"])
    assert status["imagery"].unlocked and status["imagery"].why == "Opened by your therapist."
    assert not status["mirror"].unlocked


def test_flare_suggests_a_laterality_recheck_until_one_is_done() -> None:
    flare = [PastSession("mirror", TODAY, True, pain_before=3, pain_after=6)]
    assert "Left or right?" in flare_recheck(flare, SETTINGS, TODAY)
    flare.append(PastSession("laterality", TODAY, True, lat_score(9, 9)))
    assert flare_recheck(flare, SETTINGS, TODAY) == ""
    calm = [PastSession("mirror", TODAY, True, pain_before=3, pain_after=4)]
    assert flare_recheck(calm, SETTINGS, TODAY) == ""


def test_three_clinical_presets_and_their_programmes() -> None:
    found = presets()
    assert {"crps-hand", "phantom-hand", "foot-standard"} <= set(found)
    assert found["crps-hand"].sessions_per_day == 3
    assert found["phantom-hand"].progression.practice_days == 8
    foot = found["foot-standard"]  # stage 4 follows the foot with MediaPipe Pose
    assert foot.stages[-1] == "tracking"
    assert [e.kind for e in foot.tracking.exercises] == ["ankle_flex"]
