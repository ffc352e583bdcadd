"""The protocols that ship with the app (``assets/protocols/*.toml``)."""

from __future__ import annotations

from functools import cache

from gmi.model.protocol import Protocol, parse_protocol
from gmi.model.stages import BODY_PARTS, BodyPart
from gmi.resources import asset

STANDARD_PRESET: dict[BodyPart, str] = {part: f"{part}-standard" for part in BODY_PARTS}


@cache
def presets() -> dict[str, Protocol]:
    """Every built-in protocol by id. A broken preset is a packaging bug: it raises."""
    found: dict[str, Protocol] = {}
    for entry in asset("protocols").iterdir():
        if entry.name.endswith(".toml"):
            protocol = parse_protocol(entry.read_text("utf-8"), f"assets/protocols/{entry.name}")
            found[protocol.id] = protocol
    return found


def protocol_for(preset_id: str, body_part: BodyPart) -> Protocol:
    """The profile's protocol, or the standard one for its body part."""
    all_presets = presets()
    chosen = all_presets.get(preset_id)
    if chosen is not None and chosen.body_part == body_part:
        return chosen
    return all_presets[STANDARD_PRESET[body_part]]
