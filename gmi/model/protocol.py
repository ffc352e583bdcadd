"""A therapist's protocol: which stages run, how long, with what settings.

Protocols are TOML files validated here. Every error names the file, and the
line (syntax) or field (content) and what was expected, so a therapist can fix
the file without reading code. Unknown keys are errors, not silently ignored:
a misspelt setting must not pass for the default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from gmi.model.limits import MAX_DEPTH, MAX_DESCRIPTION, MAX_PROTOCOL_BYTES, value_depth
from gmi.model.progression import ProgressionSettings, with_norm_of
from gmi.model.stages import FIGURE_PARTS, STAGE_ORDER, STAGES_FOR, BodyPart, Side, Stage
from gmi.model.toml import tomllib
from gmi.model.validation import describe

PROTOCOL_SCHEMA_VERSION = 1

HandView = Literal["back", "palm", "side"]
FootView = Literal["top", "sole", "side"]
VIEWS: dict[str, tuple[str, ...]] = {
    "hand": ("back", "palm", "side"),
    "foot": ("top", "sole", "side"),
    **{part: ("front", "back", "side") for part in FIGURE_PARTS},
}


AngleCount = Literal[1, 4, 6, 8, 12]
ANGLE_COUNTS: tuple[int, ...] = (1, 4, 6, 8, 12)


def angle_choices(body_part: BodyPart) -> list[int]:
    """The angle counts a protocol for `body_part` may ask for: those whose every
    angle stays within the body part's rotation limit (a neck or back: 1 only)."""
    from gmi.model.laterality import angle_set
    from gmi.model.posture_library import rotation_limit  # data; load on demand

    limit = rotation_limit(body_part)
    return [n for n in ANGLE_COUNTS if all(limit.allows(a) for a in angle_set(n))]


class _Section(BaseModel):
    # strict: `trials = true` or `minutes = "10"` in a file is a mistake to name,
    # not a number to guess (a bool would otherwise count as 1)
    model_config = ConfigDict(extra="forbid", strict=True)


class LateralitySettings(_Section):
    trials: int = Field(default=40, ge=1, le=400)
    practice_trials: int = Field(default=8, ge=0, le=100)
    angles: AngleCount = 8  # 1: upright only (a person standing)
    views: list[str] = Field(default_factory=lambda: ["back", "palm"], min_length=1)
    time_limit_s: float = Field(default=8.0, gt=0.5, le=60)
    pause_between_s: float = Field(default=0.8, ge=0.2, le=5)
    feedback: Literal["practice", "always", "never"] = "practice"
    # drawn pictures, photos of the person's own hand (if they took some), or both
    stimuli: Literal["rendered", "own", "mixed"] = "rendered"


class ImagerySettings(_Section):
    images: int = Field(default=6, ge=1, le=50)
    repetitions: int = Field(default=3, ge=1, le=20)
    hold_s: float = Field(default=10.0, gt=0, le=120)
    postures: list[str] = Field(default_factory=list)  # empty: the body part's defaults
    vividness: Literal["per_image", "per_block"] = "per_image"
    # Pain is rated once a day at the check-in; a stage asks again (before and after,
    # starting from the check-in's answer) only when its protocol says so.
    pain_before_after: bool = False


class MirrorSettings(_Section):
    mode: Literal["split", "flip"] = "split"
    minutes: float = Field(default=10.0, gt=0, le=60)
    prompts: list[str] = Field(default_factory=list)  # empty: the body part's defaults
    pain_before_after: bool = False  # as for imagery: asked only when the protocol says so


HAND_EXERCISES = ("open_close", "pinch", "spread", "wrist_turn")
FOOT_EXERCISES = ("ankle_flex", "toe_lift")
# Followed with MediaPipe Pose (gmi.vision.body_kinematics): each body part's own.
KNEE_EXERCISES = ("knee_bend", "ankle_flex")
SHOULDER_EXERCISES = ("shoulder_forward", "shoulder_side")
NECK_EXERCISES = ("head_turn", "head_tilt")
BACK_EXERCISES = ("side_bend",)
# Plain names for legends, tables and forms (the kinds are file keys, not words).
EXERCISE_NAMES: dict[str, str] = {
    "open_close": "open and close the hand", "pinch": "pinch", "spread": "spread the fingers",
    "wrist_turn": "turn the hand", "ankle_flex": "ankle up and down", "toe_lift": "lift the toes",
    "knee_bend": "bend the knee", "shoulder_forward": "raise the arm forward",
    "shoulder_side": "raise the arm sideways", "head_turn": "turn the head",
    "head_tilt": "tilt the head", "side_bend": "bend the trunk sideways",
}


def exercise_name(kind: str) -> str:
    """'open and close the hand' for 'open_close'; an unknown kind reads as words too."""
    return EXERCISE_NAMES.get(kind, kind.replace("_", " "))


EXERCISES: dict[str, tuple[str, ...]] = {
    "hand": HAND_EXERCISES, "foot": FOOT_EXERCISES, "knee": KNEE_EXERCISES,
    "shoulder": SHOULDER_EXERCISES, "neck": NECK_EXERCISES, "back": BACK_EXERCISES}


class TrackingExercise(_Section):
    kind: Literal["open_close", "pinch", "spread", "wrist_turn", "ankle_flex", "toe_lift",
                  "knee_bend", "shoulder_forward", "shoulder_side", "head_turn", "head_tilt",
                  "side_bend"]
    target_reps: int = Field(default=10, ge=1, le=200)


class TrackingSettings(_Section):
    exercises: list[TrackingExercise] = Field(default_factory=list)  # empty: defaults


DEFAULTS: dict[str, dict[str, list]] = {
    "hand": {
        "postures": ["open", "fist", "point", "pinch"],
        "prompts": ["Slowly open and close your hand, 10 times.",
                    "Touch each fingertip to your thumb, one after another.",
                    "Turn your palm up and down, gently."],
        "exercises": ["open_close", "spread"],
    },
    "foot": {
        "postures": ["neutral", "toes_up", "point", "ankle_in"],
        "prompts": ["Slowly lift your toes and lower them again, 10 times.",
                    "Point your foot down, then pull it up, gently."],
        "exercises": ["ankle_flex"],
    },
    "neck": {
        "postures": ["turn_50", "tilt_30", "turn_tilt", "look_down_turn"],
        "prompts": [], "exercises": ["head_turn", "head_tilt"],
    },
    "back": {
        "postures": ["bend_15", "bend_30", "turn_25", "turn_45", "forward_turn"],
        "prompts": [], "exercises": ["side_bend"],
    },
    "shoulder": {
        "postures": ["forward_90", "sideways_90", "behind_back", "hand_to_shoulder"],
        "prompts": ["Slowly raise your arm in front of you and lower it, 10 times.",
                    "Lift your arm out to the side a little, then lower it, gently."],
        "exercises": ["shoulder_forward", "shoulder_side"],
    },
    "knee": {
        "postures": ["lifted", "bent_back", "seated_straight", "seated_tucked"],
        "prompts": ["Sitting, slowly straighten your knee and lower your foot, 10 times.",
                    "Slide your foot back and forth along the floor, gently."],
        "exercises": ["knee_bend"],
    },
}


DEFAULT_VIEWS: dict[str, tuple[str, ...]] = {
    "hand": ("back", "palm"), "foot": ("top", "sole"),
    **{part: ("front", "back", "side") for part in FIGURE_PARTS},
}


class Protocol(_Section):
    schema_version: int = Field(ge=1, le=PROTOCOL_SCHEMA_VERSION)
    id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=MAX_DESCRIPTION)
    body_part: BodyPart
    affected_side: Side | None = None  # None: use the side in the patient's profile
    sessions_per_day: int = Field(default=1, ge=1, le=10)
    stages: list[Stage] = Field(default_factory=lambda: ["laterality"], min_length=1)
    laterality: LateralitySettings = Field(default_factory=LateralitySettings)
    imagery: ImagerySettings = Field(default_factory=ImagerySettings)
    mirror: MirrorSettings = Field(default_factory=MirrorSettings)
    tracking: TrackingSettings = Field(default_factory=TrackingSettings)
    progression: ProgressionSettings = Field(default_factory=ProgressionSettings)

    @field_validator("title")
    @classmethod
    def _printable_title(cls, value: str) -> str:
        if not value.strip() or any(not ch.isprintable() for ch in value):
            raise ValueError("use ordinary letters, digits and punctuation, on one line")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Protocol:
        defaults = DEFAULTS[self.body_part]
        with_norm_of(self.progression, self.body_part)  # thresholds it leaves unset
        if "views" not in self.laterality.model_fields_set:  # the body part's own views
            self.laterality.views = list(DEFAULT_VIEWS[self.body_part])
        stages = STAGES_FOR[self.body_part]
        for n, stage in enumerate(self.stages):
            if stage not in stages:
                raise ValueError(
                    f"stages.{n}: '{stage}' is not available for the {self.body_part} "
                    f"(it has {', '.join(stages)})")
        if not self.imagery.postures:
            self.imagery.postures = list(defaults["postures"])
        if not self.mirror.prompts:
            self.mirror.prompts = list(defaults["prompts"])
        if not self.tracking.exercises:
            self.tracking.exercises = [TrackingExercise(kind=k) for k in defaults["exercises"]]
        if len(set(self.stages)) != len(self.stages):
            raise ValueError("stages: each stage may appear only once")
        allowed = VIEWS[self.body_part]
        for view in self.laterality.views:
            if view not in allowed:
                raise ValueError(
                    f"laterality.views: '{view}' is not a {self.body_part} view "
                    f"(expected one of {', '.join(allowed)})"
                )
        from gmi.model.laterality import angle_set
        from gmi.model.posture_library import posture_names, rotation_limit

        limit = rotation_limit(self.body_part)
        too_far = [a for a in angle_set(self.laterality.angles) if not limit.allows(a)]
        if too_far and "angles" not in self.laterality.model_fields_set:
            self.laterality.angles = 1  # the default turns pictures; this body part stays upright
        elif too_far:
            raise ValueError(
                f"laterality.angles: {self.laterality.angles} angles turn {self.body_part} "
                f"pictures by {', '.join(f'{a}°' for a in too_far)}, but a {self.body_part} "
                f"is shown turned at most {limit.max_rotation}° ({limit.rotation_note}); "
                "use angles = 1 (upright only)")

        known = posture_names(self.body_part)
        for n, name in enumerate(self.imagery.postures):
            if name not in known:
                raise ValueError(
                    f"imagery.postures.{n}: '{name}' is not a {self.body_part} posture "
                    f"(known: {', '.join(sorted(known))})"
                )
        exercises = EXERCISES.get(self.body_part, ())
        for n, exercise in enumerate(self.tracking.exercises):
            if exercise.kind not in exercises:
                raise ValueError(
                    f"tracking.exercises.{n}.kind: '{exercise.kind}' is not a "
                    f"{self.body_part} exercise (expected one of "
                    f"{', '.join(exercises) or 'none yet'})"
                )
        return self

    @property
    def stages_in_order(self) -> list[Stage]:
        """Enabled stages in clinical order, whatever order the file lists."""
        return [s for s in STAGE_ORDER if s in self.stages]


class ProtocolError(ValueError):
    """A protocol file that cannot be used; the message says where and why."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")


def parse_protocol(text: str, source: str = "protocol") -> Protocol:
    """Parse TOML text into a Protocol, or raise ProtocolError naming `source`."""
    if len(text) > MAX_PROTOCOL_BYTES:
        raise ProtocolError(source, f"is {len(text):,} characters, far larger than a protocol "
                                    f"(at most {MAX_PROTOCOL_BYTES:,})")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(source, f"is not valid TOML ({exc})") from exc
    except RecursionError as exc:  # tomllib recurses per nesting level
        raise ProtocolError(source, f"nests more than {MAX_DEPTH} levels deep") from exc
    if value_depth(data) > MAX_DEPTH:
        raise ProtocolError(source, f"nests more than {MAX_DEPTH} levels deep")
    version = data.get("schema_version")
    if isinstance(version, str) and version.strip().isdigit():
        version = int(version)  # "2" as text is still format 2
    if (isinstance(version, int) and not isinstance(version, bool)
            and version > PROTOCOL_SCHEMA_VERSION):
        raise ProtocolError(
            source,
            f"field 'schema_version': this protocol is format {version}, made by a newer "
            f"GMI Trainer; this app reads up to {PROTOCOL_SCHEMA_VERSION}",
        )
    try:
        return Protocol.model_validate(data)
    except ValidationError as exc:
        raise ProtocolError(source, describe(exc)) from exc


def load_protocol_file(path: Path) -> Protocol:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ProtocolError(str(path), f"could not be read ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProtocolError(str(path), f"is not UTF-8 text (byte {exc.start})") from exc
    return parse_protocol(text, str(path))


def protocol_to_toml(protocol: Protocol) -> str:
    """The protocol as a TOML file a therapist can read, edit and send."""
    import tomli_w

    header = (f"# GMI Trainer protocol: {protocol.title}\n"
              "# Edit with care; the app checks every field when the file is loaded.\n")
    data = protocol.model_dump(mode="json", exclude_none=True)
    return header + tomli_w.dumps(data)


def save_protocol_file(protocol: Protocol, path: Path) -> None:
    """Export; written whole or not at all."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(protocol_to_toml(protocol), encoding="utf-8")
    tmp.replace(path)
