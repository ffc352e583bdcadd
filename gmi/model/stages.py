"""The four GMI stages, their fixed clinical order and their plain names.

Order matters clinically: recognition, then imagery, then mirror (Moseley
2005: other orders help less); tracking follows as active movement.
"""

from __future__ import annotations

from typing import Literal, get_args

Stage = Literal["laterality", "imagery", "mirror", "tracking"]
BodyPart = Literal["hand", "foot", "neck", "back", "shoulder", "knee"]
Side = Literal["left", "right"]

STAGE_ORDER: tuple[Stage, ...] = get_args(Stage)
BODY_PARTS: tuple[BodyPart, ...] = get_args(BodyPart)
# Drawn from the whole figure; for these "left or right" may mean a direction
# (neck, back: which way the person turns or bends) rather than a limb.
FIGURE_PARTS: tuple[BodyPart, ...] = ("neck", "back", "shoulder", "knee")

STAGE_TITLES: dict[Stage, str] = {
    "laterality": "Left or right?",
    "imagery": "Imagine the movement",
    "mirror": "Mirror practice",
    "tracking": "Move with the camera",
}

STAGE_PURPOSE: dict[Stage, str] = {
    "laterality": "Pictures of hands or feet: say quickly whether each is a left or a right.",
    "imagery": "Picture yourself moving into a position, without moving.",
    "mirror": "Watch the mirrored image of your comfortable side move.",
    "tracking": "Gentle movements; the camera counts them and measures how far you move.",
}


# What each body part can practise. Camera tracking follows hands with MediaPipe
# Hands and every other part with MediaPipe Pose (gmi.vision.body_kinematics);
# necks and backs have no mirror (a mirror shows one limb as the other).
STAGES_FOR: dict[str, tuple[Stage, ...]] = {
    "hand": STAGE_ORDER,
    "foot": STAGE_ORDER,
    "neck": ("laterality", "imagery", "tracking"), "back": ("laterality", "imagery", "tracking"),
    "shoulder": STAGE_ORDER, "knee": STAGE_ORDER,
}


def stage_number(stage: Stage) -> int:
    """1-based position in the clinical order."""
    return STAGE_ORDER.index(stage) + 1


def other_side(side: Side) -> Side:
    return "right" if side == "left" else "left"


def plural(body_part: str) -> str:
    """'hands' or 'feet'."""
    return {"hand": "hands", "foot": "feet", "back": "backs", "neck": "necks"}.get(
        body_part, body_part + "s")
