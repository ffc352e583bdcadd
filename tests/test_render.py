"""The hand renderer: real mesh, sides that differ only by mirroring, cues."""

from __future__ import annotations

import numpy as np
import pytest

from gmi.model.posture import hand_postures
from gmi.stimuli.mesh import hand_mesh
from gmi.stimuli.raster import rasterize
from gmi.stimuli.render import render_hand, render_hand_cached, render_hand_layers
from gmi.stimuli.shading import BACKGROUND, SKIN_TONES

OPEN = hand_postures()["open"]


def coverage(image: np.ndarray) -> np.ndarray:
    return np.any(np.abs(image.astype(int) - BACKGROUND) > 12, axis=2)


def test_mesh_is_the_vendored_webxr_hand() -> None:
    mesh = hand_mesh()
    assert mesh.positions.shape == (1360, 3) and mesh.triangles.shape == (2314, 3)
    assert len(mesh.joint_names) == 25
    ident = np.einsum("jab,jbc->jac", mesh.bind, mesh.inverse_bind)
    assert np.allclose(ident, np.eye(4), atol=1e-5)


def test_bind_like_posture_barely_moves_the_mesh_and_fist_moves_fingertips() -> None:
    mesh = hand_mesh()
    flat = OPEN.model_copy(update={"thumb": (0, 0, 0, 0)})
    positions, _ = mesh.skin(flat)
    assert np.abs(positions - mesh.positions).max() < 1e-6
    fist, _ = mesh.skin(hand_postures()["fist"])
    assert np.abs(fist - mesh.positions).max() > 0.05


def test_image_shape_and_a_hand_in_the_middle() -> None:
    image = render_hand(OPEN, "right", "back", 0, "medium", 256)
    assert image.shape == (256, 256, 3) and image.dtype == np.uint8
    mask = coverage(image)
    assert 0.10 < mask.mean() < 0.6
    ys, xs = np.nonzero(mask)
    assert abs(xs.mean() - 128) < 40 and abs(ys.mean() - 128) < 40


@pytest.mark.parametrize("view", ["back", "palm", "side"])
@pytest.mark.parametrize("rotation", [0, 45, 270])
def test_left_is_the_exact_mirror_image_of_right(view: str, rotation: int) -> None:
    right = render_hand(OPEN, "right", view, -rotation, "light", 160)
    left = render_hand(OPEN, "left", view, rotation, "light", 160)
    assert np.array_equal(left, right[:, ::-1])


def test_back_and_palm_views_differ_and_thumb_sits_where_anatomy_says() -> None:
    back = coverage(render_hand(OPEN, "right", "back", 0, "medium", 200))
    palm = coverage(render_hand(OPEN, "right", "palm", 0, "medium", 200))
    # right hand, fingers up: from the back the thumb sticks out on the left,
    # from the palm on the right (rows 95-115 cross the thumb, below the fingers)
    band = slice(95, 115)
    assert back[band, :70].sum() > 50 and back[band, 160:].sum() == 0
    assert palm[band, 130:].sum() > 50 and palm[band, :45].sum() == 0
    assert not np.array_equal(back, palm[:, ::-1])  # palm view is not just a flipped back


def test_nails_show_on_the_back_and_creases_on_the_palm() -> None:
    _, back_nails, back_creases = render_hand_layers(OPEN, "right", "back", 0, "dark", 300)
    _, palm_nails, palm_creases = render_hand_layers(OPEN, "right", "palm", 0, "dark", 300)
    # four finger nails at the top of the back view; from the palm only the
    # thumb's nail (it faces sideways) can show, lower down
    assert (back_nails[:120] > 0.5).sum() > 4 * 40
    assert (palm_nails[:120] > 0.5).sum() == 0
    assert (palm_creases > 0.5).sum() > 3 * (back_creases > 0.5).sum()
    assert (back_creases > 0.5).sum() < 200  # only the thin folds around the nails


def test_nails_are_drawn_lighter_than_the_skin() -> None:
    image, nails, _ = render_hand_layers(OPEN, "right", "back", 0, "dark", 300)
    grey = image.astype(float).mean(axis=2)
    fingers = np.zeros_like(nails, dtype=bool)
    fingers[:120] = True
    skin = fingers & (nails == 0) & (np.abs(image.astype(int) - BACKGROUND).sum(axis=2) > 150)
    assert grey[nails > 0.9].mean() > grey[skin].mean() + 30


def test_skin_tones_are_at_least_four_and_change_the_colour() -> None:
    assert len(SKIN_TONES) >= 4
    means = [render_hand(OPEN, "right", "back", 0, tone, 96).mean() for tone in SKIN_TONES]
    assert len(set(np.round(means, 1))) == len(SKIN_TONES)


def test_rotation_turns_the_picture() -> None:
    def extent(mask: np.ndarray) -> tuple[int, int]:
        ys, xs = np.nonzero(mask)
        return ys.max() - ys.min(), xs.max() - xs.min()

    tall, wide = extent(coverage(render_hand(OPEN, "right", "back", 0, "medium", 160)))
    turned_tall, turned_wide = extent(coverage(render_hand(OPEN, "right", "back", 90, "medium",
                                                           160)))
    assert tall > wide and turned_wide > turned_tall
    assert abs(turned_wide - tall) <= 3


def test_cache_returns_the_same_read_only_image() -> None:
    a = render_hand_cached("fist", "left", "palm", 90.0, "tan", 128)
    b = render_hand_cached("fist", "left", "palm", 90.0, "tan", 128)
    assert a is b and not a.flags.writeable


def test_rasterizer_keeps_the_nearest_triangle() -> None:
    screen = np.array([[0, 0], [10, 0], [0, 10], [0, 0], [10, 0], [0, 10]], float)
    tris = np.array([[0, 2, 1], [3, 5, 4]])  # same place, counter-clockwise on screen
    near = rasterize(screen, np.array([0, 0, 0, 1, 1, 1.0]), tris, (10, 10))
    assert near.pixel.size > 30 and set(near.triangle.tolist()) == {1}
    far = rasterize(screen, np.array([2, 2, 2, 1, 1, 1.0]), tris, (10, 10))
    assert set(far.triangle.tolist()) == {0}


def test_feet_left_is_the_mirror_and_the_big_toe_is_on_the_inside() -> None:
    from gmi.model.posture import foot_postures
    from gmi.stimuli.render import render_foot, render_foot_layers

    neutral = foot_postures()["neutral"]
    for view in ("top", "sole", "side"):
        right = render_foot(neutral, "right", view, -30, "tan", 160)
        assert np.array_equal(render_foot(neutral, "left", view, 30, "tan", 160), right[:, ::-1])
    # right foot from above, toes up: the big toe (longest, on the inside) is left of
    # centre; from below it is right of centre
    for view, inner_left in (("top", True), ("sole", False)):
        mask = coverage(render_foot(neutral, "right", view, 0, "medium", 200))
        ys, xs = np.nonzero(mask)
        tip_x = xs[ys == ys.min()].mean()
        assert (tip_x < 100) == inner_left
    _, nails, _ = render_foot_layers(neutral, "right", "top", 0, "dark", 300)
    _, sole_nails, _ = render_foot_layers(neutral, "right", "sole", 0, "dark", 300)
    assert (nails > 0.5).sum() > 100 and (sole_nails > 0.5).sum() == 0
    # five toes, each with its nail: five separate nail blobs from above
    import cv2

    count, _ = cv2.connectedComponents((nails > 0.5).astype(np.uint8))
    assert count - 1 == 5


def test_foot_postures_change_the_picture() -> None:
    from gmi.model.posture import foot_postures
    from gmi.stimuli.render import render_foot

    lib = foot_postures()
    side_neutral = coverage(render_foot(lib["neutral"], "right", "side", 0, "medium", 160))
    side_point = coverage(render_foot(lib["point"], "right", "side", 0, "medium", 160))
    assert (side_neutral ^ side_point).mean() > 0.05
