"""What each journal event and each stage's end summary holds, as types.

The journal's line format (header, event, end) lives in `gmi.store.records`;
this module types the *contents*: the ``data`` of each event kind and the
``summary`` of each stage's end record. Writers build these records and
readers get them back through :func:`events_of` and :func:`summary_of`, so no
free-form dict with string keys crosses a module boundary.

Reading is forgiving, writing is strict: an event that does not validate is
skipped (the journal reader already reports torn lines), and fields added
since a journal was written take their defaults (the migration on read).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from gmi.model.laterality import TrialRecord
from gmi.model.stages import Side, Stage

PainScore = int  # 0-10 numeric rating scale


class EventRecord(BaseModel):
    """The ``data`` of one journal event; ``KIND`` is the event's kind."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    KIND: ClassVar[str] = ""


# -- shared by several stages ---------------------------------------------------
class PainRating(EventRecord):
    """Pain before or after a block (None: the person chose not to rate)."""

    KIND: ClassVar[str] = "pain"
    when: Literal["before", "after"]
    nrs: int | None = Field(default=None, ge=0, le=10)


class PauseMark(EventRecord):
    """A pause: laterality says at which trial, the mirror after how many seconds."""

    KIND: ClassVar[str] = "pause"
    trial: int | None = Field(default=None, ge=0)
    at_s: float | None = Field(default=None, ge=0)


class ResumeMark(PauseMark):
    KIND: ClassVar[str] = "resume"


# -- stage 1: laterality ---------------------------------------------------------
class LateralityTrial(TrialRecord, EventRecord):
    """One answered or missed picture (the model's `TrialRecord`, journaled as is)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    KIND: ClassVar[str] = "trial"


# -- stage 2: imagery -------------------------------------------------------------
class ImageShown(EventRecord):
    KIND: ClassVar[str] = "image"
    image: int = Field(ge=0)
    posture: str
    side: Side
    view: str = "back"


class ImageryRepetition(EventRecord):
    """One imagined movement: how long it took, or that the hold time ran out."""

    KIND: ClassVar[str] = "repetition"
    image: int = Field(ge=0)
    repetition: int = Field(ge=0)
    posture: str
    side: Side
    duration_ms: float | None = Field(default=None, ge=0)
    timed_out: bool = False


class VividnessRating(EventRecord):
    """How vivid the imagined movement was, 1-5 (None: not rated)."""

    KIND: ClassVar[str] = "vividness"
    image: int | None = Field(default=None, ge=0)
    score: int | None = Field(default=None, ge=1, le=5)


class StoppedForPain(EventRecord):
    KIND: ClassVar[str] = "stop"
    reason: Literal["pain"] = "pain"
    image: int | None = Field(default=None, ge=0)
    repetition: int | None = Field(default=None, ge=0)


# -- stage 3: mirror -------------------------------------------------------------
class MirrorModeSet(EventRecord):
    KIND: ClassVar[str] = "mode"
    mode: Literal["flip", "split"]
    keep: Side | None = None
    split: float = Field(default=0.5, ge=0, le=1)


class CameraState(EventRecord):
    KIND: ClassVar[str] = "camera"
    state: str


class MirrorMinute(EventRecord):
    KIND: ClassVar[str] = "minute"
    minutes_done: float = Field(ge=0)


class MirrorPromptDone(EventRecord):
    KIND: ClassVar[str] = "prompt_done"
    index: int = Field(ge=0)
    text: str = ""
    at_s: float = Field(default=0.0, ge=0)


# -- stage 4: tracking -------------------------------------------------------------
class RepetitionCounted(EventRecord):
    KIND: ClassVar[str] = "rep"
    kind: str
    n: int = Field(ge=0)


class ExerciseResult(EventRecord):
    """One exercise: repetitions against the target and the range of motion seen."""

    KIND: ClassVar[str] = "exercise"
    kind: str
    reps: int = Field(ge=0)
    target: int = Field(default=0, ge=0)
    rom_min: float | None = Field(default=None, ge=-360, le=360)  # degrees, an estimate
    rom_max: float | None = Field(default=None, ge=-360, le=360)
    rom_span: float | None = Field(default=None, ge=0, le=360)
    signal: str = ""


class PostureMatchResult(EventRecord):
    """One 'copy this position' round: best and mean score out of 100."""

    KIND: ClassVar[str] = "posture_match"
    posture: str
    best_score: float | None = Field(default=None, ge=0, le=100)
    mean_score: float | None = Field(default=None, ge=0, le=100)
    frames: int = Field(default=0, ge=0)
    # the round's reading: median score and its uncertainty band (older journals lack them)
    score: float | None = Field(default=None, ge=0, le=100)
    band_low: float | None = Field(default=None, ge=0, le=100)
    band_high: float | None = Field(default=None, ge=0, le=100)


EVENT_TYPES: dict[str, type[EventRecord]] = {
    cls.KIND: cls for cls in (
        PainRating, PauseMark, ResumeMark, LateralityTrial, ImageShown, ImageryRepetition,
        VividnessRating, StoppedForPain, MirrorModeSet, CameraState, MirrorMinute,
        MirrorPromptDone, RepetitionCounted, ExerciseResult, PostureMatchResult)
}

E = TypeVar("E", bound=EventRecord)


def event_data(record: EventRecord) -> dict[str, Any]:
    """The JSON-ready ``data`` of `record` for the journal line."""
    return record.model_dump(mode="json")


def events_of(events: Iterable[object], kind: type[E]) -> list[E]:
    """The events of one kind, typed; those that do not validate are skipped.

    `events` are journal events (anything with ``kind`` and ``data``). All are
    validated in one call (fast for a year of sessions); only if that fails is
    each checked on its own, to keep every good one.
    """
    data = [e.data for e in events  # type: ignore[attr-defined]
            if getattr(e, "kind", None) == kind.KIND and isinstance(getattr(e, "data", None), dict)]
    adapter = _list_adapter(kind)
    try:
        return adapter.validate_python(data)
    except ValidationError:
        pass
    out: list[E] = []
    for item in data:
        try:
            out.append(kind.model_validate(item))
        except ValidationError:
            continue
    return out


_ADAPTERS: dict[type, TypeAdapter] = {}


def _list_adapter(kind: type[E]) -> TypeAdapter:
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(list[kind])  # type: ignore[valid-type]
    return adapter


# -- end summaries -------------------------------------------------------------------
class SummaryRecord(BaseModel):
    """The ``summary`` of one stage's end record."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    STAGE: ClassVar[Stage]


class GroupSummary(BaseModel):
    """Accuracy and speed of a group of trials (a side, a view, an angle...)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    n: int = Field(default=0, ge=0)
    correct: int = Field(default=0, ge=0)
    timed_out: int = Field(default=0, ge=0)
    accuracy: float | None = Field(default=None, ge=0, le=1)
    accuracy_ci95: tuple[float, float] | None = None
    rt_median_ms: float | None = Field(default=None, ge=0)
    rt_mean_ms: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _counts_consistent(self) -> GroupSummary:
        if self.correct > self.n or self.timed_out > self.n:
            raise ValueError(f"{self.correct} correct and {self.timed_out} timed out "
                             f"of {self.n} answers cannot be")
        return self


class LateralitySummary(SummaryRecord):
    STAGE: ClassVar[Stage] = "laterality"
    overall: GroupSummary = GroupSummary()
    by_side: dict[str, GroupSummary] = Field(default_factory=dict)
    by_view: dict[str, GroupSummary] = Field(default_factory=dict)
    by_angle: dict[str, GroupSummary] = Field(default_factory=dict)
    by_rotation: dict[str, GroupSummary] = Field(default_factory=dict)


class ImageryBlockSummary(SummaryRecord):
    STAGE: ClassVar[Stage] = "imagery"
    images_done: int = Field(default=0, ge=0)
    images_planned: int = Field(default=0, ge=0)
    repetitions_done: int = Field(default=0, ge=0)
    median_duration_ms: float | None = Field(default=None, ge=0)
    mean_vividness: float | None = Field(default=None, ge=1, le=5)
    pain_before: int | None = Field(default=None, ge=0, le=10)
    pain_after: int | None = Field(default=None, ge=0, le=10)
    pain_change: str = ""
    stopped_for_pain: bool = False

    @model_validator(mode="after")
    def _counts_consistent(self) -> ImageryBlockSummary:
        if self.images_planned and self.images_done > self.images_planned:
            raise ValueError(f"{self.images_done} images done of {self.images_planned} planned "
                             "cannot be")
        return self


class MirrorBlockSummary(SummaryRecord):
    STAGE: ClassVar[Stage] = "mirror"
    minutes_planned: float = Field(default=0.0, ge=0)
    minutes_done: float = Field(default=0.0, ge=0)
    prompts_completed: int = Field(default=0, ge=0)
    pain_before: int | None = Field(default=None, ge=0, le=10)
    pain_after: int | None = Field(default=None, ge=0, le=10)
    pain_change: str = ""


class TrackingBlockSummary(SummaryRecord):
    STAGE: ClassVar[Stage] = "tracking"
    exercises: list[ExerciseResult] = Field(default_factory=list)
    postures: list[PostureMatchResult] = Field(default_factory=list)

    @property
    def repetitions(self) -> int:
        return sum(e.reps for e in self.exercises)


StageSummary = LateralitySummary | ImageryBlockSummary | MirrorBlockSummary | TrackingBlockSummary

SUMMARY_TYPES: dict[Stage, type[SummaryRecord]] = {
    cls.STAGE: cls for cls in (LateralitySummary, ImageryBlockSummary, MirrorBlockSummary,
                               TrackingBlockSummary)
}


def summary_data(summary: SummaryRecord) -> dict[str, Any]:
    """The JSON-ready ``summary`` of `summary` for the end record."""
    return summary.model_dump(mode="json")


def parse_summary(stage: Stage, summary: object) -> StageSummary | None:
    """The typed summary of a `stage` end record; None if it does not validate."""
    kind = SUMMARY_TYPES.get(stage)
    if kind is None or not isinstance(summary, dict):
        return None
    try:
        return kind.model_validate(summary)  # type: ignore[return-value]
    except ValidationError:
        return None


def summary_of(contents: object) -> StageSummary | None:
    """The typed summary of a loaded journal (None: interrupted, or unreadable)."""
    end = getattr(contents, "end", None)
    header = getattr(contents, "header", None)
    if end is None or header is None:
        return None
    return parse_summary(header.stage, end.summary)


def trials_of(events: Sequence[object]) -> list[LateralityTrial]:
    """Every laterality trial of a session, typed."""
    return events_of(events, LateralityTrial)
