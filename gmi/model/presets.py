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


@cache
def preset(preset_id: str) -> Protocol | None:
    """One built-in protocol by id, or None. Each file is named by its id, so only
    that file is read: the window starts with the person's protocol alone."""
    name = f"{preset_id}.toml"
    entry = asset("protocols", name)
    if not preset_id or "/" in preset_id or preset_id.startswith(".") or not entry.is_file():
        return None
    protocol = parse_protocol(entry.read_text("utf-8"), f"assets/protocols/{name}")
    return protocol if protocol.id == preset_id else None


def protocol_for(preset_id: str, body_part: BodyPart) -> Protocol:
    """The profile's protocol, or the standard one for its body part."""
    chosen = preset(preset_id)
    if chosen is not None and chosen.body_part == body_part:
        return chosen
    standard = preset(STANDARD_PRESET[body_part])
    if standard is None:  # a packaging bug, as in presets()
        raise LookupError(f"assets/protocols lacks {STANDARD_PRESET[body_part]}.toml")
    return standard
