"""The whole MakeHuman figure, posed from a FigurePosture: necks, backs,
shoulders and knees.

The asset's `figure` part (scripts/import_body_mesh.py) is the whole body
with its eyes, skinned to the spine, neck, head, clavicles, arms and legs.
A posture moves the person's right side (see gmi.model.posture); the left is
the mirrored picture. Each movement turns its bones about rest-pose axes
(frame: z up, -y forward, +x toward the body's left), the spine's and the
neck's spread over their vertebrae so the back curves instead of folding.

The figure wears a plain shirt and shorts and has short dark hair: a bare
mannequin reads as neither front nor back at a glance, and a person in
clothes is what the patient expects to see.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from gmi.model.posture import FigurePosture, Movement
from gmi.stimuli.body import BodyMesh, axis_turn, body_mesh, toward

X, Y, Z = np.eye(3)
FORWARD, RIGHT, UP, DOWN = -Y, -X, Z, -Z
NECK = ("neck01", "neck02", "neck03", "head")
NECK_SHARE = (0.25, 0.25, 0.2, 0.3)
TRUNK = ("spine05", "spine04", "spine03", "spine02", "spine01")
TRUNK_SHARE = (0.12, 0.18, 0.22, 0.26, 0.22)
# Standing at rest: the rig's arms hang out in an A; bring them to the sides.
ARM_DOWN = 36.0  # degrees toward the body
ELBOW_STRAIGHTEN = 32.0  # the rig's rest elbow is bent about 50 degrees

SLEEVE = 0.38  # the sleeve ends this far from the shoulder joint toward the elbow
SHORTS_HEM = 0.40  # the shorts end this far from the hip joint toward the knee
SHIRT = np.array([150.0, 110.0, 70.0])  # BGR: a muted blue
SHORTS = np.array([70.0, 70.0, 78.0])  # charcoal
HAIR = np.array([38.0, 44.0, 58.0])  # dark brown
EYE_WHITE = np.array([225.0, 228.0, 232.0])
IRIS = np.array([40.0, 50.0, 62.0])


def _limb(side: str, mirror: bool) -> str:
    return side if not mirror else {"R": "L", "L": "R"}[side]


def _spine_turn(move: Movement, share: float) -> np.ndarray:
    flex = toward(X, UP, FORWARD)
    bend = toward(Y, UP, RIGHT)
    turn = toward(Z, FORWARD, RIGHT)
    return (axis_turn(turn, move.turn * share) @ axis_turn(bend, move.bend * share)
            @ axis_turn(flex, move.flex * share))


def _arm(mesh: BodyMesh, move: Movement, elbow: Movement, letter: str) -> dict:
    out_dir = RIGHT if letter == "R" else -RIGHT
    inward = -out_dir
    down = axis_turn(toward(Y, DOWN, inward), ARM_DOWN)
    raise_fwd = axis_turn(toward(X, DOWN, FORWARD), move.flex)
    raise_out = axis_turn(toward(Y, DOWN, out_dir), move.abduct)
    across = axis_turn(toward(Z, FORWARD, inward), move.across)
    shoulder = across @ raise_fwd @ raise_out @ down
    upper = shoulder @ mesh.direction(f"upperarm02.{letter}")
    # inward rotation carries the bent forearm toward the midline: for a hanging
    # arm the forearm points forward, for a raised one it points up
    ref = FORWARD if upper @ DOWN > 0.5 else UP
    ref = ref - (ref @ upper) * upper
    spin = axis_turn(toward(upper, ref, inward), move.rotate) if move.rotate else np.eye(3)
    # the elbow bends in the arm's own plane: toward the front of the upper arm
    straighten = axis_turn(toward(X, DOWN, -FORWARD), ELBOW_STRAIGHTEN)
    bend = axis_turn(toward(X, DOWN, FORWARD), elbow.flex)
    turns = {f"upperarm01.{letter}": spin @ shoulder,
             f"lowerarm01.{letter}": bend @ straighten}
    # above shoulder height the shoulder blade lifts the whole girdle a little
    lift = max(0.0, max(move.flex, move.abduct) - 90.0) * 0.35
    if lift:
        turns[f"clavicle.{letter}"] = axis_turn(toward(Y, out_dir, UP), lift)
    return turns


def _leg(move: Movement, knee: Movement, letter: str) -> dict:
    out_dir = RIGHT if letter == "R" else -RIGHT
    flex = axis_turn(toward(X, DOWN, FORWARD), move.flex)
    abduct = axis_turn(toward(Y, DOWN, out_dir), move.abduct - move.across)
    turn = axis_turn(toward(Z, FORWARD, out_dir), move.turn)
    bend = axis_turn(toward(X, DOWN, -FORWARD), knee.flex)
    return {f"upperleg01.{letter}": flex @ abduct @ turn, f"lowerleg01.{letter}": bend}


def figure_turns(mesh: BodyMesh, posture: FigurePosture) -> dict[str, np.ndarray]:
    """Bone rotations (rest-pose axes, about each bone's head) for a right-side posture."""
    turns: dict[str, np.ndarray] = {}
    for bone, share in zip(TRUNK, TRUNK_SHARE, strict=True):
        turns[bone] = _spine_turn(posture.trunk, share)
    for bone, share in zip(NECK, NECK_SHARE, strict=True):
        turns[bone] = _spine_turn(posture.neck, share)
    turns |= _arm(mesh, posture.shoulder, posture.elbow, "R")
    turns |= _arm(mesh, _mirrored(posture.other_shoulder), posture.other_elbow, "L")
    turns |= _leg(posture.hip, posture.knee, "R")
    turns |= _leg(_mirrored(posture.other_hip), posture.other_knee, "L")
    return turns


def _mirrored(move: Movement) -> Movement:
    """The other limb's movement as given (out is out, across is across)."""
    return move


@cache
def figure_details(mesh: BodyMesh) -> np.ndarray:
    """Per-vertex columns: shirt, shorts, hair, eye, iris (0..1; interpolated per pixel)."""
    index = {name: i + 1 for i, name in enumerate(mesh.bones)}

    def weight_of(names) -> np.ndarray:
        wanted = np.isin(mesh.joints, [index[n] for n in names])
        return (mesh.weights * wanted).sum(axis=1)

    def straight_hem(limb_bones: list[str], hem: float) -> tuple[np.ndarray, np.ndarray]:
        """The limb's vertices, and for each how much cloth (1) or skin (0): the hem
        lies `hem` of the way from the limb's first bone to its third (elbow, knee),
        straight across the limb."""
        start = mesh.heads[index[limb_bones[0]] - 1]
        axis = mesh.heads[index[limb_bones[2]] - 1] - start
        along = (mesh.positions - start) @ axis / (axis @ axis)
        limb = weight_of(limb_bones) > 0.5
        return limb, np.clip((hem - along[limb]) * 6 + 0.45, 0, 1)

    coords = np.zeros((len(mesh.positions), 5))
    shirt_bones = [*TRUNK[1:], "clavicle.R", "clavicle.L", "shoulder01.R", "shoulder01.L",
                   "upperarm01.R", "upperarm01.L"]
    coords[:, 0] = weight_of(shirt_bones)
    for letter in "RL":  # the sleeve's hem: straight across the arm, not along weights
        arm, cloth = straight_hem([f"upperarm01.{letter}", f"upperarm02.{letter}",
                                   f"lowerarm01.{letter}", f"lowerarm02.{letter}",
                                   f"wrist.{letter}"], SLEEVE)
        coords[arm, 0] = cloth
    coords[:, 1] = weight_of(["root", "spine05", "pelvis.R", "pelvis.L", "upperleg01.R",
                              "upperleg01.L"])
    on_head = weight_of(["head"]) > 0.5
    centre = mesh.positions[on_head].mean(axis=0)
    for letter in "RL":  # the shorts' hem, likewise straight across the thigh
        leg, cloth = straight_hem([f"upperleg01.{letter}", f"upperleg02.{letter}",
                                   f"lowerleg01.{letter}", f"lowerleg02.{letter}",
                                   f"foot.{letter}"], SHORTS_HEM)
        coords[leg, 1] = cloth
    head = index["head"] - 1
    height = mesh.tails[head][2] - mesh.heads[head][2]
    rel = mesh.positions - centre
    up = rel[:, 2] / height  # about -0.5 (chin) .. 0.5 (crown)
    front = rel @ FORWARD / height  # about -0.5 (back of the head) .. 0.6 (nose)
    hairline = np.where(front > 0.15, 0.32 - 0.6 * (front - 0.15), 0.16 - 0.5 * np.clip(
        -front, 0, 1))  # high over the forehead, lower over the ears, low at the nape
    hairline = np.where(front < -0.2, -0.2 - 0.5 * (-front - 0.2), hairline)
    coords[:, 2] = on_head * np.clip((up - hairline) * 20 + 0.5, 0, 1)
    tags = mesh_tags(mesh.shape)
    coords[:, 3] = tags == 1
    eyes = np.nonzero(tags == 1)[0]
    for half in (eyes[mesh.positions[eyes, 0] < 0], eyes[mesh.positions[eyes, 0] >= 0]):
        centre = mesh.positions[half].mean(axis=0)
        direction = mesh.positions[half] - centre
        direction /= np.linalg.norm(direction, axis=1, keepdims=True)
        coords[half, 4] = direction @ FORWARD
    return coords


def mesh_tags(shape: str) -> np.ndarray:
    from gmi.stimuli.body import _archive

    return _archive()["figure_tags"]


def figure_detail(values: np.ndarray):
    zero = np.zeros(len(values), dtype=np.float32)
    return zero, zero, np.ones(len(values), dtype=np.float32)


def figure_paint(values: np.ndarray, skin: np.ndarray) -> np.ndarray:
    """Albedo per pixel: skin, then shorts, shirt, hair and eyes over it (each layer
    touches only the pixels it covers: most of a picture is one colour)."""
    albedo = np.empty((len(values), 3), dtype=np.float32)
    albedo[:] = skin
    eye = values[:, 3] > 0.5
    layers = ((values[:, 1] - 0.45) * 12, SHORTS), ((values[:, 0] - 0.45) * 12, SHIRT), (
        (values[:, 2] - 0.5) * 6, HAIR), (eye * 1.0, EYE_WHITE), (
        eye * np.clip((values[:, 4] - 0.80) * 12, 0, 1), IRIS)
    if values.shape[1] > 5:  # a chair under a seated person (gmi.stimuli.chair)
        from gmi.stimuli.chair import COLOUR

        layers = (*layers, (values[:, 5] * 2 - 1, COLOUR))
    for amount, colour in layers:
        where = np.nonzero(amount > 0)[0]
        if where.size:
            a = np.minimum(amount[where], 1.0)[:, None].astype(np.float32)
            albedo[where] += (colour.astype(np.float32) - albedo[where]) * a
    return albedo


def figure_mesh(shape: str = "average") -> BodyMesh:
    return body_mesh("figure", shape)
