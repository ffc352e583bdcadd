"""The hand postures stage 4 asks a patient to copy: those a camera tells apart.

The set is data (``assets/postures/hand_copy.toml``, with the measured reason
beside each choice): members; near-duplicates scored as the member that
stands for them (a flat hand as the open hand); postures never asked for.
The laterality library (``hand.toml``) is not changed by it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from gmi.model.posture import PostureLibraryError, hand_postures
from gmi.model.toml import tomllib
from gmi.resources import asset

SOURCE = "assets/postures/hand_copy.toml"


class TrackerError(BaseModel):
    """How far the tracker reads a perfectly copied posture from its own angles.

    Degrees RMS of the compared angles over rendered pictures (back and palm
    views, rotations, both sides): the median and the 90th percentile. The
    match scores each posture on its own scale from it (`gmi.vision.posture_match`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    median: float = Field(gt=0)
    p90: float = Field(gt=0)


class CopySet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    members: tuple[str, ...]
    same_as: dict[str, str] = {}
    left_out: dict[str, str] = {}  # posture -> why it is never asked for
    tracker_error: dict[str, TrackerError] = {}  # member -> measured error

    def stand_in(self, name: str) -> str | None:
        """The member a protocol posture is copied and scored as (None: left out)."""
        if name in self.members:
            return name
        return self.same_as.get(name)

    def rounds(self, wanted: Iterable[str], limit: int) -> list[str]:
        """The postures to copy, in the protocol's order, each once, at most `limit`."""
        out: list[str] = []
        for name in wanted:
            member = self.stand_in(name)
            if member is not None and member not in out:
                out.append(member)
        return out[:limit]


def parse_copy_set(text: str, known: Iterable[str], source: str = SOURCE) -> CopySet:
    """Read and check the set: every name a library posture, every posture placed once."""
    try:
        copy = CopySet.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValueError) as exc:
        raise PostureLibraryError(f"{source}: {exc}") from exc
    known = set(known)
    named = [*copy.members, *copy.same_as, *copy.left_out]
    for name in [*named, *copy.same_as.values()]:
        if name not in known:
            raise PostureLibraryError(f"{source}: '{name}' is not a hand posture")
    for name in copy.same_as.values():
        if name not in copy.members:
            raise PostureLibraryError(f"{source}: same_as names '{name}', not a member")
    doubled = {n for n in named if named.count(n) > 1}
    if doubled:
        raise PostureLibraryError(f"{source}: {', '.join(sorted(doubled))} placed twice")
    unmeasured = [m for m in copy.members if m not in copy.tracker_error]
    if unmeasured:
        raise PostureLibraryError(f"{source}: no tracker_error for {', '.join(unmeasured)}")
    extra = [n for n in copy.tracker_error if n not in copy.members]
    if extra:
        raise PostureLibraryError(f"{source}: tracker_error for {', '.join(extra)}, "
                                  "not a member")
    return copy


@cache
def hand_copy_set() -> CopySet:
    text = asset("postures", "hand_copy.toml").read_text("utf-8")
    return parse_copy_set(text, hand_postures())
