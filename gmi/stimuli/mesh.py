"""The vendored hand mesh, posed from a Posture by linear blend skinning.

The WebXR generic-hand mesh (assets/meshes/hand, MIT) is skinned to 25 joints
named like WebXR's hand joints. In each joint's frame -Z runs along the bone
toward the fingertip and +Y points out of the back of the hand, so flexion
is a rotation about the joint's -X axis and abduction one about its Y axis.
The same four angles per finger drive this mesh and the landmark model in
gmi.model.posture: what is drawn is what is prompted and matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pygltflib

from gmi.model.posture import FINGERS, Posture
from gmi.resources import asset

_MESH_FINGER = {"thumb": "thumb", "index": "index-finger", "middle": "middle-finger",
                "ring": "ring-finger", "little": "pinky-finger"}
# Mesh joints (without the tips) that each posture angle rotates, in chain order.
_FINGER_CHAIN = ("metacarpal", "phalanx-proximal", "phalanx-intermediate", "phalanx-distal")
_THUMB_CHAIN = ("metacarpal", "phalanx-proximal", "phalanx-distal")
# Abduction of each finger about its joint's Y axis spreads it away from the
# middle finger; the sign depends on which side of the middle finger it is.
_ABDUCTION_SIGN = {"thumb": 1.0, "index": 1.0, "middle": 1.0, "ring": -1.0, "little": -1.0}


def _quat_matrix(q) -> np.ndarray:
    x, y, z, w = q
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])


def _axis_rotation(axis: int, degrees: float) -> np.ndarray:
    a = np.radians(degrees)
    c, s = np.cos(a), np.sin(a)
    m = np.eye(4)
    i, j = [(1, 2), (2, 0), (0, 1)][axis]
    m[i, i], m[i, j], m[j, i], m[j, j] = c, -s, s, c
    return m


@dataclass(frozen=True, eq=False)  # hashed by identity: one mesh per process
class HandMesh:
    positions: np.ndarray  # (V, 3) bind pose, metres
    normals: np.ndarray  # (V, 3)
    joints: np.ndarray  # (V, 4) joint indices
    weights: np.ndarray  # (V, 4)
    triangles: np.ndarray  # (T, 3)
    joint_names: tuple[str, ...]
    bind: np.ndarray  # (J, 4, 4) joint-to-model transforms in the bind pose
    inverse_bind: np.ndarray  # (J, 4, 4)

    def joint(self, name: str) -> int:
        return self.joint_names.index(name)

    def chain(self, finger: str) -> list[int]:
        names = _THUMB_CHAIN if finger == "thumb" else _FINGER_CHAIN
        return [self.joint(f"{_MESH_FINGER[finger]}-{n}") for n in names]

    def tip(self, finger: str) -> int:
        return self.joint(f"{_MESH_FINGER[finger]}-tip")

    def pose_joints(self, posture: Posture) -> np.ndarray:
        """Joint-to-model transforms (J, 4, 4) for `posture`."""
        # The wrist angles are not drawn: the mesh ends at the wrist, so a bent
        # wrist would only turn the whole hand (and its faded forearm) around.
        posed = self.bind.copy()
        wrist = self.joint("wrist")
        for finger in FINGERS:
            base_flex, base_abd, mid_flex, end_flex = posture.finger(finger)
            chain = self.chain(finger)
            # joint rotated by (flexion, abduction) for each link of the chain
            if finger == "thumb":
                deltas = [(base_flex, base_abd), (mid_flex, 0.0), (end_flex, 0.0)]
            else:  # the metacarpal stays; the base angles act at the knuckle
                deltas = [(0.0, 0.0), (base_flex, base_abd), (mid_flex, 0.0), (end_flex, 0.0)]
            parent = wrist
            for joint, (f, a) in zip([*chain, self.tip(finger)], [*deltas, (0.0, 0.0)],
                                     strict=True):
                local = np.linalg.inv(self.bind[parent]) @ self.bind[joint]
                delta = _axis_rotation(0, -f) @ _axis_rotation(1, a * _ABDUCTION_SIGN[finger])
                posed[joint] = posed[parent] @ local @ delta
                parent = joint
        return posed

    def skin(self, posture: Posture) -> tuple[np.ndarray, np.ndarray]:
        """Posed vertex positions and normals (linear blend skinning)."""
        skinning = self.pose_joints(posture) @ self.inverse_bind  # (J, 4, 4)
        blended = np.einsum("vk,vkij->vij", self.weights, skinning[self.joints])
        positions = np.einsum("vij,vj->vi", blended[:, :3, :3], self.positions) + blended[:, :3, 3]
        normals = np.einsum("vij,vj->vi", blended[:, :3, :3], self.normals)
        normals /= np.linalg.norm(normals, axis=1, keepdims=True) + 1e-12
        return positions, normals


def _accessor(gltf: pygltflib.GLTF2, index: int, blob: bytes) -> np.ndarray:
    acc = gltf.accessors[index]
    view = gltf.bufferViews[acc.bufferView]
    dtype = {5121: np.uint8, 5123: np.uint16, 5125: np.uint32, 5126: np.float32}[acc.componentType]
    width = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT4": 16}[acc.type]
    start = (view.byteOffset or 0) + (acc.byteOffset or 0)
    count = acc.count * width
    data = np.frombuffer(blob, dtype=dtype, count=count, offset=start)
    if view.byteStride and view.byteStride != width * data.itemsize:
        raise ValueError("interleaved glTF buffers are not supported")
    return data.reshape(acc.count, width) if width > 1 else data


@cache
def hand_mesh() -> HandMesh:
    """Load the vendored right-hand mesh once per process."""
    raw = asset("meshes", "hand", "right.glb").read_bytes()
    gltf = pygltflib.GLTF2.load_from_bytes(raw)
    blob = gltf.binary_blob()
    prim = gltf.meshes[0].primitives[0]
    skin = gltf.skins[0]
    names = tuple(gltf.nodes[j].name for j in skin.joints)
    bind = []
    for j in skin.joints:
        node = gltf.nodes[j]
        m = np.eye(4)
        m[:3, :3] = _quat_matrix(node.rotation or (0, 0, 0, 1)) * np.array(node.scale or (1, 1, 1))
        m[:3, 3] = node.translation or (0, 0, 0)
        bind.append(m)
    ibm = _accessor(gltf, skin.inverseBindMatrices, blob).reshape(-1, 4, 4).transpose(0, 2, 1)
    weights = _accessor(gltf, prim.attributes.WEIGHTS_0, blob).astype(np.float64)
    weights /= weights.sum(axis=1, keepdims=True)
    return HandMesh(
        positions=_accessor(gltf, prim.attributes.POSITION, blob).astype(np.float64),
        normals=_accessor(gltf, prim.attributes.NORMAL, blob).astype(np.float64),
        joints=_accessor(gltf, prim.attributes.JOINTS_0, blob).astype(np.intp),
        weights=weights,
        triangles=_accessor(gltf, prim.indices, blob).astype(np.intp).reshape(-1, 3),
        joint_names=names,
        bind=np.array(bind),
        inverse_bind=np.ascontiguousarray(ibm, dtype=np.float64),
    )


__all__ = ["HandMesh", "hand_mesh"]
