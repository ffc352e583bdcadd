"""Feet and hands with forearm from the MakeHuman body (assets/meshes/body, CC0).

The asset is cut from the MakeHuman base mesh by scripts/import_body_mesh.py:
the right foot with its lower leg and the right hand with its forearm, with
the rig bones that pose them and their skin weights, in several body shapes
(so that patients do not learn one hand). Frame: z up, metres, -y forward,
+x toward the body's left (the right side lies at negative x).

Posing is linear blend skinning, as for the WebXR hand in gmi.stimuli.mesh:
each posed bone turns about its head; bone 0 stands for everything fixed.
The axis of each movement is found from the anatomy (e.g. flexion is the
turn that brings a finger's tip toward the palm), so angle signs follow
gmi.model.posture whatever the bones' rolls.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from gmi.resources import asset

ASSET = ("meshes", "body", "body.npz")
PARTS = ("foot", "arm", "figure")


class MeshAssetError(RuntimeError):
    """The body mesh asset is missing or damaged; the message names the file."""


@dataclass(frozen=True, eq=False)  # hashed by identity: one mesh per part and shape
class BodyMesh:
    part: str
    shape: str
    positions: np.ndarray  # (V, 3) rest pose
    normals: np.ndarray  # (V, 3)
    triangles: np.ndarray  # (T, 3)
    joints: np.ndarray  # (V, 4) index into [fixed, *bones]
    weights: np.ndarray  # (V, 4)
    bones: tuple[str, ...]
    parents: np.ndarray  # (B,) index into [fixed, *bones]
    heads: np.ndarray  # (B, 3)
    tails: np.ndarray  # (B, 3)
    cache: dict = field(default_factory=dict, repr=False)

    def bone(self, name: str) -> int:
        """Index of a bone among the posed bones (0-based, without `fixed`)."""
        return self.bones.index(name)

    def direction(self, name: str) -> np.ndarray:
        b = self.bone(name)
        d = self.tails[b] - self.heads[b]
        return d / np.linalg.norm(d)

    def skin(self, turns: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Posed positions and normals; `turns` maps a bone to its local rotation
        (3x3, in rest-pose world axes, about the bone's head)."""
        count = len(self.bones)
        world = np.tile(np.eye(4), (count + 1, 1, 1))  # posed-from-rest, per bone
        for b in range(count):  # parents come before their children in the asset
            local = np.eye(4)
            turn = turns.get(self.bones[b])
            if turn is not None:
                head = self.heads[b]
                local[:3, :3] = turn
                local[:3, 3] = head - turn @ head
            world[b + 1] = world[self.parents[b]] @ local
        blended = np.einsum("vk,vkij->vij", self.weights, world[self.joints])
        positions = np.einsum("vij,vj->vi", blended[:, :3, :3], self.positions) + blended[:, :3, 3]
        normals = np.einsum("vij,vj->vi", blended[:, :3, :3], self.normals)
        normals /= np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12
        return positions, normals


def axis_turn(axis: np.ndarray, degrees: float) -> np.ndarray:
    """Rotation matrix about the unit `axis` (right-hand rule)."""
    a = np.radians(degrees)
    x, y, z = axis / np.linalg.norm(axis)
    c, s, t = np.cos(a), np.sin(a), 1 - np.cos(a)
    return np.array([[t * x * x + c, t * x * y - s * z, t * x * z + s * y],
                     [t * x * y + s * z, t * y * y + c, t * y * z - s * x],
                     [t * x * z - s * y, t * y * z + s * x, t * z * z + c]])


def toward(axis: np.ndarray, arm: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """`axis` signed so that a small positive turn moves `arm` toward `wanted`."""
    axis = axis / np.linalg.norm(axis)
    return axis if np.cross(axis, arm) @ wanted >= 0 else -axis


def vertex_normals(positions: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    a, b, c = (positions[triangles[:, i]] for i in range(3))
    face = np.cross(b - a, c - a)  # area-weighted
    normals = np.zeros_like(positions)
    for i in range(3):
        np.add.at(normals, triangles[:, i], face)
    return normals / (np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12)


def asset_path():
    return asset(*ASSET)


@cache
def _archive() -> dict[str, np.ndarray]:
    path = asset_path()
    try:
        raw = path.read_bytes()
        with np.load(io.BytesIO(raw), allow_pickle=False) as npz:
            data = {k: npz[k] for k in npz.files}
    except FileNotFoundError as exc:
        raise MeshAssetError(f"{path}: the body mesh is missing; regenerate it with "
                             "scripts/import_body_mesh.py (see its README)") from exc
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise MeshAssetError(f"{path}: the body mesh cannot be read ({exc}); regenerate it "
                             "with scripts/import_body_mesh.py") from exc
    needed = ["shapes"] + [f"{p}_{k}" for p in PARTS for k in (
        "triangles", "bone_names", "bone_parents", "joints", "weights")]
    missing = [k for k in needed if k not in data]
    if missing:
        raise MeshAssetError(f"{path}: the body mesh is incomplete (no {', '.join(missing)})")
    return data


def body_shapes() -> tuple[str, ...]:
    """Names of the body shapes in the asset, the average first."""
    return tuple(str(s) for s in _archive()["shapes"])


@cache
def body_mesh(part: str, shape: str = "average") -> BodyMesh:
    """One cut part in one body shape, loaded once per process."""
    data = _archive()
    if shape not in body_shapes():
        shape = "average"
    try:
        positions = data[f"{part}_{shape}_positions"].astype(np.float64)
        triangles = data[f"{part}_triangles"].astype(np.intp)
        joints = data[f"{part}_joints"].astype(np.intp)
        weights = data[f"{part}_weights"].astype(np.float64)
        bones = tuple(str(b) for b in data[f"{part}_bone_names"])
        parents = data[f"{part}_bone_parents"].astype(np.intp)
        heads = data[f"{part}_{shape}_heads"].astype(np.float64)
        tails = data[f"{part}_{shape}_tails"].astype(np.float64)
        sound = (triangles.ndim == 2 and triangles.shape[1] == 3
                 and triangles.max() < len(positions) and joints.shape == weights.shape
                 and joints.max() <= len(bones) and len(heads) == len(bones)
                 and np.isfinite(positions).all() and np.all(parents <= np.arange(len(bones))))
    except (KeyError, ValueError) as exc:
        raise MeshAssetError(f"{asset_path()}: the body mesh has no usable {part} ({exc})") \
            from exc
    if not sound:
        raise MeshAssetError(f"{asset_path()}: the body mesh's {part} is damaged "
                             "(indices out of range)")
    weights = weights / weights.sum(axis=1, keepdims=True)
    return BodyMesh(part, shape, positions, vertex_normals(positions, triangles), triangles,
                    joints, weights, bones, parents, heads, tails)


__all__ = ["BodyMesh", "MeshAssetError", "axis_turn", "body_mesh", "body_shapes", "toward"]
