"""The posture match: finger states first, then angles; the stage-4 copy set."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest

from gmi.model.copy_set import hand_copy_set, parse_copy_set
from gmi.model.posture import PostureLibraryError, hand_landmarks, hand_postures
from gmi.vision.posture_match import (
    CONTRADICTED_SCORE,
    EXTENDED,
    FOLDED,
    copy_score,
    identify,
    read_hand,
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
        assert copy_score(own, own) == pytest.approx(100)


def test_members_with_contradicting_fingers_score_low_whatever_the_angles() -> None:
    members = {m: reading(m) for m in hand_copy_set().members}
    contradicting = [(a, b) for a, b in itertools.permutations(members, 2)
                     if members[a].contradictions(members[b])]
    assert ("fist", "thumbs_up") in contradicting  # the thumb tells them apart
    for a, b in contradicting:
        assert copy_score(members[a], members[b]) <= CONTRADICTED_SCORE


def test_rounds_use_stand_ins_once_and_skip_the_left_out() -> None:
    assert hand_copy_set().rounds(["flat_side", "open", "claw", "ok", "fist"], 3) == [
        "open", "pinch", "fist"]


@pytest.mark.parametrize(("text", "expected"), [
    ('members = ["open", "nonsense"]\n', "'nonsense' is not a hand posture"),
    ('members = ["open"]\n[same_as]\nflat_side = "fist"\n', "'fist', not a member"),
    ('members = ["open"]\n[left_out]\nopen = "why"\n', "open placed twice"),
    ('members = "open"\n', "hand_copy.toml"),
])
def test_a_broken_copy_set_says_what_is_wrong(text: str, expected: str) -> None:
    with pytest.raises(PostureLibraryError, match=expected):
        parse_copy_set(text, hand_postures())


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "hands").is_dir(), reason="../shared/hands absent")
def test_real_photos_never_contradict_their_labelled_fingers() -> None:
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
            states = dict(zip(("index", "middle", "ring", "little", "thumb"),
                              read_hand(hand.pixel_points(), hand.side).states, strict=True))
            for finger in row["extended"].split():
                assert states[finger] != FOLDED, (row["file"], finger)
                checked += 1
            for finger in row["folded"].split():
                assert states[finger] != EXTENDED, (row["file"], finger)
                checked += 1
    finally:
        tracker.close()
    assert checked >= 40
