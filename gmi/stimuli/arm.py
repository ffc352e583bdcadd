"""The MakeHuman hand with part of its forearm, posed from a hand Posture.

Photographs used in laterality training show the wrist and part of the
forearm, whose direction is itself a cue to the side; the WebXR hand ends at
the wrist. This hand comes with its forearm from the same mesh, and in every
body shape of the asset.

Hand frame from the rig (right hand): `fingers` from the wrist to the middle
finger's base, `across` from the index's base to the little finger's,
`back` = across x fingers out of the back of the hand, as in
gmi.model.posture. Every movement turns a bone toward where anatomy says it
goes (flexion: toward the palm; abduction: away from the middle finger, for
the thumb away from the index), so the posture library drives this mesh as
it drives the landmark model.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from gmi.model.posture import FINGERS, Posture
from gmi.stimuli.body import BodyMesh, axis_turn, body_mesh

_NUMBER = {"thumb": 1, "index": 2, "middle": 3, "ring": 4, "little": 5}
FADE_START = 0.045  # metres of the cut forearm never drawn (its ragged rim)
FADE_LENGTH = 0.05  # metres over which the forearm then fades in


@dataclass(frozen=True)
class HandFrame:
    wrist: np.ndarray
    fingers: np.ndarray
    across: np.ndarray
    back: np.ndarray


@cache
def hand_frame(mesh: BodyMesh) -> HandFrame:
    def head(name: str) -> np.ndarray:
        return mesh.heads[mesh.bone(name)]

    wrist = head("wrist.R")
    fingers = head("finger3-1.R") - wrist
    fingers /= np.linalg.norm(fingers)
    across = head("finger5-1.R") - head("finger2-1.R")
    across -= (across @ fingers) * fingers
    across /= np.linalg.norm(across)
    return HandFrame(wrist, fingers, across, np.cross(across, fingers))


def _turn_to(direction: np.ndarray, wanted: np.ndarray, degrees: float) -> np.ndarray:
    """Turn a bone along `direction` by `degrees` toward `wanted`."""
    axis = np.cross(direction, wanted)
    norm = np.linalg.norm(axis)
    return np.eye(3) if norm < 1e-9 or degrees == 0 else axis_turn(axis / norm, degrees)


def _goals(frame: HandFrame, finger: str) -> tuple[np.ndarray, np.ndarray]:
    """(flexion goal, abduction goal) directions of a finger."""
    if finger == "thumb":  # across the palm; away from the index, in the palm's plane
        flex = frame.across - frame.back
        return flex / np.linalg.norm(flex), -frame.across
    return -frame.back, (-frame.across if finger in ("index", "middle") else frame.across)


# In a tight curl the skinned fingers would pass through the palm (linear blend
# skinning swells bent joints); the tips stop on the palm instead.
_FIST_SCALE = {1: 0.95, 2: 0.85, 3: 0.45}


def hand_turns(mesh: BodyMesh, posture: Posture) -> dict[str, np.ndarray]:
    frame = hand_frame(mesh)
    turns: dict[str, np.ndarray] = {}
    for finger in FINGERS:
        base_flex, base_abd, mid_flex, end_flex = posture.finger(finger)
        flex_goal, abd_goal = _goals(frame, finger)
        for k, flex in ((1, base_flex), (2, mid_flex), (3, end_flex)):
            bone = f"finger{_NUMBER[finger]}-{k}.R"
            d = mesh.direction(bone)
            if finger != "thumb" and base_flex > 45 and mid_flex > 60:
                flex *= _FIST_SCALE[k]  # skinning thickens bent joints: keep tips out
            turn = _turn_to(d, flex_goal, flex)
            if k == 1:
                turn = turn @ _turn_to(d, abd_goal, base_abd)
            turns[bone] = turn
    return turns


# per-vertex detail columns: nail along, across, facing; crease gap, palm-facing; fade
@cache
def hand_details(mesh: BodyMesh) -> np.ndarray:
    frame = hand_frame(mesh)
    coords = np.zeros((len(mesh.positions), 6))
    coords[:, 0] = -10.0
    coords[:, 3] = 1.0
    dominant = mesh.joints[np.arange(len(mesh.joints)), mesh.weights.argmax(axis=1)]
    palm_facing = -(mesh.normals @ frame.back)
    for finger in FINGERS:
        n = _NUMBER[finger]
        flex_goal, _ = _goals(frame, finger)
        b = mesh.bone(f"finger{n}-3.R")
        head, d = mesh.heads[b], mesh.direction(f"finger{n}-3.R")
        dorsal = -(flex_goal - (flex_goal @ d) * d)
        dorsal /= np.linalg.norm(dorsal)
        side = np.cross(d, dorsal)
        mine = dominant == b + 1
        rel = mesh.positions[mine] - head
        along = rel @ d
        coords[mine, 0] = along / along.max()
        across = rel @ side
        coords[mine, 1] = across / (np.abs(across).max() + 1e-9)
        coords[mine, 2] = mesh.normals[mine] @ dorsal
        # creases across the palm side of each finger joint
        chain = [mesh.bone(f"finger{n}-{k}.R") for k in (1, 2, 3)]
        finger_vertices = np.isin(dominant, np.array(chain) + 1)
        gaps = np.stack([np.abs((mesh.positions[finger_vertices] - mesh.heads[j])
                                @ (mesh.tails[j] - mesh.heads[j])
                                / np.linalg.norm(mesh.tails[j] - mesh.heads[j]))
                         for j in chain[1:]])
        coords[finger_vertices, 3] = gaps.min(axis=0)
        coords[finger_vertices, 4] = (mesh.normals[finger_vertices] @ -dorsal)
    coords[dominant <= 1, 4] = palm_facing[dominant <= 1]
    coords[:, 5] = np.clip((_beyond_cut(mesh) - FADE_START) / FADE_LENGTH, 0, 1)
    return coords


def _beyond_cut(mesh: BodyMesh) -> np.ndarray:
    """Each vertex's distance from the plane the forearm was cut along (metres).

    The cut is not square to the hand's axis, so the plane is fitted to the
    open rim itself: the fade then runs evenly around the arm."""
    tri = mesh.triangles
    edges = np.sort(np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [2, 0]]]), axis=1)
    unique, counts = np.unique(edges, axis=0, return_counts=True)
    rim = np.unique(unique[counts == 1])
    points = mesh.positions[rim]
    centre = points.mean(axis=0)
    normal = np.linalg.svd(points - centre)[2][-1]
    distance = (mesh.positions - centre) @ normal
    return distance if np.median(distance) > 0 else -distance


def hand_detail(values: np.ndarray):
    """Per-pixel nail amount, crease amount and fade from hand_details columns."""
    along, across, facing = values[:, 0], values[:, 1], values[:, 2]
    ellipse = ((along - 0.60) / 0.42) ** 2 + (across / 0.80) ** 2
    up = facing > 0.40
    nail = np.where((ellipse < 1.0) & up, np.clip((1.0 - ellipse) * 6, 0, 1), 0.0)
    rim = np.where(up & (ellipse >= 0.8) & (ellipse < 1.25),
                   1.0 - np.abs(ellipse - 1.0) / 0.25, 0.0)
    crease = np.where(values[:, 4] > 0.5, np.clip(1.0 - values[:, 3] / 0.0013, 0, 1), 0.0)
    return nail, np.maximum(crease, 0.7 * rim), np.clip(values[:, 5], 0, 1) ** 1.5


def arm_mesh(shape: str = "average") -> BodyMesh:
    return body_mesh("arm", shape)
