"""Posture model: forward kinematics, mirror symmetry, the named libraries."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmi.model.posture import (
    BONE_LENGTHS,
    FINGERS,
    HAND_BONES,
    LANDMARKS,
    Posture,
    PostureLibraryError,
    bone_lengths,
    foot_keypoints,
    foot_postures,
    hand_landmarks,
    hand_postures,
    mirror,
    parse_library,
)

REQUIRED = {"open", "fist", "point", "thumbs_up", "pinch", "ok", "spread", "claw",
            "flat_side", "v", "hook", "relaxed"}

flex = st.floats(-30, 110, allow_nan=False)
abd = st.floats(-30, 45, allow_nan=False)
finger = st.tuples(flex, abd, flex, flex)


@st.composite
def postures(draw) -> Posture:
    return Posture(name="x", title="X", **{f: draw(finger) for f in FINGERS},
                   wrist=(draw(st.floats(-60, 60)), draw(st.floats(-20, 30))))


def test_library_has_the_required_hand_and_foot_postures() -> None:
    assert set(hand_postures()) >= REQUIRED
    assert len(foot_postures()) >= 6
    assert all(p.instruction for p in hand_postures().values())


def test_open_hand_has_standard_bone_lengths() -> None:
    points = hand_landmarks(hand_postures()["open"])
    assert points.shape == (21, 3)
    assert np.allclose(points[0], 0)
    for name, chain in LANDMARKS.items():
        segs = [np.linalg.norm(points[b] - points[a]) for a, b in itertools.pairwise(chain)]
        assert np.allclose(segs, BONE_LENGTHS[name], atol=1e-9)


@settings(max_examples=150)
@given(postures())
def test_bone_lengths_never_change_with_the_angles(posture: Posture) -> None:
    reference = bone_lengths(hand_landmarks(hand_postures()["open"]))
    assert np.allclose(bone_lengths(hand_landmarks(posture)), reference, atol=1e-9)


@settings(max_examples=100)
@given(postures())
def test_left_is_the_mirror_of_right(posture: Posture) -> None:
    right = hand_landmarks(posture, "right")
    left = hand_landmarks(posture, "left")
    assert np.allclose(left, mirror(right))
    assert np.allclose(left[:, 1:], right[:, 1:])
    assert np.allclose(bone_lengths(left), bone_lengths(right))


def test_flexion_bends_toward_the_palm_and_fist_closes() -> None:
    lib = hand_postures()
    open_, fist = hand_landmarks(lib["open"]), hand_landmarks(lib["fist"])
    for tip in (8, 12, 16, 20):
        assert fist[tip, 2] < open_[tip, 2] or fist[tip, 1] < open_[tip, 1] - 0.05
        assert np.linalg.norm(fist[tip] - fist[0]) < 0.6 * np.linalg.norm(open_[tip] - open_[0])
    # in the right hand frame the thumb lies toward -x, the little finger toward +x
    assert open_[4, 0] < open_[20, 0]


def test_spread_opens_the_fan_and_pinch_brings_tips_together() -> None:
    lib = hand_postures()
    open_, spread = hand_landmarks(lib["open"]), hand_landmarks(lib["spread"])
    assert np.linalg.norm(spread[8] - spread[20]) > np.linalg.norm(open_[8] - open_[20]) + 0.02
    pinch = hand_landmarks(lib["pinch"])
    assert np.linalg.norm(pinch[4] - pinch[8]) < 0.006


def test_bones_follow_mediapipe_connections() -> None:
    assert len(HAND_BONES) == 20
    assert (0, 1) in HAND_BONES and (19, 20) in HAND_BONES


def test_foot_postures_move_the_right_points() -> None:
    lib = foot_postures()
    neutral = foot_keypoints(lib["neutral"])
    assert foot_keypoints(lib["toes_up"])[4, 2] > neutral[4, 2] + 0.02
    assert foot_keypoints(lib["point"])[4, 2] < neutral[4, 2] - 0.05
    assert np.allclose(foot_keypoints(lib["ankle_in"], "left"),
                       mirror(foot_keypoints(lib["ankle_in"], "right")))


@pytest.mark.parametrize(("text", "expected"), [
    ("[fist\n", "not valid TOML"),
    ("fist = 3\n", "'fist' should be a table"),
    ('[fist]\ntitle = "F"\nindex = [200, 0, 0, 0]\n', "posture 'fist', field 'index'"),
    ('[fist]\ntitle = "F"\nknee = [1, 2]\n', "posture 'fist', field 'knee'"),
    ('[fist]\ntitle = "F"\nimagery_view = "back"\nexcluded = { back = "only knuckles" }\n',
     "posture 'fist' has imagery_view 'back', but it is excluded (only knuckles)"),
    ('[fist]\ntitle = "F"\nimagery_view = "top"\n', "hand views are back, palm, side"),
])
def test_library_errors_name_the_posture_and_field(text: str, expected: str) -> None:
    with pytest.raises(PostureLibraryError, match=r"my\.toml") as caught:
        parse_library(text, "hand", "my.toml")
    assert expected in str(caught.value)


@pytest.mark.parametrize("body_part", ["hand", "foot", "neck", "back", "shoulder", "knee"])
def test_every_posture_has_an_imagery_view_it_may_be_shown_in(body_part: str) -> None:
    """Stage 2 shows each posture from one view: the library names it for every
    posture, and it is always one of the views the posture is offered in."""
    from gmi.model.posture import imagery_view, offered_views, postures_for

    for name, posture in postures_for(body_part).items():
        assert posture.imagery_view is not None, f"{body_part} posture '{name}' names no view"
        view = imagery_view(posture, body_part)
        assert view == posture.imagery_view and view in offered_views(posture, body_part)


def test_the_defining_part_is_in_view() -> None:
    """A fist from the palm (curled fingers and the thumb across them), a pinch and
    an OK sign from the side (the ring of thumb and index), an arm raised forward
    from the side; a posture without a choice takes the first offered view."""
    from gmi.model.posture import imagery_view, postures_for

    hand = postures_for("hand")
    assert imagery_view(hand["fist"], "hand") == "palm"
    assert {imagery_view(hand[n], "hand") for n in ("pinch", "ok")} == {"side"}
    assert imagery_view(hand["thumbs_up"], "hand") != "side"  # the thumb is lost there
    assert imagery_view(postures_for("shoulder")["forward_90"], "shoulder") == "side"
    assert imagery_view(postures_for("shoulder")["sideways_90"], "shoulder") == "front"
    assert imagery_view(postures_for("knee")["bent_back"], "knee") == "side"
    unnamed = parse_library('[fist]\ntitle = "F"\nexcluded = { back = "knuckles" }\n',
                            "hand", "my.toml")["fist"]
    assert imagery_view(unnamed, "hand") == "palm"


def test_each_body_part_says_how_far_its_pictures_may_turn() -> None:
    from gmi.model.posture_library import rotation_limit

    for part in ("knee", "shoulder", "hand", "foot"):
        assert rotation_limit(part).allows(180), part
    for part in ("neck", "back"):
        limit = rotation_limit(part)
        assert limit.allows(0) and not limit.allows(90) and not limit.allows(270), part
        assert "lying down" in limit.rotation_note


def test_a_bad_rotation_limit_names_the_field() -> None:
    from gmi.model.posture_library import parse_rotation_limit

    with pytest.raises(PostureLibraryError, match=r"my\.toml: field 'max_rotation'"):
        parse_rotation_limit('max_rotation = 400\n[fist]\ntitle = "F"\n', "my.toml")
    # the library's own keys are not postures
    assert set(parse_library('max_rotation = 90\n[fist]\ntitle = "F"\n', "hand", "my.toml")) \
        == {"fist"}


def test_the_names_a_protocol_is_checked_against_are_the_librarys_postures() -> None:
    """A protocol's check reads only the names (fast at start-up); they must be
    exactly the postures the full library loads, for every body part."""
    from gmi.model.posture import postures_for
    from gmi.model.posture_library import posture_names
    from gmi.model.stages import BODY_PARTS

    for part in BODY_PARTS:
        assert posture_names(part) == set(postures_for(part)), part
        assert len(posture_names(part)) >= 5, part
