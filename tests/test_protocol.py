"""Protocol files: presets, validation messages that name the field, fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from gmi.model.presets import preset, presets, protocol_for
from gmi.model.protocol import Protocol, ProtocolError, load_protocol_file, parse_protocol

MINIMAL = 'schema_version = 1\nid = "t"\ntitle = "Test"\nbody_part = "hand"\n'


def test_presets_load_and_cover_hand_and_foot() -> None:
    found = presets()
    assert {"hand-standard", "foot-standard"} <= set(found)
    assert found["foot-standard"].laterality.views == ["top", "sole"]
    assert protocol_for("", "foot").id == "foot-standard"
    assert protocol_for("foot-standard", "hand").id == "hand-standard"
    assert protocol_for("custom", "hand").id == "hand-standard"


def test_each_preset_is_read_alone_from_the_file_named_by_its_id() -> None:
    """`protocol_for` reads only the person's file (start-up); it finds what
    `presets()` finds, the same protocol, for every preset."""
    for preset_id, protocol in presets().items():
        assert preset(preset_id) == protocol
        assert protocol_for(preset_id, protocol.body_part) == protocol
    assert preset("../protocols/hand-standard") is None and preset("") is None


def test_minimal_protocol_gets_defaults_for_its_body_part() -> None:
    protocol = parse_protocol(MINIMAL)
    assert protocol.stages == ["laterality"]
    assert protocol.laterality.trials == 40
    assert protocol.imagery.postures == ["open", "fist", "point", "pinch"]
    foot = parse_protocol(MINIMAL.replace('"hand"', '"foot"') + '[laterality]\nviews = ["top"]\n')
    assert foot.imagery.postures[0] == "neutral"
    assert [e.kind for e in foot.tracking.exercises] == ["ankle_flex"]
    assert "toes" in foot.mirror.prompts[0]


def test_stages_ask_pain_only_when_the_protocol_says_so() -> None:
    """Old files (no field) keep the once-a-day rating; a stage's section can ask."""
    old = parse_protocol(MINIMAL)
    assert not old.imagery.pain_before_after and not old.mirror.pain_before_after
    asks = parse_protocol(MINIMAL + "[mirror]\npain_before_after = true\n")
    assert asks.mirror.pain_before_after and not asks.imagery.pain_before_after
    assert parse_protocol(protocol_to_toml_text(asks)) == asks
    assert all(not p.imagery.pain_before_after for p in presets().values())


@pytest.mark.parametrize(("text", "expected"), [
    (MINIMAL + "[laterality]\ntrials = 0\n", "field 'laterality.trials'"),
    (MINIMAL + "[laterality]\ntrails = 10\n", "field 'laterality.trails': unknown setting"),
    (MINIMAL + '[laterality]\nviews = ["sole"]\n', "'sole' is not a hand view"),
    (MINIMAL + "[laterality]\nangles = 5\n", "field 'laterality.angles'"),
    (MINIMAL + "[imagery]\nhold_s = -3\n", "field 'imagery.hold_s'"),
    (MINIMAL + 'stages = ["laterality", "dancing"]\n', "field 'stages.1'"),
    (MINIMAL.replace("schema_version = 1", "schema_version = 7"), "newer GMI Trainer"),
    (MINIMAL + "[laterality\n", "line 5"),
    (MINIMAL + '[[tracking.exercises]]\nkind = "ankle_flex"\n', "not a hand exercise"),
    (MINIMAL + '[imagery]\npostures = ["fist", "jazz_hands"]\n',
     "imagery.postures.1: 'jazz_hands' is not a hand posture"),
    (MINIMAL + "[imagery]\nimages = 0\n", "field 'imagery.images'"),
    (MINIMAL + "[imagery]\nrepetitions = -1\n", "field 'imagery.repetitions'"),
    (MINIMAL + '[imagery]\npain_before_after = "yes"\n', "field 'imagery.pain_before_after'"),
    (MINIMAL + "[mirror]\npain_before_after = 1\n", "field 'mirror.pain_before_after'"),
])
def test_bad_protocols_name_the_problem(text: str, expected: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(text, "my.toml")
    assert str(caught.value).startswith("my.toml: ")
    assert expected in str(caught.value)


def test_wrong_encoding_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_bytes((MINIMAL + 'description = "Müller"\n').encode("utf-16"))
    with pytest.raises(ProtocolError, match="is not UTF-8"):
        load_protocol_file(path)


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_any_text_gives_a_protocol_or_a_protocol_error(text: str) -> None:
    try:
        result = parse_protocol(text)
    except ProtocolError:
        return
    assert isinstance(result, Protocol)


@pytest.mark.parametrize("preset", ["hand-standard", "crps-hand", "phantom-hand",
                                    "foot-standard"])
def test_presets_round_trip_through_their_files(tmp_path: Path, preset: str) -> None:
    from gmi.model.protocol import save_protocol_file

    protocol = presets()[preset]
    path = tmp_path / f"{preset}.toml"
    save_protocol_file(protocol, path)
    assert load_protocol_file(path) == protocol


@settings(max_examples=60)
@given(trials=st.integers(1, 400), minutes=st.floats(0.5, 60), per_day=st.integers(1, 10),
       views=st.lists(st.sampled_from(["back", "palm", "side"]), min_size=1, unique=True),
       angles=st.sampled_from([4, 6, 8, 12]), title=st.text(min_size=1, max_size=60))
def test_an_edited_protocol_round_trips(tmp_path_factory, trials: int, minutes: float,
                                        per_day: int, views: list[str], angles: int,
                                        title: str) -> None:
    from gmi.model.protocol import save_protocol_file

    base = presets()["hand-standard"]
    if not title.strip() or any(not ch.isprintable() for ch in title):
        with pytest.raises(ValidationError):
            Protocol.model_validate(base.model_dump() | {"title": title})
        return
    edited = base.model_copy(update={
        "title": title, "sessions_per_day": per_day,
        "laterality": base.laterality.model_copy(update={
            "trials": trials, "views": views, "angles": angles}),
        "mirror": base.mirror.model_copy(update={"minutes": minutes}),
    })
    edited = parse_protocol(protocol_to_toml_text(edited))
    path = tmp_path_factory.mktemp("p") / "edited.toml"
    save_protocol_file(edited, path)
    again = load_protocol_file(path)
    assert again == edited
    assert again.laterality.trials == trials and again.mirror.minutes == minutes


def protocol_to_toml_text(protocol: Protocol) -> str:
    from gmi.model.protocol import protocol_to_toml

    return protocol_to_toml(protocol)


def _figure(body_part: str, extra: str = "") -> str:
    return MINIMAL.replace('"hand"', f'"{body_part}"') + extra


@pytest.mark.parametrize("body_part", ["neck", "back"])
def test_a_rotation_the_body_part_does_not_allow_is_refused_with_the_field_named(
        body_part: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_protocol(_figure(body_part, "[laterality]\nangles = 4\n"), "my.toml")
    message = str(caught.value)
    assert message.startswith("my.toml: ") and "laterality.angles" in message
    assert "180°" in message and "use angles = 1" in message


def test_a_body_part_shown_upright_only_gets_upright_pictures_by_default() -> None:
    assert parse_protocol(_figure("neck")).laterality.angles == 1
    assert parse_protocol(_figure("knee")).laterality.angles == 8  # knees turn all the way


@pytest.mark.parametrize("angles", [4, 6, 8, 12])
@pytest.mark.parametrize("body_part", ["knee", "shoulder"])
def test_knees_and_shoulders_may_be_turned_like_hands(body_part: str, angles: int) -> None:
    text = _figure(body_part, f"[laterality]\nangles = {angles}\n")
    assert parse_protocol(text).laterality.angles == angles
