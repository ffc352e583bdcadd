"""The four text sizes a person can choose (Settings and the welcome)."""

from __future__ import annotations

from typing import Literal

TextSize = Literal["normal", "large", "larger", "largest"]
TEXT_SIZES: tuple[TextSize, ...] = ("normal", "large", "larger", "largest")
