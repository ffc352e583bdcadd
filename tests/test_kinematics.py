"""Kinematics on landmark sets with known angles (the posture model's FK)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gmi.model.posture import FINGERS, Posture, hand_landmarks, hand_postures
from gmi.vision.kinematics import (
    OneEuroFilter,
    RangeOfMotion,
    RepCounter,
    exercise_signal,
    facing,
    hand_angles,
    pinch_closeness,
    posture_match,
)

flex = st.floats(-30, 89, allow_nan=False)  # knuckles bend up to about 90 degrees
abd = st.floats(-25, 35, allow_nan=False)


@st.composite
def postures(draw) -> Posture:
    return Posture(name="x", title="X", **{f: (draw(flex), draw(abd), draw(st.floats(0, 110)),
                                              draw(st.floats(0, 90))) for f in FINGERS})


def random_rotation(seed: int) -> np.ndarray:
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(3, 3)))
    q *= np.sign(np.diag(r))
    return q if np.linalg.det(q) > 0 else -q


@settings(max_examples=150)
@given(postures(), st.sampled_from(["left", "right"]), st.integers(0, 1000))
def test_angles_equal_the_posture_whatever_the_pose(posture: Posture, side: str, seed: int) -> None:
    rot = random_rotation(seed)
    points = hand_landmarks(posture, side) @ rot.T + np.random.default_rng(seed).normal(size=3)
    angles = hand_angles(points, side)
    for finger in ("index", "middle", "ring", "little"):
        mcp, _, pip, dip = posture.finger(finger)
        assert angles.mcp[finger] == pytest.approx(mcp, abs=1e-6)
        assert angles.pip[finger] == pytest.approx(abs(pip), abs=1e-6)
        assert angles.dip[finger] == pytest.approx(abs(dip), abs=1e-6)
    assert angles.thumb_mcp == pytest.approx(abs(posture.thumb[2]), abs=1e-6)
    assert angles.thumb_ip == pytest.approx(abs(posture.thumb[3]), abs=1e-6)


def test_closure_spread_and_pinch_of_library_postures() -> None:
    lib = hand_postures()

    def angles(name: str):
        return hand_angles(hand_landmarks(lib[name]), "right")

    assert angles("open").closure == pytest.approx(0, abs=0.01)
    assert angles("fist").closure == pytest.approx(100)
    assert 40 < angles("hook").closure < 80
    assert angles("spread").spread > angles("open").spread + 25
    assert pinch_closeness(hand_landmarks(lib["pinch"])) > 90
    assert pinch_closeness(hand_landmarks(lib["open"])) < 20


def test_facing_tells_palm_from_back() -> None:
    open_hand = hand_landmarks(hand_postures()["open"])
    toward_viewer_at_plus_z = (0.0, 0.0, 1.0)
    assert facing(open_hand, "right", toward_viewer_at_plus_z) == pytest.approx(-1)  # back
    turned = open_hand @ np.diag([-1.0, 1.0, -1.0])  # rotate 180 degrees about y
    assert facing(turned, "right", toward_viewer_at_plus_z) == pytest.approx(1)  # palm


def test_posture_match_scores() -> None:
    lib = hand_postures()
    def angles(name: str, side: str = "right", seed: int = 0):
        return hand_angles(hand_landmarks(lib[name], side) @ random_rotation(seed).T, side)

    assert posture_match(angles("fist"), angles("fist", "left", 5)) == pytest.approx(100)
    assert posture_match(angles("open"), angles("fist")) == 0
    assert posture_match(angles("open"), angles("claw")) <= 40  # 47 degrees RMS apart
    assert posture_match(angles("open"), angles("spread")) < 80  # 16 apart: not "copied well"
    assert posture_match(angles("point"), angles("fist")) > posture_match(angles("point"),
                                                                        angles("open"))


def noisy_cycles(cycles: int, seconds_per_cycle: float, noise: float, seed: int):
    rng = np.random.default_rng(seed)
    t = np.arange(0, cycles * seconds_per_cycle, 1 / 30)
    value = 50 - 45 * np.cos(2 * np.pi * t / seconds_per_cycle) + rng.normal(0, noise, t.size)
    return t, value


@pytest.mark.parametrize(("cycles", "noise"), [(1, 2.0), (5, 5.0), (10, 8.0)])
def test_rep_counter_counts_noisy_cycles(cycles: int, noise: float) -> None:
    counter = RepCounter(low=25, high=65)
    smooth = OneEuroFilter(min_cutoff=2.0, beta=0.01)
    t, values = noisy_cycles(cycles, 2.0, noise, seed=cycles)
    for ti, v in zip(t, values, strict=True):
        counter.update(float(smooth(v, ti)), float(ti))
    assert counter.count == cycles


def test_noise_around_one_level_counts_nothing() -> None:
    counter = RepCounter(low=25, high=65)
    smooth = OneEuroFilter(min_cutoff=2.0, beta=0.01)
    rng = np.random.default_rng(1)
    for n in range(900):  # 30 s of a still, half-closed hand with strong jitter
        counter.update(float(smooth(45 + rng.normal(0, 8), n / 30)), n / 30)
    assert counter.count == 0


def test_a_hand_starting_closed_counts_only_full_cycles() -> None:
    counter = RepCounter(low=25, high=65)
    for n, v in enumerate([90, 90, 10, 10, 90, 90, 10]):
        counter.update(v, n * 0.5)
    assert counter.count == 1


def test_too_fast_flicker_is_ignored() -> None:
    counter = RepCounter(low=25, high=65, min_seconds=0.35)
    for n, v in enumerate([10, 90, 10]):
        counter.update(v, n * 0.05)
    assert counter.count == 0


def test_one_euro_filter_reduces_jitter_and_follows_moves() -> None:
    rng = np.random.default_rng(0)
    f = OneEuroFilter(min_cutoff=1.0, beta=0.05)
    raw = 10 + rng.normal(0, 2, 300)
    smooth = np.array([f(v, n / 30) for n, v in enumerate(raw)])
    assert smooth[50:].std() < raw[50:].std() / 2
    f.reset()
    out = [f(0.0 if n < 30 else 100.0, n / 30) for n in range(60)]
    assert out[-1] > 90  # a real movement gets through within a second


def test_range_of_motion_and_signals() -> None:
    rom = RangeOfMotion()
    assert rom.span is None
    for v in (10, 80, 35):
        rom.add(v)
    assert (rom.minimum, rom.maximum, rom.span) == (10, 80, 70)
    fist = hand_landmarks(hand_postures()["fist"])
    assert exercise_signal("open_close", fist, "right") == 100
    assert math.isfinite(exercise_signal("wrist_turn", fist, "right"))


def test_a_posture_copied_within_the_trackers_error_scores_at_least_80() -> None:
    lib = hand_postures()
    rng = np.random.default_rng(3)
    for name in ("open", "fist", "point", "v"):
        target = hand_angles(hand_landmarks(lib[name], "right"), "right")
        wobbly = lib[name].model_copy(update={
            f: tuple(float(np.clip(a + rng.normal(0, 6), -45, 60 if i == 1 else 120))
                     for i, a in enumerate(lib[name].finger(f)))
            for f in ("thumb", "index", "middle", "ring", "little")})
        copied = hand_angles(hand_landmarks(wobbly, "right"), "right")
        assert posture_match(copied, target) >= 80, name


def test_the_match_reading_says_how_sure_it_is() -> None:
    from gmi.vision.kinematics import MIN_BAND, match_reading

    assert match_reading([]) is None
    steady = match_reading([85.0] * 20)
    assert steady.score == 85 and steady.high - steady.low == pytest.approx(MIN_BAND)
    shaky = match_reading([40.0, 90.0] * 10)
    assert shaky.low <= 45 and shaky.high >= 85
    assert shaky.text == f"{shaky.score:.0f} / 100 ({shaky.low:.0f}–{shaky.high:.0f})"
