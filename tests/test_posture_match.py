"""The posture match: finger states first, then angles; the stage-4 copy set."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from gmi.model.copy_set import hand_copy_set, parse_copy_set
from gmi.model.posture import PostureLibraryError, hand_landmarks, hand_postures
from gmi.vision.kinematics import match_reading
from gmi.vision.posture_match import (
    CONTRADICTED_SCORE,
    EXTENDED,
    FOLDED,
    copy_score,
    copy_target,
    identify,
    read_hand,
    score_of_distance,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def reading(name: str, side: str = "right"):
    return read_hand(hand_landmarks(hand_postures()[name], side), side)


def test_the_shipped_copy_set_places_every_hand_posture_once() -> None:
    copy = hand_copy_set()
    placed = [*copy.members, *copy.same_as, *copy.left_out]
    assert sorted(placed) == sorted(hand_postures())
    assert all(copy.left_out.values())  # each left out with its reason


def test_finger_states_of_library_postures() -> None:
    assert reading("fist").states == (FOLDED,) * 5  # thumb tucked
    assert reading("thumbs_up").states == (FOLDED,) * 4 + (EXTENDED,)  # thumb out
    assert reading("point").states[:4] == (EXTENDED, FOLDED, FOLDED, FOLDED)
    assert reading("v").states[:4] == (EXTENDED, EXTENDED, FOLDED, FOLDED)


@pytest.mark.parametrize("side", ["right", "left"])
def test_each_member_is_identified_and_scores_100_against_itself(side: str) -> None:
    members = {m: reading(m, side) for m in hand_copy_set().members}
    for name, own in members.items():
        assert identify(own, members) == name
        assert copy_score(own, copy_target(name, side)) == pytest.approx(100)


def test_members_with_contradicting_fingers_score_low_whatever_the_angles() -> None:
    members = {m: reading(m) for m in hand_copy_set().members}
    contradicting = [(a, b) for a, b in itertools.permutations(members, 2)
                     if members[a].contradictions(members[b])]
    assert ("fist", "thumbs_up") in contradicting  # the thumb tells them apart
    for a, b in contradicting:
        assert copy_score(members[a], copy_target(b, "right")) <= CONTRADICTED_SCORE


def test_every_member_scores_every_other_member_at_most_40() -> None:
    """Exact: each member's own landmarks against the set; open and spread fingers
    share their finger states, so only the nearest-posture limit keeps them apart."""
    for side in ("right", "left"):
        for shown in hand_copy_set().members:
            for scored in hand_copy_set().members:
                if scored != shown:
                    assert copy_score(reading(shown, side), copy_target(scored, side)) <= 40, (
                        shown, scored)


def between_open_and_spread(share: float, side: str = "right"):
    """Synthetic landmarks: the open hand's angles moved `share` of the way to the
    spread fingers' (0: the open hand, 1: spread), fingers and thumb alike."""
    postures = hand_postures()
    start, end = postures["open"], postures["spread"]
    fingers = {f: tuple(a + share * (b - a) for a, b in zip(getattr(start, f), getattr(end, f),
                                                           strict=True))
               for f in ("thumb", "index", "middle", "ring", "little")}
    posture = start.model_copy(update=fingers)
    return read_hand(hand_landmarks(posture, side), side)


@pytest.mark.parametrize("side", ["right", "left"])
def test_a_nearly_open_hand_is_open_and_a_nearly_spread_one_spread(side: str) -> None:
    nearly_open, nearly_spread = between_open_and_spread(0.15, side), between_open_and_spread(
        0.85, side)
    assert nearly_open.states == nearly_spread.states  # finger states cannot tell them apart
    assert copy_score(nearly_open, copy_target("open", side)) >= 80
    assert copy_score(nearly_open, copy_target("spread", side)) <= 40
    assert copy_score(nearly_spread, copy_target("spread", side)) >= 80
    assert copy_score(nearly_spread, copy_target("open", side)) <= 40


def test_no_hand_between_open_and_spread_scores_over_40_for_both() -> None:
    for step in range(21):
        hand = between_open_and_spread(step / 20)
        scores = sorted(copy_score(hand, copy_target(n, "right")) for n in ("open", "spread"))
        assert scores[0] <= 40, (step, scores)


def test_a_posture_the_tracker_reads_worse_is_scored_on_a_wider_scale() -> None:
    open_target, v_target = copy_target("open", "right"), copy_target("v", "right")
    assert v_target.tolerance > open_target.tolerance
    assert score_of_distance(open_target.tolerance, open_target.tolerance) == pytest.approx(80)
    # 20 degrees RMS off: a poor copy of the open hand, a usual reading of a good V sign
    assert score_of_distance(20.0, open_target.tolerance) < 80 <= score_of_distance(
        20.0, v_target.tolerance)


def test_a_finger_far_from_the_target_contradicts_even_when_unsure() -> None:
    """A "rock" hand (little finger out) read with the little finger unsure is still
    not a pointing hand, whose little finger is folded."""
    rock = reading("point")
    curls = list(rock.curls)
    curls[3] = 50.0  # the little finger nearly straight: unsure, not extended
    states = list(rock.states)
    states[3] = 0
    unsure_rock = type(rock)(rock.angles, tuple(states), tuple(curls))
    assert unsure_rock.contradictions(reading("point")) == 1
    assert copy_score(unsure_rock, copy_target("point", "right")) <= CONTRADICTED_SCORE


def test_the_band_is_at_least_the_tracker_spread_for_the_posture() -> None:
    target = copy_target("spread", "right")
    steady = match_reading([90.0] * 20, target.band)
    assert steady is not None
    assert steady.high - steady.low >= 2 * target.band - 1e-9
    assert target.band > 0


def test_rounds_use_stand_ins_once_and_skip_the_left_out() -> None:
    assert hand_copy_set().rounds(["flat_side", "open", "claw", "ok", "fist"], 3) == [
        "open", "pinch", "fist"]


@pytest.mark.parametrize(("text", "expected"), [
    ('members = ["open", "nonsense"]\n', "'nonsense' is not a hand posture"),
    ('members = ["open"]\n[same_as]\nflat_side = "fist"\n', "'fist', not a member"),
    ('members = ["open"]\n[left_out]\nopen = "why"\n', "open placed twice"),
    ('members = "open"\n', "hand_copy.toml"),
    ('members = ["open"]\n', "no tracker_error for open"),
    ('members = ["open"]\n[tracker_error]\nopen = { median = 5, p90 = 8 }\n'
     'fist = { median = 5, p90 = 8 }\n', "tracker_error for fist, not a member"),
])
def test_a_broken_copy_set_says_what_is_wrong(text: str, expected: str) -> None:
    with pytest.raises(PostureLibraryError, match=expected):
        parse_copy_set(text, hand_postures())


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "hands").is_dir(), reason="../shared/hands absent")
def test_real_photos_never_contradict_their_labelled_fingers_nor_score_high_for_them() -> None:
    import cv2

    from gmi.vision.tracker import HandTracker

    tracker = HandTracker(model_complexity=1, max_hands=2, static_images=True)
    checked = 0
    try:
        for row in csv.DictReader((SHARED / "hands" / "manifest.csv").open()):
            hands = tracker.process(cv2.imread(str(SHARED / "hands" / row["file"])))
            if not hands or not (row["extended"] or row["folded"]):
                continue
            hand = min(hands, key=lambda h: h.image_points[:, 1].mean())
            seen = read_hand(hand.pixel_points(), hand.side)
            states = dict(zip(("index", "middle", "ring", "little", "thumb"), seen.states,
                              strict=True))
            labelled = {f: EXTENDED for f in row["extended"].split()}
            labelled.update({f: FOLDED for f in row["folded"].split()})
            for member in hand_copy_set().members:  # a posture the photo is not: <= 40
                target = copy_target(member, hand.side)
                wanted = dict(zip(states, target.reading.states, strict=True))
                if any(labelled[f] * wanted[f] < 0 for f in labelled):
                    assert copy_score(seen, target) <= 40, (row["file"], member)
            for finger in row["extended"].split():
                assert states[finger] != FOLDED, (row["file"], finger)
                checked += 1
            for finger in row["folded"].split():
                assert states[finger] != EXTENDED, (row["file"], finger)
                checked += 1
    finally:
        tracker.close()
    assert checked >= 40
