"""Gentler sessions: for a flare day, and for the first session after a break.

A hard day should still be a day of practice, not a day of failing a full
session: a flare runs the earliest stage of the programme (the least
threatening one), and both kinds of gentle session run about half the
trials, repetitions and mirror time. The session's journal header records
the mode, so the therapist sees which days were gentle ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from gmi.model.protocol import Protocol, TrackingExercise
from gmi.model.stages import Stage

SessionMode = Literal["normal", "flare", "short"]
SESSION_MODES: tuple[SessionMode, ...] = ("normal", "flare", "short")
MODE_WORDS: dict[str, str] = {
    "flare": "gentle session on a flare day",
    "short": "shorter session after a break",
}

GENTLE_SHARE = 0.5  # of trials, images, repetitions and minutes
MIN_LATERALITY_TRIALS = 10  # fewer would say nothing about left and right
MIN_MIRROR_MINUTES = 2.0


def _share(value: int, least: int) -> int:
    return max(min(value, least), math.ceil(value * GENTLE_SHARE))


def gentler(protocol: Protocol) -> Protocol:
    """The same programme at about half the load (never below a useful minimum)."""
    lat, img, mir = protocol.laterality, protocol.imagery, protocol.mirror
    return protocol.model_copy(update={
        "laterality": lat.model_copy(update={
            "trials": _share(lat.trials, MIN_LATERALITY_TRIALS),
            "practice_trials": min(lat.practice_trials, 4),
        }),
        "imagery": img.model_copy(update={
            "images": _share(img.images, 2),
            "repetitions": _share(img.repetitions, 1),
        }),
        "mirror": mir.model_copy(update={
            "minutes": max(min(mir.minutes, MIN_MIRROR_MINUTES), mir.minutes * GENTLE_SHARE),
        }),
        "tracking": protocol.tracking.model_copy(update={
            "exercises": [TrackingExercise(kind=e.kind, target_reps=_share(e.target_reps, 3))
                          for e in protocol.tracking.exercises],
        }),
    })


def flare_stage(protocol: Protocol, unlocked: Iterable[Stage]) -> Stage | None:
    """The earliest stage of the programme that is open: the gentlest step back."""
    open_now = set(unlocked)
    return next((s for s in protocol.stages_in_order if s in open_now), None)


@dataclass(frozen=True)
class GentleOffer:
    """A gentler session Home can offer: which stage, in which mode, how long."""

    stage: Stage
    mode: SessionMode
    minutes: float
