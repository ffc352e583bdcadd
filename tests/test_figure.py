"""The whole figure: neck, back, shoulder and knee pictures say their side."""

from __future__ import annotations

import numpy as np
import pytest

from gmi.model.posture import FIGURE_VIEWS, FigurePosture, figure_postures, offered_views
from gmi.model.stages import FIGURE_PARTS
from gmi.stimuli.render import render_figure
from gmi.stimuli.shading import BACKGROUND

SIZE = 160


def _figure_pixels(image: np.ndarray) -> np.ndarray:
    return np.abs(image.astype(int) - np.array(BACKGROUND)).sum(axis=2) > 30


def _blue(image: np.ndarray) -> np.ndarray:
    b, r = image[:, :, 0].astype(int), image[:, :, 2].astype(int)
    return (b > r + 30) & (b > 60)


def _centroid_x(mask: np.ndarray) -> float:
    return float(np.nonzero(mask)[1].mean())


@pytest.mark.parametrize("body_part", FIGURE_PARTS)
def test_every_posture_is_drawn_left_as_the_exact_mirror_of_right(body_part):
    for posture in figure_postures(body_part).values():
        view = offered_views(posture, body_part)[0]
        right = render_figure(body_part, posture, "right", view, 0, "medium", SIZE)
        left = render_figure(body_part, posture, "left", view, 0, "medium", SIZE)
        assert _figure_pixels(right).sum() > 500, posture.name
        assert np.array_equal(left, right[:, ::-1])


def test_each_library_offers_every_view_somewhere():
    for body_part in FIGURE_PARTS:
        library = figure_postures(body_part)
        assert len(library) >= 6
        offered = {v for p in library.values() for v in offered_views(p, body_part)}
        assert offered == set(FIGURE_VIEWS)


def test_a_trunk_bent_to_the_right_leans_to_screen_left_from_the_front_and_right_from_behind():
    upright = FigurePosture(name="upright", title="upright")
    bent = figure_postures("back")["bend_30"]
    for view, sign in (("front", -1), ("back", 1)):
        still = _centroid_x(_blue(render_figure("back", upright, "right", view, 0, "medium",
                                                SIZE)))
        moved = _centroid_x(_blue(render_figure("back", bent, "right", view, 0, "medium", SIZE)))
        assert (moved - still) * sign > 3, view


def test_the_right_arm_raised_sideways_reaches_the_persons_right():
    raised = figure_postures("shoulder")["sideways_90"]
    front = _figure_pixels(render_figure("shoulder", raised, "right", "front", 0, "medium", SIZE))
    cols = np.nonzero(front.any(axis=0))[0]
    middle = SIZE / 2
    assert middle - cols.min() > 2 * (cols.max() - middle)  # their right is screen left
    behind = _figure_pixels(render_figure("shoulder", raised, "right", "back", 0, "medium", SIZE))
    cols = np.nonzero(behind.any(axis=0))[0]
    assert cols.max() - middle > 2 * (middle - cols.min())


def test_the_right_knee_lifted_is_the_shorter_leg_from_the_front():
    lifted = figure_postures("knee")["bent_back"]
    image = _figure_pixels(render_figure("knee", lifted, "right", "front", 0, "medium", SIZE))
    lowest = [np.nonzero(image[:, cols].any(axis=1))[0].max()
              for cols in (slice(0, SIZE // 2), slice(SIZE // 2, SIZE))]
    assert lowest[0] < lowest[1] - 10  # their right leg (screen left) ends higher


def test_a_figure_rotated_a_quarter_turn_keeps_the_same_picture_turned():
    posture = figure_postures("neck")["turn_50"]
    upright = render_figure("neck", posture, "right", "front", 0, "medium", SIZE)
    turned = render_figure("neck", posture, "right", "front", 90, "medium", SIZE)
    assert abs(int(_figure_pixels(upright).sum()) - int(_figure_pixels(turned).sum())) \
        < 0.05 * _figure_pixels(upright).sum()


def _near_background(image: np.ndarray) -> np.ndarray:
    return np.abs(image.astype(int) - np.array(BACKGROUND)).max(axis=-1) <= 3


def _border(image: np.ndarray) -> np.ndarray:
    return np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])


@pytest.mark.parametrize("rotation", [0, 45, 90, 180, 270])
def test_a_crop_is_never_cut_hard_at_the_pictures_edge(rotation):
    """The knee crop cuts the body at the waist, the shoulder crop at the thighs:
    the cut fades out, so the picture's border rows and columns are background."""
    for body_part, name in (("knee", "bent_back"), ("knee", "seated_straight"),
                            ("shoulder", "sideways_90"), ("neck", "turn_50")):
        posture = figure_postures(body_part)[name]
        for view in offered_views(posture, body_part):
            image = render_figure(body_part, posture, "right", view, rotation, "medium", SIZE)
            assert _near_background(_border(image)).all(), (body_part, name, view)
            # and the picture is not emptied: the fade only takes the outer band
            assert _figure_pixels(image[SIZE // 4:-SIZE // 4, SIZE // 4:-SIZE // 4]).sum() > 300


def test_the_knee_crop_fades_the_waist_instead_of_cutting_it():
    image = render_figure("knee", figure_postures("knee")["lifted"], "right", "front", 0,
                          "medium", SIZE)
    middle = image[:, SIZE // 2 - 5:SIZE // 2 + 5]
    depth = np.abs(middle.astype(int) - np.array(BACKGROUND)).max(axis=-1).max(axis=1)
    assert depth[0] <= 3  # the top row: the cut waist has faded out
    assert depth[SIZE // 10] > 10  # a little lower the shirt is there, paler
    assert depth[SIZE // 10] < depth[SIZE // 4]  # ... and full further in


@pytest.mark.parametrize("rotation", [0, 90, 180, 30])
def test_seated_and_turned_pictures_are_exact_mirrors_chair_and_all(rotation):
    for body_part in FIGURE_PARTS:
        for posture in figure_postures(body_part).values():
            if rotation and not posture.seated and posture.name not in ("lifted", "turn_50",
                                                                        "bend_30", "forward_90"):
                continue  # every posture upright; a few, and every seated one, turned
            for view in offered_views(posture, body_part):
                # a left picture turned clockwise mirrors a right one turned anticlockwise
                right = render_figure(body_part, posture, "right", view, (360 - rotation) % 360,
                                      "medium", 96)
                left = render_figure(body_part, posture, "left", view, rotation, "medium", 96)
                assert np.array_equal(left, right[:, ::-1]), (posture.name, view)


def _grey(image: np.ndarray) -> np.ndarray:
    b, g, r = (image[:, :, i].astype(int) for i in range(3))
    return (np.abs(b - r) < 16) & (np.abs(g - r) < 16) & (r > 90) & (r < 200)


def test_a_seated_person_sits_on_a_chair_and_a_standing_one_has_none():
    library = figure_postures("knee")
    seated = [p for p in library.values() if p.seated]
    assert {p.name for p in seated} == {"seated_straight", "seated_tucked"}
    for posture in seated:
        for view in FIGURE_VIEWS:
            with_chair = _grey(render_figure("knee", posture, "right", view, 0, "medium", SIZE))
            floating = posture.model_copy(update={"seated": False})
            without = _grey(render_figure("knee", floating, "right", view, 0, "medium", SIZE))
            assert with_chair.sum() > without.sum() + 0.01 * SIZE * SIZE, (posture.name, view)
    standing = library["lifted"]
    assert _grey(render_figure("knee", standing, "right", "front", 0, "medium", SIZE)).sum() \
        < 0.003 * SIZE * SIZE


@pytest.mark.parametrize("shape", ["average", "heavier", "slender", "older"])
def test_the_chair_fits_the_body_seated_on_it(shape):
    from gmi.stimuli.chair import SEAT_THICKNESS, chair_for
    from gmi.stimuli.figure import figure_mesh, figure_turns

    mesh = figure_mesh(shape)
    for name in ("seated_straight", "seated_tucked"):
        positions, _ = mesh.skin(figure_turns(mesh, figure_postures("knee")[name]))
        chair = chair_for(mesh, positions)
        points = chair.positions
        # symmetric about the body's midline: no hint of the side
        assert np.allclose(np.sort(points[:, 0]), np.sort(-points[:, 0]))
        assert points[:, 2].min() == chair.floor
        assert abs(chair.floor - positions[:, 2].min()) < 0.01  # it stands where the feet do
        # the seat's top is just under the thighs (the hips sit level with the knees)
        names = np.array(["fixed", *mesh.bones])[
            mesh.joints[np.arange(len(mesh.joints)), mesh.weights.argmax(axis=1)]]
        under = positions[np.char.startswith(names.astype(str), "upperleg")]  # the thighs
        assert abs(chair.seat_top - under[:, 2].min()) < 0.03
        assert (points[:, 2] < chair.seat_top - SEAT_THICKNESS + 1e-9).any()  # legs below it
        # its front edge stays behind the knees: the lower legs hang in front of it
        assert chair.front == points[:, 1].min()
        assert points[:, 1].min() > positions[:, 1].min()
