"""Norms that mean what they say: a band per body part, too-fast answers flagged,
and every "outside the norm" names its measure."""

from __future__ import annotations

from datetime import date

import pytest

from gmi.model.laterality import PlannedTrial, judge
from gmi.model.norms import NORMS, norm_for
from gmi.model.progression import PastSession, ProgressionSettings, laterality_ready
from gmi.model.scoring import (
    against_norm,
    judge_rt_change,
    judge_speed,
    norm_findings,
    norm_verdict,
    patient_summary,
    score,
)


def trials(side: str, rt: float, correct: int = 10, wrong: int = 0) -> list:
    other = "left" if side == "right" else "right"
    out = [judge(PlannedTrial(i, False, side, "back", 90, 0), side, rt) for i in range(correct)]
    out += [judge(PlannedTrial(100 + i, False, side, "back", 90, 0), other, rt)
            for i in range(wrong)]
    return out


def test_each_body_part_has_its_own_band_and_a_source() -> None:
    assert (norm_for("hand").rt_lower_ms, norm_for("hand").rt_upper_ms) == (1500, 2500)
    assert (norm_for("foot").rt_mean_ms, norm_for("foot").body_part) == (2000, "foot")
    assert norm_for("neck").rt_mean_ms == 1600 and "Wallwork 2013" in norm_for("back").source
    assert (norm_for("shoulder").rt_mean_ms, norm_for("shoulder").rt_sd_ms) == (1738, 741)
    assert all(n.accuracy_target == 0.80 and n.source for n in NORMS.values())


@pytest.mark.parametrize(("rt", "words"), [
    (10.0, "too fast"), (550.0, "faster"), (1499.0, "faster"), (1500.0, "within"),
    (2500.0, "within"), (2501.0, "slower"), (None, "no data")])
def test_within_the_norm_only_inside_the_band(rt, words) -> None:
    assert judge_speed(rt, norm_for("hand")) == words


def test_too_fast_and_fast_answers_are_never_called_within_the_norm() -> None:
    for rt in (10.0, 550.0):
        result = score(trials("left", rt) + trials("right", rt))
        assert not any(v.within for v in against_norm(result))
        assert norm_verdict(result).startswith("outside the norm: speed left")
    too_fast = score(trials("left", 10.0) + trials("right", 10.0))
    assert "too fast to be a judgement" in norm_verdict(too_fast)
    lines = patient_summary(too_fast, None, "hand")
    assert "Both sides are within the range most people reach." not in lines


def test_the_finding_names_accuracy_speed_or_the_gap_between_sides() -> None:
    result = score(trials("left", 2000, correct=6, wrong=4) + trials("right", 2000))
    assert norm_findings(result) == ["accuracy left 60% (below 80%)",
                                     "gap between sides 40% in accuracy"]
    slow = score(trials("left", 3000) + trials("right", 1900))
    assert norm_findings(slow) == ["speed left 3.00 s (slower than the band)",
                                   "gap between sides 1.10 s in speed"]
    assert norm_verdict(score(trials("left", 2000) + trials("right", 2100))) == "within the norm"


def test_feet_are_judged_against_the_foot_norm_and_necks_against_theirs() -> None:
    result = score(trials("left", 2300) + trials("right", 2300))
    assert norm_verdict(result, norm_for("foot")) == "within the norm"
    assert "slower than the band" in norm_verdict(result, norm_for("neck"))


def test_a_gain_inside_the_practice_effect_is_not_clinical_change() -> None:
    assert judge_rt_change(2500, 2100) == "faster, within the practice effect"  # 16 %
    assert judge_rt_change(3000, 2000) == "better"  # 33 %, beyond practice
    assert judge_rt_change(2000, 2600) == "worse"


def test_too_fast_answers_do_not_open_the_next_stage() -> None:
    result = score(trials("left", 300) + trials("right", 300))
    days = [PastSession("laterality", date(2026, 11, d), True, result) for d in range(1, 8)]
    ready, why = laterality_ready(days, ProgressionSettings(), date(2026, 11, 7))
    assert not ready and "too fast to be a judgement" in why


def test_a_neck_programme_opens_the_next_stage_at_the_neck_speed() -> None:
    from gmi.model.presets import presets
    from gmi.model.protocol import parse_protocol, protocol_to_toml

    by_part = {p.body_part: p for p in presets().values()}
    assert by_part["neck"].progression.rt_ms == 2100  # 1.6 + 0.5 s
    assert by_part["hand"].progression.rt_ms == 2500
    assert by_part["shoulder"].progression.rt_ms == 2479  # 1.738 + 0.741 s
    result = score(trials("left", 2300) + trials("right", 2300))  # fine for a hand
    days = [PastSession("laterality", date(2026, 11, d), True, result) for d in range(1, 8)]
    for part, opens in (("hand", True), ("neck", False)):
        ready, why = laterality_ready(days, by_part[part].progression, date(2026, 11, 7))
        assert ready is opens, why
    assert "within about 2.1 s" in why
    # a threshold the programme sets itself is kept, and the TOML round-trips
    text = protocol_to_toml(by_part["neck"]).replace("rt_ms = 2100.0", "rt_ms = 2400.0")
    assert parse_protocol(text, "neck.toml").progression.rt_ms == 2400
    again = parse_protocol(protocol_to_toml(by_part["neck"]), "neck.toml")
    assert again.progression == by_part["neck"].progression


def test_the_patients_summary_names_each_side_in_the_body_parts_words() -> None:
    now = score(trials("left", 1400) + trials("right", 1500, correct=7, wrong=3))
    before = score(trials("left", 2600, correct=6, wrong=4) + trials("right", 2600))
    neck = "\n".join(patient_summary(now, before, "neck", norm_for("neck")))
    assert "Turns or tilts to their left: 10 of 10, usually in about 1.4 seconds." in neck
    assert "turns or tilts to their left more often right" in neck
    assert "necks" not in neck and "Turns or tilts to their left are within the usual range; " \
        "turns or tilts to their right are what this practice is training." in neck
    assert ("For comparison: people without neck pain usually get at least 8 in 10 right and "
            "answer in about 1.6 seconds.") in neck  # whose number it is, in words
    shoulder = patient_summary(now, None, "shoulder", norm_for("shoulder"))
    assert "people without shoulder pain" in " ".join(shoulder) and "1.7 seconds" in " ".join(
        shoulder)
    assert "Right arm: 7 of 10, usually in about 1.5 seconds." in shoulder
    hand = patient_summary(now, None, "hand", norm_for("hand"))
    assert "Left hands: 10 of 10, usually in about 1.4 seconds." in hand  # as before


def test_a_quick_answer_is_never_named_as_zero_seconds() -> None:
    """Answers faster than a second read "under a second", not "about 0.0 seconds"."""
    hand = patient_summary(score(trials("left", 30) + trials("right", 400)), None, "hand")
    assert "Left hands: 10 of 10, usually in under a second." in hand
    assert not any("0.0" in line for line in hand)
