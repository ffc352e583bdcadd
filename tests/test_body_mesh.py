"""The MakeHuman body asset: what it holds, how it is posed, and bad files."""

from __future__ import annotations

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
