"""Necks, backs, shoulders and knees in the model: presets, refusals, words."""

from __future__ import annotations

import pytest

from gmi.model.posture import figure_postures, postures_for
from gmi.model.presets import STANDARD_PRESET, presets, protocol_for
from gmi.model.protocol import ProtocolError, parse_protocol, protocol_to_toml
from gmi.model.stages import FIGURE_PARTS
from gmi.model.task_words import imagery_instruction, mirror_setup, task_words
from gmi.stimuli.sets import rendered_for

BASE = 'schema_version = 1\nid = "x"\ntitle = "X"\nbody_part = "{part}"\n'


@pytest.mark.parametrize("part", FIGURE_PARTS)
def test_each_new_body_part_has_a_preset_that_validates_and_round_trips(part):
    preset = presets()[STANDARD_PRESET[part]]
    assert preset.body_part == part
    assert protocol_for("nonexistent", part) == preset
    assert parse_protocol(protocol_to_toml(preset)) == preset
    assert set(preset.imagery.postures) <= set(figure_postures(part))


def test_a_view_the_body_part_does_not_have_is_refused_naming_the_field():
    with pytest.raises(ProtocolError, match=r"laterality\.views.*'palm' is not a neck view"):
        parse_protocol(BASE.format(part="neck") + '[laterality]\nviews = ["palm"]\n')


def test_a_posture_of_another_body_part_is_refused_naming_the_field():
    with pytest.raises(ProtocolError, match=r"imagery\.postures\.0.*'fist' is not a knee"):
        parse_protocol(BASE.format(part="knee") + '[imagery]\npostures = ["fist"]\n')


@pytest.mark.parametrize(("part", "stage"), [("neck", "mirror"), ("back", "mirror")])
def test_a_stage_the_body_part_does_not_have_is_refused_naming_the_field(part, stage):
    with pytest.raises(ProtocolError, match=rf"stages\.1.*'{stage}' is not available"):
        parse_protocol(BASE.format(part=part) + f'stages = ["laterality", "{stage}"]\n')


@pytest.mark.parametrize(("part", "kinds"), [
    ("foot", ["ankle_flex"]), ("knee", ["knee_bend"]),
    ("shoulder", ["shoulder_forward", "shoulder_side"]),
    ("neck", ["head_turn", "head_tilt"]), ("back", ["side_bend"])])
def test_every_body_part_has_camera_exercises_of_its_own(part, kinds):
    protocol = parse_protocol(BASE.format(part=part) + 'stages = ["laterality", "tracking"]\n')
    assert [e.kind for e in protocol.tracking.exercises] == kinds


@pytest.mark.parametrize(("part", "kind"), [("knee", "head_turn"), ("neck", "knee_bend"),
                                            ("hand", "shoulder_side"), ("back", "open_close")])
def test_an_exercise_of_another_body_part_is_refused_naming_the_field(part, kind):
    with pytest.raises(ProtocolError, match=rf"tracking\.exercises\.0.*'{kind}' is not a {part}"):
        parse_protocol(BASE.format(part=part) + f'[[tracking.exercises]]\nkind = "{kind}"\n')


def test_neck_and_back_ask_which_way_the_person_moves_limbs_ask_which_limb():
    for part in ("neck", "back"):
        words = task_words(part)
        assert words.direction and "THEIR" in words.intro
        assert (words.left_button, words.right_button) == ("Their left", "Their right")
        assert task_words(part).feedback("left", True, False) == "Yes, to their left."
    assert "right arm" in task_words("shoulder").intro
    assert (task_words("knee").left_button, task_words("shoulder").right_button) == (
        "Their left leg", "Their right arm")  # which limb, on the big buttons too
    assert task_words("hand").left_button == "Left"
    # people shown upright (a neck or back programme) are not promised turned pictures
    assert "turned on the screen" not in task_words("neck", turned=False).intro
    assert "turned on the screen" in task_words("knee", turned=True).intro
    assert task_words("knee").feedback("right", False, False) == "This one was a right leg."
    assert task_words("hand").feedback("left", True, False) == "Yes, a left hand."
    assert imagery_instruction("neck", "left").startswith("Imagine turning your head")
    assert "left arm" in imagery_instruction("shoulder", "left")
    assert "knee height" in mirror_setup("knee") and "chest height" in mirror_setup("shoulder")


@pytest.mark.parametrize("part", FIGURE_PARTS)
def test_the_drawn_set_offers_every_view_with_decidable_postures_only(part):
    drawn = rendered_for(part, shape="slender")
    assert drawn.views() == ("front", "back", "side")
    library = postures_for(part)
    for view in drawn.views():
        names = drawn.postures_in(view)
        assert names
        for name in names:
            assert view not in dict(library[name].excluded)
    stimulus = drawn.stimulus("left", "side", 0, 3)
    image = drawn.image(stimulus, 96)
    assert image.shape == (96, 96, 3)
