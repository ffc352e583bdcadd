"""The rendered figure moving at known angles, as video: ground truth for Pose.

The MakeHuman figure (gmi.stimuli.figure) goes through N knee bends, ankle
pumps, arm raises, head turns or side bends at known joint angles, seen from
where the exercise's camera placement puts the camera (side-on for knee,
ankle and forward raise, in front otherwise), whole body in a 16:9 frame.
Each frame comes with its true angle, so a tracker's reading can be scored
and its repetitions checked against exactly N (`gmi bench --only tracking`,
tests/test_pose.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from gmi.model.posture import FigurePosture, Movement
from gmi.stimuli.body import axis_turn, toward


@dataclass(frozen=True)
class Motion:
    """How one exercise is animated: the view, the joint moved, and its peak angle."""

    view: str
    peak: float  # degrees at the top of each repetition (the rest is 0)


MOTIONS: dict[str, Motion] = {
    "knee_bend": Motion("side", 80.0),
    "ankle_flex": Motion("side", 25.0),
    "shoulder_forward": Motion("side", 100.0),
    "shoulder_side": Motion("front", 100.0),
    "head_turn": Motion("front", 50.0),
    "head_tilt": Motion("front", 30.0),
    "side_bend": Motion("front", 40.0),
}


def posture_at(kind: str, angle: float) -> FigurePosture:
    """The right side's posture with the exercise's joint at `angle` degrees."""
    joint, field = {"knee_bend": ("knee", "flex"), "ankle_flex": ("knee", "flex"),
                    "shoulder_forward": ("shoulder", "flex"),
                    "shoulder_side": ("shoulder", "abduct"), "head_turn": ("neck", "turn"),
                    "head_tilt": ("neck", "bend"),
                    "side_bend": ("trunk", "bend")}[kind]
    if kind == "ankle_flex":  # the foot off the floor, as seated; the foot moves (render_body)
        return FigurePosture(name="moving", title="moving", hip=Movement(flex=30.0),
                             knee=Movement(flex=30.0))
    return FigurePosture(name="moving", title="moving", **{joint: Movement(**{field: angle})})


def render_body(posture: FigurePosture, view: str, height: int, ankle: float = 0.0,
                skin: str = "medium") -> np.ndarray:
    """The whole figure, `height` pixels square; `ankle`: right-foot dorsiflexion (degrees)."""
    from gmi.stimuli.figure import (
        FORWARD,
        UP,
        X,
        figure_detail,
        figure_details,
        figure_mesh,
        figure_paint,
        figure_turns,
    )
    from gmi.stimuli.render import _figure_camera, draw_surface, layers_of

    mesh = figure_mesh()
    turns = figure_turns(mesh, posture)
    if ankle:
        turns["foot.R"] = axis_turn(toward(X, FORWARD, UP), ankle)
    positions, normals = mesh.skin(turns)
    result = draw_surface(positions, normals, mesh.triangles, figure_details(mesh),
                          figure_detail, _figure_camera(view), 0.0, skin, height, 1.8,
                          open_end=False, centre=np.array([0.0, 0.0, 0.0]),
                          paint=figure_paint)
    return layers_of(result, height, False)[0]


def trunk_lean(bend: float) -> float:
    """The true lean (degrees) of the line from the hips' middle to the shoulders'
    middle, seen from the front, when the trunk bends `bend` degrees to the right.

    The figure's side bend is spread over five vertebrae, so the trunk curves and
    this line leans by much less than the bend: it is the angle a camera can see
    (gmi.vision.body_kinematics measures the same line), so it is the truth used.
    """
    from gmi.stimuli.figure import figure_mesh, figure_turns

    mesh = figure_mesh()
    index = {name: i for i, name in enumerate(mesh.bones)}
    joints = [mesh.heads[index[b]] for b in ("upperarm01.R", "upperarm01.L",
                                              "upperleg01.R", "upperleg01.L")]
    nearest = [int(np.argmin(np.linalg.norm(mesh.positions - j, axis=1))) for j in joints]
    positions, _ = mesh.skin(figure_turns(mesh, posture_at("side_bend", bend)))
    ar, al, lr, ll = (positions[i] for i in nearest)
    trunk = (ar + al) / 2 - (lr + ll) / 2
    toward_right = float(trunk[0] * -1.0)  # +x is toward the body's left
    return math.degrees(math.atan2(toward_right, float(trunk[2])))


def body_frames(kind: str, cycles: int, fps: float = 15.0, seconds_per_cycle: float = 2.5,
                size: tuple[int, int] = (640, 360), rest_s: float = 0.7
                ) -> Iterator[tuple[np.ndarray, float]]:
    """(frame, true angle) for `cycles` repetitions from rest (0) to the peak and back,
    with a still start and end; 0 cycles is a still body."""
    motion = MOTIONS[kind]
    w, h = size
    moving = cycles * seconds_per_cycle
    total = int((moving + 2 * rest_s) * fps)
    for n in range(total):
        t = n / fps - rest_s
        phase = 0.0 if t < 0 or t > moving else \
            (1 - math.cos(2 * math.pi * t / seconds_per_cycle)) / 2
        angle = phase * motion.peak
        ankle = angle if kind == "ankle_flex" else 0.0
        person = render_body(posture_at(kind, angle), motion.view, h, ankle=ankle)
        canvas = np.empty((h, w, 3), np.uint8)
        canvas[:] = person[0, 0]
        x = (w - h) // 2
        canvas[:, x:x + h] = person
        yield canvas, trunk_lean(angle) if kind == "side_bend" else angle
