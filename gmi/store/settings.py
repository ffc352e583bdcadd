"""App settings kept in the data folder, so they travel with the data."""

from __future__ import annotations

from datetime import time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gmi.model.text_size import TextSize
from gmi.store.jsonfile import read_or_set_aside, write_model
from gmi.store.paths import Layout
from gmi.store.quarantine import NoticeBoard

SETTINGS_SCHEMA_VERSION = 1
# Answer keys for left/right, as Qt key names. Arrow keys by default; letter
# pairs for keyboards without arrows or for people who prefer two hands.
AnswerKeys = Literal["Left,Right", "A,L", "F,J", "Z,M"]
ANSWER_KEYS: tuple[AnswerKeys, ...] = ("Left,Right", "A,L", "F,J", "Z,M")


class AppSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = Field(default=SETTINGS_SCHEMA_VERSION, ge=1)
    active_profile_id: str | None = None
    camera_index: int | None = Field(default=0, ge=0, le=63)  # None: no camera
    text_size: TextSize = "normal"
    answer_keys: AnswerKeys = "Left,Right"
    chime: bool = True  # a soft sound between imagery steps
    spoken_prompts: bool = False  # read imagery instructions aloud, where possible
    # MediaPipe model complexity: 1 counted a real dim 16:9 clip right (0 missed one) and
    # still tracks at 25 Hz beside a 30 fps mirror with no mirror drops (`gmi bench`)
    tracking_model: Literal[0, 1] = 1
    tracking_hands: int = Field(default=2, ge=1, le=4)  # hands looked for (2 spots a second)
    camera_info: bool = False  # show camera speed and delay over the video
    therapist_pin: str = ""  # salted hash (gmi/store/pin.py); "" until one is set
    therapist_recovery: str = ""  # salted hash of the recovery code shown once
    welcome_done: bool = False  # the first-run welcome was finished (Settings reopens it)
    welcome_started: bool = False  # it was begun here: it comes back until finished
    welcome_put_off: bool = False  # "Set up later": Home offers it instead of opening on it
    cue: str = Field(default="", max_length=80)  # the daily cue, in the person's own words
    reminder_at: time | None = None  # wall-clock time of the daily reminder; None: off
    session_times: list[time] = Field(default_factory=list, max_length=10)  # picked once


def load_settings(layout: Layout, notices: NoticeBoard) -> AppSettings:
    """Settings from disk; defaults (with a notice) if the file is unusable."""
    path = layout.settings_file
    if not path.exists():
        return AppSettings()
    loaded = read_or_set_aside(
        path, AppSettings, SETTINGS_SCHEMA_VERSION, layout, notices,
        lambda problem: f"Settings could not be read ({problem}); the usual settings are "
                        "used.")
    return AppSettings() if loaded is None else loaded


def save_settings(layout: Layout, settings: AppSettings) -> None:
    write_model(layout.settings_file, settings)
