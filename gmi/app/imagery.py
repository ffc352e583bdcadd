"""Stage 2 as a session: imagine moving into the shown position, without moving.

Per block: for each picture a few repetitions (the person says when the
imagined movement is done; the hold time caps each) and a vividness rating.
Pain is rated once a day at the check-in; only a protocol that asks for it
(`imagery.pain_before_after`) has the block open and close with a pain
rating, the one before starting from the check-in's answer. "This hurts,
stop" ends the block at once. The session owns this order, the timing and
the journal; each call returns the next thing the screen shows
(:class:`AskPainBefore`, :class:`Imagine`, :class:`Rest`,
:class:`AskVividness`, :class:`AskPainAfter`, :class:`StoppedForPain`,
:class:`ImageryFinished`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from gmi.app.stage import StageContext, StageJournal
from gmi.model.imagery import ImageryStep, ImagerySummary, patient_lines, plan_block
from gmi.model.plan import stage_minutes
from gmi.model.posture import imagery_view, postures_for
from gmi.model.records import (
    ImageryBlockSummary,
    ImageryRepetition,
    ImageShown,
    PainRating,
    StoppedForPain,
    VividnessRating,
)
from gmi.stimuli.render import render_cached

REST_MS = 2000
PICTURE_SIZE = 512


@dataclass(frozen=True)
class Imagine:
    """Show the picture (a new one when `image` is set) and wait up to `hold_ms`."""

    progress: str
    image: np.ndarray | None
    instruction: str
    hold_ms: int


@dataclass(frozen=True)
class Rest:
    """A short rest, then call `after_rest()`."""

    wait_ms: int


@dataclass(frozen=True)
class AskPainBefore:
    """Rate pain before the block, starting from `prefill` (today's check-in answer)."""

    prefill: int | None


@dataclass(frozen=True)
class AskVividness:
    pass


@dataclass(frozen=True)
class AskPainAfter:
    pass


@dataclass(frozen=True)
class StoppedForPainStep:
    """Stopped because it hurt: say why that was right, then ask pain after."""


@dataclass(frozen=True)
class ImageryFinished:
    summary: ImagerySummary
    title: str
    lines: list[str]
    acknowledgement: str
    problem: str


Step = (AskPainBefore | Imagine | Rest | AskVividness | AskPainAfter | StoppedForPainStep
        | ImageryFinished)


class ImagerySession:
    """One imagery block for one person."""

    def __init__(self, context: StageContext, seed: int | None = None,
                 clock: Callable[[], int] = time.perf_counter_ns) -> None:
        self.context = context
        self.settings = context.protocol.imagery
        self.side = context.protocol.affected_side or context.profile.affected_side
        self.body = context.profile.body_part
        self.steps = plan_block(self.settings.postures, self.settings.images,
                                self.settings.repetitions, seed)
        self.position = 0
        self.journal = StageJournal(context, "imagery")
        self.rep_started_ns: int | None = None
        self.resting = False
        self.ended = False
        self.stopped_for_pain = False
        self.result: ImageryFinished | None = None
        self._clock = clock
        self._pain: dict[str, int | None] = {}
        self._repetitions: list[ImageryRepetition] = []
        self._vividness: list[int] = []

    @property
    def step(self) -> ImageryStep | None:
        return self.steps[self.position] if self.position < len(self.steps) else None

    @property
    def instruction(self) -> str:
        from gmi.model.task_words import imagery_instruction

        return imagery_instruction(self.body, self.side)

    def posture_words(self, posture: str) -> str:
        """The position in plain words: its name and how it feels ('Fist: curl your
        fingers into a soft fist...'); the bare name when the library has no words."""
        found = postures_for(self.body).get(posture)  # type: ignore[arg-type]
        if found is None:
            return posture.replace("_", " ").capitalize()
        words = found.instruction
        return f"{found.title}: {words[:1].lower()}{words[1:]}" if words else found.title

    def view_of(self, posture: str) -> str:
        """The view this posture is drawn from: where what defines it can be seen (the
        posture library's `imagery_view`; a fist from the palm, a pinch from the side)."""
        return imagery_view(postures_for(self.body)[posture], self.body)  # type: ignore[arg-type]

    @property
    def asks_pain(self) -> bool:
        """Whether this block rates pain before and after (the protocol says; by default
        the check-in's one rating a day is enough)."""
        return self.settings.pain_before_after

    @property
    def pain_prefill(self) -> int | None:
        """Where the rating before starts: today's check-in answer (None: not asked)."""
        return self.context.pain_today if self.asks_pain else None

    @property
    def minutes(self) -> float:
        """About how long the whole block takes (the intro page says it)."""
        return stage_minutes(self.context.protocol, "imagery")

    def start(self) -> None:
        """Open the journal: the block has begun (pain before is asked next)."""
        self.journal.start()

    def elapsed_ms(self) -> float | None:
        """How long the current imagined movement has taken so far."""
        if self.rep_started_ns is None:
            return None
        return (self._clock() - self.rep_started_ns) / 1e6

    # -- the steps ------------------------------------------------------------------
    def begin(self) -> Step:
        """After the intro: the pain rating before if the protocol asks, else the
        first picture. The journal opens here: leaving from the intro saves nothing."""
        self.start()
        if self.asks_pain:
            return AskPainBefore(self.pain_prefill)
        return self._begin_step()

    def pain_before(self, value: int | None) -> Step:
        self.start()
        self._pain["before"] = value
        self.journal.write(PainRating(when="before", nrs=value))
        return self._begin_step()

    def _begin_step(self) -> Imagine:
        step = self.step
        assert step is not None
        self.resting = False
        image = None
        if step.repetition == 0:
            view = self.view_of(step.posture)
            image = render_cached(self.body, step.posture, self.side, view, 0.0,
                                  "medium", PICTURE_SIZE)
            self.journal.write(ImageShown(image=step.image, posture=step.posture,
                                          side=self.side, view=view))
        self.rep_started_ns = self._clock()
        return Imagine(
            f"Position {step.image + 1} of {self.settings.images} · "
            f"repetition {step.repetition + 1} of {self.settings.repetitions}",
            image, f"{self.posture_words(step.posture)}\n{self.instruction}",
            round(self.settings.hold_s * 1000))

    def imagined(self, at_ns: int | None = None) -> Step | None:
        """The imagined movement is done; its duration is journaled (None: not now)."""
        if self.rep_started_ns is None or self.resting or self.ended:
            return None
        at_ns = self._clock() if at_ns is None else at_ns
        return self._close_rep((at_ns - self.rep_started_ns) / 1e6, timed_out=False)

    def hold_over(self) -> Step | None:
        """The hold time ran out before the person said they were done."""
        if self.rep_started_ns is None or self.ended:
            return None
        return self._close_rep(None, timed_out=True)

    def _close_rep(self, duration_ms: float | None, timed_out: bool) -> Step:
        step = self.step
        assert step is not None
        self.rep_started_ns = None
        rep = ImageryRepetition(image=step.image, repetition=step.repetition,
                                posture=step.posture, side=self.side,
                                duration_ms=duration_ms, timed_out=timed_out)
        self._repetitions.append(rep)
        self.journal.write(rep)
        self.position += 1
        last_of_image = self.step is None or self.step.image != step.image
        if last_of_image and self.settings.vividness == "per_image":
            return AskVividness()
        return self._rest_or_end()

    def _rest_or_end(self) -> Step:
        if self.step is None:
            return AskVividness() if self.settings.vividness == "per_block" else self._end()
        self.resting = True
        return Rest(REST_MS)

    def after_rest(self) -> Imagine | None:
        if self.step is None or self.ended or not self.resting:
            return None
        return self._begin_step()

    def vividness(self, value: int | None) -> Step:
        image = (self.steps[self.position - 1].image
                 if self.settings.vividness == "per_image" and self.position else None)
        self.journal.write(VividnessRating(image=image, score=value))
        if value is not None:
            self._vividness.append(value)
        if self.step is None:
            return self._end()
        return self._rest_or_end()

    def _end(self) -> AskPainAfter | ImageryFinished:
        """All pictures done: the pain rating after if the protocol asks, else the end."""
        return AskPainAfter() if self.asks_pain else self._finish()

    def stop_for_pain(self) -> StoppedForPainStep | None:
        """'This hurts, stop': the block ends at once (pain after is still asked)."""
        if self.ended or self.stopped_for_pain:
            return None
        step = self.step
        self.journal.write(StoppedForPain(image=step.image if step else None,
                                          repetition=step.repetition if step else None))
        self.stopped_for_pain = True
        self.rep_started_ns = None
        self.resting = False
        return StoppedForPainStep()

    def pain_after(self, value: int | None) -> ImageryFinished:
        """The rating after (None: not rated, nothing journaled), then the end. Offered
        when the protocol asks, and after stopping for pain whatever the protocol."""
        if self.result is not None:
            return self.result
        self._pain["after"] = value
        if value is not None or self.asks_pain:
            self.journal.write(PainRating(when="after", nrs=value))
        return self._finish()

    # -- the end ----------------------------------------------------------------------
    def summary(self) -> ImagerySummary:
        reps = self._repetitions
        return ImagerySummary(
            images_done=len({r.image for r in reps}),
            images_planned=self.settings.images,
            repetitions_done=len(reps),
            timed_durations_ms=tuple(r.duration_ms for r in reps if r.duration_ms is not None),
            vividness=tuple(self._vividness),
            pain_before=self._pain.get("before"),
            pain_after=self._pain.get("after"),
            stopped_for_pain=self.stopped_for_pain,
        )

    def _finish(self) -> ImageryFinished:
        self.ended = True
        summary = self.summary()
        record = ImageryBlockSummary.model_validate(summary.as_dict())
        outcome = "stopped" if summary.stopped_for_pain else "completed"
        self.journal.finish(outcome, summary.headline(), record)
        title = ("Good that you listened to your body" if summary.stopped_for_pain
                 else "Well done")
        self.result = ImageryFinished(summary, title, patient_lines(summary, self.body),
                                      self.journal.acknowledgement(record),
                                      self.journal.problem)
        return self.result

    def close(self) -> None:
        """Leave now: completed steps are already on disk; the rest reads as interrupted."""
        self.journal.close()
