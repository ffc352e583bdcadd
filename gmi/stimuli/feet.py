"""The MakeHuman foot and lower leg, posed from a FootPosture, and its details.

Posed by the rig's own bones: the ankle (foot.R) turns up/down about the
axis across the ankle and in/out about the foot's long axis; each toe bends
at its base joint and, when curled, at its other joints too. Nails are drawn
on the top of each toe's last bone, the leg fades out above the ankle.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from gmi.model.posture import FootPosture
from gmi.stimuli.body import BodyMesh, axis_turn, body_mesh, toward

TOES = ((1, 2), (2, 3), (3, 3), (4, 3), (5, 3))  # toe number, bones in it
FADE_START = 0.025  # metres below the cut never drawn (seen from above, the open end)
FADE_LENGTH = 0.06  # metres over which the cut leg then fades in
TOP_TILT = 40.0  # degrees: the top view looks down from above and in front
# Seen so, the leg fades along the picture's vertical (not along the leg, which
# would leave the open end's outline), starting this far above its lower edge:
TOP_FADE_START = 0.065
SOLE_LEG = 0.12  # seen from below, the leg shows no higher than this below the cut


def foot_turns(mesh: BodyMesh, posture: FootPosture) -> dict[str, np.ndarray]:
    along = mesh.direction("foot.R") * [1, 1, 0]
    along /= np.linalg.norm(along)
    across = np.array([1.0, 0.0, 0.0])
    up, inward = np.array([0.0, 0.0, 1.0]), np.array([1.0, 0.0, 0.0])
    lift = toward(across, along, up)  # + lifts the toes
    sole_in = toward(along, -up, inward)  # + turns the sole toward the other foot
    turns = {"foot.R": axis_turn(lift, posture.ankle_flex) @ axis_turn(sole_in,
                                                                          posture.inversion)}
    for toe, count in TOES:
        for k in range(1, count + 1):
            bone = f"toe{toe}-{k}.R"
            angle = posture.toes if k == 1 else (0.8 * posture.toes if posture.toes < 0 else
                                                 -0.15 * posture.toes)
            turns[bone] = axis_turn(toward(across, mesh.direction(bone), up), angle)
    return turns


@cache
def foot_details(mesh: BodyMesh) -> np.ndarray:
    """Per-vertex (nail along, nail across, nail facing up, sole, fade, depth below the
    cut, height above the picture's lower edge in the top view) columns."""
    coords = np.zeros((len(mesh.positions), 7))
    coords[:, 0] = -10.0
    dominant = mesh.joints[np.arange(len(mesh.joints)), mesh.weights.argmax(axis=1)]
    for toe, count in TOES:
        bone = f"toe{toe}-{count}.R"
        b = mesh.bone(bone)
        mine = dominant == b + 1
        head, tail = mesh.heads[b], mesh.tails[b]
        d = tail - head
        length = np.linalg.norm(d)
        d /= length
        rel = mesh.positions[mine] - head
        side = np.cross(d, [0.0, 0.0, 1.0])
        side /= np.linalg.norm(side)
        across = rel @ side
        # the nail runs from a little before the last joint to just short of the tip
        tip = (rel @ d).max()
        coords[mine, 0] = (rel @ d) / max(tip, length * 0.5)
        coords[mine, 1] = across / (np.abs(across).max() + 1e-9)
        coords[mine, 2] = mesh.normals[mine] @ np.cross(side, d)
    coords[:, 3] = -mesh.normals[:, 2]  # facing down: the sole
    top = mesh.positions[:, 2].max()
    below = top - mesh.positions[:, 2]
    coords[:, 4] = np.clip((below - FADE_START) / FADE_LENGTH, 0, 1)
    coords[:, 5] = below
    tilt = np.radians(TOP_TILT)
    screen_up = mesh.positions @ np.array([0.0, -np.cos(tilt), -np.sin(tilt)])
    coords[:, 6] = screen_up - screen_up.min()
    return coords


def foot_detail(values: np.ndarray):
    """Per-pixel nail amount, crease amount and fade, from foot_details columns."""
    along, across, up = values[:, 0], values[:, 1], values[:, 2]
    ellipse = ((along - 0.62) / 0.40) ** 2 + (across / 0.80) ** 2
    facing = up > 0.45
    nail = np.where((ellipse < 1.0) & facing, np.clip((1.0 - ellipse) * 6, 0, 1), 0.0)
    rim = np.where(facing & (ellipse >= 0.8) & (ellipse < 1.25),
                   1.0 - np.abs(ellipse - 1.0) / 0.25, 0.0)
    fade = np.clip(values[:, 4], 0, 1) ** 1.5
    return nail, 0.7 * rim, fade


def foot_detail_top(values: np.ndarray):
    """As foot_detail, with the leg faded out sooner: seen from above and in front,
    the open end of the cut leg must never show."""
    nail, crease, _ = foot_detail(values)
    fade = np.clip((values[:, 6] - TOP_FADE_START) / FADE_LENGTH, 0, 1) ** 1.5
    return nail, crease, fade


def foot_detail_sole(values: np.ndarray):
    """As foot_detail, but the leg behind the heel is not drawn: from below it would
    only show as a dark smudge past the heel."""
    nail, crease, fade = foot_detail(values)
    return nail, crease, fade * np.clip((values[:, 5] - SOLE_LEG) / 0.02, 0, 1)


def foot_mesh(shape: str = "average") -> BodyMesh:
    return body_mesh("foot", shape)
