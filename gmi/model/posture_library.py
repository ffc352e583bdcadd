"""What a posture library file says about itself, read without its postures.

A protocol is checked against its body part's library when it loads (its
imagery postures must exist, its picture turns must stay within the limit),
and that check runs at start-up. It needs the posture names and the rotation
limit only, so they are read here from the TOML alone; the postures' angles
and their models (`gmi.model.posture`) load when a picture is drawn or a
posture is matched.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from gmi.model.stages import BodyPart
from gmi.model.toml import tomllib
from gmi.resources import asset


class PostureLibraryError(ValueError):
    """A posture library file that cannot be used; the message names file and field."""


class RotationLimit(BaseModel):
    """How far a picture of a body part may be turned in the picture's plane.

    A library says it once, at the top of its file (`max_rotation`, degrees
    either way from upright, and `rotation_note`, why): a knee or shoulder
    turned on its side or upside down is still a knee or a shoulder (as hands
    and feet are), while a head or a trunk turned that way reads as a person
    lying down, not as a neck or back turning. Protocols are checked against it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_rotation: int = Field(default=180, ge=0, le=180)
    rotation_note: str = ""

    def allows(self, angle: float) -> bool:
        a = angle % 360
        return min(a, 360 - a) <= self.max_rotation


LIBRARY_KEYS = tuple(RotationLimit.model_fields)  # top-level keys that are not postures


def load_toml(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PostureLibraryError(f"{source}: is not valid TOML ({exc})") from exc


def parse_rotation_limit(text: str, source: str) -> RotationLimit:
    """The library's rotation limit (every rotation if the file names none)."""
    data = load_toml(text, source)
    try:
        return RotationLimit.model_validate({k: data[k] for k in LIBRARY_KEYS if k in data})
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise PostureLibraryError(f"{source}: field '{field}': {err['msg']}") from exc


def library_source(body_part: BodyPart) -> tuple[str, str]:
    """The text of `body_part`'s library file and the name errors give it."""
    return (asset("postures", f"{body_part}.toml").read_text("utf-8"),
            f"assets/postures/{body_part}.toml")


@cache
def rotation_limit(body_part: BodyPart) -> RotationLimit:
    """How far pictures of `body_part` may be turned (from its posture library)."""
    return parse_rotation_limit(*library_source(body_part))


@cache
def posture_names(body_part: BodyPart) -> frozenset[str]:
    """The names of `body_part`'s postures (the library's tables)."""
    data = load_toml(*library_source(body_part))
    return frozenset(k for k, v in data.items() if k not in LIBRARY_KEYS and isinstance(v, dict))
