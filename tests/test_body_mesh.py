"""The MakeHuman body asset: what it holds, how it is posed, and bad files."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from gmi.model.posture import foot_postures
from gmi.stimuli import body
from gmi.stimuli.feet import foot_mesh, foot_turns


def test_asset_is_small_and_holds_foot_and_arm_in_several_shapes() -> None:
    assert body.asset_path().stat().st_size < 3 * 1024 * 1024
    assert len(body.body_shapes()) >= 3 and body.body_shapes()[0] == "average"
    foot = body.body_mesh("foot")
    assert {"foot.R", "toe1-1.R", "toe5-3.R"} <= set(foot.bones)
    arm = body.body_mesh("arm")
    assert {"wrist.R", "finger1-1.R", "finger5-3.R"} <= set(arm.bones)
    # shapes differ in the vertices, not in the connectivity
    older = body.body_mesh("foot", "older")
    assert older.triangles is not foot.triangles and np.array_equal(older.triangles,
                                                                     foot.triangles)
    assert np.abs(older.positions - foot.positions).max() > 0.003


def test_neutral_foot_stays_and_postures_move_toes_the_right_way() -> None:
    mesh = foot_mesh()
    lib = foot_postures()
    rest, _ = mesh.skin(foot_turns(mesh, lib["neutral"]))
    assert np.abs(rest - mesh.positions).max() < 1e-9
    toe = mesh.joints[:, 0] == mesh.bone("toe1-2.R") + 1
    up, _ = mesh.skin(foot_turns(mesh, lib["toes_up"]))
    assert up[toe, 2].mean() > rest[toe, 2].mean() + 0.01
    pointed, _ = mesh.skin(foot_turns(mesh, lib["point"]))
    assert pointed[toe, 2].mean() < rest[toe, 2].mean() - 0.03


@pytest.fixture
def asset_at(monkeypatch: pytest.MonkeyPatch):
    def use(path: Path) -> None:
        monkeypatch.setattr(body, "asset_path", lambda: path)
        body._archive.cache_clear()
        body.body_mesh.cache_clear()

    yield use
    body._archive.cache_clear()
    body.body_mesh.cache_clear()


def test_missing_asset_names_the_file(tmp_path: Path, asset_at) -> None:
    missing = tmp_path / "body.npz"
    asset_at(missing)
    with pytest.raises(body.MeshAssetError, match=str(missing)) as err:
        body.body_mesh("foot")
    assert "missing" in str(err.value)


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_damaged_asset_names_the_file(tmp_path: Path, asset_at, content: bytes) -> None:
    damaged = tmp_path / "body.npz"
    damaged.write_bytes(content)
    asset_at(damaged)
    with pytest.raises(body.MeshAssetError, match=str(damaged)):
        body.body_mesh("foot")


def test_asset_with_out_of_range_indices_is_refused(tmp_path: Path, asset_at) -> None:
    with np.load(body.asset_path()) as npz:
        data = {k: npz[k] for k in npz.files}
    data["foot_triangles"] = data["foot_triangles"].copy()
    data["foot_triangles"][0, 0] = 60000
    bad = tmp_path / "body.npz"
    np.savez(bad, **data)
    asset_at(bad)
    with pytest.raises(body.MeshAssetError, match="damaged"):
        body.body_mesh("foot")


def coverage(image: np.ndarray) -> np.ndarray:
    from gmi.stimuli.shading import BACKGROUND

    return np.any(np.abs(image.astype(int) - BACKGROUND) > 12, axis=2)


@pytest.mark.parametrize("view", ["back", "palm", "side"])
def test_hand_with_forearm_left_is_the_exact_mirror(view: str) -> None:
    from gmi.model.posture import hand_postures
    from gmi.stimuli.render import render_arm

    fist = hand_postures()["fist"]
    right = render_arm(fist, "right", view, -40, "dark", 160)
    assert np.array_equal(render_arm(fist, "left", view, 40, "dark", 160), right[:, ::-1])


def test_hand_picture_shows_the_forearm_below_the_hand() -> None:
    from gmi.model.posture import hand_postures
    from gmi.stimuli.render import render_arm

    mask = coverage(render_arm(hand_postures()["fist"], "right", "back", 0, "medium", 200))
    rows = np.nonzero(mask.any(axis=1))[0]
    # a fist is short: most of the picture's height is the wrist and forearm
    assert rows.max() - rows.min() > 0.5 * 200
    widths = mask.sum(axis=1)
    assert widths[rows.max() - 20] < 0.8 * widths[rows.min() + 20]  # forearm narrower


def test_fist_fingertips_do_not_poke_through_the_back_of_the_hand() -> None:
    from gmi.model.posture import hand_postures
    from gmi.stimuli.render import render_arm_layers

    # from the back of a fist no finger nail can show (the tips rest on the palm)
    _, nails, _ = render_arm_layers(hand_postures()["fist"], "right", "back", 0, "dark", 300)
    assert (nails > 0.5).sum() == 0
    _, open_nails, _ = render_arm_layers(hand_postures()["open"], "right", "back", 0, "dark",
                                         300)
    assert (open_nails > 0.5).sum() > 4 * 20


def test_body_shapes_change_the_hand_picture() -> None:
    from gmi.model.posture import hand_postures
    from gmi.stimuli.render import render_arm

    open_hand = hand_postures()["open"]
    pictures = [coverage(render_arm(open_hand, "right", "back", 0, "medium", 160, shape))
                for shape in body.body_shapes()]
    for a, b in itertools.pairwise(pictures):
        assert (a ^ b).sum() > 100
