"""What a new protocol changes, in words, before anyone applies it.

A programme sent back by the therapist replaces the one the patient practises
every day; the person applying it (usually on the phone with the therapist)
should read "Pictures per session: 40 → 60", not compare two TOML files.
Every differing setting is listed; names below make the common ones plain,
and anything unnamed still appears under its file name, so nothing changes
silently.
"""

from __future__ import annotations

from typing import Any

from gmi.model.plan import about_minutes, stage_minutes
from gmi.model.protocol import Protocol
from gmi.model.stages import STAGE_ORDER, STAGE_TITLES

NAMES: dict[str, str] = {
    "title": "Name of the programme",
    "description": "Description",
    "affected_side": "Side to practise for",
    "sessions_per_day": "Sessions a day",
    "laterality.trials": "Pictures per session (Left or right?)",
    "laterality.practice_trials": "Warm-up pictures (Left or right?)",
    "laterality.angles": "Rotations shown (Left or right?)",
    "laterality.views": "Views (Left or right?)",
    "laterality.time_limit_s": "Seconds to answer (Left or right?)",
    "laterality.pause_between_s": "Seconds between pictures (Left or right?)",
    "laterality.feedback": "Show right or wrong (Left or right?)",
    "laterality.stimuli": "Pictures used (Left or right?)",
    "imagery.images": "Positions per session (Imagine the movement)",
    "imagery.repetitions": "Times each (Imagine the movement)",
    "imagery.hold_s": "Seconds to hold (Imagine the movement)",
    "imagery.postures": "Positions (Imagine the movement)",
    "imagery.vividness": "Vividness asked (Imagine the movement)",
    "imagery.pain_before_after": "Pain asked before and after (Imagine the movement)",
    "mirror.mode": "Mirror kind (Mirror practice)",
    "mirror.minutes": "Minutes (Mirror practice)",
    "mirror.prompts": "Guided movements (Mirror practice)",
    "mirror.pain_before_after": "Pain asked before and after (Mirror practice)",
    "tracking.exercises": "Exercises (Move with the camera)",
    "progression.accuracy": "Next stage opens at accuracy",
    "progression.rt_ms": "Next stage opens at response time (ms)",
    "progression.stable_days": "Days the criteria must hold",
    "progression.practice_days": "Days of practice before the next stage",
    "progression.window_days": "Days looked back on",
    "progression.flare_points": "Pain rise that counts as a flare (points)",
    "progression.side_gap_accuracy": "Largest accuracy gap between sides to move on",
    "progression.side_gap_rt_ms": "Largest response-time gap between sides to move on (ms)",
}
_SKIP = {"schema_version"}


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def _words(value: Any) -> str:
    if value is None:
        return "as in the profile"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):  # tracking exercises
            return ", ".join(f"{v.get('kind', '?').replace('_', ' ')} ×{v.get('target_reps', '?')}"
                             for v in value) or "none"
        return ", ".join(str(v).replace("_", " ") for v in value) or "none"
    return str(value).replace("_", " ") if isinstance(value, str) else str(value)


def _stage_words(old: Protocol, new: Protocol) -> list[str]:
    added = [STAGE_TITLES[s] for s in STAGE_ORDER if s in new.stages and s not in old.stages]
    removed = [STAGE_TITLES[s] for s in STAGE_ORDER if s in old.stages and s not in new.stages]
    lines = []
    if added:
        lines.append(f"Stages added: {', '.join(added)}")
    if removed:
        lines.append(f"Stages taken out: {', '.join(removed)}")
    return lines


def describe_changes(old: Protocol, new: Protocol) -> list[str]:
    """One line per change, old → new; empty when the two are the same programme."""
    lines = _stage_words(old, new)
    before = _flatten(old.model_dump(mode="json"))
    after = _flatten(new.model_dump(mode="json"))
    for key in [*before, *(k for k in after if k not in before)]:
        if key in _SKIP or key in ("stages", "id") or before.get(key) == after.get(key):
            continue
        name = NAMES.get(key, key)
        lines.append(f"{name}: {_words(before.get(key))} → {_words(after.get(key))}")
    for stage in STAGE_ORDER:
        if stage in old.stages and stage in new.stages:
            was, now = stage_minutes(old, stage), stage_minutes(new, stage)
            if about_minutes(was) != about_minutes(now):
                lines.append(f"{STAGE_TITLES[stage]} takes {about_minutes(now)} a session "
                             f"(was {about_minutes(was)})")
    return lines
