"""What "left or right?" means for each body part, in the patient's words.

For hands, feet, shoulders and knees it asks which limb the picture shows
(for a shoulder: which arm moves; for a knee: which leg). For necks and backs
it asks which way the person is turning or bending: THEIR left or right,
whatever side they are seen from (Wallwork 2013's neck task). The laterality
screens and feedback read these words; nothing else decides them.
"""

from __future__ import annotations

from dataclasses import dataclass

from gmi.model.stages import BodyPart, Side, plural


@dataclass(frozen=True)
class TaskWords:
    title: str  # the intro page's heading
    intro: str  # what to decide, one or two sentences
    left_button: str
    right_button: str
    direction: bool  # True: a direction of movement (neck, back), not a limb
    left_answer: str  # the correct answer in words: "a left hand", "to their left"
    right_answer: str

    def answer(self, side: Side) -> str:
        return self.left_answer if side == "left" else self.right_answer

    def feedback(self, side: Side, correct: bool, timed_out: bool) -> str:
        said = self.answer(side)
        if timed_out:
            return f"That one was {said}. No rush: take the next as it comes."
        if correct:
            return f"Yes, {said}."
        return f"This one was {said}."


_LIMB = {"hand": "hand", "foot": "foot", "shoulder": "arm", "knee": "leg"}
_MOVING = {"neck": "turning or tilting their head", "back": "bending or turning their body"}


def task_words(body_part: BodyPart, turned: bool = True) -> TaskWords:
    """The words of the left/right task for `body_part`. `turned`: the pictures may be
    turned on the screen (the protocol's angles > 1); a neck or back programme shows
    people upright, and the intro must not promise otherwise."""
    on_screen = ", sometimes turned on the screen" if turned else ""
    if body_part in _MOVING:
        return TaskWords(
            title="Which way are they moving?",
            intro=(f"You will see a person {_MOVING[body_part]}, from the front, the back or "
                   f"the side{on_screen}. For each picture, decide which "
                   "way they are moving: to THEIR left or to THEIR right, as if you were them. "
                   "Trust your first sense; there is no need to move yourself."),
            left_button="Their left", right_button="Their right", direction=True,
            left_answer="to their left", right_answer="to their right")
    limb = _LIMB[body_part]
    whole_person = body_part in ("shoulder", "knee")
    if whole_person:
        shown = (f"You will see a person moving one {limb}, from the front, the back or the "
                 f"side{on_screen}. For each picture, decide whether they are moving their "
                 f"left or their right {limb}")
    else:
        shown = (f"You will see pictures of {plural(body_part)}, turned in different ways. For "
                 f"each picture, decide whether it shows a left or a right {limb}")
    return TaskWords(
        title="Left or right?",
        intro=(f"{shown}, as quickly as you comfortably can. Trust your first sense; there is "
               f"no need to move your own {limb}."),
        # a shoulder or knee picture shows a whole person: the buttons say whose limb
        left_button=f"Their left {limb}" if whole_person else "Left",
        right_button=f"Their right {limb}" if whole_person else "Right", direction=False,
        left_answer=f"a left {limb}", right_answer=f"a right {limb}")


def example_caption(body_part: BodyPart, side: Side, posture: str, view: str) -> str:
    """The answer to the intro page's example picture, in the task's words.

    'This is a right hand.'; 'This person is moving their right arm.'; for a neck
    or back, which way THEY move, and, seen from the front, that this is the
    viewer's other side (the commonest slip in the task)."""
    facing = view == "front" and body_part not in ("hand", "foot")
    if body_part in _MOVING:
        what = "bending" if posture.startswith("bend") else (
            "tilting" if posture.startswith("tilt") else "turning")
        head = " their head" if body_part == "neck" else ""
        your = "right" if side == "left" else "left"
        note = f" (to your {your} as you face them)" if facing else ""
        return f"This person is {what}{head} to their {side}{note}."
    if body_part in ("shoulder", "knee"):
        your = "left" if side == "right" else "right"
        note = f" (on your {your} as you face them)" if facing else ""
        return f"This person is moving their {side} {_LIMB[body_part]}{note}."
    return f"This is a {side} {_LIMB[body_part]}."


_GROUP_MOVING = {"neck": "turns or tilts", "back": "bends or turns"}


def side_group(body_part: BodyPart, side: Side) -> str:
    """The pictures of one side in a summary line, in lower case: 'left hands',
    'left arm' (a shoulder: the arm that moves), 'turns or tilts to their left'
    (a neck: the side is a direction, so 'left necks' would mean nothing)."""
    if body_part in _GROUP_MOVING:
        return f"{_GROUP_MOVING[body_part]} to their {side}"
    if body_part in ("shoulder", "knee"):
        return f"{side} {_LIMB[body_part]}"
    return f"{side} {plural(body_part)}"


def limb(body_part: BodyPart) -> str:
    """The limb that moves: 'arm' for a shoulder, 'leg' for a knee; else the part."""
    return _LIMB.get(body_part, body_part)


def imagery_instruction(body_part: BodyPart, side: Side) -> str:
    """Stage 2: what to imagine, with the side in words."""
    if body_part == "neck":
        return (f"Imagine turning your head slowly into this position, to your {side}, then "
                "back. Don't move it.")
    if body_part == "back":
        return (f"Imagine moving your body slowly into this position, to your {side}, then "
                "back. Don't move.")
    return (f"Imagine moving your {side} {limb(body_part)} slowly into this position, "
            "then back. Don't move it.")


# Stage 3: where to put the camera so that the split mirror shows both limbs.
MIRROR_SETUP: dict[str, str] = {
    "shoulder": ("Set the camera at chest height about two metres in front of you, so that "
                 "your head, both shoulders and both arms, raised, are in the picture. "),
    "knee": ("Sit on a chair facing the camera. Set the camera at knee height about one and a "
             "half metres in front of you, so that both legs, from the hips to the feet, are "
             "in the picture. "),
}


def mirror_setup(body_part: BodyPart) -> str:
    """Set-up words for the mirror ("" for hands and feet: the screen already says)."""
    return MIRROR_SETUP.get(body_part, "")
