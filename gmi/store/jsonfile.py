"""Reading and writing small versioned JSON files (profile, settings).

Shared by every pydantic record kept as one JSON file, so that a corrupt
file, a wrong encoding and a file from a newer app version are told apart
the same way everywhere.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from gmi.model.limits import MAX_DEPTH, MAX_JSON_BYTES, json_too_deep
from gmi.model.validation import describe
from gmi.store.errors import StoreError, refuse_newer
from gmi.store.files import write_atomic
from gmi.store.paths import Layout
from gmi.store.quarantine import Notice, NoticeBoard, quarantine

M = TypeVar("M", bound=BaseModel)


class DamagedFile(StoreError):
    """The file exists but its contents cannot be used."""


def read_model(path: Path, model: type[M], newest_version: int) -> M:
    """Load `path` as `model`; raise DamagedFile / NewerVersionError / StoreError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError.from_os_error(path, "could not be read", exc) from exc
    if len(raw) > MAX_JSON_BYTES:
        raise DamagedFile(path, f"is {len(raw):,} bytes, far larger than any such file "
                                f"(at most {MAX_JSON_BYTES:,})")
    if json_too_deep(raw):
        raise DamagedFile(path, f"nests more than {MAX_DEPTH} levels deep")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DamagedFile(path, f"is not UTF-8 text (byte {exc.start} cannot be read)") from exc
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DamagedFile(path, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                                f"{exc.msg})") from exc
    except RecursionError as exc:  # json_too_deep should have caught it; never let it out
        raise DamagedFile(path, f"nests more than {MAX_DEPTH} levels deep") from exc
    if not isinstance(value, dict):
        raise DamagedFile(path, "should hold a JSON object")
    refuse_newer(path, value, newest_version)
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise DamagedFile(path, describe(exc)) from exc


def read_or_set_aside(path: Path, model: type[M], newest_version: int, layout: Layout,
                      notices: NoticeBoard, damaged: Callable[[str], str]) -> M | None:
    """`read_model`, or None with a notice: a damaged file is moved to quarantine
    (`damaged(problem)` words the notice, which then names the file and where it
    was set aside); a newer or unreadable one stays put."""
    try:
        return read_model(path, model, newest_version)
    except DamagedFile as exc:
        moved: Path | None = None
        with contextlib.suppress(OSError, StoreError):
            moved = quarantine(path, layout.quarantine_dir, exc.problem, layout.root)
        where = (f"It was set aside as {moved}; nothing was deleted." if moved is not None
                 else "It could not be set aside and was left where it is.")
        notices.add(Notice(path, f"{path}: {damaged(exc.problem)} {where}", moved))
    except StoreError as exc:  # a newer format, or the disk would not give it
        notices.add(Notice(path, exc.message))
    return None


def write_model(path: Path, record: BaseModel) -> None:
    write_atomic(path, (record.model_dump_json(indent=2) + "\n").encode("utf-8"))
