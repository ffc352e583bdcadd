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
