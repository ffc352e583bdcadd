"""Reading and writing small versioned JSON files (profile, settings).

Shared by every pydantic record kept as one JSON file, so that a corrupt
file, a wrong encoding and a file from a newer app version are told apart
the same way everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from gmi.model.validation import describe
from gmi.store.errors import StoreError, refuse_newer
from gmi.store.files import write_atomic

M = TypeVar("M", bound=BaseModel)


class DamagedFile(StoreError):
    """The file exists but its contents cannot be used."""


def read_model(path: Path, model: type[M], newest_version: int) -> M:
    """Load `path` as `model`; raise DamagedFile / NewerVersionError / StoreError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError.from_os_error(path, "could not be read", exc) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DamagedFile(path, f"is not UTF-8 text (byte {exc.start} cannot be read)") from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DamagedFile(path, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                                f"{exc.msg})") from exc
    if not isinstance(value, dict):
        raise DamagedFile(path, "should hold a JSON object")
    refuse_newer(path, value, newest_version)
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise DamagedFile(path, describe(exc)) from exc


def write_model(path: Path, record: BaseModel) -> None:
    write_atomic(path, (record.model_dump_json(indent=2) + "\n").encode("utf-8"))
