"""Explicit motor imagery: what a block holds and how it is summarised.

Mental chronometry: for each repetition the person presses Space when the
imagined movement is finished; the time from the start of the repetition is
the imagined duration. A repetition that reaches the hold time without a
press is kept, untimed.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from gmi.model.norms import PAIN_MEANINGFUL, PAIN_MUCH_BETTER
from gmi.model.words import counted, duration


@dataclass(frozen=True)
class ImageryStep:
    image: int  # 0-based image number in the block
    repetition: int  # 0-based
    posture: str


def plan_block(postures: Sequence[str], images: int, repetitions: int,
               seed: int | None = None) -> list[ImageryStep]:
    """`images` pictures drawn from `postures` (each used before any repeats)."""
    if images < 1 or repetitions < 1:
        raise ValueError("images and repetitions must be at least 1")
    if not postures:
        raise ValueError("at least one posture is needed")
    rng = random.Random(seed)
    chosen: list[str] = []
    while len(chosen) < images:
        deck = list(postures)
        rng.shuffle(deck)
        chosen += deck
    return [ImageryStep(i, r, chosen[i]) for i in range(images) for r in range(repetitions)]


def pain_change(before: int | None, after: int | None) -> str:
    """The change in pain, in plain words (Farrar 2001 thresholds)."""
    if before is None or after is None:
        return ""
    drop = before - after
    relative = drop / before if before else 0.0
    if drop >= PAIN_MUCH_BETTER[0] or (drop > 0 and relative >= PAIN_MUCH_BETTER[1]):
        return "much better"
    if drop >= PAIN_MEANINGFUL[0] or (drop > 0 and relative >= PAIN_MEANINGFUL[1]):
        return "a little better"
    if -drop >= PAIN_MUCH_BETTER[0]:
        return "more painful"
    if -drop >= PAIN_MEANINGFUL[0]:
        return "a little more painful"
    return "about the same"


@dataclass(frozen=True)
class ImagerySummary:
    images_done: int
    images_planned: int
    repetitions_done: int
    timed_durations_ms: tuple[float, ...]
    vividness: tuple[int, ...]
    pain_before: int | None
    pain_after: int | None
    stopped_for_pain: bool

    @property
    def median_duration_ms(self) -> float | None:
        return statistics.median(self.timed_durations_ms) if self.timed_durations_ms else None

    @property
    def mean_vividness(self) -> float | None:
        return statistics.fmean(self.vividness) if self.vividness else None

    @property
    def pain_words(self) -> str:
        return pain_change(self.pain_before, self.pain_after)

    def headline(self) -> str:
        """Home's line for the block, in the stage's own words ("positions")."""
        parts = [f"{self.images_done} of {counted(self.images_planned, 'position')}"]
        if self.median_duration_ms is not None:
            parts.append("each imagined in under a second" if self.median_duration_ms < 500
                         else f"each imagined in about "
                         f"{duration(self.median_duration_ms / 1000)}")
        if self.pain_words:
            parts.append(f"pain {self.pain_before} → {self.pain_after}")
        return " · ".join(parts)

    def as_dict(self) -> dict:
        return {
            "images_done": self.images_done, "images_planned": self.images_planned,
            "repetitions_done": self.repetitions_done,
            "median_duration_ms": self.median_duration_ms,
            "mean_vividness": self.mean_vividness, "pain_before": self.pain_before,
            "pain_after": self.pain_after, "pain_change": self.pain_words,
            "stopped_for_pain": self.stopped_for_pain,
        }


def patient_lines(summary: ImagerySummary, body_part: str) -> list[str]:
    lines = []
    done, planned = summary.images_done, summary.images_planned
    if done and done >= planned:  # no "1 of 1 positions"
        lines.append("You imagined the position." if planned == 1
                     else f"You imagined all {planned} positions.")
    elif done:  # no zero named as a result
        lines.append(f"You imagined {done} of {counted(planned, 'position')}.")
    else:
        lines.append("You made a start, and stopping when it hurts is part of the practice.")
    if summary.median_duration_ms is not None and summary.median_duration_ms >= 500:
        lines.append(f"Each imagined movement took you about "
                     f"{duration(summary.median_duration_ms / 1000)}.")
    elif summary.median_duration_ms is not None:  # never "about 0 seconds"
        lines.append("Each imagined movement took you under a second.")
    if summary.mean_vividness is not None:
        lines.append(f"How clearly you could picture it: {summary.mean_vividness:.1f} out of 5.")
    words = summary.pain_words
    if words in ("much better", "a little better"):
        lines.append(f"Your pain went from {summary.pain_before} to {summary.pain_after}: "
                     f"{words}.")
    elif words == "about the same":
        lines.append(f"Your pain stayed about the same ({summary.pain_before} to "
                     f"{summary.pain_after}).")
    elif words:
        lines.append(f"Your pain went from {summary.pain_before} to {summary.pain_after}. "
                     "Be gentle with yourself today; if this keeps happening, tell your "
                     "therapist, who can make the practice easier.")
    return lines
